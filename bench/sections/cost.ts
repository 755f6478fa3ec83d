// Cost model section: feeds the figures measured in this run (handler CPU time, write/read units, log
// bytes, item size) and the deployed settings (lib/) into bench/cost-model.ts, and reports $ per 1M inbound
// messages itemised, against the naive design and managed NLU/guardrail services, plus the scale picture
// at Meta's top throughput of 1,000 messages/s per number.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type CostBreakdown,
  type CostInputs,
  costOf,
  managedAlternatives,
  NAIVE_DEFAULTS,
  naiveInputs,
  type OutcomeProfile,
  type PriceTable,
  scalePicture,
} from '../cost-model.ts';
import { round } from '../lib/stats.ts';
import type { BenchContext, SectionOutput, TargetCheck } from '../lib/types.ts';

/** What lib/ deploys (lib/scoped-responder.ts, lib/node-handler.ts, cdk.json stage `prod`). */
export const DEPLOYED = {
  ingressMemoryMb: 256,
  responderMemoryMb: 512,
  sqsBatchSize: 10,
  ingressReservedConcurrency: 20,
  responderMaxConcurrency: 5,
  highThroughputFifo: true,
  pitr: true,
  /** 8 alarms (9 with the optional EUM ingress), 1 dashboard, 1 customer managed key (alarm topic). */
  alarms: 8,
  dashboards: 1,
  kmsKeys: 1,
  /** The WhatsApp secret and the salt seed secret. */
  secrets: 2,
  logRetentionDays: 90,
  retentionDays: 90,
  tracing: true,
  trackDelivery: true,
} as const;

/**
 * Not measurable on a laptop; each is a stated assumption the report prints.
 * In-Region AWS calls are single-digit ms; the Graph API is a cross-internet call to Meta.
 */
const ASSUMED = {
  sqsSendMs: 8,
  dynamoRequestMs: 4,
  graphCallMs: 200,
  /** START, END and REPORT lines (with the X-Ray trace id) per invocation. */
  platformLogBytes: 350,
  /**
   * Unique EMF metrics a month: ingress 9 counters + ColdStart; responder Decisions × 10 outcomes,
   * GraphApiCalls, GraphApiErrors × ~4 codes seen, ReplyLatency, ColdStart.
   */
  customMetrics: 27,
  /** 2 functions × ~2 warm environments × a refetch every 5 minutes (Powertools cache) × 730 h. */
  secretFetchesPerMonth: 35_040,
  /** Lambda's SQS poller long-polls (20 s) with ~5 pollers while idle: 5 × 3/min × 43,800 min. */
  idlePollsPerMonth: 657_000,
  queueBodyBytes: 1024,
  /** Index entry + per-item overhead (100 bytes each for table and index) on top of the measured item. */
  storageOverheadBytes: 350,
  statusWebhooksPerReply: 3,
  textShare: 0.9,
} as const;

/** Share of inbound messages by outcome. Refused includes non-text messages (both get the menu). */
const MIX = { answered: 0.6, refused: 0.3, noReply: 0.05, duplicate: 0.05 } as const;

const VOLUMES = [1_000_000, 10_000_000, 100_000_000] as const;
const N = 1_000_000;

interface Measured {
  readonly source: string;
  readonly value: number;
}

function pick(
  previous: BenchContext['previous'],
  section: string,
  path: readonly string[],
  fallback: number,
): Measured {
  const result = previous[section as keyof typeof previous];
  if (result?.status === 'ok') {
    let v: unknown = result.data;
    for (const key of path) v = (v as Record<string, unknown> | undefined)?.[key];
    if (typeof v === 'number' && Number.isFinite(v)) {
      return { source: `measured (${section} section)`, value: v };
    }
  }
  return { source: `assumed (${section} section not available)`, value: fallback };
}

export async function run(ctx: BenchContext): Promise<SectionOutput> {
  const table = JSON.parse(readFileSync(join(ctx.root, 'bench/prices.json'), 'utf8')) as PriceTable;
  const p = ctx.previous;
  const vcpuMb = table.limits.lambdaVcpuMb.value;
  // Lambda gives a function CPU in proportion to its memory; below 1,769 MB a CPU-bound ms here takes
  // longer there. I/O waits are billed as they are.
  const billed = (cpuMs: number, memoryMb: number, ioMs: number) =>
    cpuMs * Math.max(1, vcpuMb / memoryMb) + ioMs;

  const m = {
    ingressCpu: pick(p, 'ingress', ['oneMessage', 'mean'], 1),
    statusCpu: pick(p, 'ingress', ['statusTracked', 'mean'], 0.5),
    statusDroppedCpu: pick(p, 'ingress', ['statusDropped', 'mean'], 0.5),
    ingressLog: pick(p, 'ingress', ['oneMessage', 'logBytes'], 300),
    statusLog: pick(p, 'ingress', ['statusTracked', 'logBytes'], 300),
    answeredCpu: pick(p, 'responder', ['inMemoryMeanMs', 'answered'], 3),
    refusedCpu: pick(p, 'responder', ['inMemoryMeanMs', 'refused'], 4),
    duplicateCpu: pick(p, 'responder', ['inMemoryMeanMs', 'duplicate'], 1),
    statusItemCpu: pick(p, 'responder', ['inMemoryMeanMs', 'status'], 0.3),
    responderLog: pick(p, 'responder', ['logBytesPerMessage', 'answered'], 950),
    statusItemLog: pick(p, 'responder', ['logBytesPerMessage', 'status'], 0),
    answeredWcu: pick(p, 'dynamodb', ['perOutcome', 'answered', 'wcu'], 3),
    answeredRcu: pick(p, 'dynamodb', ['perOutcome', 'answered', 'rcu'], 1),
    answeredReq: pick(p, 'dynamodb', ['perOutcome', 'answered', 'requests'], 3),
    refusedWcu: pick(p, 'dynamodb', ['perOutcome', 'refused_out_of_scope', 'wcu'], 3),
    noReplyWcu: pick(
      p,
      'dynamodb',
      ['perOutcome', 'opted_out (a message from an opted-out user)', 'wcu'],
      3,
    ),
    duplicateWcu: pick(
      p,
      'dynamodb',
      ['perOutcome', 'duplicate (redelivery of an answered message)', 'billedWcu'],
      2,
    ),
    duplicateReq: pick(
      p,
      'dynamodb',
      ['perOutcome', 'duplicate (redelivery of an answered message)', 'requests'],
      2,
    ),
    statusWcu: pick(
      p,
      'dynamodb',
      ['perOutcome', 'status delivered (TRACK_DELIVERY on)', 'wcu'],
      1,
    ),
    itemBytes: pick(p, 'dynamodb', ['meanItemBytes'], 700),
    classifierUs: pick(p, 'classifier', ['ourWorstP50Us'], 200),
  };

  const ddb = ASSUMED.dynamoRequestMs;
  const graph = ASSUMED.graphCallMs;
  const mem = DEPLOYED.responderMemoryMb;
  const duplicateWcu = m.duplicateWcu.value;
  const outcomes: Record<string, OutcomeProfile> = {
    answered: {
      share: MIX.answered,
      replies: 1,
      writeUnits: m.answeredWcu.value,
      readUnits: m.answeredRcu.value,
      responderMs: billed(m.answeredCpu.value, mem, m.answeredReq.value * ddb + 2 * graph),
    },
    refused: {
      share: MIX.refused,
      replies: 1,
      writeUnits: m.refusedWcu.value,
      readUnits: m.answeredRcu.value,
      responderMs: billed(m.refusedCpu.value, mem, m.answeredReq.value * ddb + 2 * graph),
    },
    noReply: {
      share: MIX.noReply,
      replies: 0,
      writeUnits: m.noReplyWcu.value,
      readUnits: m.answeredRcu.value,
      responderMs: billed(m.answeredCpu.value, mem, m.answeredReq.value * ddb),
    },
    duplicate: {
      share: MIX.duplicate,
      replies: 0,
      writeUnits: duplicateWcu,
      readUnits: 0,
      responderMs: billed(m.duplicateCpu.value, mem, m.duplicateReq.value * ddb),
    },
  };
  const ingressMessageMs = billed(m.ingressCpu.value, DEPLOYED.ingressMemoryMb, ASSUMED.sqsSendMs);
  const ingressStatusTrackedMs = billed(
    m.statusCpu.value,
    DEPLOYED.ingressMemoryMb,
    ASSUMED.sqsSendMs,
  );
  const ingressStatusDroppedMs = billed(m.statusDroppedCpu.value, DEPLOYED.ingressMemoryMb, 0);
  const statusItemMs = billed(m.statusItemCpu.value, mem, ddb);

  const base = (monthly: number): CostInputs => ({
    inboundMessages: N,
    monthlyInboundMessages: monthly,
    endpoint: 'function-url',
    arch: 'arm64',
    messagesPerWebhook: 1,
    statusWebhooksPerReply: ASSUMED.statusWebhooksPerReply,
    statusesPerWebhook: 1,
    trackDelivery: DEPLOYED.trackDelivery,
    outcomes,
    ingress: {
      memoryMb: DEPLOYED.ingressMemoryMb,
      logBytesPerInvocation: m.ingressLog.value,
      messageWebhookMs: ingressMessageMs,
      statusWebhookMs: ingressStatusTrackedMs,
    },
    responder: {
      memoryMb: mem,
      logBytesPerInvocation: 0,
      // At low traffic each poll returns one message; at volume the batches fill.
      itemsPerInvocation: monthly >= 100_000_000 ? 5 : 1,
      statusMs: statusItemMs,
      statusWriteUnits: m.statusWcu.value,
      statusReadUnits: 0,
      logBytesPerItem: m.responderLog.value,
      logBytesPerStatusItem: m.statusItemLog.value,
    },
    sqs: {
      fifo: true,
      bodyBytes: ASSUMED.queueBodyBytes,
      idleRequestsPerMonth: ASSUMED.idlePollsPerMonth,
    },
    platformLogBytesPerInvocation: ASSUMED.platformLogBytes,
    logRetentionDays: DEPLOYED.logRetentionDays,
    storage: {
      itemBytes: m.itemBytes.value + ASSUMED.storageOverheadBytes,
      retentionDays: DEPLOYED.retentionDays,
      pitr: DEPLOYED.pitr,
    },
    monitoring: {
      customMetrics: ASSUMED.customMetrics,
      alarms: DEPLOYED.alarms,
      dashboards: DEPLOYED.dashboards,
      kmsKeys: DEPLOYED.kmsKeys,
    },
    tracing: { enabled: DEPLOYED.tracing, reservoirPerSecond: 1, fixedRate: 0.05 },
    secrets: { count: DEPLOYED.secrets, fetchesPerMonth: ASSUMED.secretFetchesPerMonth },
  });
  const trackingOff = (i: CostInputs): CostInputs => ({
    ...i,
    trackDelivery: false,
    ingress: { ...i.ingress, statusWebhookMs: ingressStatusDroppedMs },
  });
  const tracingOff = (i: CostInputs): CostInputs => ({
    ...i,
    tracing: { ...i.tracing, enabled: false },
  });
  // Configuration only, no code change: what the deployment's own knobs can take off the bill.
  const tunedMemoryMb = 256;
  const tuned = (i: CostInputs): CostInputs => {
    const lean = tracingOff(trackingOff(i));
    const rescaled: Record<string, OutcomeProfile> = {};
    for (const [name, o] of Object.entries(outcomes)) {
      const cpu =
        name === 'duplicate'
          ? m.duplicateCpu.value
          : name === 'refused'
            ? m.refusedCpu.value
            : m.answeredCpu.value;
      const io = o.responderMs - billed(cpu, mem, 0);
      rescaled[name] = { ...o, responderMs: billed(cpu, tunedMemoryMb, io) };
    }
    return {
      ...lean,
      outcomes: rescaled,
      responder: { ...lean.responder, memoryMb: tunedMemoryMb },
      logRetentionDays: 30,
      storage: { ...lean.storage, retentionDays: 30 },
    };
  };

  const oursAt = VOLUMES.map((v) => costOf(base(v), table));
  const naiveAt = VOLUMES.map((v) => costOf(naiveInputs(base(v)), table));
  const naiveHttpAt = VOLUMES.map((v) =>
    costOf(naiveInputs(base(v), { ...NAIVE_DEFAULTS, endpoint: 'http-api' }), table),
  );
  const variants: [string, CostBreakdown[]][] = [
    ['this design, as deployed (prod: Function URL, statuses tracked, X-Ray active)', oursAt],
    [
      'this design, TRACK_DELIVERY off (dev stage / default)',
      VOLUMES.map((v) => costOf(trackingOff(base(v)), table)),
    ],
    ['this design, X-Ray tracing off', VOLUMES.map((v) => costOf(tracingOff(base(v)), table))],
    [
      'this design, tracing off and TRACK_DELIVERY off',
      VOLUMES.map((v) => costOf(tracingOff(trackingOff(base(v))), table)),
    ],
    [
      'this design behind an API Gateway HTTP API instead of the Function URL',
      VOLUMES.map((v) => costOf({ ...base(v), endpoint: 'http-api' }, table)),
    ],
    [
      `this design, tuned by configuration: tracing off, TRACK_DELIVERY off, responder ${tunedMemoryMb} MB, 30-day retention of decisions and logs`,
      VOLUMES.map((v) => costOf(tuned(base(v)), table)),
    ],
    [
      'naive: REST API, idempotency + decision + state tables, every status written, verbose logs',
      naiveAt,
    ],
    ['naive, with an HTTP API instead of REST', naiveHttpAt],
  ];
  const oursTotals = oursAt.map((c) => c.totalUsd);

  // Itemised table: the same lines at three monthly volumes, and the naive design at 10M/month.
  const itemRows: (string | number | null)[][] = (oursAt[0]?.lines ?? []).map((line, index) => [
    `${line.service}: ${line.item}`,
    `${round(line.quantity)} ${line.unit}`,
    unitPrice(line.unitUsd),
    ...oursAt.map((c) => round(c.lines[index]?.usd ?? 0, 3)),
  ]);
  itemRows.push(['**total**', '', null, ...oursAt.map((c) => round(c.totalUsd, 3))]);
  itemRows.push([
    'of which fixed monthly charges',
    '',
    null,
    ...oursAt.map((c) => round(c.fixedUsd, 3)),
  ]);

  const naive10 = naiveAt[1];
  const naiveRows = (naive10?.lines ?? []).map((line) => [
    `${line.service}: ${line.item}`,
    `${round(line.quantity)} ${line.unit}`,
    round(line.usd, 3),
  ]);
  naiveRows.push(['**total**', '', round(naive10?.totalUsd ?? 0, 3)]);

  const variantRows = variants.map(([name, costs]) => [
    name,
    ...costs.map((c) => round(c.totalUsd, 3)),
    ...costs.map((c, i) => round(c.totalUsd / (oursTotals[i] ?? 1), 3)),
  ]);

  const classifierMs = m.classifierUs.value / 1000;
  const managed = managedAlternatives(
    {
      inboundMessages: N,
      textShare: ASSUMED.textShare,
      textUnitsPerMessage: 1,
      classifierMs: billed(classifierMs, mem, 0),
      memoryMb: mem,
      arch: 'arm64',
    },
    table,
  );
  const ours10 = oursAt[1]?.totalUsd ?? 0;
  const managedRows = managed.map((r) => [
    r.service,
    r.basis,
    round(r.usd, 3),
    round(r.usd / ours10, 3),
  ]);

  // Scale: 1,000 inbound messages/s on one number, a month of it.
  const perSecond = 1000;
  const monthlyAtScale = perSecond * 3600 * 730;
  const atScaleInputs: CostInputs = {
    ...base(monthlyAtScale),
    responder: { ...base(monthlyAtScale).responder, itemsPerInvocation: DEPLOYED.sqsBatchSize },
  };
  const atScale = costOf(atScaleInputs, table);
  const replyShare = MIX.answered + MIX.refused;
  const responderMsPerMessage = Object.values(outcomes).reduce(
    (s, o) => s + o.share * o.responderMs,
    0,
  );
  const scale = scalePicture(
    {
      inboundPerSecond: perSecond,
      replyShare,
      statusWebhooksPerReply: ASSUMED.statusWebhooksPerReply,
      trackDelivery: DEPLOYED.trackDelivery,
      ingressMessageMs,
      ingressStatusMs: ingressStatusTrackedMs,
      responderMsPerMessage,
      responderMsPerStatus: statusItemMs,
      ingressReservedConcurrency: DEPLOYED.ingressReservedConcurrency,
      responderMaxConcurrency: DEPLOYED.responderMaxConcurrency,
      highThroughputFifo: DEPLOYED.highThroughputFifo,
      itemsPerReceive: DEPLOYED.sqsBatchSize,
      perUserMessagesPerSecond: 1,
      baseWriteUnitsPerMessage: 2,
      statusWriteUnits: m.statusWcu.value,
      topOutcomeShare: MIX.answered,
      gsiShards: 4,
      gsiWriteUnitsPerEntry: 1,
      usdPerMessage: atScale.variableUsd / N,
      fixedUsdPerMonth: atScale.fixedUsd * (monthlyAtScale / N),
    },
    table,
  );
  const scaleRows = scale.rows.map((r) => [
    r.limit,
    round(r.need),
    r.capacity,
    r.unit,
    `${round(r.utilisation * 100)}%`,
    r.utilisation > 1 ? 'exceeded' : 'ok',
    r.note,
  ]);

  // The lines where the two designs differ at all: the rest (fixed charges, compute on the same measured
  // durations) is common to both and only dilutes the ratio.
  const differingNames = new Set<string>();
  const differing = VOLUMES.map((_, i) => {
    const ours = oursAt[i];
    const naive = naiveAt[i];
    if (!ours || !naive) return Number.NaN;
    let o = 0;
    let n = 0;
    ours.lines.forEach((line) => {
      const other = naive.lines.find(
        (l) =>
          l.item === line.item &&
          l.kind === line.kind &&
          (l.service === line.service || l.item === 'webhook requests'),
      );
      if (other && Math.abs(other.usd - line.usd) > 1e-9) {
        differingNames.add(
          line.item === 'webhook requests' ? 'endpoint' : `${line.service} ${line.item}`,
        );
        o += line.usd;
        n += other.usd;
      }
    });
    return n / o;
  });
  const targets: TargetCheck[] = [];
  VOLUMES.forEach((volume, i) => {
    const total = oursAt[i]?.totalUsd ?? Number.NaN;
    const naiveTotal = naiveAt[i]?.totalUsd ?? Number.NaN;
    const label = `${volume / 1e6}M messages/month`;
    const xray = oursAt[i]?.lines.find((l) => l.service === 'X-Ray')?.usd ?? 0;
    const fixed = oursAt[i]?.fixedUsd ?? 0;
    targets.push({
      target: `≤ $3.00 per 1M inbound messages all-in, at ${label}`,
      met: total <= 3,
      detail: `$${round(total, 3)} (${total <= 3 ? '' : '+'}${round(((total - 3) / 3) * 100)}% vs $3.00); X-Ray $${round(xray, 3)}, fixed monthly charges $${round(fixed, 3)}`,
      ...(total > 3 && {
        note: `largest lines: ${topLines(oursAt[i])}; configuration alone (the tuned variant) gives $${round(variants.find(([n]) => n.includes('tuned'))?.[1][i]?.totalUsd ?? 0, 3)}. What remains is per-message work priced per request (3 ingress invocations per reply for the status webhooks, SQS FIFO send/receive/delete, 3 WCU) and the responder's billed wait on the Graph API; closing the gap needs Meta to batch webhooks, fewer requests per message (SQS batching at volume) and a cheaper wait (lower memory, markRead and send in parallel)`,
      }),
    });
    targets.push({
      target: `≥ 3× cheaper than the naive design, at ${label}`,
      met: naiveTotal / total >= 3,
      detail: `naive $${round(naiveTotal, 3)} vs $${round(total, 3)}: ×${round(naiveTotal / total)}`,
      ...(naiveTotal / total < 3 && {
        note: `the charges both designs share (fixed monthly, Lambda time on the same measured durations) dilute the ratio; on the lines that differ the naive design costs ×${round(differing[i] ?? Number.NaN)}`,
      }),
    });
  });

  const assumedRows = Object.entries(m).map(([name, v]) => [name, round(v.value), v.source]);
  for (const [name, value] of Object.entries(ASSUMED)) assumedRows.push([name, value, 'assumed']);
  for (const [name, value] of Object.entries(DEPLOYED))
    assumedRows.push([name, String(value), 'deployed (lib/, cdk.json prod)']);
  for (const [name, value] of Object.entries(NAIVE_DEFAULTS))
    assumedRows.push([`naive: ${name}`, String(value), 'assumed (NAIVE_DEFAULTS)']);
  assumedRows.push(
    [
      'billed ms, ingress message webhook',
      round(ingressMessageMs),
      'derived: CPU × 1769/256 + SQS send',
    ],
    ['billed ms, ingress status webhook (tracked)', round(ingressStatusTrackedMs), 'derived'],
    [
      'billed ms, responder per answered message',
      round(outcomes.answered?.responderMs ?? 0),
      'derived: CPU × 1769/512 + DynamoDB + 2 Graph calls',
    ],
    ['billed ms, responder per status item', round(statusItemMs), 'derived'],
  );

  const headline = [
    `$ per 1M inbound messages, as deployed: ${VOLUMES.map((v, i) => `$${round(oursAt[i]?.totalUsd ?? 0, 3)} @ ${v / 1e6}M/month`).join(', ')} — naive design ${VOLUMES.map((_, i) => `$${round(naiveAt[i]?.totalUsd ?? 0, 3)}`).join(', ')} (×${VOLUMES.map((_, i) => round((naiveAt[i]?.totalUsd ?? 0) / (oursAt[i]?.totalUsd ?? 1))).join(', ×')})`,
    `Lex V2 would add $${round(managed[1]?.usd ?? 0)} and Bedrock Guardrails (topics + filters) $${round(managed[3]?.usd ?? 0)} per 1M; our classifier costs $${round(managed[0]?.usd ?? 0, 3)} of Lambda time`,
    `at 1,000 inbound messages/s: $${round(scale.usdPerHour, 4)} per hour; binds first: ${scale.bindsFirst.limit} (need ${round(scale.bindsFirst.need)} vs ${scale.bindsFirst.capacity})`,
  ];
  headline.push(
    `naive ÷ this design on the lines that differ between them (${[...differingNames].join(', ')}): ×${differing.map((r) => round(r)).join(', ×')} at 1M, 10M, 100M/month`,
  );
  return {
    headline,
    method:
      `bench/cost-model.ts (pure; its arithmetic is unit-tested in test/bench/cost-model.test.ts) with the ` +
      `prices in bench/prices.json (${table.region}, ${table.checked}). Per 1M inbound messages: ` +
      `${MIX.answered * 100}% answered, ${MIX.refused * 100}% refused (incl. non-text), ${MIX.noReply * 100}% ` +
      `unanswered (opted out, handoff, window closed), ${MIX.duplicate * 100}% redelivered duplicates; ` +
      `${ASSUMED.statusWebhooksPerReply} status webhooks (sent, delivered, read) per reply, one webhook per ` +
      'message or status (Meta may batch; not guaranteed). Lambda time = the CPU time measured in this run ' +
      'scaled by Lambda’s CPU share at the configured memory, plus assumed in-Region I/O and Graph API waits. ' +
      'Fixed monthly charges are spread over the monthly volume, so $ per 1M depends on it: three volumes are ' +
      'shown. No free tier is applied. Every price must be re-checked before it is quoted.',
    tables: [
      {
        title: 'This design, itemised: $ per 1M inbound messages at three monthly volumes',
        columns: [
          'line',
          'quantity per 1M messages (fixed: per month)',
          'unit $',
          '@ 1M/month',
          '@ 10M/month',
          '@ 100M/month',
        ],
        rows: itemRows,
      },
      {
        title:
          'Variants and the naive design: $ per 1M inbound messages, and × this design as deployed',
        columns: [
          'design',
          '@ 1M/month',
          '@ 10M/month',
          '@ 100M/month',
          '× @ 1M',
          '× @ 10M',
          '× @ 100M',
        ],
        rows: variantRows,
      },
      {
        title: 'The naive design itemised, @ 10M/month ($ per 1M)',
        columns: ['line', 'quantity', '$'],
        rows: naiveRows,
      },
      {
        title:
          'Scope classification through a managed service instead: added $ per 1M inbound messages',
        columns: [
          'service',
          'basis',
          '$ per 1M messages',
          '× this design’s whole bill @ 10M/month',
        ],
        rows: managedRows,
      },
      {
        title: `Scale: ${perSecond.toLocaleString('en-US')} inbound messages/s on one number (Meta’s top tier), as deployed — $${round(scale.usdPerHour, 4)} per hour; binds first: ${scale.bindsFirst.limit}`,
        columns: ['limit', 'need', 'capacity', 'unit', 'utilisation', '', 'note'],
        rows: scaleRows,
      },
      {
        title: 'Inputs: measured in this run, assumed, or read from the deployment',
        columns: ['input', 'value', 'source'],
        rows: assumedRows,
      },
    ],
    targets,
    notes: [
      `At ${perSecond} messages/s: ${round(atScale.volumes.ingressInvocations / N)} ingress invocations and ${round(atScale.volumes.responderInvocations / N)} responder invocations per inbound message (batches of ${DEPLOYED.sqsBatchSize}); $${round(atScale.totalUsd, 3)} per 1M messages at that volume.`,
      `Scale fixes, in order: raise responderMaxConcurrency (default 5) to ≥ ${Math.ceil(scale.rows.find((r) => r.limit.startsWith('responder'))?.need ?? 0)} and the account concurrency quota; reserve ≥ ${Math.ceil(scale.rows.find((r) => r.limit.startsWith('ingress'))?.need ?? 0)} for the ingress (prod reserves 20), or turn TRACK_DELIVERY off to halve ingress work; Meta’s 1,000 mps counts replies too, so one number tops out near ${Math.floor(1000 / (1 + replyShare))} inbound messages/s with a reply each.`,
      'High-throughput FIFO is on (deduplication and throughput limit per message group): 70,000 calls/s per action in us-east-1, so SQS does not bind; without it, 300 calls/s would.',
      'X-Ray: Lambda active tracing samples the first request each second and 5% of the rest; at low volume nearly every invocation is traced, which is why it dominates the bill at 1M/month. The model applies one reservoir to the whole account; if Lambda applies it per function, the figure is somewhat higher.',
    ],
    data: {
      perMillion: Object.fromEntries(
        VOLUMES.map((v, i) => [v, { ours: oursAt[i]?.totalUsd, naive: naiveAt[i]?.totalUsd }]),
      ),
      variants: variants.map(([name, costs]) => ({ name, totals: costs.map((c) => c.totalUsd) })),
      managed,
      scale: { usdPerHour: scale.usdPerHour, bindsFirst: scale.bindsFirst.limit, rows: scale.rows },
    },
  };
}

/** The three most expensive lines of a breakdown, for the target notes. */
function topLines(cost: CostBreakdown | undefined): string {
  if (!cost) return 'n/a';
  return [...cost.lines]
    .sort((a, b) => b.usd - a.usd)
    .slice(0, 3)
    .map((l) => `${l.service} ${l.item} $${round(l.usd, 3)}`)
    .join(', ');
}

/** Per-request prices read better per million. */
function unitPrice(usd: number): string {
  return usd > 0 && usd < 0.01 ? `$${round(usd * 1e6, 4)} per 1M` : `$${usd}`;
}
