import { describe, expect, it } from 'vitest';
import { verifySignature } from '../../../lambda/middleware/verify-signature.ts';
import { TEST_SECRETS } from '../../support/ingress-fakes.ts';
import { signWebhook, webhookEvent } from '../../support/signed-webhook.ts';
import { fakeMetrics, runMiddleware } from './middy-harness.ts';

const body = '{"object":"whatsapp_business_account","entry":[]}';
const rawBody = Buffer.from(body);

describe('verifySignature', () => {
  it('lets a correctly signed body through', async () => {
    const metrics = fakeMetrics();
    await runMiddleware(
      verifySignature({ metrics }),
      webhookEvent({
        body,
        headers: { 'x-hub-signature-256': signWebhook(body, TEST_SECRETS.appSecret) },
      }),
      { rawBody, secrets: TEST_SECRETS },
    );
    expect(metrics.added).toEqual({});
  });

  it.each([
    ['missing header', {}],
    ['sha1 header only', { 'x-hub-signature': 'sha1=abc' }],
    ['mismatch', { 'x-hub-signature-256': signWebhook(body, 'other') }],
  ])('answers 401 and logs the reason %s', async (reason, headers) => {
    // Prepare
    const metrics = fakeMetrics();

    // Act
    const run = runMiddleware(verifySignature({ metrics }), webhookEvent({ body, headers }), {
      rawBody,
      secrets: TEST_SECRETS,
    });

    // Assess
    await expect(run).rejects.toMatchObject({
      statusCode: 401,
      message: 'Invalid signature',
      cause: { data: { reason } },
    });
    expect(metrics.added).toEqual({ SignatureFailures: 1 });
  });

  it('fails closed when no secrets were loaded', async () => {
    const run = runMiddleware(
      verifySignature({ metrics: fakeMetrics() }),
      webhookEvent({ body, headers: { 'x-hub-signature-256': signWebhook(body, '') } }),
      { rawBody },
    );
    await expect(run).rejects.toMatchObject({ statusCode: 401 });
  });
});
