// The laptop's stand-in for the SQS FIFO queue and its Lambda event source mapping: the ingress handler
// publishes into it, and it calls the responder handler with SQS batch events, with the same rules the real
// pair applies (per-group order, one batch in flight per group, 5-minute dedup, visibility timeout,
// partial batch failures, redrive to a dead-letter queue after maxReceiveCount receives).
import { createHash, randomUUID } from 'node:crypto';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { QueueItem } from '../../lambda/core/inbound.ts';
import type { Clock, QueuePublisher } from '../../lambda/core/ports.ts';
import { type QueueMessage, toQueueMessage } from '../../lambda/core/queue-message.ts';

/** Timers as a port, so that tests move time by hand instead of waiting for visibility timeouts. */
export interface Timers {
  /** Calls `fn` after `ms`; the returned function cancels it. */
  set(fn: () => void, ms: number): () => void;
}

export const realTimers: Timers = {
  set(fn, ms) {
    const handle = setTimeout(fn, ms);
    // A pending redelivery must not keep a finished CLI or test process alive.
    handle.unref?.();
    return () => clearTimeout(handle);
  },
};

export type BatchHandler = (event: SQSEvent) => Promise<SQSBatchResponse | undefined>;

export interface InProcessFifoQueueOptions {
  readonly clock: Clock;
  readonly timers?: Timers;
  /** Messages per batch, as the event source mapping's BatchSize. @default 10 */
  readonly batchSize?: number;
  /** How long a failed message stays invisible before its redelivery. @default 30000 */
  readonly visibilityTimeoutMs?: number;
  /** Receives before a failing message moves to the dead-letter queue (the redrive policy). @default 5 */
  readonly maxReceiveCount?: number;
  /** SQS FIFO drops a message whose MessageDeduplicationId was seen within this window. @default 300000 */
  readonly deduplicationWindowMs?: number;
  readonly queueArn?: string;
  /** Told about every batch outcome, for logs and the simulator's counters. */
  readonly onBatch?: (report: BatchReport) => void;
}

export interface BatchReport {
  readonly groupId: string;
  readonly size: number;
  readonly failed: number;
  readonly deadLettered: number;
  /** Set when the handler threw instead of answering (the whole batch counts as failed). */
  readonly error?: unknown;
}

export interface StoredMessage {
  readonly messageId: string;
  readonly body: string;
  readonly groupId: string;
  readonly deduplicationId: string;
  readonly sequenceNumber: string;
  readonly sentAt: number;
  receiveCount: number;
  firstReceivedAt?: number;
  /** Epoch ms from which the message may be received again. */
  visibleAt: number;
}

export interface DeadLetter {
  readonly message: StoredMessage;
  readonly movedAt: number;
}

export interface QueueStats {
  readonly waiting: number;
  readonly inFlight: number;
  readonly groups: number;
  readonly deadLetters: number;
  readonly deduplicated: number;
}

interface Group {
  readonly messages: StoredMessage[];
  inFlight: boolean;
  cancelWake?: () => void;
}

export class InProcessFifoQueue implements QueuePublisher {
  readonly queueArn: string;
  private readonly clock: Clock;
  private readonly timers: Timers;
  private readonly batchSize: number;
  private readonly visibilityTimeoutMs: number;
  private readonly maxReceiveCount: number;
  private readonly deduplicationWindowMs: number;
  private readonly onBatch: ((report: BatchReport) => void) | undefined;
  private readonly groups = new Map<string, Group>();
  private readonly seenDeduplicationIds = new Map<string, number>();
  private readonly dlq: DeadLetter[] = [];
  private handler: BatchHandler | undefined;
  private sequence = 0;
  private deduplicated = 0;
  private idleWaiters: (() => void)[] = [];
  private readonly running = new Set<Promise<void>>();

  constructor(options: InProcessFifoQueueOptions) {
    this.clock = options.clock;
    this.timers = options.timers ?? realTimers;
    this.batchSize = options.batchSize ?? 10;
    this.visibilityTimeoutMs = options.visibilityTimeoutMs ?? 30_000;
    this.maxReceiveCount = options.maxReceiveCount ?? 5;
    this.deduplicationWindowMs = options.deduplicationWindowMs ?? 5 * 60_000;
    this.queueArn = options.queueArn ?? 'arn:aws:sqs:local:000000000000:scoped-responder.fifo';
    this.onBatch = options.onBatch;
  }

  /** Connects the consumer (the responder handler); messages published before wait for it. */
  consume(handler: BatchHandler): void {
    this.handler = handler;
    this.pump();
  }

  async publish(items: readonly QueueItem[]): Promise<void> {
    this.publishMessages(items.map(toQueueMessage));
  }

  /** Same as publish, for messages already in their queue form. Returns how many were accepted. */
  publishMessages(messages: readonly QueueMessage[]): number {
    const now = this.clock.now();
    this.forgetExpiredDeduplicationIds(now);
    let accepted = 0;
    for (const message of messages) {
      // SQS answers success for a duplicate and silently drops it; so does this queue.
      if (this.seenDeduplicationIds.has(message.deduplicationId)) {
        this.deduplicated++;
        continue;
      }
      this.seenDeduplicationIds.set(message.deduplicationId, now);
      this.enqueue({
        messageId: randomUUID(),
        body: message.body,
        groupId: message.groupId,
        deduplicationId: message.deduplicationId,
        sequenceNumber: String(++this.sequence).padStart(20, '0'),
        sentAt: now,
        receiveCount: 0,
        visibleAt: now,
      });
      accepted++;
    }
    this.pump();
    return accepted;
  }

  get deadLetters(): readonly DeadLetter[] {
    return this.dlq;
  }

  /** Moves every dead letter back to the end of its group, as StartMessageMoveTask does. */
  redriveDeadLetters(): number {
    const moved = this.dlq.splice(0, this.dlq.length);
    const now = this.clock.now();
    for (const { message } of moved) {
      const { firstReceivedAt: _first, ...rest } = message;
      this.enqueue({ ...rest, receiveCount: 0, visibleAt: now });
    }
    this.pump();
    return moved.length;
  }

  stats(): QueueStats {
    let waiting = 0;
    let inFlight = 0;
    for (const group of this.groups.values()) {
      waiting += group.messages.length;
      if (group.inFlight) inFlight++;
    }
    return {
      waiting,
      inFlight,
      groups: this.groups.size,
      deadLetters: this.dlq.length,
      deduplicated: this.deduplicated,
    };
  }

  /**
   * Resolves once no batch is running and no message is ready for delivery. Messages waiting out their
   * visibility timeout do not count: with a fake clock, the test moves time to release them.
   */
  idle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Drops every message, the DLQ and the dedup memory (`POST /_local/reset`). Running batches finish. */
  purge(): void {
    for (const group of this.groups.values()) group.cancelWake?.();
    this.groups.clear();
    this.dlq.length = 0;
    this.seenDeduplicationIds.clear();
    this.deduplicated = 0;
  }

  /** Waits for running batches; pending redeliveries are cancelled. */
  async close(): Promise<void> {
    this.handler = undefined;
    for (const group of this.groups.values()) group.cancelWake?.();
    await Promise.allSettled([...this.running]);
  }

  private enqueue(message: StoredMessage): void {
    let group = this.groups.get(message.groupId);
    if (!group) {
      group = { messages: [], inFlight: false };
      this.groups.set(message.groupId, group);
    }
    group.messages.push(message);
  }

  private forgetExpiredDeduplicationIds(now: number): void {
    for (const [id, seenAt] of this.seenDeduplicationIds) {
      if (now - seenAt >= this.deduplicationWindowMs) this.seenDeduplicationIds.delete(id);
    }
  }

  private pump(): void {
    if (!this.handler) return;
    const now = this.clock.now();
    for (const [groupId, group] of this.groups) {
      if (group.inFlight) continue;
      if (group.messages.length === 0) {
        this.groups.delete(groupId);
        continue;
      }
      const head = group.messages[0] as StoredMessage;
      if (head.visibleAt > now) {
        this.wakeLater(group, head.visibleAt - now);
        continue;
      }
      // FIFO: a batch takes the group's oldest messages in order and stops at one still invisible.
      const batch: StoredMessage[] = [];
      for (const message of group.messages) {
        if (batch.length >= this.batchSize || message.visibleAt > now) break;
        batch.push(message);
      }
      this.deliver(group, batch);
    }
    this.notifyIfIdle();
  }

  private wakeLater(group: Group, ms: number): void {
    group.cancelWake?.();
    group.cancelWake = this.timers.set(() => {
      group.cancelWake = undefined;
      this.pump();
    }, ms);
  }

  private deliver(group: Group, batch: StoredMessage[]): void {
    const handler = this.handler;
    if (!handler) return;
    group.inFlight = true;
    const now = this.clock.now();
    for (const message of batch) {
      message.receiveCount++;
      message.firstReceivedAt ??= now;
    }
    const event: SQSEvent = { Records: batch.map((message) => this.toRecord(message)) };
    const run = (async () => {
      let failedIds: Set<string>;
      let error: unknown;
      try {
        const response = await handler(event);
        failedIds = failuresOf(response, batch);
      } catch (caught) {
        // A thrown handler fails the whole batch, as the Lambda event source mapping does.
        error = caught;
        failedIds = new Set(batch.map((message) => message.messageId));
      }
      this.settle(group, batch, failedIds, error);
    })();
    this.running.add(run);
    void run.finally(() => this.running.delete(run));
  }

  private settle(group: Group, batch: StoredMessage[], failedIds: Set<string>, error: unknown) {
    const now = this.clock.now();
    let deadLettered = 0;
    for (const message of batch) {
      const index = group.messages.indexOf(message);
      if (index < 0) continue; // purged while the batch ran
      if (!failedIds.has(message.messageId)) {
        group.messages.splice(index, 1);
      } else if (message.receiveCount >= this.maxReceiveCount) {
        group.messages.splice(index, 1);
        this.dlq.push({ message, movedAt: now });
        deadLettered++;
      } else {
        message.visibleAt = now + this.visibilityTimeoutMs;
      }
    }
    group.inFlight = false;
    this.onBatch?.({
      groupId: batch[0]?.groupId ?? '',
      size: batch.length,
      failed: failedIds.size,
      deadLettered,
      ...(error === undefined ? {} : { error }),
    });
    this.pump();
  }

  private toRecord(message: StoredMessage): SQSRecord {
    return {
      messageId: message.messageId,
      receiptHandle: `${message.messageId}#${message.receiveCount}`,
      body: message.body,
      attributes: {
        ApproximateReceiveCount: String(message.receiveCount),
        SentTimestamp: String(message.sentAt),
        SenderId: 'LOCAL',
        ApproximateFirstReceiveTimestamp: String(message.firstReceivedAt ?? message.sentAt),
        SequenceNumber: message.sequenceNumber,
        MessageGroupId: message.groupId,
        MessageDeduplicationId: message.deduplicationId,
      },
      messageAttributes: {},
      md5OfBody: createHash('md5').update(message.body).digest('hex'),
      eventSource: 'aws:sqs',
      eventSourceARN: this.queueArn,
      awsRegion: 'local',
    };
  }

  private isIdle(): boolean {
    const now = this.clock.now();
    for (const group of this.groups.values()) {
      if (group.inFlight) return false;
      const head = group.messages[0];
      if (head && head.visibleAt <= now && this.handler) return false;
    }
    return true;
  }

  private notifyIfIdle(): void {
    if (this.idleWaiters.length === 0 || !this.isIdle()) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}

/**
 * The failed message ids of a partial batch response. An identifier that names no message of the batch
 * fails the whole batch: that is what the Lambda event source mapping does with an invalid response.
 */
function failuresOf(
  response: SQSBatchResponse | undefined,
  batch: readonly StoredMessage[],
): Set<string> {
  const ids = new Set(batch.map((message) => message.messageId));
  const failed = new Set<string>();
  for (const failure of response?.batchItemFailures ?? []) {
    if (!failure.itemIdentifier || !ids.has(failure.itemIdentifier)) return ids;
    failed.add(failure.itemIdentifier);
  }
  return failed;
}
