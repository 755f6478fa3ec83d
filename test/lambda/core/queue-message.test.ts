import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { InboundMessage, StatusUpdate } from '../../../lambda/core/inbound.ts';
import {
  fitSqsId,
  queueDeduplicationIdOf,
  queueGroupIdOf,
  toQueueMessage,
} from '../../../lambda/core/queue-message.ts';

const message: InboundMessage = {
  kind: 'message',
  transport: 'cloud_api',
  wamid: 'wamid.HBgLMTU1NTEyMzAwMDEVAgASGBQzQUZGM0E2NkQ5QjI3QkYxRDJBNwA=',
  businessPhoneNumberId: '109876543210987',
  user: { key: 'US.20481234567890123456', userId: 'US.20481234567890123456', waId: '15551230001' },
  timestamp: 1_764_043_201,
  receivedAt: 1_764_043_500_000,
  content: { type: 'text', body: 'hi' },
};

const status: StatusUpdate = {
  kind: 'status',
  transport: 'cloud_api',
  messageId: 'wamid.out',
  status: 'failed',
  timestamp: 1_764_043_213,
  receivedAt: 1_764_043_500_000,
  businessPhoneNumberId: '109876543210987',
  errors: [{ code: 131047 }],
};

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

describe('toQueueMessage', () => {
  it('wraps a message in the versioned envelope, grouped by user and deduplicated by wamid', () => {
    const queued = toQueueMessage(message);
    expect(JSON.parse(queued.body)).toEqual({ v: 1, item: message });
    expect(queued.groupId).toBe('US.20481234567890123456');
    expect(queued.deduplicationId).toBe(message.wamid);
  });

  it('groups a status by recipient, else by business number, and dedupes on wamid:status', () => {
    expect(queueGroupIdOf(status)).toBe('109876543210987');
    expect(queueGroupIdOf({ ...status, recipientKey: '15551230001' })).toBe('15551230001');
    expect(queueDeduplicationIdOf(status)).toBe('wamid.out:failed');
  });
});

describe('fitSqsId', () => {
  it.each([
    ['a 128-character id unchanged', 'w'.repeat(128), 'w'.repeat(128)],
    ['a 129-character id as its SHA-256', 'w'.repeat(129), sha256('w'.repeat(129))],
    ['an id with a space as its SHA-256', 'a b', sha256('a b')],
    ['an empty id as its SHA-256', '', sha256('')],
  ])('returns %s', (_, id, expected) => {
    expect(fitSqsId(id)).toBe(expected);
  });

  it('hashes a long wamid into the dedup id', () => {
    const long = `wamid.${'A'.repeat(200)}`;
    expect(queueDeduplicationIdOf({ ...message, wamid: long })).toBe(sha256(long));
  });
});
