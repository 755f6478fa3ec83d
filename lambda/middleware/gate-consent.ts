// Step 2, consent: STOP/START keywords and opt-out buttons, honoured before anything else; an opted-out
// user gets no further messages.
import type middy from '@middy/core';
import { detectConsentCommand, evaluateConsent } from '../core/consent.ts';
import type { Clock, ConversationStore } from '../core/ports.ts';
import { isTurnSettled } from '../core/turn.ts';
import type { ResponderContext, ResponderEvent } from '../responder-context.ts';

export interface GateConsentOptions {
  readonly conversations: ConversationStore;
  readonly clock: Clock;
}

export function gateConsent(
  options: GateConsentOptions,
): middy.MiddlewareObj<ResponderEvent, void, Error, ResponderContext> {
  const gateConsentBefore: middy.MiddlewareFn<
    ResponderEvent,
    void,
    Error,
    ResponderContext
  > = async (request) => {
    const state = request.context.responder;
    if (isTurnSettled(state.verdicts) || state.userHash === undefined) return;
    // Loaded once here; the handoff and window gates read the same snapshot.
    state.conversation = await options.conversations.load(
      state.userHash,
      request.event.message.wamid,
    );
    const verdict = evaluateConsent(
      detectConsentCommand(request.event.message.content),
      state.conversation,
    );
    state.verdicts.consent = verdict;
    if (verdict.kind === 'opt_out' && verdict.confirm) {
      await options.conversations.setOptOut(state.userHash, true, options.clock.now());
    } else if (verdict.kind === 'opt_in') {
      await options.conversations.setOptOut(state.userHash, false, options.clock.now());
    }
  };
  return { before: gateConsentBefore };
}
