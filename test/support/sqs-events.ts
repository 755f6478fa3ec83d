// Builds SQS FIFO events from queue items, the way the queue delivers what ingress enqueued.
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import type { QueueItem } from '../../lambda/core/inbound.ts';
import { toQueueMessage } from '../../lambda/core/queue-message.ts';

export interface RecordOptions {
  readonly messageId?: string;
  /** SQS ApproximateReceiveCount. @default 1 */
  readonly receiveCount?: number;
  /** Overrides the body (e.g. a malformed one). */
  readonly body?: string;
}

let sequence = 0;

export function sqsRecordOf(item: QueueItem, options: RecordOptions = {}): SQSRecord {
  const message = toQueueMessage(item);
  sequence += 1;
  return {
    messageId: options.messageId ?? `msg-${sequence}`,
    receiptHandle: `receipt-${sequence}`,
    body: options.body ?? message.body,
    attributes: {
      ApproximateReceiveCount: String(options.receiveCount ?? 1),
      SentTimestamp: '1767225600000',
      SenderId: 'AIDAEXAMPLE',
      ApproximateFirstReceiveTimestamp: '1767225600000',
      SequenceNumber: String(18_800_000_000_000_000_000 + sequence),
      MessageGroupId: message.groupId,
      MessageDeduplicationId: message.deduplicationId,
    },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:us-east-1:123456789012:responder.fifo',
    awsRegion: 'us-east-1',
  };
}

export function sqsEventOf(...records: (QueueItem | SQSRecord)[]): SQSEvent {
  return {
    Records: records.map((record) => ('kind' in record ? sqsRecordOf(record) : record)),
  };
}
