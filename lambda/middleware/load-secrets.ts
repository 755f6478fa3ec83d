// Fetches the WhatsApp secrets for this request (the adapter caches them). Fails closed: without the
// secret the request is refused with 503, so Meta keeps retrying until the secret is readable again.
import { createError } from '@middy/util';
import type { SecretSource } from '../core/ports.ts';
import {
  count,
  IngressMetric,
  type IngressMiddleware,
  type MetricsSink,
} from './ingress-request.ts';

export interface LoadSecretsOptions {
  readonly secrets: SecretSource;
  readonly metrics: MetricsSink;
  /** The field this route cannot work without: an empty value counts as unavailable. */
  readonly required: 'appSecret' | 'verifyToken';
}

function unavailable(reason: string, cause?: unknown) {
  // Exposed with a generic message so the status stays 503 (http-error-handler turns unexposed errors
  // into 500); the reason goes to the log through `cause`, never to the caller.
  return createError(503, 'Service Unavailable', {
    expose: true,
    cause: { package: 'load-secrets', data: { reason }, error: cause },
  });
}

export function loadSecrets(options: LoadSecretsOptions): IngressMiddleware {
  const { secrets, metrics, required } = options;
  const loadSecretsBefore: NonNullable<IngressMiddleware['before']> = async (request) => {
    let loaded: Awaited<ReturnType<SecretSource['get']>>;
    try {
      loaded = await secrets.get();
    } catch (error) {
      count(metrics, IngressMetric.SecretUnavailable);
      throw unavailable('secret source failed', error);
    }
    if (!loaded[required]) {
      count(metrics, IngressMetric.SecretUnavailable);
      throw unavailable(`${required} is empty`);
    }
    request.internal.secrets = loaded;
  };
  return { before: loadSecretsBefore };
}
