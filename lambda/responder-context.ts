// Per-message state of the responder chain: each gate records its verdict here; the handler and the
// decision log read it. One object per inbound message, never shared between records of a batch.
import type { Context } from 'aws-lambda';
import type { DecisionRef } from './core/decision.ts';
import type { FailureVerdict } from './core/failure.ts';
import type { InboundMessage } from './core/inbound.ts';
import type { ConversationState, IntentPrediction } from './core/ports.ts';
import type { TurnPlan, TurnVerdicts } from './core/turn.ts';

/** The event of the per-message chain: one inbound message from one SQS record. */
export interface ResponderEvent {
  readonly message: InboundMessage;
  /** SQS ApproximateReceiveCount: 1 on the first delivery. */
  readonly receiveCount: number;
  /**
   * Set when the invocation has too little time left to start this message on its last delivery. The
   * chain then claims it and fails with DeferredRecordError: the decision log records why before the queue
   * dead-letters it, instead of the DLQ receiving a message with no decision at all.
   */
  readonly deferred?: string;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export interface ResponderState {
  /** Gates write here, in chain order. */
  readonly verdicts: Mutable<TurnVerdicts>;
  userHash?: string;
  ref?: DecisionRef;
  /** Attempts reported by the claim (1 on the first). */
  attempts: number;
  conversation?: ConversationState;
  /** The text the classifier saw (body, caption, edit or menu label). */
  text?: string;
  prediction?: IntentPrediction;
  /** The reply language, resolved against the profile. */
  language?: string;
  plan?: TurnPlan;
  sent?: { messageId: string; at: number };
  /** Graph API requests made for this message (sends with their retries, mark-read). */
  graphCalls: number;
  failure?: FailureVerdict;
  /** Set once the decision log has tried to write, so an error in that write is not logged twice. */
  logged: boolean;
}

export interface ResponderContext extends Context {
  readonly responder: ResponderState;
}

export function newResponderState(configError?: string): ResponderState {
  return {
    verdicts: configError === undefined ? {} : { configError },
    attempts: 1,
    graphCalls: 0,
    logged: false,
  };
}
