// Step 6, scope: answer only the profile's intents at or above its threshold; refuse everything else.
import type middy from '@middy/core';
import type { Profile } from '../core/profile/profile-schema.ts';
import { evaluateScope } from '../core/scope.ts';
import { isTurnSettled } from '../core/turn.ts';
import type { ResponderContext, ResponderEvent } from '../responder-context.ts';

export interface GateScopeOptions {
  readonly profile: Profile | null;
  /** Whether a GeneralAnswerer is configured; it is still used only where the policy allows it. */
  readonly hasGeneralAnswerer: boolean;
}

export function gateScope(
  options: GateScopeOptions,
): middy.MiddlewareObj<ResponderEvent, void, Error, ResponderContext> {
  const gateScopeBefore: middy.MiddlewareFn<ResponderEvent, void, Error, ResponderContext> = (
    request,
  ) => {
    const { verdicts } = request.context.responder;
    if (options.profile === null || isTurnSettled(verdicts) || verdicts.input === undefined) return;
    verdicts.scope = evaluateScope(options.profile, {
      input: verdicts.input,
      classification: verdicts.classification ?? { kind: 'none' },
      posture: verdicts.policy?.kind === 'evaluated' ? verdicts.policy.verdict.posture : undefined,
      hasGeneralAnswerer: options.hasGeneralAnswerer,
    });
  };
  return { before: gateScopeBefore };
}
