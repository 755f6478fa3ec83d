// The whole responder on a laptop: embedded DynamoDB, the in-process FIFO queue, a fake Graph API, and the
// SAME ingress and responder handlers Lambda runs (their create…Handler factories with local adapters),
// behind one HTTP server that also serves the browser simulator and the /_local/* endpoints.
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { GenericLogger } from '@aws-lambda-powertools/commons/types';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import {
  DeleteTableCommand,
  type DynamoDBClient,
  ListTablesCommand,
} from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import pc from 'picocolors';
import { DynamoDbConversationStore } from '../../lambda/adapters/dynamodb-conversation-store.ts';
import { DynamoDbDecisionLog } from '../../lambda/adapters/dynamodb-decision-log.ts';
import { createTable } from '../../lambda/adapters/dynamodb-table.ts';
import { GraphApiWhatsAppSender } from '../../lambda/adapters/graph-api-whatsapp-sender.ts';
import { StaticSecretSource } from '../../lambda/adapters/static-secret-source.ts';
import { DEFAULT_MAX_BODY_BYTES } from '../../lambda/config.ts';
import type { DecisionRecord, DecisionRef } from '../../lambda/core/decision.ts';
import type { DeliveryStatus } from '../../lambda/core/inbound.ts';
import { trainClassifier } from '../../lambda/core/intent/classifier.ts';
import { type PolicyPack, parsePolicyPack } from '../../lambda/core/policy/policy-pack.ts';
import type {
  ClaimResult,
  Clock,
  DecisionLog,
  RejectedPayloadStore,
  WhatsAppSecrets,
} from '../../lambda/core/ports.ts';
import { parseProfile, toTrainingSet } from '../../lambda/core/profile/parse-profile.ts';
import type { Profile } from '../../lambda/core/profile/profile-schema.ts';
import { hashUserKey } from '../../lambda/core/user-hash.ts';
import { signPayload } from '../../lambda/core/whatsapp/signature.ts';
import { createIngressHandler } from '../../lambda/ingress.handler.ts';
import { createResponderHandler } from '../../lambda/responder.handler.ts';
import { toApiGatewayEvent, writeApiGatewayResult } from './api-gateway-event.ts';
import { computeMetrics, type DecisionFilter, parseSince, scanDecisions } from './decision-feed.ts';
import {
  type DynamoDbMode,
  type EmbeddedDynamoDb,
  embeddedClient,
  startEmbeddedDynamoDb,
} from './embedded-dynamodb.ts';
import { FakeGraphApi } from './fake-graph-api.ts';
import { InProcessFifoQueue } from './in-process-fifo-queue.ts';
import { localLambdaContext } from './lambda-context.ts';
import { GRAPH_API_VERSION, LOCAL_BUSINESS, LOCAL_TABLE_NAME } from './local-defaults.ts';
import { formatDecisionLine, maskUserKey } from './pretty-log.ts';
import {
  buildWebhookPayload,
  type SimulatedInput,
  type SimulatedUser,
  userKeyOf,
} from './simulated-webhook.ts';

export interface LocalRuntimeOptions {
  /** 0 picks a free port (tests). */
  readonly port: number;
  readonly host?: string;
  readonly secrets: WhatsAppSecrets;
  readonly profilePath: string;
  readonly policyPath: string;
  readonly policyExemptions?: readonly string[];
  readonly ddb: DynamoDbMode;
  /** undefined: keep everything in memory. */
  readonly dataDir: string | undefined;
  readonly clock: Clock;
  /** Redelivery delay of a failed message; short by default so a laptop demo shows it. @default 5000 */
  readonly visibilityTimeoutMs?: number;
  readonly maxReceiveCount?: number;
  readonly handoffMinutes?: number;
  /** Prints one line per decision and the handlers' warnings. */
  readonly print?: (line: string) => void;
  /** Also print the handlers' info/debug logs. */
  readonly verbose?: boolean;
}

export interface LocalRuntime {
  readonly url: string;
  readonly webhookUrl: string;
  readonly port: number;
  readonly profile: Profile;
  readonly policy: PolicyPack;
  readonly db: EmbeddedDynamoDb;
  readonly queue: InProcessFifoQueue;
  readonly graph: FakeGraphApi;
  /** Resolves when every queued message has been handled (tests, scripts). */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

const SIMULATOR_DIR = fileURLToPath(new URL('../simulator/', import.meta.url));
const STATIC_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/** Signed but unparseable payloads: kept in memory for the session and reported as a warning. */
class InMemoryRejectedPayloadStore implements RejectedPayloadStore {
  readonly kept: { body: string; reason: string; receivedAt: number }[] = [];
  constructor(private readonly print: (line: string) => void) {}
  async keep(payload: { body: string; reason: string; receivedAt: number }): Promise<void> {
    this.kept.push(payload);
    this.print(`rejected payload kept in memory (${payload.reason})`);
  }
}

/** The decision log the handlers write through, telling the terminal and the simulator about each write. */
class ObservedDecisionLog implements DecisionLog {
  constructor(
    private readonly inner: DecisionLog,
    private readonly onFinish: (record: DecisionRecord) => void,
  ) {}
  claim(ref: DecisionRef, at: number, expiresAt: number, attemptId: string): Promise<ClaimResult> {
    return this.inner.claim(ref, at, expiresAt, attemptId);
  }
  async finish(record: DecisionRecord, expiresAt: number): Promise<void> {
    await this.inner.finish(record, expiresAt);
    this.onFinish(record);
  }
  recordDuplicate(ref: DecisionRef, at: number): Promise<void> {
    return this.inner.recordDuplicate(ref, at);
  }
  applyStatus(
    callbackData: string,
    update: { readonly status: DeliveryStatus; readonly at: number; readonly errorCode?: number },
  ): Promise<boolean> {
    return this.inner.applyStatus(callbackData, update);
  }
}

/** The handlers' logs, for a human: warnings and errors on one line, info only when verbose. */
function terminalLogger(print: (line: string) => void, verbose: boolean): GenericLogger {
  const line =
    (level: string) =>
    (...content: unknown[]) => {
      const [message, ...rest] = content;
      const detail = rest.map((part) => safeJson(part)).join(' ');
      print(`${paint(level)} responder: ${String(message)}${detail ? ` ${detail}` : ''}`);
    };
  const quiet = () => undefined;
  return {
    debug: verbose ? line('debug') : quiet,
    info: verbose ? line('info') : quiet,
    warn: line('warn'),
    error: line('error'),
  };
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value, (_key, inner) =>
      inner instanceof Error ? { name: inner.name, message: inner.message } : inner,
    );
  } catch {
    return String(value);
  }
}

const quiet = (): void => undefined;

function paint(level: string): string {
  if (level === 'error' || level === 'critical') return pc.red(level);
  if (level === 'warn') return pc.yellow(level);
  return pc.dim(level);
}

/** Lambda's envelope fields: useful in CloudWatch, clutter in a terminal. */
/** The deployed responder's timeout (lib/scoped-responder.ts), so local runs defer records the same way. */
const RESPONDER_TIMEOUT_MS = 60_000;

const ENVELOPE_KEYS = new Set([
  'level',
  'message',
  'timestamp',
  'service',
  'sampling_rate',
  'cold_start',
  'function_arn',
  'function_memory_size',
  'function_name',
  'function_request_id',
  'xray_trace_id',
]);

/**
 * The ingress handler takes a Powertools Logger; this one prints the same (already log-safe) fields on one
 * line instead of a JSON object, like the responder's terminal logger.
 */
class TerminalLogger extends Logger {
  constructor(
    private readonly print: (line: string) => void,
    options: ConstructorParameters<typeof Logger>[0],
  ) {
    super(options);
  }

  protected override printLog(_logLevel: number, log: Parameters<Logger['printLog']>[1]): void {
    const attributes = log.getAttributes() as Record<string, unknown>;
    const rest = Object.fromEntries(
      Object.entries(attributes).filter(
        ([key, value]) => !ENVELOPE_KEYS.has(key) && value !== undefined,
      ),
    );
    const level = String(attributes.level ?? 'INFO').toLowerCase();
    const detail = Object.keys(rest).length > 0 ? ` ${safeJson(rest)}` : '';
    this.print(`${paint(level)} ingress: ${String(attributes.message)}${detail}`);
  }
}

/** A metrics sink that drops everything: EMF lines are for CloudWatch, not for a terminal. */
const discardMetrics = {
  addMetric: () => undefined,
  singleMetric: () => ({ addDimension: () => undefined, addMetric: () => undefined }),
};

export async function startLocalRuntime(options: LocalRuntimeOptions): Promise<LocalRuntime> {
  const print = options.print ?? (() => undefined);
  // Powertools reads these when the handlers build their own instances; the laptop wants them quiet.
  process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
  process.env.POWERTOOLS_TRACE_ENABLED ??= 'false';
  process.env.POWERTOOLS_SERVICE_NAME ??= 'scoped-responder-local';

  const profile = parseProfile(readFileSync(options.profilePath, 'utf8'), options.profilePath);
  const policy = parsePolicyPack(readFileSync(options.policyPath, 'utf8'));
  const classifier = trainClassifier(toTrainingSet(profile));
  const secrets = new StaticSecretSource(options.secrets);
  const clock = options.clock;

  const db = await startEmbeddedDynamoDb({
    mode: options.ddb,
    ...(options.dataDir === undefined ? {} : { dataDir: options.dataDir }),
  });
  let rawClient: DynamoDBClient | undefined;
  let server: Server | undefined;
  let queue: InProcessFifoQueue | undefined;
  try {
    rawClient = embeddedClient(db.endpoint);
    const client = DynamoDBDocumentClient.from(rawClient, {
      marshallOptions: { removeUndefinedValues: true },
    });
    await ensureTable(rawClient, LOCAL_TABLE_NAME);

    // Masked keys of the users the simulator wrote as, so the terminal shows more than a hash prefix.
    const knownUsers = new Map<string, string>();
    const events = new EventHub();
    const decisionLog = new DynamoDbDecisionLog({ client, tableName: LOCAL_TABLE_NAME });
    const decisions = new ObservedDecisionLog(decisionLog, (record) => {
      print(formatDecisionLine(record, knownUsers.get(record.userHash)));
      events.emit('decision');
    });
    const conversations = new DynamoDbConversationStore({ client, tableName: LOCAL_TABLE_NAME });
    const graph = new FakeGraphApi(options.secrets.accessToken, () => clock.now());

    const maxReceiveCount = options.maxReceiveCount ?? 5;
    const logger = terminalLogger(print, options.verbose ?? false);
    const builtQueue = new InProcessFifoQueue({
      clock,
      visibilityTimeoutMs: options.visibilityTimeoutMs ?? 5_000,
      maxReceiveCount,
      onBatch: (report) => {
        if (report.error !== undefined) {
          print(`error responder batch threw: ${(report.error as Error)?.message ?? report.error}`);
        }
        if (report.deadLettered > 0) {
          print(`warn ${report.deadLettered} message(s) moved to the local DLQ (dlq redrive)`);
          events.emit('dlq');
        }
      },
    });
    queue = builtQueue;

    const ingress = createIngressHandler({
      secrets,
      queue: builtQueue,
      rejected: new InMemoryRejectedPayloadStore(print),
      clock,
      trackDelivery: false,
      maxBodyBytes: DEFAULT_MAX_BODY_BYTES,
      metrics: new Metrics({
        namespace: 'ScopedResponder',
        serviceName: 'ingress',
        // Its "no metrics to publish" notes are about CloudWatch, which the laptop does not have.
        logger: { debug: quiet, info: quiet, warn: quiet, error: quiet },
      }),
      logger: new TerminalLogger(print, {
        serviceName: 'ingress',
        logLevel: options.verbose ? 'DEBUG' : 'WARN',
      }),
    });

    // Listen first: the sender needs the server's own URL for the /_graph route (port 0 in tests).
    let context: RouteContext | undefined;
    const httpServer = createServer((request, response) => {
      if (!context) {
        sendJson(response, 503, { error: 'starting' });
        return;
      }
      route(context, request, response).catch((error: unknown) => {
        print(`error ${request.method} ${request.url}: ${(error as Error)?.message ?? error}`);
        if (!response.headersSent) sendJson(response, 500, { error: 'internal error' });
        else response.end();
      });
    });
    server = httpServer;
    await new Promise<void>((done, fail) => {
      httpServer.once('error', fail);
      httpServer.listen(options.port, options.host ?? '127.0.0.1', () => done());
    });
    const port = (httpServer.address() as AddressInfo).port;
    const displayHost = options.host && options.host !== '0.0.0.0' ? options.host : 'localhost';
    // Requests to itself (the sender, /_local/send) go to the interface it listens on.
    const selfHost =
      !options.host || options.host === '0.0.0.0' || options.host === '::'
        ? '127.0.0.1'
        : options.host.includes(':')
          ? `[${options.host}]`
          : options.host;
    const baseUrl = `http://${selfHost}:${port}`;
    const url = `http://${displayHost}:${port}`;

    const sender = new GraphApiWhatsAppSender({
      baseUrl: `${baseUrl}/_graph`,
      version: GRAPH_API_VERSION,
      secrets,
      now: () => clock.now(),
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
        policyExemptions: options.policyExemptions ?? [],
        trackDelivery: false,
        handoffMinutes: options.handoffMinutes ?? 60,
        retentionDays: 90,
        maxReceiveCount,
        functionTimeoutMs: RESPONDER_TIMEOUT_MS,
      },
      metrics: discardMetrics,
      logger,
    });
    builtQueue.consume((event) =>
      responder(event, localLambdaContext('responder', RESPONDER_TIMEOUT_MS)),
    );

    context = {
      profile,
      policy,
      clock,
      secrets: options.secrets,
      graph,
      queue: builtQueue,
      events,
      knownUsers,
      dbMode: db.mode,
      persistent: db.dataDir !== undefined,
      listDecisions: (filter) => scanDecisions(client, LOCAL_TABLE_NAME, filter),
      setHandoff: async (userKey, minutes) => {
        const userHash = hashUserKey(options.secrets.userHashSalt, userKey);
        const now = clock.now();
        const until = minutes === null ? null : now + minutes * 60_000;
        await conversations.setHandoff(userHash, until, 'agent', now);
        return { userHash, until };
      },
      reset: async () => {
        builtQueue.purge();
        graph.clear();
        await builtQueue.idle();
        await rawClient?.send(new DeleteTableCommand({ TableName: LOCAL_TABLE_NAME }));
        await ensureTable(rawClient as DynamoDBClient, LOCAL_TABLE_NAME);
        events.emit('reset');
      },
      ingress: async (request, body) => {
        const event = toApiGatewayEvent(request, body, clock.now());
        return ingress(event, localLambdaContext('ingress'));
      },
      baseUrl: () => baseUrl,
    };
    graph.onRecord = () => events.emit('outbox');

    let stopped = false;
    return {
      url,
      webhookUrl: `${url}/webhook`,
      port,
      profile,
      policy,
      db,
      queue: builtQueue,
      graph,
      idle: () => builtQueue.idle(),
      async stop() {
        if (stopped) return;
        stopped = true;
        events.close();
        httpServer.closeAllConnections?.();
        await new Promise<void>((done) => httpServer.close(() => done()));
        await builtQueue.close();
        rawClient?.destroy();
        await db.stop();
      },
    };
  } catch (error) {
    server?.close();
    await queue?.close();
    rawClient?.destroy();
    await db.stop();
    throw error;
  }
}

async function ensureTable(client: DynamoDBClient, name: string): Promise<void> {
  const { TableNames } = await client.send(new ListTablesCommand({}));
  if (TableNames?.includes(name)) return;
  await createTable(client, name, { timeToLive: true });
}

// ---------- live updates ----------

/** Server-sent events: the simulator refreshes when a decision is written or a message sent. */
class EventHub {
  private readonly clients = new Set<ServerResponse>();
  private readonly keepAlive = setInterval(() => {
    for (const client of this.clients) client.write(': keep-alive\n\n');
  }, 15_000);

  constructor() {
    this.keepAlive.unref();
  }

  attach(response: ServerResponse): void {
    response.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
    });
    response.write('retry: 1000\n\n');
    this.clients.add(response);
    response.on('close', () => this.clients.delete(response));
  }

  emit(type: string): void {
    for (const client of this.clients) client.write(`event: ${type}\ndata: {}\n\n`);
  }

  close(): void {
    clearInterval(this.keepAlive);
    for (const client of this.clients) client.end();
    this.clients.clear();
  }
}

// ---------- routes ----------

interface RouteContext {
  readonly profile: Profile;
  readonly policy: PolicyPack;
  readonly clock: Clock;
  readonly secrets: WhatsAppSecrets;
  readonly graph: FakeGraphApi;
  readonly queue: InProcessFifoQueue;
  readonly events: EventHub;
  readonly knownUsers: Map<string, string>;
  readonly dbMode: DynamoDbMode;
  readonly persistent: boolean;
  listDecisions(filter: DecisionFilter): Promise<DecisionRecord[]>;
  setHandoff(
    userKey: string,
    minutes: number | null,
  ): Promise<{ userHash: string; until: number | null }>;
  reset(): Promise<void>;
  ingress(
    request: IncomingMessage,
    body: Buffer,
  ): ReturnType<ReturnType<typeof createIngressHandler>>;
  baseUrl(): string;
}

/** Local bodies are small; the webhook route applies the real limit itself. */
const LOCAL_BODY_LIMIT = DEFAULT_MAX_BODY_BYTES + 1024;

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > LOCAL_BODY_LIMIT) throw new Error('request body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
  });
  response.end(JSON.stringify(body));
}

class BadRequest extends Error {
  override readonly name = 'BadRequest';
}

function parseJsonBody(body: Buffer): Record<string, unknown> {
  if (body.length === 0) return {};
  try {
    const parsed: unknown = JSON.parse(body.toString('utf8'));
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
      return parsed as Record<string, unknown>;
    }
  } catch {
    // reported below
  }
  throw new BadRequest('expected a JSON object');
}

async function route(
  ctx: RouteContext,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://localhost');
  const method = (request.method ?? 'GET').toUpperCase();
  const path = url.pathname;
  try {
    if (path === '/webhook' || path === '/webhook/') {
      const body = await readBody(request);
      writeApiGatewayResult(response, await ctx.ingress(request, body));
      return;
    }
    if (path.startsWith('/_graph/')) {
      const body = await readBody(request);
      const answer = ctx.graph.handle(
        method,
        path.slice('/_graph'.length),
        request.headers.authorization,
        body.toString('utf8'),
      );
      sendJson(response, answer.status, answer.body);
      return;
    }
    if (path.startsWith('/_local/')) {
      await localRoute(ctx, method, path.slice('/_local/'.length), url, request, response);
      return;
    }
    if (method === 'GET' || method === 'HEAD') {
      serveStatic(path, response);
      return;
    }
    sendJson(response, 404, { error: 'not found' });
  } catch (error) {
    if (error instanceof BadRequest) {
      sendJson(response, 400, { error: error.message });
      return;
    }
    throw error;
  }
}

function serveStatic(path: string, response: ServerResponse): void {
  const relative = path === '/' ? 'index.html' : path.replace(/^\/+/, '');
  const file = resolve(SIMULATOR_DIR, relative);
  const type = STATIC_TYPES[extname(file)];
  // Only files directly in local/simulator/, never a path that climbs out of it.
  if (!file.startsWith(SIMULATOR_DIR) || type === undefined) {
    sendJson(response, 404, { error: 'not found' });
    return;
  }
  let content: Buffer;
  try {
    content = readFileSync(file);
  } catch {
    sendJson(response, 404, { error: 'not found' });
    return;
  }
  response.writeHead(200, { 'content-type': type, 'cache-control': 'no-cache' });
  response.end(content);
}

function userFrom(value: unknown): SimulatedUser {
  const raw = (value ?? {}) as Record<string, unknown>;
  const pick = (key: string) => {
    const field = raw[key];
    return typeof field === 'string' && field.trim() !== '' ? field.trim() : undefined;
  };
  const waId = pick('waId')?.replace(/^\+/, '');
  const userId = pick('userId');
  if (waId !== undefined && !/^\d{6,15}$/.test(waId))
    throw new BadRequest('user.waId: digits only');
  if (waId === undefined && userId === undefined) {
    throw new BadRequest('user needs waId (phone digits) or userId (BSUID)');
  }
  const username = pick('username');
  const name = pick('name');
  return {
    ...(waId === undefined ? {} : { waId }),
    ...(userId === undefined ? {} : { userId }),
    ...(username === undefined ? {} : { username }),
    ...(name === undefined ? {} : { name }),
  };
}

function inputFrom(body: Record<string, unknown>): SimulatedInput {
  if (typeof body.text === 'string') {
    if (body.text.trim() === '') throw new BadRequest('text is empty');
    return { type: 'text', text: body.text };
  }
  const reply = body.reply as Record<string, unknown> | undefined;
  if (reply && typeof reply.id === 'string' && typeof reply.title === 'string') {
    const type = reply.type === 'button_reply' ? 'button_reply' : 'list_reply';
    return {
      type,
      id: reply.id,
      title: reply.title,
      ...(typeof reply.description === 'string' && { description: reply.description }),
      ...(typeof reply.contextId === 'string' && { contextId: reply.contextId }),
    };
  }
  throw new BadRequest('expected { user, text } or { user, reply: { type, id, title } }');
}

async function localRoute(
  ctx: RouteContext,
  method: string,
  name: string,
  url: URL,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const query = url.searchParams;
  switch (`${method} ${name}`) {
    case 'GET config':
      sendJson(response, 200, {
        profile: {
          name: ctx.profile.name,
          languages: ctx.profile.languages,
          defaultLanguage: ctx.profile.defaultLanguage,
          intents: ctx.profile.intents.map((intent) => ({
            id: intent.id,
            title: intent.title,
            handoff: intent.handoff === true,
            example: Object.values(intent.examples)[0]?.[0],
          })),
        },
        policy: { pack: ctx.policy.pack, version: ctx.policy.version },
        business: LOCAL_BUSINESS,
        now: new Date(ctx.clock.now()).toISOString(),
        ddb: ctx.dbMode,
        persistent: ctx.persistent,
      });
      return;
    case 'GET events':
      ctx.events.attach(response);
      return;
    case 'POST send': {
      const body = parseJsonBody(await readBody(request));
      const user = userFrom(body.user);
      const input = inputFrom(body);
      const key = userKeyOf(user);
      ctx.knownUsers.set(hashUserKey(ctx.secrets.userHashSalt, key), maskUserKey(key));
      const { payload, wamid } = buildWebhookPayload(user, input, {
        timestampSeconds: Math.floor(ctx.clock.now() / 1000),
      });
      // Signed and posted like Meta does, through the real HTTP path and the ingress handler.
      const raw = JSON.stringify(payload);
      const answer = await fetch(`${ctx.baseUrl()}/webhook`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-hub-signature-256': signPayload(raw, ctx.secrets.appSecret),
          'user-agent': 'facebookexternalua (scoped-responder simulator)',
        },
        body: raw,
      });
      await answer.arrayBuffer();
      sendJson(response, answer.ok ? 202 : 502, {
        wamid,
        webhookStatus: answer.status,
        at: new Date(ctx.clock.now()).toISOString(),
        userHash: hashUserKey(ctx.secrets.userHashSalt, key),
      });
      return;
    }
    case 'GET outbox':
      sendJson(response, 200, ctx.graph.outbox({ includeReads: query.get('reads') === '1' }));
      return;
    case 'POST graph/fail': {
      const body = parseJsonBody(await readBody(request));
      const count = Number(body.count ?? 1);
      if (!Number.isInteger(count) || count < 0) throw new BadRequest('count: a whole number');
      ctx.graph.injectFailure({
        count,
        ...(typeof body.code === 'number' && { code: body.code }),
        ...(typeof body.httpStatus === 'number' && { httpStatus: body.httpStatus }),
        ...(body.includeReads === true && { includeReads: true }),
      });
      sendJson(response, 200, { pendingFailures: ctx.graph.pendingFailures });
      return;
    }
    case 'GET decisions': {
      const filter = decisionFilterFrom(ctx, query);
      sendJson(response, 200, await ctx.listDecisions(filter));
      return;
    }
    case 'GET metrics': {
      const records = await ctx.listDecisions({ limit: Number.MAX_SAFE_INTEGER });
      sendJson(response, 200, {
        ...computeMetrics(records),
        queue: ctx.queue.stats(),
        outbox: ctx.graph.outbox().length,
      });
      return;
    }
    case 'POST reset':
      await ctx.reset();
      sendJson(response, 200, { reset: true });
      return;
    case 'POST handoff':
    case 'POST resume': {
      const body = parseJsonBody(await readBody(request));
      if (typeof body.user !== 'string' || body.user.trim() === '') {
        throw new BadRequest('user: the user key (phone digits or BSUID)');
      }
      const minutes = name === 'resume' ? null : Number(body.minutes ?? 60);
      if (minutes !== null && !(Number.isFinite(minutes) && minutes > 0)) {
        throw new BadRequest('minutes: a positive number');
      }
      const userKey = body.user.trim().replace(/^\+/, '');
      const result = await ctx.setHandoff(userKey, minutes);
      sendJson(response, 200, {
        user: maskUserKey(userKey),
        userHash: result.userHash,
        handoffUntil: result.until === null ? null : new Date(result.until).toISOString(),
      });
      return;
    }
    case 'GET dlq':
      sendJson(
        response,
        200,
        ctx.queue.deadLetters.map(({ message, movedAt }) => ({
          messageId: message.messageId,
          groupId: message.groupId,
          receiveCount: message.receiveCount,
          movedAt: new Date(movedAt).toISOString(),
        })),
      );
      return;
    case 'POST dlq/redrive':
      sendJson(response, 200, { moved: ctx.queue.redriveDeadLetters() });
      return;
    default:
      sendJson(response, 404, { error: `no local endpoint ${method} /_local/${name}` });
  }
}

function decisionFilterFrom(ctx: RouteContext, query: URLSearchParams): DecisionFilter {
  const outcome = query.get('outcome') ?? undefined;
  const reason = query.get('reason') ?? undefined;
  const user = query.get('user')?.replace(/^\+/, '');
  const userHash =
    query.get('userHash') ??
    (user ? hashUserKey(ctx.secrets.userHashSalt, user) : undefined) ??
    undefined;
  const sinceRaw = query.get('since');
  let since: number | undefined;
  try {
    since = sinceRaw ? parseSince(sinceRaw, ctx.clock.now()) : undefined;
  } catch (error) {
    throw new BadRequest((error as Error).message);
  }
  const limit = Number(query.get('limit') ?? 200);
  return {
    ...(outcome ? { outcome } : {}),
    ...(reason ? { reason } : {}),
    ...(userHash ? { userHash } : {}),
    ...(since === undefined ? {} : { since }),
    limit: Number.isFinite(limit) && limit > 0 ? limit : 200,
  };
}
