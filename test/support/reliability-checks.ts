// The suite's one definition of "nothing lost, nothing doubled": every message of a conversation has exactly
// one finished decision and exactly one reply that Meta accepted.
import type { RecordedRequest } from './fake-graph-api.ts';
import type { ConversationMessage } from './reliability-conversation.ts';
import { type StoredItem, wamidOfItem } from './reliability-harness.ts';

export interface Settlement {
  /** Messages without an accepted reply, or whose record never reached a terminal state. */
  readonly lost: string[];
  /**
   * Answered exactly once, but recorded as failed (`interrupted_unknown_send_state`): the finish write
   * failed after the send, and the redelivery could not know the reply had gone out.
   */
  readonly misrecorded: string[];
  /** Messages with more than one accepted reply. */
  readonly doubled: string[];
  /** Lost messages with what the table holds for them, for the failure message. */
  readonly details: string[];
}

export function quotedWamid(send: Pick<RecordedRequest, 'body'>): string | undefined {
  return (send.body?.context as { message_id?: string } | undefined)?.message_id;
}

export function settle(
  conversation: readonly ConversationMessage[],
  items: readonly StoredItem[],
  sends: readonly RecordedRequest[],
): Settlement {
  const replies = new Map<string, number>();
  for (const send of sends) {
    if (send.kind !== 'send' || send.outcome !== 'ok') continue;
    const quoted = quotedWamid(send);
    if (quoted) replies.set(quoted, (replies.get(quoted) ?? 0) + 1);
  }
  const byWamid = new Map(items.map((item) => [wamidOfItem(item), item]));
  const lost: string[] = [];
  const misrecorded: string[] = [];
  const doubled: string[] = [];
  const details: string[] = [];
  for (const message of conversation) {
    const item = byWamid.get(message.wamid);
    const count = replies.get(message.wamid) ?? 0;
    if (count > 1) doubled.push(message.wamid);
    const finished = item?.state === 'finished' && item.outcome !== undefined;
    if (finished && count === 1 && item?.reason === 'interrupted_unknown_send_state') {
      misrecorded.push(message.wamid);
      continue;
    }
    if (!finished || count === 0 || item?.outcome === 'failed') {
      lost.push(message.wamid);
      details.push(
        `${message.wamid}: state=${item?.state} outcome=${item?.outcome} reason=${item?.reason} ` +
          `attempts=${item?.attempts} duplicates=${item?.duplicates ?? 0} replies=${count}`,
      );
    }
  }
  return { lost, misrecorded, doubled, details };
}
