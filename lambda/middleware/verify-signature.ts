// Step 3 of POST /webhook: X-Hub-Signature-256 over the raw bytes, or 401. Never skipped.
import { createError } from '@middy/util';
import { isValidSignature } from '../core/whatsapp/signature.ts';
import {
  count,
  headerOf,
  IngressMetric,
  type IngressMiddleware,
  type MetricsSink,
} from './ingress-request.ts';

export interface VerifySignatureOptions {
  readonly metrics: MetricsSink;
}

function refusalReason(header: string | undefined, hasSha1: boolean): string {
  if (header === undefined) return hasSha1 ? 'sha1 header only' : 'missing header';
  return 'mismatch';
}

export function verifySignature(options: VerifySignatureOptions): IngressMiddleware {
  const { metrics } = options;
  const verifySignatureBefore: NonNullable<IngressMiddleware['before']> = (request) => {
    const { rawBody, secrets } = request.internal;
    const header = headerOf(request.event.headers, 'x-hub-signature-256');
    // loadSecrets guarantees a non-empty appSecret; the `?? ''` keeps a mis-ordered chain failing closed.
    if (rawBody && isValidSignature(rawBody, header, secrets?.appSecret ?? '')) return;
    count(metrics, IngressMetric.SignatureFailures);
    const hasSha1 = headerOf(request.event.headers, 'x-hub-signature') !== undefined;
    // One message for every failure, and never the expected value.
    throw createError(401, 'Invalid signature', {
      expose: true,
      cause: { package: 'verify-signature', data: { reason: refusalReason(header, hasSha1) } },
    });
  };
  return { before: verifySignatureBefore };
}
