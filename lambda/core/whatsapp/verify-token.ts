// Meta's GET verification handshake: echo `hub.challenge` only for `hub.mode=subscribe` and our verify token.
import { createHash, timingSafeEqual } from 'node:crypto';

export interface HandshakeQuery {
  readonly mode?: string;
  readonly verifyToken?: string;
  readonly challenge?: string;
}

// Meta's challenge is a short numeric string; refusing anything else keeps the echoed text/plain body harmless.
const CHALLENGE = /^[A-Za-z0-9._~-]{1,512}$/;

/**
 * Compares two strings in constant time, including their length: both sides are hashed first, so
 * `timingSafeEqual` always sees equal-length buffers and the token's length does not leak either.
 */
export function isSameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b);
}

/** The challenge to echo, or undefined when the handshake must be refused. */
export function answerHandshake(query: HandshakeQuery, expectedToken: string): string | undefined {
  if (!expectedToken) return undefined;
  if (query.mode !== 'subscribe') return undefined;
  if (query.verifyToken === undefined || !isSameSecret(query.verifyToken, expectedToken)) {
    return undefined;
  }
  if (query.challenge === undefined || !CHALLENGE.test(query.challenge)) return undefined;
  return query.challenge;
}
