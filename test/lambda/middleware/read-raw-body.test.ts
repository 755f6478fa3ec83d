import { describe, expect, it } from 'vitest';
import { readRawBody } from '../../../lambda/middleware/read-raw-body.ts';
import { webhookEvent } from '../../support/signed-webhook.ts';
import { fakeMetrics, runMiddleware } from './middy-harness.ts';

describe('readRawBody', () => {
  it('keeps a text body as its UTF-8 bytes and counts the webhook', async () => {
    const metrics = fakeMetrics();
    const internal = await runMiddleware(
      readRawBody({ maxBodyBytes: 100, metrics }),
      webhookEvent({ body: '{"a":"é"}' }),
    );
    expect(internal.rawBody).toEqual(Buffer.from('{"a":"é"}', 'utf8'));
    expect(metrics.added).toEqual({ WebhooksReceived: 1 });
  });

  it('decodes a base64 body', async () => {
    const internal = await runMiddleware(
      readRawBody({ maxBodyBytes: 100, metrics: fakeMetrics() }),
      webhookEvent({
        body: Buffer.from([0xf0, 0x9f, 0x98, 0x80]).toString('base64'),
        isBase64Encoded: true,
      }),
    );
    expect(internal.rawBody).toEqual(Buffer.from([0xf0, 0x9f, 0x98, 0x80]));
  });

  it('reads a missing body as empty', async () => {
    const internal = await runMiddleware(
      readRawBody({ maxBodyBytes: 100, metrics: fakeMetrics() }),
      webhookEvent(),
    );
    expect(internal.rawBody?.length).toBe(0);
  });

  it.each([
    ['a text body of limit + 1 bytes', 'x'.repeat(11), false, 413],
    ['a text body of exactly the limit', 'x'.repeat(10), false, 200],
    ['a base64 body decoding to limit + 1 bytes', Buffer.alloc(11).toString('base64'), true, 413],
    ['a base64 body decoding to the limit', Buffer.alloc(10).toString('base64'), true, 200],
  ])('answers %s with %s', async (_, body, isBase64Encoded, status) => {
    const run = runMiddleware(
      readRawBody({ maxBodyBytes: 10, metrics: fakeMetrics() }),
      webhookEvent({ body, isBase64Encoded }),
    );
    if (status === 200) await expect(run).resolves.toBeDefined();
    else await expect(run).rejects.toMatchObject({ statusCode: 413, expose: true });
  });
});
