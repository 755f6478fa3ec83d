// The Lambda-only stand-ins of lambda/bundle-aliases/ (lib/lambda-bundling.ts): the environment credential
// provider keeps the default chain's contract in Lambda, and the YAML stub fails loudly if ever called.
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  credentialsTreatedAsExpired,
  defaultProvider,
} from '../../lambda/bundle-aliases/env-credential-provider.ts';
import { LineCounter, parse, parseDocument } from '../../lambda/bundle-aliases/no-yaml.ts';

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('env-credential-provider', () => {
  it('returns the credentials Lambda puts in the environment, read once', async () => {
    vi.stubEnv('AWS_PROFILE', '');
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDFIRST');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'secret');
    vi.stubEnv('AWS_SESSION_TOKEN', 'token');
    const provide = defaultProvider();
    const first = await provide();
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDSECOND');
    expect(first).toMatchObject({
      accessKeyId: 'AKIDFIRST',
      secretAccessKey: 'secret',
      sessionToken: 'token',
    });
    expect(await provide()).toBe(first);
    expect(credentialsTreatedAsExpired(first)).toBe(false);
  });

  it('fails without environment credentials, and tries again on the next call', async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', '');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', '');
    const provide = defaultProvider();
    await expect(provide()).rejects.toThrow(/environment variable credentials/);
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDLATE');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'secret');
    await expect(provide()).resolves.toMatchObject({ accessKeyId: 'AKIDLATE' });
  });
});

describe('no-yaml', () => {
  it('throws a message that names the cause instead of parsing', () => {
    expect(() => parse()).toThrow(/not in the Lambda bundles/);
    expect(() => parseDocument()).toThrow(/converts YAML to JSON at synth/);
    expect(() => new LineCounter()).toThrow(/yaml\.LineCounter/);
  });
});
