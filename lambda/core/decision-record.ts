// Builds the one decision record per inbound message from what the chain found out.
import { createHash } from 'node:crypto';
import type { DecisionRecord, DecisionRef, Outcome, ReplyKind } from './decision.ts';
import { encodeDecisionRef } from './decision-ref.ts';
import type { FailureVerdict } from './failure.ts';
import type { InboundMessage } from './inbound.ts';
import type { IntentPrediction } from './ports.ts';
import { retainText, type TextRetention } from './redact.ts';
import { inputTypeOf } from './scope.ts';
import type { TurnPlan, TurnVerdicts } from './turn.ts';

/** Derived from the ref, so every attempt at the same message writes the same decision id. */
export function decisionIdOf(ref: DecisionRef): string {
  return createHash('sha256').update(encodeDecisionRef(ref), 'utf8').digest('hex').slice(0, 32);
}

export interface DecisionFacts {
  readonly message: InboundMessage;
  readonly ref: DecisionRef;
  readonly verdicts: TurnVerdicts;
  /** Absent when the chain failed before planning. */
  readonly plan?: TurnPlan;
  readonly failure?: FailureVerdict;
  readonly prediction?: IntentPrediction;
  readonly language?: string;
  /** The text the classifier saw, if any. */
  readonly text?: string;
  readonly textRetention: TextRetention;
  readonly attempts: number;
  readonly decidedAt: number;
  readonly sent?: { readonly messageId: string; readonly at: number };
}

const iso = (epochMs: number): string => new Date(epochMs).toISOString();

export function buildDecisionRecord(facts: DecisionFacts): DecisionRecord {
  const { message, plan, failure, prediction, verdicts, sent } = facts;
  const outcome: Outcome = failure ? 'failed' : (plan?.outcome ?? 'failed');
  const reason = failure?.reason ?? plan?.reason ?? 'no_plan';
  const replyKind: ReplyKind = sent && plan?.reply ? plan.reply.kind : 'none';
  const policy = verdicts.policy?.kind === 'evaluated' ? verdicts.policy.verdict : undefined;
  const text = retainText(facts.text, facts.textRetention);
  return {
    ...facts.ref,
    decisionId: decisionIdOf(facts.ref),
    transport: message.transport,
    businessPhoneNumberId: message.businessPhoneNumberId,
    inputType: inputTypeOf(message.content),
    receivedAt: iso(message.receivedAt),
    decidedAt: iso(facts.decidedAt),
    ...(sent ? { sentAt: iso(sent.at), replyMessageId: sent.messageId } : {}),
    ...(policy
      ? {
          policyRuleId: policy.ruleId,
          policyVersion: policy.version,
          posture: policy.posture,
          policyInstant: iso(policy.instant),
          ...(policy.jurisdiction === undefined ? {} : { jurisdiction: policy.jurisdiction }),
        }
      : {}),
    intent: prediction?.intent ?? null,
    ...(prediction
      ? {
          confidence: prediction.confidence,
          margin: prediction.margin,
          classifierVersion: prediction.classifierVersion,
        }
      : {}),
    ...(facts.language === undefined ? {} : { language: facts.language }),
    outcome,
    reason,
    replyKind,
    ...(text === undefined ? {} : { text }),
    attempts: facts.attempts,
    ...(failure ? { retryable: failure.retryable } : {}),
    ...(failure?.deadLettered ? { deadLettered: true } : {}),
    ...(sent ? { latencyMs: Math.max(0, sent.at - message.receivedAt) } : {}),
  };
}
