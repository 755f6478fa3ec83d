import { describe, expect, it, vi } from 'vitest';
import { parseWebhook } from '../../../lambda/middleware/parse-webhook.ts';
import { fixedClock, InMemoryRejectedPayloadStore } from '../../support/ingress-fakes.ts';
import { buildTextWebhook, webhookEvent } from '../../support/signed-webhook.ts';
import { fakeMetrics, runMiddleware } from './middy-harness.ts';

function options() {
  const rejected = new InMemoryRejectedPayloadStore();
  const metrics = fakeMetrics();
  const logger = { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() };
  return {
    rejected,
    metrics,
    logger,
    middleware: parseWebhook({
      rejected,
      clock: fixedClock(42),
      trackDelivery: false,
      metrics,
      logger,
    }),
  };
}

describe('parseWebhook', () => {
  it('puts the normalised items on the request', async () => {
    const { middleware } = options();
    const internal = await runMiddleware(middleware, webhookEvent(), {
      rawBody: Buffer.from(buildTextWebhook(4, { users: 2 })),
    });
    expect(internal.items?.map((item) => item.kind === 'message' && item.wamid)).toEqual([
      'wamid.bench.0',
      'wamid.bench.1',
      'wamid.bench.2',
      'wamid.bench.3',
    ]);
    expect(internal.items?.[0]?.receivedAt).toBe(42);
  });

  it('answers 400 for a body that is not JSON', async () => {
    const { middleware } = options();
    await expect(
      runMiddleware(middleware, webhookEvent(), { rawBody: Buffer.from('{') }),
    ).rejects.toMatchObject({ statusCode: 400 });
  });

  it('keeps JSON that is not an envelope, counts it and lets the request succeed', async () => {
    // Prepare
    const { middleware, rejected, metrics, logger } = options();

    // Act
    const internal = await runMiddleware(middleware, webhookEvent(), {
      rawBody: Buffer.from('[1,2]'),
    });

    // Assess
    expect(internal.items).toEqual([]);
    expect(rejected.kept).toHaveLength(1);
    expect(metrics.added).toEqual({ ParseFailures: 1 });
    expect(logger.warn).toHaveBeenCalledOnce();
  });

  it('answers 500 (not exposed) when the payload cannot be kept', async () => {
    const { middleware, rejected } = options();
    rejected.failWith = new Error('S3');
    await expect(
      runMiddleware(middleware, webhookEvent(), { rawBody: Buffer.from('{}') }),
    ).rejects.toMatchObject({ statusCode: 500, expose: false });
  });
});
