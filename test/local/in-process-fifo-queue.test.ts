import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import type { QueueMessage } from '../../lambda/core/queue-message.ts';
import { InProcessFifoQueue } from '../../local/runtime/in-process-fifo-queue.ts';
import { ManualTime } from './support/manual-time.ts';

function message(groupId: string, id: string): QueueMessage {
  return { body: JSON.stringify({ id }), groupId, deduplicationId: id };
}

function idOf(record: SQSRecord): string {
  return (JSON.parse(record.body) as { id: string }).id;
}

/** A consumer whose batches the test finishes by hand, to observe what is in flight at the same time. */
function controlledConsumer() {
  const batches: { ids: string[]; finish: (response?: SQSBatchResponse) => void }[] = [];
  const handler = (event: SQSEvent) =>
    new Promise<SQSBatchResponse>((resolve) => {
      batches.push({
        ids: event.Records.map(idOf),
        finish: (response) => resolve(response ?? { batchItemFailures: [] }),
      });
    });
  return { batches, handler };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('Class: InProcessFifoQueue', () => {
  it('delivers each group in publish order, one batch in flight per group', async () => {
    // Prepare
    const time = new ManualTime();
    const queue = new InProcessFifoQueue({ clock: time, timers: time, batchSize: 2 });
    const { batches, handler } = controlledConsumer();
    queue.consume(handler);

    // Act
    queue.publishMessages([message('a', 'a1'), message('a', 'a2'), message('a', 'a3')]);
    await flush();
    const first = batches.map((batch) => batch.ids);
    queue.publishMessages([message('a', 'a4')]);
    await flush();
    const whileInFlight = batches.length;
    batches[0]?.finish();
    await flush();

    // Assess
    expect(first).toEqual([['a1', 'a2']]);
    expect(whileInFlight).toBe(1);
    expect(batches[1]?.ids).toEqual(['a3', 'a4']);
  });

  it('runs different groups in parallel', async () => {
    // Prepare
    const time = new ManualTime();
    const queue = new InProcessFifoQueue({ clock: time, timers: time });
    const { batches, handler } = controlledConsumer();
    queue.consume(handler);

    // Act
    queue.publishMessages([message('a', 'a1'), message('b', 'b1'), message('a', 'a2')]);
    await flush();

    // Assess
    expect(batches.map((batch) => batch.ids)).toEqual([['a1', 'a2'], ['b1']]);
    expect(queue.stats().inFlight).toBe(2);
  });

  it('redelivers only the failed messages after the visibility timeout, with the receive count', async () => {
    // Prepare
    const time = new ManualTime();
    const queue = new InProcessFifoQueue({
      clock: time,
      timers: time,
      visibilityTimeoutMs: 30_000,
    });
    const received: { id: string; count: string }[][] = [];
    queue.consume(async (event) => {
      received.push(
        event.Records.map((record) => ({
          id: idOf(record),
          count: record.attributes.ApproximateReceiveCount,
        })),
      );
      const failed = received.length === 1 ? event.Records.slice(1) : [];
      return { batchItemFailures: failed.map((record) => ({ itemIdentifier: record.messageId })) };
    });

    // Act
    queue.publishMessages([message('a', 'a1'), message('a', 'a2'), message('a', 'a3')]);
    await queue.idle();
    const beforeTimeout = received.length;
    time.advance(29_999);
    await queue.idle();
    const justBefore = received.length;
    time.advance(1);
    await queue.idle();

    // Assess
    expect(beforeTimeout).toBe(1);
    expect(justBefore).toBe(1);
    expect(received[1]).toEqual([
      { id: 'a2', count: '2' },
      { id: 'a3', count: '2' },
    ]);
    expect(queue.stats().waiting).toBe(0);
  });

  it('fails the whole batch when the handler throws', async () => {
    // Prepare
    const time = new ManualTime();
    const queue = new InProcessFifoQueue({ clock: time, timers: time, visibilityTimeoutMs: 1_000 });
    let calls = 0;
    queue.consume(async () => {
      calls++;
      if (calls === 1) throw new Error('boom');
      return { batchItemFailures: [] };
    });

    // Act
    queue.publishMessages([message('a', 'a1'), message('a', 'a2')]);
    await queue.idle();
    const waitingAfterThrow = queue.stats().waiting;
    time.advance(1_000);
    await queue.idle();

    // Assess
    expect(waitingAfterThrow).toBe(2);
    expect(calls).toBe(2);
    expect(queue.stats().waiting).toBe(0);
  });

  it('moves a message to the DLQ after maxReceiveCount failed receives and redrives it on request', async () => {
    // Prepare
    const time = new ManualTime();
    const queue = new InProcessFifoQueue({
      clock: time,
      timers: time,
      visibilityTimeoutMs: 1_000,
      maxReceiveCount: 3,
    });
    let failing = true;
    const delivered: string[] = [];
    queue.consume(async (event) => {
      if (failing) {
        return {
          batchItemFailures: event.Records.map((record) => ({ itemIdentifier: record.messageId })),
        };
      }
      delivered.push(...event.Records.map(idOf));
      return { batchItemFailures: [] };
    });

    // Act
    queue.publishMessages([message('a', 'a1')]);
    for (let i = 0; i < 5; i++) {
      await queue.idle();
      time.advance(1_000);
    }
    await queue.idle();
    const dead = queue.deadLetters.map((letter) => letter.message.receiveCount);
    failing = false;
    const moved = queue.redriveDeadLetters();
    await queue.idle();

    // Assess
    expect(dead).toEqual([3]);
    expect(moved).toBe(1);
    expect(delivered).toEqual(['a1']);
    expect(queue.deadLetters).toHaveLength(0);
  });

  it('drops a repeated deduplication id within 5 minutes and accepts it after', async () => {
    // Prepare
    const time = new ManualTime();
    const queue = new InProcessFifoQueue({ clock: time, timers: time });
    const delivered: string[] = [];
    queue.consume(async (event) => {
      delivered.push(...event.Records.map(idOf));
      return { batchItemFailures: [] };
    });

    // Act
    queue.publishMessages([message('a', 'w1')]);
    await queue.idle();
    time.advance(5 * 60_000 - 1);
    const withinWindow = queue.publishMessages([message('a', 'w1')]);
    await queue.idle();
    time.advance(1);
    const afterWindow = queue.publishMessages([message('a', 'w1')]);
    await queue.idle();

    // Assess
    expect(withinWindow).toBe(0);
    expect(afterWindow).toBe(1);
    expect(delivered).toEqual(['w1', 'w1']);
    expect(queue.stats().deduplicated).toBe(1);
  });

  it('fails the whole batch when a batch item failure names an unknown message', async () => {
    // Prepare
    const time = new ManualTime();
    const queue = new InProcessFifoQueue({ clock: time, timers: time });
    queue.consume(async () => ({ batchItemFailures: [{ itemIdentifier: 'not-in-batch' }] }));

    // Act
    queue.publishMessages([message('a', 'a1'), message('a', 'a2')]);
    await queue.idle();

    // Assess
    expect(queue.stats().waiting).toBe(2);
  });
});
