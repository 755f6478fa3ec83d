// Processes one SQS FIFO batch in order and reports partial failures.
//
// Why not Powertools' SqsFifoPartialProcessor with skipGroupOnError: it returns the rest of a chat's
// group after every failure, and each return counts as a receive. Messages that arrived behind a poison
// message therefore reach the redrive limit together with it and land in the DLQ unprocessed. Here the
// rest of the group waits only while the failed message will be retried; on its last delivery (it goes to
// the DLQ next) the messages behind it are processed at once, and a waiting message on its own last delivery
// is processed too, so one bad message costs its chat nothing else.
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';

export interface FifoBatchOptions {
  /** The queue's redrive maxReceiveCount: the delivery after which a failure goes to the DLQ. */
  readonly maxReceiveCount: number;
  /** Told about every failure, with whether the record's group was held back behind it. */
  readonly onFailure?: (record: SQSRecord, error: unknown, holdsGroup: boolean) => void;
}

export function receiveCountOf(record: SQSRecord): number {
  return Number(record.attributes.ApproximateReceiveCount) || 1;
}

export async function processFifoBatch(
  event: SQSEvent,
  handleRecord: (record: SQSRecord) => Promise<void>,
  options: FifoBatchOptions,
): Promise<SQSBatchResponse> {
  const held = new Set<string>();
  const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
  for (const record of event.Records) {
    const group = record.attributes.MessageGroupId ?? record.messageId;
    // A held record on its own last delivery would go to the DLQ never attempted: out of order beats unanswered.
    if (held.has(group) && receiveCountOf(record) < options.maxReceiveCount) {
      // Not attempted: it goes back with the message it must follow.
      batchItemFailures.push({ itemIdentifier: record.messageId });
      continue;
    }
    try {
      await handleRecord(record);
    } catch (error) {
      batchItemFailures.push({ itemIdentifier: record.messageId });
      const holdsGroup = receiveCountOf(record) < options.maxReceiveCount;
      if (holdsGroup) held.add(group);
      options.onFailure?.(record, error, holdsGroup);
    }
  }
  return { batchItemFailures };
}
