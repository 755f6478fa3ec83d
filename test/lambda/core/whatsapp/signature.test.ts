import { describe, expect, it } from 'vitest';
import { isValidSignature, signPayload } from '../../../../lambda/core/whatsapp/signature.ts';

// Vectors computed independently with `printf '%s' "$BODY" | openssl dgst -sha256 -hmac "$SECRET"`.
const SECRET = 'meta-app-secret';
const VECTORS = [
  {
    name: 'GitHub-style ASCII example',
    body: 'Hello, World!',
    secret: "It's a Secret to Everybody",
    hex: '757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17',
  },
  {
    name: 'non-ASCII text as Meta escapes it (\\u00e4\\u00f6\\u00e5)',
    body: String.raw`{"text":{"body":"\u00e4\u00f6\u00e5"}}`,
    secret: SECRET,
    hex: 'ecc945da5d992e14abee6d876c6324bcb4980986f63cad10d46397e4cc38d93d',
  },
  {
    name: 'emoji as surrogate pairs and escaped slashes',
    body: String.raw`{"profile":{"name":"Francesco\ud83d\udcbb"},"body":"\ud83d\ude00 https:\/\/example.com\/a"}`,
    secret: SECRET,
    hex: 'd49b62aa4e3d28e7bead39a4b5509247b30622d462cd02b3b88c214eaf51067f',
  },
  {
    name: 'raw UTF-8 emoji and accents',
    body: '{"emoji":"😀","name":"Zoë"}',
    secret: SECRET,
    hex: '3582b09876b94a2595283664281813743d3ef9eb58211443b06be921f5ace8a4',
  },
  {
    name: 'empty body',
    body: '',
    secret: SECRET,
    hex: 'c2399858dbcf90419cc4e469694e8517ecfd9161cf9ccb459f1bbe0edc675946',
  },
];

describe('isValidSignature', () => {
  it.each(VECTORS)('accepts the known answer for $name', ({ body, secret, hex }) => {
    // Act
    const valid = isValidSignature(Buffer.from(body, 'utf8'), `sha256=${hex}`, secret);

    // Assess
    expect(valid).toBe(true);
    expect(signPayload(body, secret)).toBe(`sha256=${hex}`);
  });

  it('rejects the signature of the decoded text when Meta sent it escaped', () => {
    // Prepare: the signature of the same JSON after JSON.parse + JSON.stringify (raw UTF-8 äöå)
    const escaped = String.raw`{"text":{"body":"\u00e4\u00f6\u00e5"}}`;
    const reserialised = JSON.stringify(JSON.parse(escaped));
    const header = 'sha256=3d6285d60f3f0258c06528410009a68682af3713901ddf980134c862fd8b64cb';

    // Assess
    expect(isValidSignature(Buffer.from(reserialised), header, SECRET)).toBe(true);
    expect(isValidSignature(Buffer.from(escaped), header, SECRET)).toBe(false);
  });

  const body = Buffer.from(String.raw`{"text":{"body":"\u00e4\u00f6\u00e5"}}`);
  const good = 'ecc945da5d992e14abee6d876c6324bcb4980986f63cad10d46397e4cc38d93d';
  it.each([
    ['a missing header', undefined],
    ['an empty header', ''],
    ['a SHA-1 style header', `sha1=${good.slice(0, 40)}`],
    ['hex without the prefix', good],
    ['upper-case hex', `sha256=${good.toUpperCase()}`],
    ['an upper-case prefix', `SHA256=${good}`],
    ['a truncated signature', `sha256=${good.slice(0, 63)}`],
    ['a signature with a trailing space', `sha256=${good} `],
    ['an extended signature', `sha256=${good}00`],
    ['one flipped digit', `sha256=${good.slice(0, -1)}e`],
    ['non-hex characters', `sha256=${'z'.repeat(64)}`],
  ])('rejects %s', (_, header) => {
    expect(isValidSignature(body, header, SECRET)).toBe(false);
  });

  it('rejects when the body was altered after signing', () => {
    const altered = Buffer.from(String.raw`{"text":{"body":"\u00e4\u00f6\u00e6"}}`);
    expect(isValidSignature(altered, `sha256=${good}`, SECRET)).toBe(false);
  });

  it('rejects every signature when the app secret is empty', () => {
    // Prepare: a header that is the valid HMAC under the empty key
    const header = signPayload(body, '');

    // Assess
    expect(isValidSignature(body, header, '')).toBe(false);
  });

  it('rejects a signature made with another secret', () => {
    expect(isValidSignature(body, signPayload(body, 'other-secret'), SECRET)).toBe(false);
  });
});
