// The reliability suite's running system: the real ingress and responder handlers wired as the local runtime
// wires them (in-process FIFO queue with redelivery and DLQ, DynamoDB adapters on a wire server, the Graph API
// sender against a fake on 127.0.0.1), but with every endpoint handed in, so that a test can put a fault proxy
// in front of DynamoDB, script the Graph API's failures or stop the database mid-run.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand, type ScanCommandOutput } from '@aws-sdk/lib-dynamodb';
import { DynamoDbConversationStore } from '../../lambda/adapters/dynamodb-conversation-store.ts';
import { DynamoDbDecisionLog } from '../../lambda/adapters/dynamodb-decision-log.ts';
import { createTable } from '../../lambda/adapters/dynamodb-table.ts';
import { GraphApiWhatsAppSender } from '../../lambda/adapters/graph-api-whatsapp-sender.ts';
import { StaticSecretSource } from '../../lambda/adapters/static-secret-source.ts';
import { DEFAULT_MAX_BODY_BYTES } from '../../lambda/config.ts';
import { trainClassifier } from '../../lambda/core/intent/classifier.ts';
import { parsePolicyPack } from '../../lambda/core/policy/policy-pack.ts';
import type {
  ConversationStore,
  DecisionLog,
  IntentClassifier,
  RejectedPayloadStore,
  WhatsAppSecrets,
} from '../../lambda/core/ports.ts';
import { parseProfile, toTrainingSet } from '../../lambda/core/profile/parse-profile.ts';
import type { Profile } from '../../lambda/core/profile/profile-schema.ts';
import { hashUserKey } from '../../lambda/core/user-hash.ts';
import { createIngressHandler, type IngressHandler } from '../../lambda/ingress.handler.ts';
import type { WebhookResult } from '../../lambda/middleware/ingress-request.ts';
import { createResponderHandler } from '../../lambda/responder.handler.ts';
import { InProcessFifoQueue } from '../../local/runtime/in-process-fifo-queue.ts';
import { localLambdaContext } from '../../local/runtime/lambda-context.ts';
import { DEFAULT_POLICY, DEFAULT_PROFILE } from '../../local/runtime/local-defaults.ts';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from './dynamodb-servers.ts';
import { signedWebhookEvent } from './signed-webhook.ts';

/** `full` for `npm run test:reliability` (and CI); anything else is the fast sample `npm test` runs. */
export const FULL = process.env.RELIABILITY_SCALE === 'full';

/** The full figure, or the sample's (about ten times smaller). */
export function scaled(full: number, sample: number): number {
  return FULL ? full : sample;
}

/** Distinctive values, so the privacy test can search every log line and record for them. */
export const RELIABILITY_SECRETS: WhatsAppSecrets = Object.freeze({
  appSecret: 'rel-app-secret-5f0c2e9a7d',
  accessToken: 'rel-access-token-EAAG7731qq',
  verifyToken: 'rel-verify-token-81b2',
  userHashSalt: 'rel-user-hash-salt-3d94c1',
});

export const BUSINESS_PHONE_NUMBER_ID = '106540352242922';

let cachedProfile: { profile: Profile; classifier: IntentClassifier } | undefined;

/** The example profile and its trained classifier (training takes a moment; once per test file). */
export function exampleProfileAndClassifier(): { profile: Profile; classifier: IntentClassifier } {
  cachedProfile ??= (() => {
    const profile = parseProfile(readFileSync(DEFAULT_PROFILE, 'utf8'), DEFAULT_PROFILE);
    return { profile, classifier: trainClassifier(toTrainingSet(profile)) };
  })();
  return cachedProfile;
}

export interface HarnessOptions {
  /** DynamoDB endpoint the handlers use (a fault proxy, or the server itself). */
  readonly ddbEndpoint: string;
  /** Endpoint for the test's own reads and the table creation; defaults to ddbEndpoint. */
  readonly adminEndpoint?: string;
  /** Base URL of the fake Graph API. */
  readonly graphUrl: string;
  readonly maxReceiveCount?: number;
  readonly visibilityTimeoutMs?: number;
  /** 0 disables the queue's own dedup, so that every redelivery reaches the claim. @default 300000 */
  readonly deduplicationWindowMs?: number;
  readonly batchSize?: number;
  /**
   * The responder's function timeout: an unfinished claim older than this is an interrupted attempt.
   * Production keeps the queue's visibility timeout at six times it (lib/). @default 30000
   */
  readonly functionTimeoutMs?: number;
  readonly senderMaxAttempts?: number;
  readonly senderTimeoutMs?: number;
  /** The SDK's attempts per DynamoDB call (its default is 3, as in Lambda). */
  readonly ddbMaxAttempts?: number;
  readonly wrapDecisions?: (log: DecisionLog) => DecisionLog;
  readonly wrapConversations?: (store: ConversationStore) => ConversationStore;
  /** Powertools log level of both handlers. @default 'SILENT' */
  readonly logLevel?: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'SILENT';
  /** Keep EMF metric lines (the privacy test reads them). @default false */
  readonly emitMetrics?: boolean;
  readonly tableName?: string;
  /** Skip creating the table (a restart test reopens an existing one). */
  readonly existingTable?: boolean;
}

/** A decision item as stored, unmarshalled. */
export type StoredItem = Record<string, unknown> & { pk: string; sk: string };

export interface Harness {
  readonly tableName: string;
  readonly queue: InProcessFifoQueue;
  readonly ingress: IngressHandler;
  readonly profile: Profile;
  readonly rejected: { body: string; reason: string }[];
  /** Errors the responder batch threw (not partial failures: those are normal). */
  readonly batchErrors: unknown[];
  /** Signs and delivers one webhook body through the ingress handler, as API Gateway would. */
  deliver(body: string, headers?: Record<string, string>): Promise<WebhookResult>;
  /** Waits until nothing is queued or in flight (redeliveries included), within `timeoutMs`. */
  drain(timeoutMs?: number): Promise<void>;
  /** Every message item of the table (claims and decisions). */
  items(): Promise<StoredItem[]>;
  userHashOf(userKey: string): string;
  stop(): Promise<void>;
}

const quiet = (): undefined => undefined;

export async function startHarness(options: HarnessOptions): Promise<Harness> {
  if (!options.emitMetrics) process.env.POWERTOOLS_METRICS_DISABLED = 'true';
  process.env.POWERTOOLS_TRACE_ENABLED = 'false';
  const { profile, classifier } = exampleProfileAndClassifier();
  const policy = parsePolicyPack(readFileSync(DEFAULT_POLICY, 'utf8'));
  const secrets = new StaticSecretSource(RELIABILITY_SECRETS);
  const clock = { now: () => Date.now() };
  const tableName = options.tableName ?? `rel-${randomBytes(4).toString('hex')}`;

  const clientConfig = (endpoint: string, maxAttempts?: number): DynamoDBClientConfig => ({
    endpoint,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
    ...(maxAttempts === undefined ? {} : { maxAttempts }),
  });
  const admin = new DynamoDBClient(clientConfig(options.adminEndpoint ?? options.ddbEndpoint, 1));
  const adminDoc = DynamoDBDocumentClient.from(admin);
  if (!options.existingTable) await createTable(admin, tableName);
  const raw = new DynamoDBClient(clientConfig(options.ddbEndpoint, options.ddbMaxAttempts));
  const client = DynamoDBDocumentClient.from(raw, {
    marshallOptions: { removeUndefinedValues: true },
  });
  const decisionLog = new DynamoDbDecisionLog({ client, tableName });
  const conversationStore = new DynamoDbConversationStore({ client, tableName });
  const decisions = options.wrapDecisions ? options.wrapDecisions(decisionLog) : decisionLog;
  const conversations = options.wrapConversations
    ? options.wrapConversations(conversationStore)
    : conversationStore;

  const maxReceiveCount = options.maxReceiveCount ?? 5;
  const batchErrors: unknown[] = [];
  const queue = new InProcessFifoQueue({
    clock,
    visibilityTimeoutMs: options.visibilityTimeoutMs ?? 20,
    maxReceiveCount,
    ...(options.batchSize === undefined ? {} : { batchSize: options.batchSize }),
    ...(options.deduplicationWindowMs === undefined
      ? {}
      : { deduplicationWindowMs: options.deduplicationWindowMs }),
    onBatch: (report) => {
      if (report.error !== undefined) batchErrors.push(report.error);
    },
  });

  const logLevel =
    options.logLevel ?? ((process.env.REL_LOG_LEVEL as 'INFO' | undefined) || 'SILENT');
  const rejected: { body: string; reason: string }[] = [];
  const rejectedStore: RejectedPayloadStore = {
    async keep(payload) {
      rejected.push({ body: payload.body, reason: payload.reason });
    },
  };
  const ingress = createIngressHandler({
    secrets,
    queue,
    rejected: rejectedStore,
    clock,
    trackDelivery: false,
    maxBodyBytes: DEFAULT_MAX_BODY_BYTES,
    metrics: new Metrics({
      namespace: 'ScopedResponder',
      serviceName: 'ingress',
      logger: { debug: quiet, info: quiet, warn: quiet, error: quiet },
    }),
    logger: new Logger({ serviceName: 'ingress', logLevel }),
  });

  const sender = new GraphApiWhatsAppSender({
    baseUrl: options.graphUrl,
    version: 'v23.0',
    secrets,
    maxAttempts: options.senderMaxAttempts ?? 3,
    // The production default: under a storm the event loop is busy, and a shorter limit would time out
    // answers that did arrive (the Graph faults test sets a short one on purpose).
    timeoutMs: options.senderTimeoutMs ?? 5_000,
    budgetMs: 10_000,
    backoffBaseMs: 5,
    backoffCapMs: 20,
  });
  const responder = createResponderHandler({
    secrets,
    decisions,
    conversations,
    sender,
    classifier,
    profile,
    policy,
    clock,
    options: {
      policyExemptions: [],
      trackDelivery: false,
      handoffMinutes: 60,
      retentionDays: 90,
      maxReceiveCount,
      functionTimeoutMs: options.functionTimeoutMs ?? 30_000,
    },
    logger: new Logger({ serviceName: 'responder', logLevel }),
    metrics: options.emitMetrics
      ? new Metrics({ namespace: 'ScopedResponder', serviceName: 'responder' })
      : {
          addMetric: () => undefined,
          singleMetric: () => ({ addDimension: () => undefined, addMetric: () => undefined }),
        },
  });
  queue.consume((event) => responder(event, localLambdaContext('responder')));

  return {
    tableName,
    queue,
    ingress,
    profile,
    rejected,
    batchErrors,
    deliver: (body, headers = {}) =>
      ingress(
        signedWebhookEvent(body, RELIABILITY_SECRETS.appSecret, { headers }),
        localLambdaContext('ingress'),
      ),
    async drain(timeoutMs = 120_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        await queue.idle();
        const stats = queue.stats();
        if (stats.waiting === 0 && stats.inFlight === 0) return;
        if (Date.now() > deadline) {
          throw new Error(`queue did not drain within ${timeoutMs} ms: ${JSON.stringify(stats)}`);
        }
        // Messages are waiting out their visibility timeout.
        await new Promise((done) => setTimeout(done, 10));
      }
    },
    async items() {
      const items: StoredItem[] = [];
      let start: ScanCommandOutput['LastEvaluatedKey'];
      do {
        const page: ScanCommandOutput = await adminDoc.send(
          new ScanCommand({ TableName: tableName, ExclusiveStartKey: start, ConsistentRead: true }),
        );
        for (const item of page.Items ?? []) items.push(item as StoredItem);
        start = page.LastEvaluatedKey;
      } while (start);
      return items.filter((item) => item.sk.startsWith('M#'));
    },
    userHashOf: (userKey) => hashUserKey(RELIABILITY_SECRETS.userHashSalt, userKey),
    async stop() {
      await queue.close();
      raw.destroy();
      admin.destroy();
    },
  };
}

/** The wamid of a stored item (the key's last part; wamids hold no `#`). */
export function wamidOfItem(item: StoredItem): string {
  return item.sk.slice(item.sk.indexOf('#', 2) + 1);
}
