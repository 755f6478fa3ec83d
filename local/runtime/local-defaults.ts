// Values the laptop runtime uses when nothing is configured. They are printed in the startup banner and
// are only ever valid against this local server: no real Meta app or phone number is involved.
import type { WhatsAppSecrets } from '../../lambda/core/ports.ts';

export const DEFAULT_PORT = 3000;
export const DEFAULT_PROFILE = 'profiles/example-shop.yaml';
export const DEFAULT_POLICY = 'policy/meta-ai-providers.yaml';
export const LOCAL_DATA_DIR = '.local';
export const LOCAL_TABLE_NAME = 'scoped-responder-local';
export const GRAPH_API_VERSION = 'v23.0';

export const LOCAL_SECRETS: WhatsAppSecrets = Object.freeze({
  appSecret: 'local-app-secret',
  accessToken: 'local-access-token',
  verifyToken: 'local-verify-token',
  userHashSalt: 'local-user-hash-salt',
});

/** The business number the simulated webhooks are addressed to (Meta's test numbers look like this). */
export const LOCAL_BUSINESS = Object.freeze({
  phoneNumberId: '100000000000001',
  displayPhoneNumber: '15550001234',
  wabaId: '200000000000001',
});

/** `WHATSAPP_APP_SECRET` / `WHATSAPP_VERIFY_TOKEN` override the local defaults; the banner says which. */
export function localSecretsFrom(env: Readonly<Record<string, string | undefined>>): {
  readonly secrets: WhatsAppSecrets;
  readonly fromEnv: readonly string[];
} {
  const fromEnv: string[] = [];
  const pick = (name: string, fallback: string) => {
    const value = env[name]?.trim();
    if (value) fromEnv.push(name);
    return value || fallback;
  };
  return {
    secrets: {
      appSecret: pick('WHATSAPP_APP_SECRET', LOCAL_SECRETS.appSecret),
      accessToken: pick('WHATSAPP_ACCESS_TOKEN', LOCAL_SECRETS.accessToken),
      verifyToken: pick('WHATSAPP_VERIFY_TOKEN', LOCAL_SECRETS.verifyToken),
      userHashSalt: pick('USER_HASH_SALT', LOCAL_SECRETS.userHashSalt),
    },
    fromEnv,
  };
}
