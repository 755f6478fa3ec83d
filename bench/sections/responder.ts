// Responder: SQS events through the full middy chain (dedupe, consent, policy, handoff, classifier, scope,
// window, respond, decision log). With in-memory ports: messages/s on one core per outcome. With the
// DynamoDB adapters against dynalite and DynamoDB Local: p50/p99 per message, next to a raw PutItem against
// the same server in the same run.
import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { SQSEvent } from 'aws-lambda';
import { DynamoDbConversationStore } from '../../lambda/adapters/dynamodb-conversation-store.ts';
import { DynamoDbDecisionLog } from '../../lambda/adapters/dynamodb-decision-log.ts';
import { createTable } from '../../lambda/adapters/dynamodb-table.ts';
import { encodeDecisionRef } from '../../lambda/core/decision-ref.ts';
import {
  LOCAL_CREDENTIALS,
  LOCAL_REGION,
  type RunningServer,
  startDynalite,
  startDynamoDbLocal,
} from '../../test/support/dynamodb-servers.ts';
import {
  InMemoryConversationStore,
  InMemoryDecisionLog,
  RecordingWhatsAppSender,
} from '../../test/support/in-memory-ports.ts';
import { captureStdout, type StdoutCapture } from '../lib/capture.ts';
import { createRig, type Rig, TEXTS } from '../lib/responder-rig.ts';
import { type LoopResult, ratio, round, timeLoop } from '../lib/stats.ts';
import type { BenchContext, SectionOutput } from '../lib/types.ts';

type Scenario = 'answered' | 'refused' | 'duplicate' | 'status' | 'opt-out';

interface ScenarioResult {
  readonly scenario: Scenario;
  readonly loop: LoopResult;
  readonly logBytes: number;
}

/** Events for `n` iterations of a scenario, built before timing; `prepare` runs untimed setup calls. */
async function scenarioEvents(
  rig: Rig,
  scenario: Scenario,
  n: number,
  tag: string,
  userBase: number,
): Promise<SQSEvent[]> {
  const messages = Array.from({ length: n }, (_, i) =>
    rig.message(`${tag}.${scenario}.${i}`, userBase + (i % 500), TEXTS.answered),
  );
  switch (scenario) {
    case 'answered':
      return messages.map((m) => rig.event(m));
    case 'refused':
      return Array.from({ length: n }, (_, i) =>
        rig.event(rig.message(`${tag}.refused.${i}`, userBase + (i % 500), TEXTS.refused)),
      );
    case 'opt-out':
      // A fresh user each time: the first STOP writes the state and sends the confirmation.
      return Array.from({ length: n }, (_, i) =>
        rig.event(rig.message(`${tag}.stop.${i}`, userBase + i, TEXTS.optOut)),
      );
    case 'duplicate':
    case 'status': {
      const originals = messages.map((m) => rig.event(m));
      for (const event of originals) await rig.handler(event, rig.context);
      return scenario === 'duplicate'
        ? originals
        : messages.map((m) => rig.event(rig.status(m, 'delivered')));
    }
  }
}

async function measure(
  rig: Rig,
  scenario: Scenario,
  opts: { iterations: number; warmup: number; tag: string; userBase: number },
  capture: StdoutCapture,
  check?: (event: SQSEvent) => void,
): Promise<ScenarioResult> {
  const total = opts.iterations + opts.warmup;
  const events = await scenarioEvents(rig, scenario, total, opts.tag, opts.userBase);
  capture.reset();
  const loop = await timeLoop(
    async (i) => {
      const event = events[i < 0 ? -1 - i : opts.warmup + i];
      if (!event) throw new Error('event index out of range');
      const result = await rig.handler(event, rig.context);
      if (result.batchItemFailures.length > 0) throw new Error(`${scenario}: batch item failed`);
    },
    { iterations: opts.iterations, warmup: opts.warmup },
  );
  const first = events[0];
  if (check && first) check(first);
  return { scenario, loop, logBytes: capture.bytes() / total };
}

function resultRow(backend: string, r: ScenarioResult): (string | number | null)[] {
  return [
    backend,
    r.scenario,
    round(r.loop.latency.p50),
    round(r.loop.latency.p99),
    round(r.loop.latency.mean),
    round(r.loop.perSecond),
    round(r.logBytes),
  ];
}

async function rawPutItem(
  client: DynamoDBClient,
  table: string,
  iterations: number,
): Promise<LoopResult> {
  const padding = 'x'.repeat(400);
  return timeLoop(
    (i) =>
      client.send(
        new PutItemCommand({
          TableName: table,
          Item: {
            pk: { S: `U#baseline${i % 500}` },
            sk: { S: `M#${String(1_764_000_000 + i).padStart(10, '0')}#wamid.base.${i}` },
            state: { S: 'finished' },
            text: { S: padding },
          },
        }),
      ),
    { iterations, warmup: 30 },
  );
}

async function backendRun(
  ctx: BenchContext,
  name: string,
  server: RunningServer,
  capture: StdoutCapture,
  iterations: number,
): Promise<{ rows: (string | number | null)[][]; results: ScenarioResult[]; put: LoopResult }> {
  const client = new DynamoDBClient({
    endpoint: server.endpoint,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
    maxAttempts: 1,
  });
  try {
    const tableName = `bench-${name.replace(/\W/g, '')}`;
    await createTable(client, tableName, { timeToLive: true });
    const doc = DynamoDBDocumentClient.from(client, {
      marshallOptions: { removeUndefinedValues: true },
    });
    const rig = createRig(ctx.root, {
      decisions: new DynamoDbDecisionLog({ client: doc, tableName }),
      conversations: new DynamoDbConversationStore({ client: doc, tableName }),
      sender: new RecordingWhatsAppSender(),
    });
    const results: ScenarioResult[] = [];
    let userBase = 100_000;
    for (const scenario of ['answered', 'refused', 'duplicate', 'status'] as const) {
      ctx.log(`${name}: ${scenario} × ${iterations}`);
      results.push(
        await measure(rig, scenario, { iterations, warmup: 20, tag: name, userBase }, capture),
      );
      userBase += 10_000;
    }
    ctx.log(`${name}: raw PutItem baseline`);
    const put = await rawPutItem(client, tableName, iterations * 2);
    const rows = results.map((r) => resultRow(name, r));
    rows.push([
      name,
      'baseline: raw PutItem',
      round(put.latency.p50),
      round(put.latency.p99),
      round(put.latency.mean),
      round(put.perSecond),
      null,
    ]);
    const answered = results[0];
    if (answered) {
      rows.push([
        name,
        'ratio answered / PutItem',
        ratio(answered.loop.latency.p50, put.latency.p50),
        ratio(answered.loop.latency.p99, put.latency.p99),
        ratio(answered.loop.latency.mean, put.latency.mean),
        null,
        null,
      ]);
    }
    return { rows, results, put };
  } finally {
    client.destroy();
  }
}

export async function run(ctx: BenchContext): Promise<SectionOutput> {
  const capture = captureStdout();
  const servers: RunningServer[] = [];
  try {
    // ---- in-memory ports: the chain's own cost ----
    const decisions = new InMemoryDecisionLog();
    const sender = new RecordingWhatsAppSender();
    const rig = createRig(ctx.root, {
      decisions,
      conversations: new InMemoryConversationStore(decisions),
      sender,
    });
    const outcomes: Record<string, string | undefined> = {};
    const outcomeCheck = (scenario: string) => (event: SQSEvent) => {
      const body = JSON.parse(event.Records[0]?.body ?? '{}') as {
        item?: { kind: string; wamid: string; timestamp: number; user: { key: string } };
      };
      const item = body.item;
      if (item?.kind !== 'message') return;
      const ref = rig.ref(item as never);
      const stored = decisions.items.get(encodeDecisionRef(ref));
      outcomes[scenario] =
        scenario === 'duplicate'
          ? `${stored?.duplicates ?? 0} redeliveries noted on the ${stored?.record?.outcome} record`
          : stored?.record?.outcome;
    };
    const inMemory: ScenarioResult[] = [];
    let userBase = 0;
    for (const scenario of ['answered', 'refused', 'duplicate', 'status', 'opt-out'] as const) {
      ctx.log(`in-memory: ${scenario}`);
      inMemory.push(
        await measure(
          rig,
          scenario,
          { iterations: 600, warmup: 60, tag: 'mem', userBase },
          capture,
          outcomeCheck(scenario),
        ),
      );
      userBase += 10_000;
      sender.sent.length = 0;
      sender.reads.length = 0;
    }
    // A full SQS batch of 10 records (different users): the per-invocation overhead is shared.
    ctx.log('in-memory: batches of 10');
    const batches = Array.from({ length: 220 }, (_, b) =>
      rig.event(
        ...Array.from({ length: 10 }, (_, i) =>
          rig.message(`mem.batch.${b}.${i}`, 200_000 + b * 10 + i, TEXTS.answered),
        ),
      ),
    );
    capture.reset();
    const batchLoop = await timeLoop(
      async (i) => {
        const event = batches[i < 0 ? -1 - i : 20 + i];
        if (event) await rig.handler(event, rig.context);
      },
      { iterations: 200, warmup: 20 },
    );
    const batchLogBytes = capture.bytes() / 220 / 10;

    const rows = inMemory.map((r) => resultRow('in-memory', r));
    rows.push([
      'in-memory',
      'answered, SQS batch of 10 (per message)',
      round(batchLoop.latency.p50 / 10),
      round(batchLoop.latency.p99 / 10),
      round(batchLoop.latency.mean / 10),
      round(batchLoop.perSecond * 10),
      round(batchLogBytes),
    ]);

    // ---- DynamoDB wire servers ----
    const backendRows: (string | number | null)[][] = [];
    const backendData: Record<string, unknown> = {};
    const backends: [string, () => Promise<RunningServer>][] = [
      ['dynalite', startDynalite],
      ['DynamoDB Local', () => startDynamoDbLocal()],
    ];
    for (const [name, start] of backends) {
      let server: RunningServer;
      try {
        server = await start();
      } catch (error) {
        backendRows.push([
          name,
          `not run: ${(error as Error).message.split('\n')[0]}`,
          null,
          null,
          null,
          null,
          null,
        ]);
        continue;
      }
      servers.push(server);
      ctx.log(`${name} up in ${server.startMs} ms`);
      try {
        const { rows: r, results, put } = await backendRun(ctx, name, server, capture, 150);
        backendRows.push(...r);
        backendData[name] = {
          startMs: server.startMs,
          putP50: put.latency.p50,
          putP99: put.latency.p99,
          scenarios: Object.fromEntries(
            results.map((x) => [
              x.scenario,
              { p50: x.loop.latency.p50, p99: x.loop.latency.p99, mean: x.loop.latency.mean },
            ]),
          ),
        };
      } finally {
        await server.stop();
        servers.pop();
      }
    }
    const columns = [
      'ports',
      'scenario',
      'p50 ms',
      'p99 ms',
      'mean ms',
      'messages/s (one core)',
      'stdout bytes/message',
    ];
    const mean = (s: Scenario) => inMemory.find((r) => r.scenario === s)?.loop.latency.mean;
    const answeredMem = inMemory.find((r) => r.scenario === 'answered');
    const headline = [
      `in-memory ports, answered: ${round(answeredMem?.loop.perSecond ?? 0)} messages/s on one core (p50 ${round(answeredMem?.loop.latency.p50 ?? 0)} ms, p99 ${round(answeredMem?.loop.latency.p99 ?? 0)} ms)`,
      ...Object.entries(backendData).map(([name, d]) => {
        const data = d as {
          putP50: number;
          putP99: number;
          scenarios: Record<string, { p50: number; p99: number }>;
        };
        const a = data.scenarios.answered;
        return `${name}, answered: p50 ${round(a?.p50 ?? 0)} ms / p99 ${round(a?.p99 ?? 0)} ms per message — raw PutItem on the same server p50 ${round(data.putP50)} ms / p99 ${round(data.putP99)} ms (×${ratio(a?.p50 ?? 0, data.putP50)} p50)`;
      }),
    ];
    return {
      headline,
      method:
        'createResponderHandler (lambda/responder.handler.ts) with the example profile ' +
        '(profiles/example-shop.yaml), the policy pack and the trained classifier; one SQS FIFO record per ' +
        'invocation unless stated; Powertools logger/metrics/tracer as deployed (stdout counted, not printed). ' +
        'In-memory ports are test/support/in-memory-ports.ts (decision log, conversation store, recording ' +
        'sender): the chain alone. Then the DynamoDB adapters against dynalite (in-process) and DynamoDB ' +
        'Local (Java, loopback) with the in-memory sender; baseline: a raw PutItem of a ~0.5 KB item ' +
        'against the same server in the same run. duplicate = the same event again; status = a delivered ' +
        'status for an answered message (TRACK_DELIVERY on).',
      tables: [
        { title: 'Full chain with in-memory ports (sequential, one core)', columns, rows },
        {
          title: 'Full chain with the DynamoDB adapters, against a raw PutItem on the same server',
          columns,
          rows: backendRows,
        },
      ],
      notes: [
        `Outcomes recorded for the in-memory scenarios: ${Object.entries(outcomes)
          .map(([s, o]) => `${s} → ${o ?? 'n/a'}`)
          .join(', ')}.`,
        'Graph API latency is not in these figures (in-memory sender); the cost model adds it per call.',
      ],
      data: {
        inMemoryMeanMs: {
          answered: mean('answered'),
          refused: mean('refused'),
          duplicate: mean('duplicate'),
          status: mean('status'),
          optOut: mean('opt-out'),
          answeredInBatchOf10: batchLoop.latency.mean / 10,
        },
        logBytesPerMessage: Object.fromEntries(inMemory.map((r) => [r.scenario, r.logBytes])),
        outcomes,
        backends: backendData,
      },
    };
  } finally {
    capture.stop();
    for (const server of servers) await server.stop();
  }
}
