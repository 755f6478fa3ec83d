import { describe, expect, it } from 'vitest';
import type { QueueItem } from '../../../lambda/core/inbound.ts';
import { enqueueItems } from '../../../lambda/middleware/enqueue-items.ts';
import { InMemoryQueuePublisher } from '../../support/ingress-fakes.ts';
import { webhookEvent } from '../../support/signed-webhook.ts';
import { fakeMetrics, runMiddleware } from './middy-harness.ts';

const items: QueueItem[] = [
  {
    kind: 'message',
    transport: 'cloud_api',
    wamid: 'wamid.1',
    businessPhoneNumberId: '1',
    user: { key: 'u' },
    timestamp: 1,
    receivedAt: 2,
    content: { type: 'text', body: 'x' },
  },
  {
    kind: 'status',
    transport: 'cloud_api',
    messageId: 'wamid.2',
    status: 'failed',
    timestamp: 1,
    receivedAt: 2,
    businessPhoneNumberId: '1',
    errors: [],
  },
];

describe('enqueueItems', () => {
  it('publishes the items once and counts messages and statuses', async () => {
    const queue = new InMemoryQueuePublisher();
    const metrics = fakeMetrics();
    await runMiddleware(enqueueItems({ queue, metrics }), webhookEvent(), { items });
    expect(queue.calls).toEqual([items]);
    expect(metrics.added).toEqual({ MessagesEnqueued: 1, StatusesEnqueued: 1 });
  });

  it('does not publish an empty list', async () => {
    const queue = new InMemoryQueuePublisher();
    await runMiddleware(enqueueItems({ queue, metrics: fakeMetrics() }), webhookEvent(), {
      items: [],
    });
    expect(queue.calls).toEqual([]);
  });

  it('answers 500 (not exposed) when publishing fails', async () => {
    const queue = new InMemoryQueuePublisher();
    queue.failWith = new Error('down');
    const metrics = fakeMetrics();
    await expect(
      runMiddleware(enqueueItems({ queue, metrics }), webhookEvent(), { items }),
    ).rejects.toMatchObject({ statusCode: 500, expose: false });
    expect(metrics.added).toEqual({});
  });
});
