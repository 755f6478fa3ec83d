// Step 7, 24-hour window: a free-form reply only within 24 h of the user's last message, measured at
// send time from the messages' own timestamps.
import type middy from '@middy/core';
import type { Clock } from '../core/ports.ts';
import { evaluateWindow } from '../core/window.ts';
import type { ResponderContext, ResponderEvent } from '../responder-context.ts';

export interface GateWindowOptions {
  readonly clock: Clock;
}

export function gateWindow(
  options: GateWindowOptions,
): middy.MiddlewareObj<ResponderEvent, void, Error, ResponderContext> {
  const gateWindowBefore: middy.MiddlewareFn<ResponderEvent, void, Error, ResponderContext> = (
    request,
  ) => {
    const state = request.context.responder;
    if (state.verdicts.dedupe?.kind !== 'claimed' || state.conversation === undefined) return;
    state.verdicts.window = evaluateWindow(
      request.event.message.timestamp,
      state.conversation,
      options.clock.now(),
    );
  };
  return { before: gateWindowBefore };
}
