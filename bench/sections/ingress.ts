// Ingress: signed Cloud API webhooks through createIngressHandler with an in-memory queue and a static
// secret, p50/p99 per webhook and webhooks/s on one core, next to a bare middy handler that only checks the
// HMAC and answers 200 (bench/baseline/hmac-handler.ts), both timed in the same run.
import { StaticSecretSource } from '../../lambda/adapters/static-secret-source.ts';
import { createIngressHandler } from '../../lambda/ingress.handler.ts';
import {
  InMemoryQueuePublisher,
  InMemoryRejectedPayloadStore,
  TEST_SECRETS,
} from '../../test/support/ingress-fakes.ts';
import {
  buildTextWebhook,
  lambdaContext,
  signedWebhookEvent,
} from '../../test/support/signed-webhook.ts';
import { readWhatsAppFixture } from '../../test/support/whatsapp-fixtures.ts';
import { createHmacOnlyHandler } from '../baseline/hmac-handler.ts';
import { captureStdout } from '../lib/capture.ts';
import { type LoopResult, ratio, round, timeLoop } from '../lib/stats.ts';
import type { BenchContext, SectionOutput } from '../lib/types.ts';

const DEFAULT_MAX_BODY = 3 * 1024 * 1024 + 256 * 1024;

const CASES = [
  { name: '1-message webhook', messages: 1, iterations: 3000, warmup: 300 },
  { name: '50-message webhook', messages: 50, iterations: 400, warmup: 50 },
] as const;

export async function run(ctx: BenchContext): Promise<SectionOutput> {
  const context = lambdaContext();
  const queue = new InMemoryQueuePublisher();
  const makeHandler = (trackDelivery: boolean) =>
    createIngressHandler({
      secrets: new StaticSecretSource(TEST_SECRETS),
      queue,
      rejected: new InMemoryRejectedPayloadStore(),
      clock: { now: () => Date.now() },
      trackDelivery,
      maxBodyBytes: DEFAULT_MAX_BODY,
    });
  const ingress = makeHandler(false);
  const baseline = createHmacOnlyHandler(TEST_SECRETS.appSecret);
  const capture = captureStdout();
  const rows: (string | number | null)[][] = [];
  const results: Record<string, { ours: LoopResult; baseline: LoopResult; logBytes: number }> = {};
  try {
    const measure = async (
      name: string,
      event: ReturnType<typeof signedWebhookEvent>,
      handler: (e: typeof event, c: typeof context) => Promise<unknown>,
      iterations: number,
      warmup: number,
      expectItems: number,
    ) => {
      // Sanity: the handler accepts the webhook and enqueues what it should, or the timing means nothing.
      const probe = (await handler(event, context)) as { statusCode?: number };
      if (probe.statusCode !== 200) throw new Error(`${name}: status ${probe.statusCode}`);
      if (queue.items.length !== expectItems) {
        throw new Error(`${name}: enqueued ${queue.items.length}, expected ${expectItems}`);
      }
      capture.reset();
      const loop = await timeLoop(
        async () => {
          await handler(event, context);
          // Keep the in-memory queue from growing through the loop.
          queue.items.length = 0;
          queue.calls.length = 0;
        },
        { iterations, warmup },
      );
      const logBytes = capture.bytes() / (iterations + warmup);
      queue.items.length = 0;
      return { loop, logBytes };
    };
    for (const c of CASES) {
      ctx.log(`${c.name}: ${c.iterations} iterations`);
      const body = buildTextWebhook(c.messages, { idPrefix: `bench${c.messages}`, users: 5 });
      const event = signedWebhookEvent(body, TEST_SECRETS.appSecret);
      const ours = await measure(c.name, event, ingress, c.iterations, c.warmup, c.messages);
      const base = await measure(
        `${c.name} (baseline)`,
        event,
        baseline as never,
        c.iterations,
        c.warmup,
        0,
      );
      results[c.name] = { ours: ours.loop, baseline: base.loop, logBytes: ours.logBytes };
      rows.push(
        [c.name, 'ingress handler', ...figures(ours.loop), round(ours.logBytes)],
        [c.name, 'baseline: HMAC-only middy', ...figures(base.loop), null],
        [
          c.name,
          'ratio ingress / baseline',
          ratio(ours.loop.latency.p50, base.loop.latency.p50),
          ratio(ours.loop.latency.p99, base.loop.latency.p99),
          null,
          ratio(ours.loop.perSecond, base.loop.perSecond),
          null,
        ],
      );
    }
    // Status webhooks: Meta sends up to three per reply, so their cost matters as much as the message's.
    const statusEvent = signedWebhookEvent(
      readWhatsAppFixture('status-delivered'),
      TEST_SECRETS.appSecret,
    );
    ctx.log('status webhooks');
    const dropped = await measure('status, tracking off', statusEvent, ingress, 2000, 200, 0);
    const tracked = await measure(
      'status, tracking on',
      statusEvent,
      makeHandler(true),
      2000,
      200,
      1,
    );
    const statusBase = await measure(
      'status baseline',
      statusEvent,
      baseline as never,
      2000,
      200,
      0,
    );
    rows.push(
      [
        'status webhook',
        'ingress, TRACK_DELIVERY off (dropped)',
        ...figures(dropped.loop),
        round(dropped.logBytes),
      ],
      [
        'status webhook',
        'ingress, TRACK_DELIVERY on (enqueued)',
        ...figures(tracked.loop),
        round(tracked.logBytes),
      ],
      ['status webhook', 'baseline: HMAC-only middy', ...figures(statusBase.loop), null],
    );
    const one = results['1-message webhook'];
    const fifty = results['50-message webhook'];
    const headline = Object.entries(results).map(
      ([name, r]) =>
        `${name}: p50 ${round(r.ours.latency.p50)} ms / p99 ${round(r.ours.latency.p99)} ms, ${round(r.ours.perSecond)} webhooks/s on one core — HMAC-only baseline p50 ${round(r.baseline.latency.p50)} ms / p99 ${round(r.baseline.latency.p99)} ms, ${round(r.baseline.perSecond)}/s (×${ratio(r.ours.latency.p50, r.baseline.latency.p50)} p50)`,
    );
    return {
      headline,
      method:
        'createIngressHandler (lambda/ingress.handler.ts) with an in-memory QueuePublisher and a static ' +
        'SecretSource, fed APIGatewayProxyEventV2 events signed with X-Hub-Signature-256 ' +
        '(test/support/signed-webhook.ts); sequential calls on one thread after a warm-up, so webhooks/s is ' +
        'one core. Baseline: a bare middy handler that only verifies the HMAC over the raw body and returns ' +
        '200, timed in the same run on the same events. Log bytes: what the handler wrote to stdout ' +
        '(Powertools logs + EMF) per webhook, default log level.',
      tables: [
        {
          title: 'Ingress handler time per webhook (ms) and throughput on one core',
          columns: [
            'webhook',
            'handler',
            'p50 ms',
            'p99 ms',
            'max ms',
            'webhooks/s',
            'stdout bytes/webhook',
          ],
          rows,
        },
      ],
      notes: [
        `Messages/s through ingress with 50-message webhooks: ${round((fifty?.ours.perSecond ?? 0) * 50)} (one core).`,
        'In Lambda the handler also waits for SQS SendMessageBatch (~5–20 ms in-Region, not measured here); the cost model adds it.',
      ],
      data: {
        oneMessage: one && {
          p50: one.ours.latency.p50,
          p99: one.ours.latency.p99,
          mean: one.ours.latency.mean,
          perSecond: one.ours.perSecond,
          logBytes: one.logBytes,
          baselineP50: one.baseline.latency.p50,
        },
        fiftyMessages: fifty && {
          p50: fifty.ours.latency.p50,
          p99: fifty.ours.latency.p99,
          perSecond: fifty.ours.perSecond,
        },
        statusDropped: {
          p50: dropped.loop.latency.p50,
          mean: dropped.loop.latency.mean,
          logBytes: dropped.logBytes,
        },
        statusTracked: {
          p50: tracked.loop.latency.p50,
          mean: tracked.loop.latency.mean,
          logBytes: tracked.logBytes,
        },
      },
    };
  } finally {
    capture.stop();
  }
}

function figures(loop: LoopResult): (number | null)[] {
  return [
    round(loop.latency.p50),
    round(loop.latency.p99),
    round(loop.latency.max),
    round(loop.perSecond),
  ];
}
