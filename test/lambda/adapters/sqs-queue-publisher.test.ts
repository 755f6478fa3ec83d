import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import {
  QueuePublishError,
  SqsQueuePublisher,
  toBatches,
} from '../../../lambda/adapters/sqs-queue-publisher.ts';
import type { InboundMessage } from '../../../lambda/core/inbound.ts';

const QUEUE_URL = 'https://sqs.us-east-1.amazonaws.com/123456789012/inbound.fifo';
const sqs = mockClient(SQSClient);

afterEach(() => {
  sqs.reset();
});

function message(i: number, key = `user-${i % 3}`, body = `m${i}`): InboundMessage {
  return {
    kind: 'message',
    transport: 'cloud_api',
    wamid: `wamid.${i}`,
    businessPhoneNumberId: '109876543210987',
    user: { key },
    timestamp: 1_764_043_200 + i,
    receivedAt: 1_764_043_500_000,
    content: { type: 'text', body },
  };
}

function publisher() {
  return new SqsQueuePublisher({ queueUrl: QUEUE_URL, client: new SQSClient({}) });
}

describe('SqsQueuePublisher', () => {
  it('sends one batch entry per item with group, dedup id and the versioned body', async () => {
    // Prepare
    sqs.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [] });
    const item = message(1, 'US.20481234567890123456');

    // Act
    await publisher().publish([item]);

    // Assess
    const calls = sqs.commandCalls(SendMessageBatchCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.args[0].input).toEqual({
      QueueUrl: QUEUE_URL,
      Entries: [
        {
          Id: '0',
          MessageBody: JSON.stringify({ v: 1, item }),
          MessageGroupId: 'US.20481234567890123456',
          MessageDeduplicationId: 'wamid.1',
        },
      ],
    });
  });

  it('sends 25 items as batches of 10, 10 and 5, in order', async () => {
    sqs.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [] });
    await publisher().publish(Array.from({ length: 25 }, (_, i) => message(i)));
    const batches = sqs
      .commandCalls(SendMessageBatchCommand)
      .map((call) => call.args[0].input.Entries?.map((entry) => entry.MessageDeduplicationId));
    expect(batches.map((batch) => batch?.length)).toEqual([10, 10, 5]);
    expect(batches.flat()).toEqual(Array.from({ length: 25 }, (_, i) => `wamid.${i}`));
  });

  it('retries only the failed entries once and succeeds', async () => {
    // Prepare
    sqs
      .on(SendMessageBatchCommand)
      .resolvesOnce({
        Successful: [],
        Failed: [{ Id: '1', Code: 'InternalError', SenderFault: false }],
      })
      .resolves({ Successful: [], Failed: [] });

    // Act
    await publisher().publish([message(0), message(1), message(2)]);

    // Assess
    const calls = sqs.commandCalls(SendMessageBatchCommand);
    expect(calls).toHaveLength(2);
    expect(calls[1]?.args[0].input.Entries?.map((entry) => entry.Id)).toEqual(['1']);
  });

  it('throws when an entry fails twice, naming codes but no content', async () => {
    // Prepare
    sqs.on(SendMessageBatchCommand).resolves({
      Successful: [],
      Failed: [{ Id: '0', Code: 'InternalError', SenderFault: false }],
    });

    // Act
    const result = publisher().publish([message(0, 'u', 'secret text')]);

    // Assess
    await expect(result).rejects.toBeInstanceOf(QueuePublishError);
    await expect(result).rejects.toMatchObject({
      failures: [{ code: 'InternalError', senderFault: false }],
    });
    await expect(result).rejects.not.toThrow(/secret text/);
    expect(sqs.commandCalls(SendMessageBatchCommand)).toHaveLength(2);
  });

  it('propagates a client error', async () => {
    sqs.on(SendMessageBatchCommand).rejects(new Error('AccessDenied'));
    await expect(publisher().publish([message(0)])).rejects.toThrow('AccessDenied');
  });

  it('stops at the first failing batch so later batches are not sent out of order', async () => {
    sqs.on(SendMessageBatchCommand).rejects(new Error('throttled'));
    await expect(
      publisher().publish(Array.from({ length: 15 }, (_, i) => message(i))),
    ).rejects.toThrow('throttled');
    expect(sqs.commandCalls(SendMessageBatchCommand)).toHaveLength(1);
  });

  it('sends nothing for no items', async () => {
    await publisher().publish([]);
    expect(sqs.commandCalls(SendMessageBatchCommand)).toHaveLength(0);
  });
});

describe('toBatches', () => {
  it('starts a new batch before 256 KiB', () => {
    const big = 'x'.repeat(100 * 1024);
    const batches = toBatches([message(0, 'a', big), message(1, 'a', big), message(2, 'a', big)]);
    expect(batches.map((batch) => batch.length)).toEqual([2, 1]);
  });
});
