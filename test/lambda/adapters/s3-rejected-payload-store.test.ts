import { createHash } from 'node:crypto';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import {
  rejectedPayloadKey,
  S3RejectedPayloadStore,
} from '../../../lambda/adapters/s3-rejected-payload-store.ts';

const s3 = mockClient(S3Client);

afterEach(() => {
  s3.reset();
});

describe('S3RejectedPayloadStore', () => {
  it('puts the body under the day and its SHA-256', async () => {
    // Prepare
    s3.on(PutObjectCommand).resolves({});
    const store = new S3RejectedPayloadStore({
      bucket: 'rejected-bucket',
      client: new S3Client({}),
    });
    const body = '{"object":"page","entry":[]}';
    const digest = createHash('sha256').update(body).digest('hex');

    // Act
    await store.keep({
      body,
      reason: 'not a WhatsApp webhook envelope (é)',
      receivedAt: Date.UTC(2026, 10, 25, 23, 59),
    });

    // Assess
    expect(s3.commandCalls(PutObjectCommand)[0]?.args[0].input).toEqual({
      Bucket: 'rejected-bucket',
      Key: `rejected/2026/11/25/${digest}.json`,
      Body: body,
      ContentType: 'application/json',
      Metadata: {
        reason: 'not a WhatsApp webhook envelope (?)',
        'received-at': '2026-11-25T23:59:00.000Z',
      },
    });
  });

  it('propagates a failure so ingress answers 5xx', async () => {
    s3.on(PutObjectCommand).rejects(new Error('SlowDown'));
    const store = new S3RejectedPayloadStore({ bucket: 'b', client: new S3Client({}) });
    await expect(store.keep({ body: '{}', reason: 'r', receivedAt: 0 })).rejects.toThrow(
      'SlowDown',
    );
  });

  it('makes its own client on the first rejected payload when none is given', async () => {
    s3.on(PutObjectCommand).resolves({});
    const store = new S3RejectedPayloadStore({ bucket: 'b' });
    await store.keep({ body: '{}', reason: 'r', receivedAt: 0 });
    await store.keep({ body: '[]', reason: 'r', receivedAt: 0 });
    expect(s3.commandCalls(PutObjectCommand).map((call) => call.args[0].input.Bucket)).toEqual([
      'b',
      'b',
    ]);
  });

  it('gives the same key to the same body on the same day', () => {
    expect(rejectedPayloadKey('{}', 1000, 'p/')).toBe(rejectedPayloadKey('{}', 2000, 'p/'));
    expect(rejectedPayloadKey('{}', 1000)).not.toBe(rejectedPayloadKey('{ }', 1000));
  });
});
