// Step 4, handoff: while a person has the chat (the user asked, or an agent took over), the bot is silent.
import type middy from '@middy/core';
import { evaluateHandoff } from '../core/handoff.ts';
import type { Clock } from '../core/ports.ts';
import { isTurnSettled } from '../core/turn.ts';
import type { ResponderContext, ResponderEvent } from '../responder-context.ts';

export interface GateHandoffOptions {
  readonly clock: Clock;
}

export function gateHandoff(
  options: GateHandoffOptions,
): middy.MiddlewareObj<ResponderEvent, void, Error, ResponderContext> {
  const gateHandoffBefore: middy.MiddlewareFn<ResponderEvent, void, Error, ResponderContext> = (
    request,
  ) => {
    const state = request.context.responder;
    if (isTurnSettled(state.verdicts) || state.conversation === undefined) return;
    state.verdicts.handoff = evaluateHandoff(state.conversation, options.clock.now());
  };
  return { before: gateHandoffBefore };
}
