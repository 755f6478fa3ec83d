import { describe, expect, it } from 'vitest';
import { verifyHandshake } from '../../../lambda/middleware/verify-handshake.ts';
import { TEST_SECRETS } from '../../support/ingress-fakes.ts';
import { webhookEvent } from '../../support/signed-webhook.ts';
import { runMiddleware } from './middy-harness.ts';

const query = {
  'hub.mode': 'subscribe',
  'hub.verify_token': TEST_SECRETS.verifyToken,
  'hub.challenge': '42',
};

describe('verifyHandshake', () => {
  it('lets the right token through', async () => {
    await expect(
      runMiddleware(verifyHandshake(), webhookEvent({ method: 'GET', query }), {
        secrets: TEST_SECRETS,
      }),
    ).resolves.toBeDefined();
  });

  it('answers 403 for a wrong token', async () => {
    await expect(
      runMiddleware(
        verifyHandshake(),
        webhookEvent({ method: 'GET', query: { ...query, 'hub.verify_token': 'x' } }),
        { secrets: TEST_SECRETS },
      ),
    ).rejects.toMatchObject({ statusCode: 403 });
  });

  it('answers 403 when no secrets were loaded', async () => {
    await expect(
      runMiddleware(verifyHandshake(), webhookEvent({ method: 'GET', query })),
    ).rejects.toMatchObject({ statusCode: 403 });
  });
});
