import { describe, expect, it } from 'vitest';
import { loadSecrets } from '../../../lambda/middleware/load-secrets.ts';
import { MutableSecretSource, TEST_SECRETS } from '../../support/ingress-fakes.ts';
import { webhookEvent } from '../../support/signed-webhook.ts';
import { fakeMetrics, runMiddleware } from './middy-harness.ts';

describe('loadSecrets', () => {
  it('puts the secrets on the request', async () => {
    const internal = await runMiddleware(
      loadSecrets({
        secrets: new MutableSecretSource(),
        metrics: fakeMetrics(),
        required: 'appSecret',
      }),
      webhookEvent(),
    );
    expect(internal.secrets).toEqual(TEST_SECRETS);
  });

  it.each([
    ['the source rejects', new Error('boom'), 'appSecret'],
    ['the app secret is empty', { ...TEST_SECRETS, appSecret: '' }, 'appSecret'],
    ['the verify token is empty', { ...TEST_SECRETS, verifyToken: '' }, 'verifyToken'],
  ] as const)('answers 503 and counts SecretUnavailable when %s', async (_, secrets, required) => {
    // Prepare
    const metrics = fakeMetrics();

    // Act
    const run = runMiddleware(
      loadSecrets({ secrets: new MutableSecretSource(secrets), metrics, required }),
      webhookEvent(),
    );

    // Assess
    await expect(run).rejects.toMatchObject({ statusCode: 503, message: 'Service Unavailable' });
    expect(metrics.added).toEqual({ SecretUnavailable: 1 });
  });
});
