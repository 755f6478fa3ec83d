// The decision record: one per inbound message, the audit trail that shows the bot stayed in scope.
// Field names are part of the product (operators query `outcome` and `intent`), so they are fixed here.
import type { DeliveryStatus, Transport } from './inbound.ts';

export const OUTCOMES = [
  'answered',
  'refused_out_of_scope',
  'refused_policy',
  'general_answered',
  'opted_out',
  'handoff_active',
  'window_closed',
  'duplicate',
  'unsupported',
  'failed',
] as const;
export type Outcome = (typeof OUTCOMES)[number];

export type Posture = 'general_allowed' | 'scoped_only';

/** Which reply, if any, the decision led to. */
export type ReplyKind =
  | 'answer'
  | 'refusal'
  | 'non_text'
  | 'opt_out_confirmation'
  | 'opt_in_confirmation'
  | 'handoff'
  | 'general_answer'
  | 'template'
  | 'none';

/** Identifies one decision record: the values come from the payload, so every redelivery has the same ref. */
export interface DecisionRef {
  readonly userHash: string;
  /** The message's own timestamp, Unix seconds. */
  readonly timestamp: number;
  readonly wamid: string;
}

export interface DecisionRecord extends DecisionRef {
  readonly decisionId: string;
  readonly transport: Transport;
  readonly businessPhoneNumberId: string;
  /** `text`, `interactive`, `button`, `image`, `audio`, … (media carry their media type). */
  readonly inputType: string;
  /** ISO instants. */
  readonly receivedAt: string;
  readonly decidedAt: string;
  readonly sentAt?: string;
  readonly policyRuleId?: string;
  readonly policyVersion?: string;
  readonly posture?: Posture;
  /** Country calling code the policy was evaluated for, e.g. `62`; absent when unknown. */
  readonly jurisdiction?: string;
  /** The instant the policy rule was chosen by (the message timestamp), ISO. */
  readonly policyInstant?: string;
  readonly intent: string | null;
  readonly confidence?: number;
  readonly margin?: number;
  readonly classifierVersion?: string;
  readonly language?: string;
  readonly outcome: Outcome;
  /** Machine-readable why, e.g. `below_threshold`, `not_in_allow_list`, `classifier_error`. */
  readonly reason: string;
  readonly replyKind: ReplyKind;
  readonly replyMessageId?: string;
  readonly deliveryStatus?: DeliveryStatus;
  readonly deliveryErrorCode?: number;
  /** Message text with digits and e-mail addresses masked, or absent (profile `textRetention`). */
  readonly text?: string;
  /** How many times this message was processed (redeliveries after failures). */
  readonly attempts: number;
  /** true when a failed attempt may be retried (nothing was sent); the next delivery reclaims it. */
  readonly retryable?: boolean;
  /** Received (ingress) → sent, milliseconds. */
  readonly latencyMs?: number;
  /**
   * true on a retryable failure at the queue's last delivery (ApproximateReceiveCount reached
   * maxReceiveCount): the message goes to the dead-letter queue instead of being retried.
   */
  readonly deadLettered?: boolean;
}
