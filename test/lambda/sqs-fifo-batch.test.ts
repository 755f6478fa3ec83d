import type { SQSRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { processFifoBatch } from '../../lambda/sqs-fifo-batch.ts';

function record(id: string, group: string, receiveCount = 1): SQSRecord {
  return {
    messageId: id,
    receiptHandle: `r-${id}`,
    body: '{}',
    attributes: {
      ApproximateReceiveCount: String(receiveCount),
      SentTimestamp: '0',
      SenderId: 'x',
      ApproximateFirstReceiveTimestamp: '0',
      MessageGroupId: group,
    },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:us-east-1:123456789012:q.fifo',
    awsRegion: 'us-east-1',
  };
}

/** Runs a batch; records whose id is in `poison` throw. Returns what was attempted, in order. */
async function run(records: SQSRecord[], poison: Set<string>, maxReceiveCount = 3) {
  const attempted: string[] = [];
  const held: boolean[] = [];
  const result = await processFifoBatch(
    { Records: records },
    async ({ messageId }) => {
      attempted.push(messageId);
      if (poison.has(messageId)) throw new Error(`poison ${messageId}`);
    },
    { maxReceiveCount, onFailure: (_record, _error, holdsGroup) => held.push(holdsGroup) },
  );
  return { failures: result.batchItemFailures.map((f) => f.itemIdentifier), attempted, held };
}

describe('processFifoBatch', () => {
  it('processes every record in order when nothing fails', async () => {
    const { failures, attempted } = await run(
      [record('a1', 'A'), record('b1', 'B'), record('a2', 'A')],
      new Set(),
    );
    expect(failures).toEqual([]);
    expect(attempted).toEqual(['a1', 'b1', 'a2']);
  });

  it('holds the rest of a failed group back, unattempted, while other groups go on', async () => {
    const { failures, attempted, held } = await run(
      [record('a1', 'A'), record('b1', 'B'), record('a2', 'A'), record('b2', 'B')],
      new Set(['a1']),
    );
    expect(failures).toEqual(['a1', 'a2']);
    expect(attempted).toEqual(['a1', 'b1', 'b2']);
    expect(held).toEqual([true]);
  });

  it("processes the messages behind a failure on the failed message's last delivery", async () => {
    // The poison has been received maxReceiveCount times: it goes to the DLQ next, so the chat's other
    // messages (skipped as often) must be answered now instead of following it there.
    const { failures, attempted, held } = await run(
      [record('a1', 'A', 3), record('a2', 'A', 3), record('a3', 'A', 3)],
      new Set(['a1']),
      3,
    );
    expect(failures).toEqual(['a1']);
    expect(attempted).toEqual(['a1', 'a2', 'a3']);
    expect(held).toEqual([false]);
  });

  it('attempts a held record on its own last delivery rather than dead-lettering it unattempted', async () => {
    // a1 failed on an earlier delivery too and is retried; a2 has been held back as often as it may be.
    const { failures, attempted } = await run(
      [record('a1', 'A', 2), record('a2', 'A', 3), record('a3', 'A', 2)],
      new Set(['a1']),
      3,
    );
    expect(attempted).toEqual(['a1', 'a2']);
    expect(failures).toEqual(['a1', 'a3']);
  });

  it('treats a record without a group id as its own group', async () => {
    const lone = record('x1', 'X');
    delete (lone.attributes as { MessageGroupId?: string }).MessageGroupId;
    const { failures, attempted } = await run([lone, record('y1', 'Y')], new Set(['x1']));
    expect(failures).toEqual(['x1']);
    expect(attempted).toEqual(['x1', 'y1']);
  });
});
