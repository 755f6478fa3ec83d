import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hashUserKey } from '../../../lambda/core/user-hash.ts';

describe('hashUserKey', () => {
  it('is the first 32 hex characters of HMAC-SHA256(salt, key)', () => {
    const expected = createHmac('sha256', 'salt-1')
      .update('6281234567890')
      .digest('hex')
      .slice(0, 32);
    expect(hashUserKey('salt-1', '6281234567890')).toBe(expected);
    expect(expected).toMatch(/^[0-9a-f]{32}$/);
  });

  it('depends on the salt and the key', () => {
    const base = hashUserKey('salt-1', 'US.1');
    expect(hashUserKey('salt-2', 'US.1')).not.toBe(base);
    expect(hashUserKey('salt-1', 'US.2')).not.toBe(base);
    expect(hashUserKey('salt-1', 'US.1')).toBe(base);
  });

  it('refuses an empty salt (an unkeyed hash of a phone number is reversible)', () => {
    expect(() => hashUserKey('', 'US.1')).toThrow(TypeError);
  });
});
