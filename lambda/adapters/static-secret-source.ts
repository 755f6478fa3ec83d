// SecretSource for the local runtime and tests: the secrets are handed in (e.g. read from env by local/).
import type { SecretSource, WhatsAppSecrets } from '../core/ports.ts';

export class StaticSecretSource implements SecretSource {
  constructor(private readonly secrets: WhatsAppSecrets) {}

  async get(): Promise<WhatsAppSecrets> {
    return this.secrets;
  }
}

/** The same adapter under the name the design notes use for local runs. */
export { StaticSecretSource as EnvSecretSource };
