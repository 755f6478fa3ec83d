// Combines the gates' verdicts into one decision for the turn: the outcome, why, and which reply (if any).
// The gates never stop the chain; this function is where their verdicts meet, in the order of the chain.
import type { ConsentVerdict } from './consent.ts';
import type { Outcome, ReplyKind } from './decision.ts';
import type { HandoffVerdict } from './handoff.ts';
import type { PolicyVerdict } from './policy/evaluate-policy.ts';
import type { ClassificationVerdict, MessageInput, ScopeVerdict } from './scope.ts';
import type { WindowVerdict } from './window.ts';

export type DedupeVerdict =
  | { readonly kind: 'claimed'; readonly attempts: number }
  /** Already decided: a redelivery. */
  | { readonly kind: 'duplicate' }
  /** Claimed recently by an attempt that may still be running. */
  | { readonly kind: 'in_progress' }
  /** Claimed long ago and never finished: it may or may not have sent its reply. */
  | { readonly kind: 'interrupted' };

export type PolicyGateVerdict =
  | { readonly kind: 'evaluated'; readonly verdict: PolicyVerdict }
  | { readonly kind: 'error'; readonly message: string };

export interface TurnVerdicts {
  /** Set at cold start when the profile (or the config) could not be loaded. */
  readonly configError?: string;
  readonly dedupe?: DedupeVerdict;
  readonly consent?: ConsentVerdict;
  readonly policy?: PolicyGateVerdict;
  readonly handoff?: HandoffVerdict;
  readonly input?: MessageInput;
  readonly classification?: ClassificationVerdict;
  readonly scope?: ScopeVerdict;
  readonly window?: WindowVerdict;
}

export interface ReplyPlan {
  readonly kind: Exclude<ReplyKind, 'none'>;
  readonly language: string;
  readonly intent?: string;
}

export interface TurnPlan {
  readonly outcome: Outcome;
  readonly reason: string;
  readonly reply?: ReplyPlan;
  /** A user asked for a person: pause the bot for this chat. */
  readonly startHandoff?: boolean;
  /** How the decision is written: a redelivery only notes itself on the existing record. */
  readonly write: 'finish' | 'duplicate';
}

/** True once an earlier gate has decided the turn, so later gates skip their I/O and side effects. */
export function isTurnSettled(verdicts: TurnVerdicts): boolean {
  if (verdicts.configError !== undefined) return true;
  if (verdicts.dedupe !== undefined && verdicts.dedupe.kind !== 'claimed') return true;
  if (verdicts.consent !== undefined && verdicts.consent.kind !== 'pass') return true;
  return verdicts.handoff?.kind === 'active';
}

function planBeforeWindow(verdicts: TurnVerdicts, language: string): Omit<TurnPlan, 'write'> {
  const { consent, handoff, scope } = verdicts;
  if (consent?.kind === 'opt_out') {
    return consent.confirm
      ? {
          outcome: 'opted_out',
          reason: 'opt_out_keyword',
          reply: { kind: 'opt_out_confirmation', language: consent.language },
        }
      : { outcome: 'opted_out', reason: 'already_opted_out' };
  }
  if (consent?.kind === 'opt_in') {
    return {
      outcome: 'answered',
      reason: 'opt_in_keyword',
      reply: { kind: 'opt_in_confirmation', language: consent.language },
    };
  }
  if (consent?.kind === 'suppressed') return { outcome: 'opted_out', reason: 'opted_out' };
  if (handoff?.kind === 'active') {
    return { outcome: 'handoff_active', reason: `handoff_by_${handoff.by}` };
  }
  switch (scope?.kind) {
    case undefined:
      // No scope verdict means a gate failed to run: refuse rather than guess.
      return { outcome: 'refused_out_of_scope', reason: 'no_scope_verdict' };
    case 'ignore':
      return { outcome: 'unsupported', reason: scope.reason };
    case 'non_text':
      return {
        outcome: 'unsupported',
        reason: 'non_text_input',
        reply: { kind: 'non_text', language },
      };
    case 'answer':
      return {
        outcome: 'answered',
        reason: 'in_scope',
        reply: { kind: 'answer', language, intent: scope.intent },
      };
    case 'handoff':
      return {
        outcome: 'answered',
        reason: 'handoff_requested',
        reply: { kind: 'handoff', language, intent: scope.intent },
        startHandoff: true,
      };
    case 'general':
      return {
        outcome: 'general_answered',
        reason: 'general_allowed',
        reply: { kind: 'general_answer', language },
      };
    case 'refuse':
      return {
        outcome: scope.reason === 'policy_error' ? 'refused_policy' : 'refused_out_of_scope',
        reason: scope.reason,
        reply: { kind: 'refusal', language },
      };
  }
}

/**
 * `language` is the reply language already resolved against the profile. `windowTemplate` is whether the
 * profile has a template for a closed window (never sent in answer to STOP/START).
 */
export function planTurn(
  verdicts: TurnVerdicts,
  language: string,
  windowTemplate: boolean,
): TurnPlan {
  const { dedupe } = verdicts;
  if (dedupe?.kind === 'duplicate')
    return { outcome: 'duplicate', reason: 'redelivery', write: 'duplicate' };
  if (dedupe?.kind === 'in_progress') {
    return { outcome: 'duplicate', reason: 'claim_in_progress', write: 'duplicate' };
  }
  // At most once: an earlier attempt may have sent its reply, and a second reply is worse than none.
  if (dedupe?.kind === 'interrupted') {
    return { outcome: 'failed', reason: 'interrupted_unknown_send_state', write: 'finish' };
  }
  if (verdicts.configError !== undefined) {
    return { outcome: 'failed', reason: 'config_error', write: 'finish' };
  }
  const plan = planBeforeWindow(verdicts, language);
  if (plan.reply === undefined || verdicts.window?.open !== false)
    return { ...plan, write: 'finish' };
  const consentReply =
    plan.reply.kind === 'opt_out_confirmation' || plan.reply.kind === 'opt_in_confirmation';
  return {
    outcome: 'window_closed',
    reason: 'window_closed',
    ...(windowTemplate && !consentReply
      ? { reply: { kind: 'template', language: plan.reply.language } }
      : {}),
    ...(plan.startHandoff ? { startHandoff: true } : {}),
    write: 'finish',
  };
}

/** The reply in a language the profile speaks (a keyword or a model may name another). */
export function localisePlan(
  plan: TurnPlan,
  languages: readonly string[],
  fallback: string,
): TurnPlan {
  if (plan.reply === undefined || languages.includes(plan.reply.language)) return plan;
  return { ...plan, reply: { ...plan.reply, language: fallback } };
}

/** Fail closed when the general answerer gives nothing: the message is out of scope like any other. */
export function refuseWithoutGeneralAnswer(plan: TurnPlan): TurnPlan {
  if (plan.reply?.kind !== 'general_answer') return plan;
  return {
    ...plan,
    outcome: 'refused_out_of_scope',
    reason: 'general_answerer_error',
    reply: { kind: 'refusal', language: plan.reply.language },
  };
}
