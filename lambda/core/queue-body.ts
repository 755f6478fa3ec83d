// Reads one SQS message body back into the queue item ingress wrote (docs/design.md, "Queue contract").
import { QUEUE_ITEM_VERSION, type QueueItem } from './inbound.ts';

export class QueueBodyError extends Error {
  override readonly name = 'QueueBodyError';
}

/** Checks only the envelope: ingress validated the item, and the version tag guards shape changes. */
export function parseQueueBody(body: string): QueueItem {
  let envelope: unknown;
  try {
    envelope = JSON.parse(body);
  } catch (error) {
    throw new QueueBodyError('[scoped-responder] queue body is not JSON', { cause: error });
  }
  const { v, item } = (envelope ?? {}) as { v?: unknown; item?: { kind?: unknown } };
  if (v !== QUEUE_ITEM_VERSION) {
    throw new QueueBodyError(`[scoped-responder] unknown queue body version ${String(v)}`);
  }
  if (item?.kind !== 'message' && item?.kind !== 'status') {
    throw new QueueBodyError('[scoped-responder] queue body carries no message or status');
  }
  return item as QueueItem;
}
