// Meta's 24-hour customer service window: free-form replies only within 24 h of the user's last message.
import type { ConversationState } from './ports.ts';

export const SERVICE_WINDOW_MS = 24 * 60 * 60 * 1000;

export interface WindowVerdict {
  readonly open: boolean;
  /** The user's latest inbound message, epoch ms (this one or a later one already seen). */
  readonly lastInboundAt: number;
}

/**
 * Measured from the message's own timestamp, not from when we received it: a message redelivered a day
 * late opens no window. A later message already seen (replays arrive out of order) extends it.
 */
export function evaluateWindow(
  messageTimestamp: number,
  state: Pick<ConversationState, 'lastInboundAt'>,
  now: number,
): WindowVerdict {
  const lastInboundAt = Math.max(messageTimestamp, state.lastInboundAt ?? 0) * 1000;
  return { open: now - lastInboundAt < SERVICE_WINDOW_MS, lastInboundAt };
}
