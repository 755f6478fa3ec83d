// Step 3, effective-date policy: which rule of the policy pack governs this message, chosen by the
// message's own timestamp and the user's country. A missing or failing pack refuses (fail closed).
import type middy from '@middy/core';
import { jurisdictionOf } from '../core/jurisdiction.ts';
import { evaluatePolicy } from '../core/policy/evaluate-policy.ts';
import type { PolicyPack } from '../core/policy/policy-pack.ts';
import type { PolicyGateVerdict } from '../core/turn.ts';
import type { ResponderContext, ResponderEvent } from '../responder-context.ts';

export interface GatePolicyOptions {
  /** null when the pack failed to load at cold start. */
  readonly policy: PolicyPack | null;
  readonly exemptions: readonly string[];
}

export function gatePolicy(
  options: GatePolicyOptions,
): middy.MiddlewareObj<ResponderEvent, void, Error, ResponderContext> {
  const gatePolicyBefore: middy.MiddlewareFn<ResponderEvent, void, Error, ResponderContext> = (
    request,
  ) => {
    const state = request.context.responder;
    // Recorded for every turn the bot decides, also those consent or handoff settle.
    if (state.verdicts.dedupe?.kind !== 'claimed') return;
    state.verdicts.policy = policyVerdictOf(options, request.event);
  };
  return { before: gatePolicyBefore };
}

function policyVerdictOf(options: GatePolicyOptions, event: ResponderEvent): PolicyGateVerdict {
  if (options.policy === null) return { kind: 'error', message: 'policy pack not loaded' };
  try {
    const verdict = evaluatePolicy(options.policy, {
      instant: event.message.timestamp * 1000,
      jurisdiction: jurisdictionOf(event.message.user),
      exemptions: options.exemptions,
    });
    return { kind: 'evaluated', verdict };
  } catch (error) {
    return { kind: 'error', message: (error as Error).message };
  }
}
