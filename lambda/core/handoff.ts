// Human handoff: while a person has the chat, the bot stays silent until the pause ends.
import type { ConversationState } from './ports.ts';

export interface HandoffPlan {
  readonly until: number;
  readonly by: 'user' | 'agent';
}

/** The pause a handoff starts; the CLI uses it for an agent takeover, the chain for a user's request. */
export function planHandoff(by: 'user' | 'agent', now: number, minutes: number): HandoffPlan {
  if (!Number.isFinite(minutes) || minutes <= 0) {
    throw new RangeError('[scoped-responder] handoff minutes must be positive');
  }
  return { until: now + minutes * 60_000, by };
}

export type HandoffVerdict =
  | { readonly kind: 'inactive' }
  | { readonly kind: 'active'; readonly until: number; readonly by: 'user' | 'agent' };

export function evaluateHandoff(
  state: Pick<ConversationState, 'handoffUntil' | 'handoffBy'>,
  now: number,
): HandoffVerdict {
  if (state.handoffUntil === undefined || state.handoffUntil <= now) return { kind: 'inactive' };
  return { kind: 'active', until: state.handoffUntil, by: state.handoffBy ?? 'agent' };
}
