// GET /webhook: Meta's subscription handshake. Wrong mode, token or challenge → 403.
import { createError } from '@middy/util';
import { answerHandshake } from '../core/whatsapp/verify-token.ts';
import type { IngressMiddleware, WebhookEvent } from './ingress-request.ts';

export function handshakeQueryOf(event: WebhookEvent) {
  const query = event.queryStringParameters ?? {};
  return {
    mode: query['hub.mode'],
    verifyToken: query['hub.verify_token'],
    challenge: query['hub.challenge'],
  };
}

export function verifyHandshake(): IngressMiddleware {
  const verifyHandshakeBefore: NonNullable<IngressMiddleware['before']> = (request) => {
    const expected = request.internal.secrets?.verifyToken ?? '';
    if (answerHandshake(handshakeQueryOf(request.event), expected) !== undefined) return;
    throw createError(403, 'Forbidden', {
      expose: true,
      cause: { package: 'verify-handshake' },
    });
  };
  return { before: verifyHandshakeBefore };
}
