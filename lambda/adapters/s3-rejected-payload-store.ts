// RejectedPayloadStore on S3: signed payloads that are JSON but not a usable WhatsApp envelope, kept for a
// human to inspect. Keyed by day and the body's SHA-256, so a redelivery overwrites instead of piling up.
// Encryption and expiry are the bucket's (set in lib/).
import { createHash } from 'node:crypto';
import type { S3Client } from '@aws-sdk/client-s3';
import type { RejectedPayloadStore } from '../core/ports.ts';
import { onDemand } from './on-demand-import.ts';

/**
 * The S3 client is imported when the first payload is rejected, not with the handler: nearly every
 * invocation only verifies and enqueues. The Lambda bundles leave this package out (lib/lambda-bundling.ts)
 * and take the copy the Node.js runtime ships, so ingress neither carries nor loads ~110 KB of S3 code on
 * the hot path; the rare rejection pays the import once per execution environment. Tests and the local
 * runtime resolve the same import from node_modules.
 */
const loadS3 = onDemand(() => import('@aws-sdk/client-s3'), 'S3Client');

export interface S3RejectedPayloadStoreOptions {
  readonly bucket: string;
  /** @default an S3Client with the default configuration, made on the first rejected payload */
  readonly client?: S3Client;
  /** @default 'rejected/' */
  readonly prefix?: string;
}

/** `<prefix>yyyy/mm/dd/<sha256 of the body>.json` (UTC day of receipt). */
export function rejectedPayloadKey(body: string, receivedAt: number, prefix = 'rejected/'): string {
  const day = new Date(receivedAt).toISOString().slice(0, 10).replaceAll('-', '/');
  const digest = createHash('sha256').update(body, 'utf8').digest('hex');
  return `${prefix}${day}/${digest}.json`;
}

// S3 user metadata travels as HTTP headers: printable ASCII only.
function headerSafe(value: string): string {
  return value.replace(/[^\x20-\x7e]/g, '?').slice(0, 512);
}

export class S3RejectedPayloadStore implements RejectedPayloadStore {
  private client: S3Client | undefined;
  private readonly bucket: string;
  private readonly prefix: string;

  constructor(options: S3RejectedPayloadStoreOptions) {
    this.bucket = options.bucket;
    this.prefix = options.prefix ?? 'rejected/';
    this.client = options.client;
  }

  async keep(payload: { body: string; reason: string; receivedAt: number }): Promise<void> {
    const { PutObjectCommand, S3Client } = await loadS3();
    this.client ??= new S3Client({});
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: rejectedPayloadKey(payload.body, payload.receivedAt, this.prefix),
        Body: payload.body,
        ContentType: 'application/json',
        Metadata: {
          reason: headerSafe(payload.reason),
          'received-at': new Date(payload.receivedAt).toISOString(),
        },
      }),
    );
  }
}
