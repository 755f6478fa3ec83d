// QueuePublisher on an SQS FIFO queue: SendMessageBatch in chunks, failed entries retried once, then a throw
// (ingress answers 5xx and Meta redelivers; the dedup ids make the redelivery harmless).
import {
  type BatchResultErrorEntry,
  SendMessageBatchCommand,
  type SendMessageBatchRequestEntry,
  SQSClient,
} from '@aws-sdk/client-sqs';
import type { QueueItem } from '../core/inbound.ts';
import type { QueuePublisher } from '../core/ports.ts';
import { toQueueMessage } from '../core/queue-message.ts';

/** SQS's limit of entries per SendMessageBatch. */
const MAX_BATCH_ENTRIES = 10;
// SQS caps a batch's total payload; 256 KiB is the long-standing limit and safe in every region.
const MAX_BATCH_BYTES = 256 * 1024;

export class QueuePublishError extends Error {
  override readonly name = 'QueuePublishError';
  constructor(
    readonly failures: readonly { readonly code?: string; readonly senderFault?: boolean }[],
    options?: ErrorOptions,
  ) {
    super(`[scoped-responder] ${failures.length} queue message(s) not accepted by SQS`, options);
  }
}

export interface SqsQueuePublisherOptions {
  readonly queueUrl: string;
  readonly client?: SQSClient;
}

export class SqsQueuePublisher implements QueuePublisher {
  private readonly client: SQSClient;
  private readonly queueUrl: string;

  constructor(options: SqsQueuePublisherOptions) {
    this.queueUrl = options.queueUrl;
    this.client = options.client ?? new SQSClient({});
  }

  async publish(items: readonly QueueItem[]): Promise<void> {
    // Chunks go one after the other: FIFO order within a message group follows send order.
    for (const chunk of toBatches(items)) {
      await this.sendWithOneRetry(chunk);
    }
  }

  private async sendWithOneRetry(entries: SendMessageBatchRequestEntry[]): Promise<void> {
    const failed = await this.send(entries);
    if (failed.length === 0) return;
    const retry = entries.filter((entry) => failed.some((f) => f.Id === entry.Id));
    const stillFailed = await this.send(retry);
    if (stillFailed.length > 0) {
      throw new QueuePublishError(
        stillFailed.map((f) => ({
          ...(f.Code ? { code: f.Code } : {}),
          ...(f.SenderFault !== undefined ? { senderFault: f.SenderFault } : {}),
        })),
      );
    }
  }

  private async send(entries: SendMessageBatchRequestEntry[]): Promise<BatchResultErrorEntry[]> {
    const result = await this.client.send(
      new SendMessageBatchCommand({ QueueUrl: this.queueUrl, Entries: entries }),
    );
    return result.Failed ?? [];
  }
}

/** Entries in item order, at most 10 and 256 KiB per batch (a single larger message goes alone). */
export function toBatches(items: readonly QueueItem[]): SendMessageBatchRequestEntry[][] {
  const batches: SendMessageBatchRequestEntry[][] = [];
  let current: SendMessageBatchRequestEntry[] = [];
  let bytes = 0;
  items.forEach((item, index) => {
    const message = toQueueMessage(item);
    const size = Buffer.byteLength(message.body, 'utf8');
    if (
      current.length > 0 &&
      (current.length === MAX_BATCH_ENTRIES || bytes + size > MAX_BATCH_BYTES)
    ) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push({
      Id: String(index),
      MessageBody: message.body,
      MessageGroupId: message.groupId,
      MessageDeduplicationId: message.deduplicationId,
    });
    bytes += size;
  });
  if (current.length > 0) batches.push(current);
  return batches;
}
