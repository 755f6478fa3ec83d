// The responder function: consumes the FIFO queue and runs each inbound message through one middy chain.
// Read top to bottom, createResponderHandler is the whole pipeline (docs/design.md, "Flow").
import { readFileSync } from 'node:fs';
import type { GenericLogger } from '@aws-lambda-powertools/commons/types';
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import middy from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { BedrockGeneralAnswerer } from './adapters/bedrock-general-answerer.ts';
import { loadClassifierSnapshot } from './adapters/classifier-snapshot-file.ts';
import { DynamoDbConversationStore } from './adapters/dynamodb-conversation-store.ts';
import { DynamoDbDecisionLog } from './adapters/dynamodb-decision-log.ts';
import { GraphApiWhatsAppSender } from './adapters/graph-api-whatsapp-sender.ts';
import { SecretsManagerSecretSource } from './adapters/secrets-manager-secret-source.ts';
import { readResponderConfig } from './config.ts';
import { classifyFailure, DeferredRecordError } from './core/failure.ts';
import type { InboundMessage, StatusUpdate } from './core/inbound.ts';
import { parsePolicyPackJson } from './core/policy/load-policy-json.ts';
import type { PolicyPack } from './core/policy/policy-pack-schema.ts';
import type {
  Clock,
  ConversationStore,
  DecisionLog,
  GeneralAnswerer,
  IntentClassifier,
  SecretSource,
  WhatsAppSender,
} from './core/ports.ts';
import { parseProfileJson } from './core/profile/load-profile-json.ts';
import type { Profile } from './core/profile/profile-schema.ts';
import { toTrainingSet } from './core/profile/training-set.ts';
import { parseQueueBody } from './core/queue-body.ts';
import { shouldApplyStatus, statusUpdateOf } from './core/status.ts';
import { classifyIntent } from './middleware/classify-intent.ts';
import { dedupeMessage } from './middleware/dedupe-message.ts';
import { emitMetrics, type MetricsSink } from './middleware/emit-metrics.ts';
import { gateConsent } from './middleware/gate-consent.ts';
import { gateHandoff } from './middleware/gate-handoff.ts';
import { gatePolicy } from './middleware/gate-policy.ts';
import { gateScope } from './middleware/gate-scope.ts';
import { gateWindow } from './middleware/gate-window.ts';
import { logDecision } from './middleware/log-decision.ts';
import { respond } from './respond.ts';
import {
  newResponderState,
  type ResponderContext,
  type ResponderEvent,
} from './responder-context.ts';
import { processFifoBatch, receiveCountOf } from './sqs-fifo-batch.ts';

export const METRICS_NAMESPACE = 'ScopedResponder';

export interface ResponderOptions {
  /** Rule ids of opt-in policy exemptions the operator enabled. */
  readonly policyExemptions: readonly string[];
  /** Also apply sent/delivered/read statuses (failures are always applied). */
  readonly trackDelivery: boolean;
  readonly handoffMinutes: number;
  readonly retentionDays: number;
  readonly maxReceiveCount: number;
  readonly functionTimeoutMs: number;
  /**
   * A message is only started when the invocation has at least this much time left (ms), enough for a
   * read mark and a send with all its retries; later records go back to the queue unclaimed instead of
   * being cut off mid-send by the timeout. @default 20000
   */
  readonly minRemainingMs?: number;
}

export { DeferredRecordError } from './core/failure.ts';

export interface ResponderDeps {
  readonly secrets: SecretSource;
  readonly decisions: DecisionLog;
  readonly conversations: ConversationStore;
  readonly sender: WhatsAppSender;
  readonly classifier: IntentClassifier;
  /** null when the profile failed to load: every message is recorded as failed/config_error, unanswered. */
  readonly profile: Profile | null;
  /** null when the policy pack failed to load: every message is refused (refused_policy). */
  readonly policy: PolicyPack | null;
  readonly clock: Clock;
  /** Off unless configured; used only where the policy rule in force is general_allowed. */
  readonly generalAnswerer?: GeneralAnswerer;
  readonly options: ResponderOptions;
  /**
   * Defaults: Powertools Metrics (namespace ScopedResponder) and Logger. Their service name comes from
   * POWERTOOLS_SERVICE_NAME (set by lib/), the dimension every alarm and dashboard widget filters on.
   * No Powertools Tracer: Lambda's active tracing (lib/) already records each invocation and its cold
   * start, and the Tracer's only addition here was a handler subsegment duplicating it, for ~100 KB of
   * X-Ray SDK in the bundle (docs/design.md, "Bundle size").
   */
  readonly metrics?: Metrics | MetricsSink;
  readonly logger?: Logger | GenericLogger;
}

export type ResponderHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;

export function createResponderHandler(deps: ResponderDeps): ResponderHandler {
  const { options, profile } = deps;
  const metrics = deps.metrics ?? new Metrics({ namespace: METRICS_NAMESPACE });
  const logger = deps.logger ?? new Logger();
  const configError = profile === null ? 'profile not loaded' : undefined;

  // One inbound message. Gates record verdicts and never return early; logDecision (first) writes last.
  const handleMessage = middy<ResponderEvent, void, Error, ResponderContext>({
    // The claim, not a timer, handles an attempt cut short: an early-timeout error would mark the
    // decision retryable while a reply might be in flight.
    timeoutEarlyInMillis: 0,
  })
    .use(
      logDecision({
        decisions: deps.decisions,
        clock: deps.clock,
        textRetention: profile?.textRetention ?? null,
        retentionDays: options.retentionDays,
        maxReceiveCount: options.maxReceiveCount,
        logger,
        metrics,
      }),
    )
    .use(emitMetrics({ metrics, maxReceiveCount: options.maxReceiveCount }))
    .use(
      dedupeMessage({
        secrets: deps.secrets,
        decisions: deps.decisions,
        clock: deps.clock,
        retentionDays: options.retentionDays,
        functionTimeoutMs: options.functionTimeoutMs,
      }),
    )
    .use(gateConsent({ conversations: deps.conversations, clock: deps.clock }))
    .use(gatePolicy({ policy: deps.policy, exemptions: options.policyExemptions }))
    .use(gateHandoff({ clock: deps.clock }))
    .use(classifyIntent({ classifier: deps.classifier, profile }))
    .use(gateScope({ profile, hasGeneralAnswerer: deps.generalAnswerer !== undefined }))
    .use(gateWindow({ clock: deps.clock }))
    .handler(
      respond({
        profile,
        sender: deps.sender,
        conversations: deps.conversations,
        clock: deps.clock,
        handoffMinutes: options.handoffMinutes,
        ...(deps.generalAnswerer === undefined ? {} : { generalAnswerer: deps.generalAnswerer }),
        logger,
      }),
    );

  const runMessage = async (
    message: InboundMessage,
    record: SQSRecord,
    lambdaContext: Context,
    deferred?: string,
  ): Promise<void> => {
    const receiveCount = receiveCountOf(record);
    const context: ResponderContext = {
      ...lambdaContext,
      responder: newResponderState(configError),
    };
    try {
      await handleMessage(
        { message, receiveCount, ...(deferred === undefined ? {} : { deferred }) },
        context,
      );
    } catch (error) {
      // Retryable failures go back to the queue (and past the redrive limit to the DLQ); the rest were
      // recorded as failed and are consumed: retrying a 131047 or a blocked account only makes it worse.
      if (
        classifyFailure(error, { receiveCount, maxReceiveCount: options.maxReceiveCount }).retryable
      ) {
        throw error;
      }
    }
  };

  const applyStatus = async (status: StatusUpdate): Promise<void> => {
    if (!shouldApplyStatus(status, options.trackDelivery) || status.callbackData === undefined)
      return;
    const matched = await deps.decisions.applyStatus(status.callbackData, statusUpdateOf(status));
    if (!matched) logger.warn('status without a decision', { status: status.status });
  };

  const recordHandler = async (record: SQSRecord, lambdaContext?: Context): Promise<void> => {
    const item = parseQueueBody(record.body);
    if (item.kind === 'status') return applyStatus(item);
    const remainingMs = lambdaContext?.getRemainingTimeInMillis?.();
    if (remainingMs !== undefined && remainingMs < (options.minRemainingMs ?? 20_000)) {
      const why = `deferred: ${remainingMs} ms left in the invocation`;
      // Not claimed, so the redelivery starts it afresh; nothing was decided or sent. On the last delivery
      // the queue would dead-letter it undecided, so the chain claims and records it (failed, deferred,
      // dead-lettered) and a redrive from the DLQ reclaims that retryable record.
      if (receiveCountOf(record) < options.maxReceiveCount) throw new DeferredRecordError(why);
      return runMessage(item, record, lambdaContext ?? ({} as Context), why);
    }
    return runMessage(item, record, lambdaContext ?? ({} as Context));
  };

  const handleBatch = async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> =>
    // FIFO: after a failure the rest of that chat waits behind it (order kept) unless this was the failed
    // message's last delivery; other chats go on (lambda/sqs-fifo-batch.ts says why not Powertools').
    processFifoBatch(event, (record) => recordHandler(record, context), {
      maxReceiveCount: options.maxReceiveCount,
      onFailure: (record, error, holdsGroup) =>
        logger.warn('record returned to the queue', {
          messageId: record.messageId,
          receiveCount: receiveCountOf(record),
          error: (error as Error | null)?.name,
          holdsGroup,
        }),
    });

  const outer = middy<SQSEvent, SQSBatchResponse>().handler(handleBatch);
  if (logger instanceof Logger) outer.use(injectLambdaContext(logger, { resetKeys: true }));
  if (metrics instanceof Metrics) outer.use(logMetrics(metrics, { captureColdStartMetric: true }));
  return outer as ResponderHandler;
}

/** Loads a file at cold start; a failure is logged and becomes null, so messages fail closed. */
function loadOrNull<T>(logger: Logger, what: string, load: () => T): T | null {
  try {
    return load();
  } catch (error) {
    logger.error(`${what} failed to load`, { error });
    return null;
  }
}

/** Fails every classification, so that a missing model refuses (classifier_error) instead of answering. */
const unavailableClassifier: IntentClassifier = {
  version: 'unavailable',
  classify() {
    throw new Error('[scoped-responder] classifier unavailable');
  },
};

function createDefaultHandler(): ResponderHandler {
  const config = readResponderConfig();
  const logger = new Logger();
  // Both are JSON written by lib/ at synth from the operator's files (validated there with lines), so the
  // bundle needs no YAML parser; the same schemas check them again here.
  const profile = loadOrNull(logger, 'profile', () =>
    parseProfileJson(readFileSync(config.profilePath, 'utf8'), config.profilePath),
  );
  const policy = loadOrNull(logger, 'policy pack', () =>
    parsePolicyPackJson(readFileSync(config.policyPath, 'utf8')),
  );
  const classifier =
    (profile &&
      loadOrNull(logger, 'classifier', () => {
        const loaded = loadClassifierSnapshot(toTrainingSet(profile), config.classifierPath);
        logger.info('classifier restored', {
          classifierVersion: loaded.classifier.version,
          ms: Math.round(loaded.ms),
        });
        return loaded.classifier;
      })) ??
    unavailableClassifier;
  const secrets = new SecretsManagerSecretSource(config.secretArn);
  const client = DynamoDBDocumentClient.from(new DynamoDBClient({}), {
    marshallOptions: { removeUndefinedValues: true },
  });
  const bedrockModel = /^bedrock:(.+)$/.exec(config.generalAnswerer)?.[1];
  return createResponderHandler({
    secrets,
    decisions: new DynamoDbDecisionLog({ client, tableName: config.tableName }),
    conversations: new DynamoDbConversationStore({ client, tableName: config.tableName }),
    sender: new GraphApiWhatsAppSender({
      baseUrl: config.graphApiBaseUrl,
      version: config.graphApiVersion,
      secrets,
    }),
    classifier,
    profile,
    policy,
    clock: { now: () => Date.now() },
    ...(bedrockModel === undefined
      ? {}
      : {
          // Its client is imported on the first answer (see the adapter), not at cold start.
          generalAnswerer: new BedrockGeneralAnswerer({
            modelId: bedrockModel,
            ...(profile ? { businessName: profile.name } : {}),
          }),
        }),
    options: {
      policyExemptions: config.policyExemptions,
      trackDelivery: config.trackDelivery,
      handoffMinutes: config.handoffMinutes,
      retentionDays: config.retentionDays,
      maxReceiveCount: config.maxReceiveCount,
      functionTimeoutMs: config.functionTimeoutMs,
    },
    logger,
  });
}

let defaultHandler: ResponderHandler | undefined;

/** Built on the first invocation, so that importing this module (tests, CDK) reads no environment. */
export const handler: ResponderHandler = async (event, context) => {
  defaultHandler ??= createDefaultHandler();
  return defaultHandler(event, context);
};
