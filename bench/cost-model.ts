// The cost model: $ per N inbound WhatsApp messages on AWS list prices, itemised, for this design, the
// naive design and managed NLU/guardrail services, plus the scale picture at Meta's top throughput.
// Pure: prices, measured durations and write units come in as arguments, so a unit test can check the
// arithmetic on a hand-computed case and the bench can feed it the figures it just measured.

export type PriceKey =
  | 'lambdaArmGbSecond'
  | 'lambdaX86GbSecond'
  | 'lambdaRequest'
  | 'functionUrlRequest'
  | 'httpApiRequest'
  | 'restApiRequest'
  | 'sqsFifoRequest'
  | 'sqsStandardRequest'
  | 'dynamoWriteRequestUnit'
  | 'dynamoReadRequestUnit'
  | 'dynamoStorageGbMonth'
  | 'dynamoPitrGbMonth'
  | 'kmsKeyMonth'
  | 'cloudwatchMetricMonth'
  | 'cloudwatchLogIngestGb'
  | 'cloudwatchLogStorageGbMonth'
  | 'cloudwatchAlarmMonth'
  | 'cloudwatchDashboardMonth'
  | 'xrayTraceRecorded'
  | 'secretMonth'
  | 'secretApiCall'
  | 'lexTextRequest'
  | 'guardrailDeniedTopicsTextUnit'
  | 'guardrailContentFiltersTextUnit';

export type LimitKey =
  | 'lambdaAccountConcurrency'
  | 'lambdaScalingPer10s'
  | 'sqsFifoTpsPerAction'
  | 'sqsFifoHighThroughputTpsPerAction'
  | 'sqsFifoHighThroughputPerPartition'
  | 'sqsFifoInflight'
  | 'dynamoPartitionWcu'
  | 'dynamoOnDemandInitialWru'
  | 'metaMpsPerNumber'
  | 'lambdaVcpuMb'
  | 'responderMaxConcurrencyDefault';

export interface PriceEntry {
  readonly usd: number;
  readonly unit: string;
  readonly source: string;
  readonly checked: string;
}

export interface LimitEntry {
  readonly value: number;
  readonly unit: string;
  readonly source: string;
  readonly checked: string;
}

/** The shape of bench/prices.json. */
export interface PriceTable {
  readonly region: string;
  readonly checked: string;
  readonly prices: Readonly<Record<PriceKey, PriceEntry>>;
  readonly limits: Readonly<Record<LimitKey, LimitEntry>>;
}

export type Endpoint = 'function-url' | 'http-api' | 'rest-api';

/** What one inbound message of a given outcome costs downstream of the queue. */
export interface OutcomeProfile {
  /** Fraction of inbound messages with this outcome (the mix sums to 1). */
  readonly share: number;
  /** Outbound messages sent for it (each one later brings status webhooks). */
  readonly replies: number;
  /** DynamoDB write request units, index writes included. */
  readonly writeUnits: number;
  readonly readUnits: number;
  /** Billed responder milliseconds for this message (without per-invocation overhead). */
  readonly responderMs: number;
}

export interface LambdaSide {
  readonly memoryMb: number;
  /** Log bytes the function itself writes per invocation (Powertools logs, EMF blobs). */
  readonly logBytesPerInvocation: number;
}

export interface CostInputs {
  /** The volume the table is for, e.g. 1,000,000. */
  readonly inboundMessages: number;
  /** Monthly volume over which fixed monthly charges (metrics, alarms, secret, idle polling) are spread. */
  readonly monthlyInboundMessages: number;
  readonly endpoint: Endpoint;
  readonly arch: 'arm64' | 'x86_64';
  /** Inbound messages per webhook POST (1 = Meta did not batch, the worst case). */
  readonly messagesPerWebhook: number;
  /** Status webhooks Meta sends per outbound message: sent, delivered, read = 3. */
  readonly statusWebhooksPerReply: number;
  readonly statusesPerWebhook: number;
  /** true: statuses are enqueued and applied to the decision (one write each); false: ingress drops them. */
  readonly trackDelivery: boolean;
  readonly outcomes: Readonly<Record<string, OutcomeProfile>>;
  readonly ingress: LambdaSide & {
    /** Billed ms of a webhook carrying messages, and of one carrying statuses. */
    readonly messageWebhookMs: number;
    readonly statusWebhookMs: number;
  };
  readonly responder: LambdaSide & {
    /** Queue items per responder invocation (SQS batch actually filled; 1 at low traffic). */
    readonly itemsPerInvocation: number;
    /** Per tracked status item. */
    readonly statusMs: number;
    readonly statusWriteUnits: number;
    readonly statusReadUnits: number;
    /** Log bytes per inbound message, and per tracked status item. */
    readonly logBytesPerItem: number;
    readonly logBytesPerStatusItem: number;
  };
  readonly sqs: {
    readonly fifo: boolean;
    /** Queue body size: each started 64 KB is one billed request. */
    readonly bodyBytes: number;
    /** Empty long polls of the Lambda event source mapping per month (fixed). */
    readonly idleRequestsPerMonth: number;
  };
  /** START/END/REPORT lines Lambda writes per invocation. */
  readonly platformLogBytesPerInvocation: number;
  readonly logRetentionDays: number;
  readonly storage: {
    readonly itemBytes: number;
    readonly retentionDays: number;
    /** Point-in-time recovery: billed on the table size again. */
    readonly pitr: boolean;
  };
  readonly monitoring: {
    readonly customMetrics: number;
    readonly alarms: number;
    readonly dashboards: number;
    /** Customer managed KMS keys (e.g. for the alarm topic). */
    readonly kmsKeys: number;
  };
  readonly tracing: {
    readonly enabled: boolean;
    /** X-Ray default rule: the first request each second, then a fixed rate of the rest. */
    readonly reservoirPerSecond: number;
    readonly fixedRate: number;
  };
  readonly secrets: { readonly count: number; readonly fetchesPerMonth: number };
}

export type LineKind = 'variable' | 'fixed';

export interface CostLine {
  readonly service: string;
  readonly item: string;
  readonly quantity: number;
  readonly unit: string;
  readonly unitUsd: number;
  readonly usd: number;
  /** variable: scales with messages; fixed: a monthly charge spread over the monthly volume. */
  readonly kind: LineKind;
}

export interface CostBreakdown {
  readonly inboundMessages: number;
  readonly lines: readonly CostLine[];
  readonly variableUsd: number;
  readonly fixedUsd: number;
  readonly totalUsd: number;
  /** Intermediate volumes, for the report and the scale picture. */
  readonly volumes: {
    readonly replies: number;
    readonly statusEvents: number;
    readonly messageWebhooks: number;
    readonly statusWebhooks: number;
    readonly ingressInvocations: number;
    readonly queuedItems: number;
    readonly responderInvocations: number;
    readonly sqsRequests: number;
    readonly writeUnits: number;
    readonly readUnits: number;
    readonly logBytes: number;
    readonly tracesRecorded: number;
  };
}

const GIB = 1024 ** 3;
const SECONDS_PER_MONTH = 30 * 24 * 3600;
const SQS_CHUNK_BYTES = 64 * 1024;
/** SendMessageBatch / DeleteMessageBatch carry at most 10 entries. */
const SQS_BATCH_MAX = 10;

function lambdaGbSecondKey(arch: CostInputs['arch']): PriceKey {
  return arch === 'arm64' ? 'lambdaArmGbSecond' : 'lambdaX86GbSecond';
}

function endpointKey(endpoint: Endpoint): PriceKey {
  if (endpoint === 'http-api') return 'httpApiRequest';
  if (endpoint === 'rest-api') return 'restApiRequest';
  return 'functionUrlRequest';
}

/** Traces X-Ray records in a month of `invocations` spread evenly under the default sampling rule. */
export function tracesRecorded(
  invocationsPerMonth: number,
  tracing: CostInputs['tracing'],
): number {
  if (!tracing.enabled) return 0;
  const reservoir = Math.min(invocationsPerMonth, tracing.reservoirPerSecond * SECONDS_PER_MONTH);
  return reservoir + tracing.fixedRate * Math.max(0, invocationsPerMonth - reservoir);
}

function mixCheck(outcomes: CostInputs['outcomes']): void {
  const total = Object.values(outcomes).reduce((sum, o) => sum + o.share, 0);
  if (Math.abs(total - 1) > 1e-6) {
    throw new RangeError(`[cost-model] outcome shares sum to ${total}, not 1`);
  }
}

/** Itemised cost of `inputs.inboundMessages` inbound messages. */
export function costOf(inputs: CostInputs, table: PriceTable): CostBreakdown {
  mixCheck(inputs.outcomes);
  const p = (key: PriceKey): number => table.prices[key].usd;
  const n = inputs.inboundMessages;
  const outcomes = Object.values(inputs.outcomes);
  const perMessage = (pick: (o: OutcomeProfile) => number): number =>
    outcomes.reduce((sum, o) => sum + o.share * pick(o), 0);

  const replies = n * perMessage((o) => o.replies);
  const statusEvents = replies * inputs.statusWebhooksPerReply;
  const messageWebhooks = n / inputs.messagesPerWebhook;
  const statusWebhooks = statusEvents / inputs.statusesPerWebhook;
  const ingressInvocations = messageWebhooks + statusWebhooks;
  const trackedStatuses = inputs.trackDelivery ? statusEvents : 0;
  const queuedItems = n + trackedStatuses;
  const responderInvocations = queuedItems / inputs.responder.itemsPerInvocation;
  // Our enqueue is one SendMessageBatch per webhook (up to 10 items each); Lambda's poller receives and
  // deletes a batch of `itemsPerInvocation` items per call.
  const chunks = Math.max(1, Math.ceil(inputs.sqs.bodyBytes / SQS_CHUNK_BYTES));
  const sendRequests =
    (n / Math.min(SQS_BATCH_MAX, inputs.messagesPerWebhook) +
      trackedStatuses / Math.min(SQS_BATCH_MAX, inputs.statusesPerWebhook)) *
    chunks;
  const pollRequests = 2 * responderInvocations;
  const sqsRequests = sendRequests + pollRequests;

  const ingressGbSeconds =
    ((messageWebhooks * inputs.ingress.messageWebhookMs +
      statusWebhooks * inputs.ingress.statusWebhookMs) /
      1000) *
    (inputs.ingress.memoryMb / 1024);
  const responderMs =
    n * perMessage((o) => o.responderMs) + trackedStatuses * inputs.responder.statusMs;
  const responderGbSeconds = (responderMs / 1000) * (inputs.responder.memoryMb / 1024);

  const writeUnits =
    n * perMessage((o) => o.writeUnits) + trackedStatuses * inputs.responder.statusWriteUnits;
  const readUnits =
    n * perMessage((o) => o.readUnits) + trackedStatuses * inputs.responder.statusReadUnits;
  // Steady state: each month's items stay for retentionDays, so a message pays for that many months.
  const storageGbMonths =
    (n * inputs.storage.itemBytes * (inputs.storage.retentionDays / 30)) / GIB;

  const logBytes =
    ingressInvocations *
      (inputs.ingress.logBytesPerInvocation + inputs.platformLogBytesPerInvocation) +
    responderInvocations *
      (inputs.responder.logBytesPerInvocation + inputs.platformLogBytesPerInvocation) +
    n * inputs.responder.logBytesPerItem +
    trackedStatuses * inputs.responder.logBytesPerStatusItem;
  const logGb = logBytes / GIB;

  // Fixed monthly charges are spread over the monthly volume; the share of this table's volume is:
  const monthShare = n / inputs.monthlyInboundMessages;
  const invocationsPerMonth = (ingressInvocations + responderInvocations) / monthShare;
  const tracesPerMonth = tracesRecorded(invocationsPerMonth, inputs.tracing);
  const traces = tracesPerMonth * monthShare;

  const lines: CostLine[] = [];
  const add = (
    service: string,
    item: string,
    quantity: number,
    unit: string,
    key: PriceKey,
    kind: LineKind = 'variable',
    factor = 1,
  ): void => {
    const unitUsd = p(key);
    lines.push({ service, item, quantity, unit, unitUsd, usd: quantity * unitUsd * factor, kind });
  };

  const endpointName =
    inputs.endpoint === 'function-url'
      ? 'Lambda Function URL'
      : inputs.endpoint === 'http-api'
        ? 'API Gateway HTTP API'
        : 'API Gateway REST API';
  add(
    endpointName,
    'webhook requests',
    ingressInvocations,
    'requests',
    endpointKey(inputs.endpoint),
  );
  add('Lambda', 'ingress invocations', ingressInvocations, 'requests', 'lambdaRequest');
  add('Lambda', 'ingress compute', ingressGbSeconds, 'GB-s', lambdaGbSecondKey(inputs.arch));
  add('Lambda', 'responder invocations', responderInvocations, 'requests', 'lambdaRequest');
  add('Lambda', 'responder compute', responderGbSeconds, 'GB-s', lambdaGbSecondKey(inputs.arch));
  add(
    inputs.sqs.fifo ? 'SQS FIFO' : 'SQS standard',
    'send + receive + delete',
    sqsRequests,
    'requests',
    inputs.sqs.fifo ? 'sqsFifoRequest' : 'sqsStandardRequest',
  );
  add('DynamoDB', 'write request units', writeUnits, 'WRU', 'dynamoWriteRequestUnit');
  add('DynamoDB', 'read request units', readUnits, 'RRU', 'dynamoReadRequestUnit');
  add('DynamoDB', 'storage (steady state)', storageGbMonths, 'GB-month', 'dynamoStorageGbMonth');
  if (inputs.storage.pitr) {
    add('DynamoDB', 'point-in-time recovery', storageGbMonths, 'GB-month', 'dynamoPitrGbMonth');
  }
  add('CloudWatch Logs', 'ingestion', logGb, 'GB', 'cloudwatchLogIngestGb');
  add(
    'CloudWatch Logs',
    'storage (steady state)',
    logGb * (inputs.logRetentionDays / 30),
    'GB-month',
    'cloudwatchLogStorageGbMonth',
  );
  add('X-Ray', 'traces recorded', traces, 'traces', 'xrayTraceRecorded');
  add(
    'CloudWatch',
    'custom metrics (EMF)',
    inputs.monitoring.customMetrics,
    'metric-months',
    'cloudwatchMetricMonth',
    'fixed',
    monthShare,
  );
  add(
    'CloudWatch',
    'alarms',
    inputs.monitoring.alarms,
    'alarm-months',
    'cloudwatchAlarmMonth',
    'fixed',
    monthShare,
  );
  add(
    'CloudWatch',
    'dashboards',
    inputs.monitoring.dashboards,
    'dashboard-months',
    'cloudwatchDashboardMonth',
    'fixed',
    monthShare,
  );
  add(
    'KMS',
    'customer managed keys',
    inputs.monitoring.kmsKeys,
    'key-months',
    'kmsKeyMonth',
    'fixed',
    monthShare,
  );
  add(
    'Secrets Manager',
    'secret',
    inputs.secrets.count,
    'secret-months',
    'secretMonth',
    'fixed',
    monthShare,
  );
  add(
    'Secrets Manager',
    'GetSecretValue (cache misses)',
    inputs.secrets.fetchesPerMonth,
    'calls/month',
    'secretApiCall',
    'fixed',
    monthShare,
  );
  add(
    inputs.sqs.fifo ? 'SQS FIFO' : 'SQS standard',
    'idle long polls of the event source',
    inputs.sqs.idleRequestsPerMonth,
    'requests/month',
    inputs.sqs.fifo ? 'sqsFifoRequest' : 'sqsStandardRequest',
    'fixed',
    monthShare,
  );

  const variableUsd = sum(lines.filter((l) => l.kind === 'variable').map((l) => l.usd));
  const fixedUsd = sum(lines.filter((l) => l.kind === 'fixed').map((l) => l.usd));
  return {
    inboundMessages: n,
    lines,
    variableUsd,
    fixedUsd,
    totalUsd: variableUsd + fixedUsd,
    volumes: {
      replies,
      statusEvents,
      messageWebhooks,
      statusWebhooks,
      ingressInvocations,
      queuedItems,
      responderInvocations,
      sqsRequests,
      writeUnits,
      readUnits,
      logBytes,
      tracesRecorded: traces,
    },
  };
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

// ---------- the naive design ----------

export interface NaiveAssumptions {
  readonly endpoint: Endpoint;
  /** Powertools-style idempotency record: put INPROGRESS, then update COMPLETED, in its own table. */
  readonly idempotencyWrites: number;
  /** A separate decision table: one put plus its index entry. */
  readonly decisionWrites: number;
  /** A separate state table written on every message (last inbound time) and read on every message. */
  readonly stateWrites: number;
  readonly stateReads: number;
  /** Every status webhook is enqueued, deduplicated (2 writes) and written to the decision (1). */
  readonly statusWrites: number;
  /** Verbose logs: the full event and the full decision at INFO. */
  readonly ingressLogBytes: number;
  readonly responderLogBytesPerItem: number;
}

/** Typical tutorial choices, each of which this design avoids (docs/design.md). */
export const NAIVE_DEFAULTS: NaiveAssumptions = {
  endpoint: 'rest-api',
  idempotencyWrites: 2,
  decisionWrites: 2,
  stateWrites: 1,
  stateReads: 1,
  statusWrites: 3,
  ingressLogBytes: 4096,
  responderLogBytesPerItem: 6144,
};

/**
 * The naive design on the same Lambda sizes and measured durations, so that the difference is the design:
 * endpoint, table writes, status handling and log volume.
 */
export function naiveInputs(
  ours: CostInputs,
  assumptions: NaiveAssumptions = NAIVE_DEFAULTS,
): CostInputs {
  const writes =
    assumptions.idempotencyWrites + assumptions.decisionWrites + assumptions.stateWrites;
  const outcomes: Record<string, OutcomeProfile> = {};
  for (const [name, o] of Object.entries(ours.outcomes)) {
    outcomes[name] = { ...o, writeUnits: writes, readUnits: o.readUnits + assumptions.stateReads };
  }
  return {
    ...ours,
    endpoint: assumptions.endpoint,
    trackDelivery: true,
    outcomes,
    ingress: { ...ours.ingress, logBytesPerInvocation: assumptions.ingressLogBytes },
    responder: {
      ...ours.responder,
      statusWriteUnits: assumptions.statusWrites,
      logBytesPerItem: assumptions.responderLogBytesPerItem,
    },
  };
}

// ---------- managed NLU / guardrails ----------

export interface ManagedComparison {
  readonly service: string;
  readonly basis: string;
  readonly usd: number;
}

/**
 * What classifying the same inbound text through a managed service would add per `inboundMessages`, next
 * to what our in-process classifier costs in Lambda GB-s.
 */
export function managedAlternatives(
  params: {
    readonly inboundMessages: number;
    /** Share of inbound messages that are text (the only ones a classifier sees). */
    readonly textShare: number;
    /** Guardrails bill per 1,000 characters started. */
    readonly textUnitsPerMessage: number;
    readonly classifierMs: number;
    readonly memoryMb: number;
    readonly arch: CostInputs['arch'];
  },
  table: PriceTable,
): ManagedComparison[] {
  const texts = params.inboundMessages * params.textShare;
  const p = (key: PriceKey): number => table.prices[key].usd;
  const units = texts * params.textUnitsPerMessage;
  return [
    {
      service: 'this classifier (in the responder Lambda)',
      basis: `${params.classifierMs.toFixed(3)} ms per text at ${params.memoryMb} MB`,
      usd:
        texts *
        (params.classifierMs / 1000) *
        (params.memoryMb / 1024) *
        p(lambdaGbSecondKey(params.arch)),
    },
    {
      service: 'Amazon Lex V2 (RecognizeText)',
      basis: '1 text request per message',
      usd: texts * p('lexTextRequest'),
    },
    {
      service: 'Bedrock Guardrails, denied topics only (ApplyGuardrail on input)',
      basis: `${params.textUnitsPerMessage} text unit per message`,
      usd: units * p('guardrailDeniedTopicsTextUnit'),
    },
    {
      service: 'Bedrock Guardrails, denied topics + content filters (input)',
      basis: `${params.textUnitsPerMessage} text unit per message, two policies`,
      usd: units * (p('guardrailDeniedTopicsTextUnit') + p('guardrailContentFiltersTextUnit')),
    },
  ];
}

// ---------- scale ----------

export interface ScaleInputs {
  readonly inboundPerSecond: number;
  readonly replyShare: number;
  readonly statusWebhooksPerReply: number;
  readonly trackDelivery: boolean;
  readonly ingressMessageMs: number;
  readonly ingressStatusMs: number;
  /** Average responder ms per inbound message and per status item. */
  readonly responderMsPerMessage: number;
  readonly responderMsPerStatus: number;
  /** null: the ingress draws on the account pool. */
  readonly ingressReservedConcurrency: number | null;
  /** The SQS event source's maxConcurrency for the responder; null: unbounded (account pool). */
  readonly responderMaxConcurrency: number | null;
  readonly highThroughputFifo: boolean;
  readonly itemsPerReceive: number;
  /** The busiest single chat: inbound messages/s from one user (a fast typist: about 1). */
  readonly perUserMessagesPerSecond: number;
  /** Base-table write units per inbound message (claim + finish), and per tracked status. */
  readonly baseWriteUnitsPerMessage: number;
  readonly statusWriteUnits: number;
  /** The largest single outcome's share: its index partitions take the most writes. */
  readonly topOutcomeShare: number;
  readonly gsiShards: number;
  readonly gsiWriteUnitsPerEntry: number;
  /** $ per inbound message, variable part, at this volume. */
  readonly usdPerMessage: number;
  readonly fixedUsdPerMonth: number;
}

export interface ScaleRow {
  readonly limit: string;
  readonly need: number;
  readonly capacity: number;
  readonly unit: string;
  /** need / capacity */
  readonly utilisation: number;
  readonly note: string;
}

export interface ScalePicture {
  readonly inboundPerSecond: number;
  readonly usdPerHour: number;
  readonly rows: readonly ScaleRow[];
  /** The row with the highest utilisation: what binds first. */
  readonly bindsFirst: ScaleRow;
}

export function scalePicture(s: ScaleInputs, table: PriceTable): ScalePicture {
  const l = (key: LimitKey): number => table.limits[key].value;
  const replies = s.inboundPerSecond * s.replyShare;
  const statuses = replies * s.statusWebhooksPerReply;
  const ingressConcurrency =
    (s.inboundPerSecond * s.ingressMessageMs + statuses * s.ingressStatusMs) / 1000;
  const trackedStatuses = s.trackDelivery ? statuses : 0;
  const responderConcurrency =
    (s.inboundPerSecond * s.responderMsPerMessage + trackedStatuses * s.responderMsPerStatus) /
    1000;
  const queued = s.inboundPerSecond + trackedStatuses;
  const fifoTps = s.highThroughputFifo
    ? l('sqsFifoHighThroughputTpsPerAction')
    : l('sqsFifoTpsPerAction');
  const baseWru =
    s.inboundPerSecond * s.baseWriteUnitsPerMessage + trackedStatuses * s.statusWriteUnits;
  const gsiPerShard =
    (s.inboundPerSecond * s.topOutcomeShare * s.gsiWriteUnitsPerEntry) / s.gsiShards;
  const row = (
    limit: string,
    need: number,
    capacity: number,
    unit: string,
    note: string,
  ): ScaleRow => ({ limit, need, capacity, unit, utilisation: need / capacity, note });
  const rows: ScaleRow[] = [
    row(
      'Meta throughput per business number (inbound + outbound)',
      s.inboundPerSecond + replies,
      l('metaMpsPerNumber'),
      'messages/s',
      'replies count against the same 1,000 mps as inbound messages (reference §4.4)',
    ),
    row(
      s.ingressReservedConcurrency === null
        ? 'ingress Lambda concurrency (account pool)'
        : 'ingress Lambda reserved concurrency',
      ingressConcurrency,
      s.ingressReservedConcurrency ?? l('lambdaAccountConcurrency'),
      'concurrent executions',
      `${s.inboundPerSecond} message + ${statuses.toFixed(0)} status webhooks/s (Meta may batch, not guaranteed)`,
    ),
    ...(s.responderMaxConcurrency === null
      ? []
      : [
          row(
            'responder maxConcurrency (SQS event source setting)',
            responderConcurrency,
            s.responderMaxConcurrency,
            'concurrent executions',
            'each instance works through its batch one message at a time (FIFO), mostly waiting on the Graph API',
          ),
        ]),
    row(
      'Lambda account concurrency (ingress + responder)',
      ingressConcurrency + responderConcurrency,
      l('lambdaAccountConcurrency'),
      'concurrent executions',
      'FIFO: at most one batch in flight per message group (= per user), so users run in parallel',
    ),
    row(
      s.highThroughputFifo
        ? 'SQS FIFO SendMessage calls (high-throughput mode)'
        : 'SQS FIFO SendMessage calls (no high-throughput mode)',
      queued,
      fifoTps,
      'calls/s',
      'one SendMessageBatch per webhook; 1-message webhooks make it one call per message',
    ),
    row(
      'SQS FIFO ReceiveMessage / DeleteMessageBatch calls (each)',
      queued / s.itemsPerReceive,
      fifoTps,
      'calls/s',
      `${s.itemsPerReceive} items per receive`,
    ),
    row(
      'SQS FIFO, one message group (one chat) on its partition',
      s.perUserMessagesPerSecond * (1 + s.replyShare * s.statusWebhooksPerReply),
      l('sqsFifoHighThroughputPerPartition') / 10,
      'calls/s',
      "a chat's statuses share its group (recipient key); 300 unbatched calls/s per partition",
    ),
    row(
      'one chat processed in order (one batch in flight per group)',
      (s.perUserMessagesPerSecond * s.responderMsPerMessage) / 1000,
      1,
      'messages in flight',
      'a chat is served one message at a time; above 100% its messages queue up behind each other',
    ),
    row(
      'DynamoDB table, on-demand without warm throughput',
      baseWru,
      l('dynamoOnDemandInitialWru'),
      'WRU/s',
      'spread over user partitions (pk = U#hash); a new table serves 4,000 WRU/s at once, then 2x its peak',
    ),
    row(
      `DynamoDB GSI byDayOutcome, one of ${s.gsiShards} shards of the busiest outcome`,
      gsiPerShard,
      l('dynamoPartitionWcu'),
      'WCU/s',
      'the sort key starts with an ISO time (always increasing), so split-for-heat cannot help: 1,000 WCU/s per shard is hard',
    ),
  ];
  const bindsFirst = rows.reduce((worst, r) => (r.utilisation > worst.utilisation ? r : worst));
  return {
    inboundPerSecond: s.inboundPerSecond,
    usdPerHour: s.inboundPerSecond * 3600 * s.usdPerMessage + s.fixedUsdPerMonth / 730,
    rows,
    bindsFirst,
  };
}
