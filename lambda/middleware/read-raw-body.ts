// Step 1 of POST /webhook: the body as the exact bytes Meta signed, refused early when oversize.
import { createError } from '@middy/util';
import {
  count,
  IngressMetric,
  type IngressMiddleware,
  type MetricsSink,
} from './ingress-request.ts';

export interface ReadRawBodyOptions {
  readonly maxBodyBytes: number;
  readonly metrics: MetricsSink;
}

/** Decoded size of a base64 string without decoding it. */
function base64DecodedLength(encoded: string): number {
  const padding = encoded.endsWith('==') ? 2 : encoded.endsWith('=') ? 1 : 0;
  return Math.floor((encoded.length * 3) / 4) - padding;
}

export function readRawBody(options: ReadRawBodyOptions): IngressMiddleware {
  const { maxBodyBytes, metrics } = options;
  const readRawBodyBefore: NonNullable<IngressMiddleware['before']> = (request) => {
    count(metrics, IngressMetric.WebhooksReceived);
    const { body = '', isBase64Encoded } = request.event;
    // The size check runs before the HMAC on purpose: hashing megabytes for an unauthenticated caller is
    // the cheaper attack, and a 413 tells nothing about the secret or the expected signature.
    const size = isBase64Encoded ? base64DecodedLength(body) : Buffer.byteLength(body, 'utf8');
    if (size > maxBodyBytes) {
      throw createError(413, 'Payload Too Large', {
        expose: true,
        cause: { package: 'read-raw-body', data: { size, maxBodyBytes } },
      });
    }
    request.internal.rawBody = Buffer.from(body, isBase64Encoded ? 'base64' : 'utf8');
  };
  return { before: readRawBodyBefore };
}
