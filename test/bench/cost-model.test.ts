// Checks the cost model's arithmetic against a case computed by hand with round prices, so that a wrong
// factor (GB vs MB, per-million vs per-request, a forgotten status webhook) shows up as a failed test.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  type CostInputs,
  costOf,
  type LimitKey,
  managedAlternatives,
  naiveInputs,
  type PriceKey,
  type PriceTable,
  scalePicture,
  tracesRecorded,
} from '../../bench/cost-model.ts';

const ROUND_PRICES: Record<PriceKey, number> = {
  lambdaArmGbSecond: 0.00001,
  lambdaX86GbSecond: 0.00002,
  lambdaRequest: 0.0000002,
  functionUrlRequest: 0,
  httpApiRequest: 0.000001,
  restApiRequest: 0.0000035,
  sqsFifoRequest: 0.0000005,
  sqsStandardRequest: 0.0000004,
  dynamoWriteRequestUnit: 0.000001,
  dynamoReadRequestUnit: 0.0000001,
  dynamoStorageGbMonth: 0.001,
  dynamoPitrGbMonth: 0.0005,
  kmsKeyMonth: 1,
  cloudwatchMetricMonth: 0.3,
  cloudwatchLogIngestGb: 0.5,
  cloudwatchLogStorageGbMonth: 0.03,
  cloudwatchAlarmMonth: 0.1,
  cloudwatchDashboardMonth: 3,
  xrayTraceRecorded: 0.000005,
  secretMonth: 0.4,
  secretApiCall: 0.000005,
  lexTextRequest: 0.00075,
  guardrailDeniedTopicsTextUnit: 0.00015,
  guardrailContentFiltersTextUnit: 0.00015,
};

const LIMITS: Record<LimitKey, number> = {
  lambdaAccountConcurrency: 1000,
  lambdaScalingPer10s: 1000,
  sqsFifoTpsPerAction: 300,
  sqsFifoHighThroughputTpsPerAction: 70000,
  sqsFifoHighThroughputPerPartition: 3000,
  sqsFifoInflight: 120000,
  dynamoPartitionWcu: 1000,
  dynamoOnDemandInitialWru: 4000,
  metaMpsPerNumber: 1000,
  lambdaVcpuMb: 1769,
  responderMaxConcurrencyDefault: 5,
};

const entry = { unit: 'u', source: 's', checked: 'c' };
const TABLE: PriceTable = {
  region: 'test',
  checked: 'test',
  prices: Object.fromEntries(
    Object.entries(ROUND_PRICES).map(([k, usd]) => [k, { usd, ...entry }]),
  ) as PriceTable['prices'],
  limits: Object.fromEntries(
    Object.entries(LIMITS).map(([k, value]) => [k, { value, ...entry }]),
  ) as PriceTable['limits'],
};

const GIB = 1024 ** 3;

const INPUTS: CostInputs = {
  inboundMessages: 1_000_000,
  monthlyInboundMessages: 1_000_000,
  endpoint: 'http-api',
  arch: 'arm64',
  messagesPerWebhook: 1,
  statusWebhooksPerReply: 3,
  statusesPerWebhook: 1,
  trackDelivery: true,
  outcomes: {
    answered: { share: 0.8, replies: 1, writeUnits: 3, readUnits: 0.5, responderMs: 100 },
    duplicate: { share: 0.2, replies: 0, writeUnits: 1, readUnits: 0, responderMs: 10 },
  },
  ingress: {
    memoryMb: 1024,
    logBytesPerInvocation: 100,
    messageWebhookMs: 20,
    statusWebhookMs: 10,
  },
  responder: {
    memoryMb: 512,
    logBytesPerInvocation: 100,
    itemsPerInvocation: 1,
    statusMs: 5,
    statusWriteUnits: 1,
    statusReadUnits: 0,
    logBytesPerItem: 300,
    logBytesPerStatusItem: 300,
  },
  sqs: { fifo: true, bodyBytes: 2000, idleRequestsPerMonth: 1_000_000 },
  platformLogBytesPerInvocation: 200,
  logRetentionDays: 30,
  storage: { itemBytes: GIB / 1_000_000, retentionDays: 30, pitr: false },
  monitoring: { customMetrics: 10, alarms: 5, dashboards: 1, kmsKeys: 1 },
  tracing: { enabled: true, reservoirPerSecond: 1, fixedRate: 0.05 },
  secrets: { count: 1, fetchesPerMonth: 10_000 },
};

function line(breakdown: ReturnType<typeof costOf>, service: string, item: string) {
  const found = breakdown.lines.find((l) => l.service === service && l.item === item);
  if (!found) throw new Error(`no line ${service} / ${item}`);
  return found;
}

describe('costOf', () => {
  const result = costOf(INPUTS, TABLE);

  it('counts 3 status webhooks per reply: 800k replies, 2.4M statuses, 3.4M webhooks', () => {
    expect(result.volumes.replies).toBeCloseTo(800_000);
    expect(result.volumes.statusEvents).toBeCloseTo(2_400_000);
    expect(result.volumes.ingressInvocations).toBeCloseTo(3_400_000);
    expect(result.volumes.queuedItems).toBeCloseTo(3_400_000);
  });

  it('prices the endpoint and Lambda requests per webhook and per queue item', () => {
    expect(line(result, 'API Gateway HTTP API', 'webhook requests').usd).toBeCloseTo(3.4, 9);
    expect(line(result, 'Lambda', 'ingress invocations').usd).toBeCloseTo(0.68, 9);
    expect(line(result, 'Lambda', 'responder invocations').usd).toBeCloseTo(0.68, 9);
  });

  it('prices compute in GB-s from billed ms and memory', () => {
    // ingress: (1e6 × 20 ms + 2.4e6 × 10 ms) = 44,000 s at 1 GB
    expect(line(result, 'Lambda', 'ingress compute').quantity).toBeCloseTo(44_000, 6);
    expect(line(result, 'Lambda', 'ingress compute').usd).toBeCloseTo(0.44, 9);
    // responder: 1e6 × (0.8 × 100 + 0.2 × 10) ms + 2.4e6 × 5 ms = 94,000 s at 0.5 GB
    expect(line(result, 'Lambda', 'responder compute').quantity).toBeCloseTo(47_000, 6);
    expect(line(result, 'Lambda', 'responder compute').usd).toBeCloseTo(0.47, 9);
  });

  it('counts SQS send, receive and delete requests', () => {
    // send 3.4e6 + receive 3.4e6 + delete 3.4e6
    expect(result.volumes.sqsRequests).toBeCloseTo(10_200_000);
    expect(line(result, 'SQS FIFO', 'send + receive + delete').usd).toBeCloseTo(5.1, 9);
  });

  it('bills one more SQS request per started 64 KB chunk of the body', () => {
    const big = costOf({ ...INPUTS, sqs: { ...INPUTS.sqs, bodyBytes: 65 * 1024 } }, TABLE);
    // sends double (2 chunks), polls unchanged: 6.8e6 + 6.8e6
    expect(big.volumes.sqsRequests).toBeCloseTo(13_600_000);
  });

  it('prices DynamoDB request units and steady-state storage', () => {
    // 1e6 × (0.8 × 3 + 0.2 × 1) + 2.4e6 × 1 = 5.0e6 WRU
    expect(line(result, 'DynamoDB', 'write request units').usd).toBeCloseTo(5.0, 9);
    // 1e6 × 0.4 RRU
    expect(line(result, 'DynamoDB', 'read request units').usd).toBeCloseTo(0.04, 9);
    // 1e6 × (GiB / 1e6) bytes for one month = 1 GB-month
    expect(line(result, 'DynamoDB', 'storage (steady state)').usd).toBeCloseTo(0.001, 9);
  });

  it('prices logs per invocation, per item and for the platform lines', () => {
    // ingress 3.4e6 × (100 + 200) + responder 3.4e6 × (100 + 200) + 3.4e6 × 300
    const bytes = 3.4e6 * 300 * 3;
    expect(result.volumes.logBytes).toBeCloseTo(bytes, 0);
    expect(line(result, 'CloudWatch Logs', 'ingestion').usd).toBeCloseTo((bytes / GIB) * 0.5, 9);
    expect(line(result, 'CloudWatch Logs', 'storage (steady state)').usd).toBeCloseTo(
      (bytes / GIB) * 0.03,
      9,
    );
  });

  it('samples X-Ray traces with the default rule: 1/s reservoir, then 5%', () => {
    // 6.8e6 invocations a month: 2,592,000 in the reservoir + 5% of 4,208,000
    expect(result.volumes.tracesRecorded).toBeCloseTo(2_802_400, 3);
    expect(line(result, 'X-Ray', 'traces recorded').usd).toBeCloseTo(14.012, 9);
    expect(tracesRecorded(1000, { enabled: false, reservoirPerSecond: 1, fixedRate: 1 })).toBe(0);
  });

  it('spreads the fixed monthly charges over the monthly volume', () => {
    // 10 × 0.30 + 5 × 0.10 + 1 × 3 + 1 key × 1 + 0.40 + 10,000 × 0.000005 + 1e6 × 0.0000005
    expect(result.fixedUsd).toBeCloseTo(8.45, 9);
    const busier = costOf({ ...INPUTS, monthlyInboundMessages: 10_000_000 }, TABLE);
    expect(busier.fixedUsd).toBeCloseTo(0.845, 9);
  });

  it('adds the lines up', () => {
    const variable = 3.4 + 0.68 + 0.44 + 0.68 + 0.47 + 5.1 + 5.0 + 0.04 + 0.001 + 14.012;
    const logs = (3.4e6 * 900 * (0.5 + 0.03)) / GIB;
    expect(result.variableUsd).toBeCloseTo(variable + logs, 9);
    expect(result.totalUsd).toBeCloseTo(variable + logs + 8.45, 9);
  });

  it('bills point-in-time recovery on the same GB-months as storage', () => {
    const withPitr = costOf({ ...INPUTS, storage: { ...INPUTS.storage, pitr: true } }, TABLE);
    expect(line(withPitr, 'DynamoDB', 'point-in-time recovery').usd).toBeCloseTo(0.0005, 12);
  });

  it('makes a Function URL free and drops untracked statuses from the queue', () => {
    const lean = costOf({ ...INPUTS, endpoint: 'function-url', trackDelivery: false }, TABLE);
    expect(line(lean, 'Lambda Function URL', 'webhook requests').usd).toBe(0);
    expect(lean.volumes.queuedItems).toBeCloseTo(1_000_000);
    // the ingress still runs once per status webhook
    expect(lean.volumes.ingressInvocations).toBeCloseTo(3_400_000);
  });

  it('rejects a mix that does not sum to 1', () => {
    const bad = {
      ...INPUTS,
      outcomes: {
        answered: { share: 0.5, replies: 1, writeUnits: 3, readUnits: 0, responderMs: 1 },
      },
    };
    expect(() => costOf(bad, TABLE)).toThrow(RangeError);
  });
});

describe('naiveInputs', () => {
  it('writes idempotency, decision and state on every message and every status', () => {
    const naive = naiveInputs(INPUTS);
    expect(naive.endpoint).toBe('rest-api');
    expect(naive.outcomes.answered?.writeUnits).toBe(5);
    expect(naive.outcomes.answered?.readUnits).toBe(1.5);
    expect(naive.responder.statusWriteUnits).toBe(3);
    expect(naive.trackDelivery).toBe(true);
    const cost = costOf(naive, TABLE);
    // 1e6 × 5 + 2.4e6 × 3 = 12.2e6 WRU
    expect(line(cost, 'DynamoDB', 'write request units').usd).toBeCloseTo(12.2, 9);
    expect(line(cost, 'API Gateway REST API', 'webhook requests').usd).toBeCloseTo(11.9, 9);
  });
});

describe('managedAlternatives', () => {
  it('prices Lex per request and Guardrails per text unit and policy', () => {
    const rows = managedAlternatives(
      {
        inboundMessages: 1_000_000,
        textShare: 0.9,
        textUnitsPerMessage: 1,
        classifierMs: 1,
        memoryMb: 1024,
        arch: 'arm64',
      },
      TABLE,
    );
    expect(rows.map((r) => r.usd)).toEqual([
      expect.closeTo(0.009, 12), // 900k × 1 ms = 900 GB-s at 1 GB × 0.00001
      expect.closeTo(675, 9),
      expect.closeTo(135, 9),
      expect.closeTo(270, 9),
    ]);
  });
});

describe('scalePicture', () => {
  it('finds the limit that binds first at 1,000 inbound messages/s', () => {
    const picture = scalePicture(
      {
        inboundPerSecond: 1000,
        replyShare: 1,
        statusWebhooksPerReply: 3,
        trackDelivery: true,
        ingressMessageMs: 20,
        ingressStatusMs: 10,
        responderMsPerMessage: 400,
        responderMsPerStatus: 20,
        ingressReservedConcurrency: 20,
        responderMaxConcurrency: 5,
        highThroughputFifo: false,
        itemsPerReceive: 1,
        perUserMessagesPerSecond: 1,
        baseWriteUnitsPerMessage: 2,
        statusWriteUnits: 1,
        topOutcomeShare: 0.8,
        gsiShards: 4,
        gsiWriteUnitsPerEntry: 1,
        usdPerMessage: 0.000002,
        fixedUsdPerMonth: 730,
      },
      TABLE,
    );
    const byLimit = Object.fromEntries(picture.rows.map((r) => [r.limit, r]));
    // ingress: (1000 × 20 + 3000 × 10) ms/s = 50 concurrent against 20 reserved
    expect(byLimit['ingress Lambda reserved concurrency']?.need).toBeCloseTo(50);
    // responder: (1000 × 400 + 3000 × 20) ms/s = 460 concurrent against maxConcurrency 5
    expect(byLimit['responder maxConcurrency (SQS event source setting)']?.need).toBeCloseTo(460);
    // SQS: 1000 messages + 3000 statuses = 4000 sends/s against 300
    expect(
      byLimit['SQS FIFO SendMessage calls (no high-throughput mode)']?.utilisation,
    ).toBeCloseTo(4000 / 300);
    // GSI: 1000 × 0.8 / 4 = 200 WCU/s per shard
    expect(picture.rows.at(-1)?.need).toBeCloseTo(200);
    // one chat at 1 message/s: 1 + 3 statuses on its group; 0.4 s each → 40% of its serial capacity
    expect(byLimit['SQS FIFO, one message group (one chat) on its partition']?.need).toBeCloseTo(4);
    expect(
      byLimit['one chat processed in order (one batch in flight per group)']?.utilisation,
    ).toBeCloseTo(0.4);
    expect(picture.bindsFirst.limit).toBe('responder maxConcurrency (SQS event source setting)');
    // 3.6e6 × $0.000002 + $730 / 730 h
    expect(picture.usdPerHour).toBeCloseTo(8.2, 9);
  });
});

describe('bench/prices.json', () => {
  it('has every price and limit the model uses, each with a source and a checked date', () => {
    const table = JSON.parse(
      readFileSync(new URL('../../bench/prices.json', import.meta.url), 'utf8'),
    ) as PriceTable;
    for (const key of Object.keys(ROUND_PRICES)) {
      const price = table.prices[key as PriceKey];
      expect(price?.usd, key).toBeTypeOf('number');
      expect(price?.source, key).toMatch(/^https:\/\//);
      expect(price?.checked, key).toMatch(/as of/);
    }
    for (const key of Object.keys(LIMITS)) {
      expect(table.limits[key as LimitKey]?.value, key).toBeTypeOf('number');
    }
  });
});
