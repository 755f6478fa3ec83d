// How a queue item travels on the FIFO queue (docs/design.md, "Queue contract"): body, group and dedup id.
// Shared by the SQS adapter and any in-memory queue so that both apply the same ordering and dedupe rules.
import { createHash } from 'node:crypto';
import { QUEUE_ITEM_VERSION, type QueueEnvelope, type QueueItem } from './inbound.ts';

export interface QueueMessage {
  readonly body: string;
  readonly groupId: string;
  readonly deduplicationId: string;
}

// SQS allows 1–128 characters from printable ASCII for both ids.
const SQS_ID = /^[\x21-\x7e]{1,128}$/;

/** The id itself when SQS accepts it, else its SHA-256 hex (64 characters): still stable per input. */
export function fitSqsId(id: string): string {
  return SQS_ID.test(id) ? id : createHash('sha256').update(id, 'utf8').digest('hex');
}

/** The chat an item belongs to: the user key, for statuses the recipient, else the business number. */
export function chatKeyOf(item: QueueItem): string {
  return item.kind === 'message'
    ? item.user.key
    : (item.recipientKey ?? item.businessPhoneNumberId);
}

/** Per chat, so each user's messages are handled in order while chats run in parallel. */
export function queueGroupIdOf(item: QueueItem): string {
  return fitSqsId(chatKeyOf(item));
}

/** wamid for messages, `<wamid>:<status>` for statuses: redeliveries within 5 minutes collapse. */
export function queueDeduplicationIdOf(item: QueueItem): string {
  return fitSqsId(item.kind === 'message' ? item.wamid : `${item.messageId}:${item.status}`);
}

export function toQueueMessage(item: QueueItem): QueueMessage {
  const envelope: QueueEnvelope = { v: QUEUE_ITEM_VERSION, item };
  return {
    body: JSON.stringify(envelope),
    groupId: queueGroupIdOf(item),
    deduplicationId: queueDeduplicationIdOf(item),
  };
}
