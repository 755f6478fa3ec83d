// Meta's X-Hub-Signature-256: HMAC-SHA256 of the exact request bytes, keyed with the app secret.
// Pure and synchronous so that the middleware stays a shell and the known-answer tests need no I/O.
import { createHmac, timingSafeEqual } from 'node:crypto';

const SIGNATURE_PREFIX = 'sha256=';
// Meta sends lowercase hex; anything else (upper case, truncated, padded) is refused before hashing.
const SHA256_HEX = /^[0-9a-f]{64}$/;

/** The header value Meta would send for this body: `sha256=<lowercase hex>`. */
export function signPayload(rawBody: Uint8Array | string, appSecret: string): string {
  return `${SIGNATURE_PREFIX}${createHmac('sha256', appSecret).update(rawBody).digest('hex')}`;
}

/**
 * True only when `header` is `sha256=` + the lowercase hex HMAC of `rawBody`. The raw bytes are hashed,
 * never a re-serialised JSON: Meta escapes non-ASCII (`\u00e4`, surrogate pairs, `\/`) and re-serialising
 * changes the bytes. An empty secret never validates, so a missing secret cannot skip the check.
 */
export function isValidSignature(
  rawBody: Uint8Array,
  header: string | undefined,
  appSecret: string,
): boolean {
  if (!appSecret || !header?.startsWith(SIGNATURE_PREFIX)) return false;
  const received = header.slice(SIGNATURE_PREFIX.length);
  if (!SHA256_HEX.test(received)) return false;
  const expected = createHmac('sha256', appSecret).update(rawBody).digest();
  const given = Buffer.from(received, 'hex');
  // timingSafeEqual throws on different lengths; the regex makes this unreachable, the check keeps it safe.
  if (given.length !== expected.length) return false;
  return timingSafeEqual(given, expected);
}
