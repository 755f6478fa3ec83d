// SecretSource on Secrets Manager through Powertools Parameters (cached 5 minutes, JSON-decoded), with the
// secret's JSON checked so that a malformed secret fails here instead of as an odd 401 later.
import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
// zod/mini: the same parsing as the classic API at a fraction of its bundle size (stack notes §5).
import * as z from 'zod/mini';
import type { SecretSource, WhatsAppSecrets } from '../core/ports.ts';

/** Absent fields read as '' so each function fails closed on the fields it needs, not on the others'. */
const whatsAppSecretsSchema = z.object({
  appSecret: z._default(z.string(), ''),
  accessToken: z._default(z.string(), ''),
  verifyToken: z._default(z.string(), ''),
  userHashSalt: z._default(z.string(), ''),
});

export class SecretFormatError extends Error {
  override readonly name = 'SecretFormatError';
}

/** Validates a decoded secret; the message names the fields, never their values. */
export function toWhatsAppSecrets(value: unknown): WhatsAppSecrets {
  const parsed = whatsAppSecretsSchema.safeParse(value);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((issue) => issue.path.join('.') || '(root)');
    throw new SecretFormatError(
      `[scoped-responder] secret JSON is not { appSecret, accessToken, verifyToken, userHashSalt }: ${fields.join(', ')}`,
    );
  }
  return parsed.data;
}

export class SecretsManagerSecretSource implements SecretSource {
  constructor(
    private readonly secretId: string,
    private readonly maxAgeSeconds = 300,
  ) {}

  async get(): Promise<WhatsAppSecrets> {
    const value = await getSecret(this.secretId, { maxAge: this.maxAgeSeconds, transform: 'json' });
    return toWhatsAppSecrets(value);
  }
}
