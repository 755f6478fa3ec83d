// The Lambda-only stand-in of lambda/bundle-aliases/ (lib/lambda-bundling.ts): the environment credential
// provider keeps the default chain's contract in Lambda.
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  credentialsTreatedAsExpired,
  defaultProvider,
} from '../../lambda/bundle-aliases/env-credential-provider.ts';

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

describe('no-event-streams', () => {
  it('names the alias to remove when a bundled client asks for the event-stream codec', async () => {
    // What HttpProtocol.loadEventStreamCapability does with the module it imports.
    const { EventStreamSerde, eventStreamSerdeProvider } = await import(
      '../../lambda/bundle-aliases/no-event-streams.ts'
    );
    expect(() => new EventStreamSerde()).toThrow(/@smithy\/core\/event-streams alias/);
    expect(() => eventStreamSerdeProvider()).toThrow(/not bundled into this function/);
  });
});
