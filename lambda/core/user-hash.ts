// Turns a chat's user key (BSUID or phone digits) into the pseudonymous key stored in the decision log.
import { createHmac } from 'node:crypto';

/** Hex characters kept: 128 bits is plenty to avoid collisions and keeps keys short. */
const USER_HASH_LENGTH = 32;

/**
 * Keyed hash (HMAC-SHA256) rather than a plain hash: phone numbers are a small space, so an unkeyed hash
 * could be reversed by enumerating them. Without the salt the stored key reveals nothing.
 */
export function hashUserKey(salt: string, userKey: string): string {
  if (!salt) throw new TypeError('[scoped-responder] userHashSalt is empty');
  return createHmac('sha256', salt)
    .update(userKey, 'utf8')
    .digest('hex')
    .slice(0, USER_HASH_LENGTH);
}
