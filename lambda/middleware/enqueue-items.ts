// Step 5 of POST /webhook: every item onto the FIFO queue before Meta gets its 200. A failure answers 5xx
// so that Meta retries; the queue's dedup ids and the responder's claim absorb the redelivery.
import { createError } from '@middy/util';
import type { QueuePublisher } from '../core/ports.ts';
import {
  count,
  IngressMetric,
  type IngressMiddleware,
  type MetricsSink,
} from './ingress-request.ts';

export interface EnqueueItemsOptions {
  readonly queue: QueuePublisher;
  readonly metrics: MetricsSink;
}

export function enqueueItems(options: EnqueueItemsOptions): IngressMiddleware {
  const { queue, metrics } = options;
  const enqueueItemsBefore: NonNullable<IngressMiddleware['before']> = async (request) => {
    const items = request.internal.items ?? [];
    if (items.length === 0) return;
    try {
      await queue.publish(items);
    } catch (error) {
      throw createError(500, 'Enqueue failed', {
        expose: false,
        cause: { package: 'enqueue-items', error },
      });
    }
    const messages = items.filter((item) => item.kind === 'message').length;
    count(metrics, IngressMetric.MessagesEnqueued, messages);
    count(metrics, IngressMetric.StatusesEnqueued, items.length - messages);
  };
  return { before: enqueueItemsBefore };
}
