import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import {
  SecretFormatError,
  SecretsManagerSecretSource,
  toWhatsAppSecrets,
} from '../../../lambda/adapters/secrets-manager-secret-source.ts';
import { StaticSecretSource } from '../../../lambda/adapters/static-secret-source.ts';

const secretsManager = mockClient(SecretsManagerClient);

afterEach(() => {
  secretsManager.reset();
});

const SECRETS = {
  appSecret: 'app',
  accessToken: 'token',
  verifyToken: 'verify',
  userHashSalt: 'salt',
};

describe('SecretsManagerSecretSource', () => {
  it('reads and validates the JSON secret, then serves it from the cache', async () => {
    // Prepare: a secret id used by this test only (Powertools caches per id)
    secretsManager.on(GetSecretValueCommand).resolves({ SecretString: JSON.stringify(SECRETS) });
    const source = new SecretsManagerSecretSource(
      'arn:aws:secretsmanager:us-east-1:1:secret:cache-test',
    );

    // Act
    const first = await source.get();
    const second = await source.get();

    // Assess
    expect(first).toEqual(SECRETS);
    expect(second).toEqual(SECRETS);
    expect(secretsManager.commandCalls(GetSecretValueCommand)).toHaveLength(1);
  });

  it('rejects a secret whose fields are not strings, without echoing values', async () => {
    secretsManager
      .on(GetSecretValueCommand)
      .resolves({ SecretString: JSON.stringify({ ...SECRETS, appSecret: 12345 }) });
    const source = new SecretsManagerSecretSource(
      'arn:aws:secretsmanager:us-east-1:1:secret:bad-shape',
    );
    const result = source.get();
    await expect(result).rejects.toBeInstanceOf(SecretFormatError);
    await expect(result).rejects.toThrow(/appSecret/);
    await expect(result).rejects.not.toThrow(/12345/);
  });

  it('rejects when Secrets Manager fails', async () => {
    secretsManager.on(GetSecretValueCommand).rejects(new Error('AccessDeniedException'));
    const source = new SecretsManagerSecretSource(
      'arn:aws:secretsmanager:us-east-1:1:secret:denied',
    );
    await expect(source.get()).rejects.toThrow();
  });
});

describe('toWhatsAppSecrets', () => {
  it('reads missing fields as empty strings so each function fails closed on its own fields', () => {
    expect(toWhatsAppSecrets({ appSecret: 'app' })).toEqual({
      appSecret: 'app',
      accessToken: '',
      verifyToken: '',
      userHashSalt: '',
    });
  });

  it('rejects a secret that is not an object', () => {
    expect(() => toWhatsAppSecrets('app')).toThrow(SecretFormatError);
  });
});

describe('StaticSecretSource', () => {
  it('returns the secrets it was given', async () => {
    await expect(new StaticSecretSource(SECRETS).get()).resolves.toEqual(SECRETS);
  });
});
