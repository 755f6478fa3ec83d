// Runs responder middlewares inside a real middy() around a handler that does nothing, as middy's own
// tests do, and returns the per-message state they left behind.
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import type { InboundMessage } from '../../lambda/core/inbound.ts';
import {
  newResponderState,
  type ResponderContext,
  type ResponderEvent,
  type ResponderState,
} from '../../lambda/responder-context.ts';

type ResponderMiddleware = middy.MiddlewareObj<ResponderEvent, void, Error, ResponderContext>;

export async function runMiddlewares(
  middlewares: readonly ResponderMiddleware[],
  message: InboundMessage,
  options: {
    state?: ResponderState;
    receiveCount?: number;
    handler?: (event: ResponderEvent, context: ResponderContext) => Promise<void>;
  } = {},
): Promise<ResponderState> {
  const chain = middy<ResponderEvent, void, Error, ResponderContext>({ timeoutEarlyInMillis: 0 });
  for (const middleware of middlewares) chain.use(middleware);
  chain.handler(options.handler ?? (async () => {}));
  const context = { responder: options.state ?? newResponderState() } as ResponderContext & Context;
  await chain({ message, receiveCount: options.receiveCount ?? 1 }, context);
  return context.responder;
}

/** A state as the dedupe step leaves it for a first delivery. */
export function claimedState(userHash = 'u'.repeat(32), message?: InboundMessage): ResponderState {
  const state = newResponderState();
  state.userHash = userHash;
  if (message) state.ref = { userHash, timestamp: message.timestamp, wamid: message.wamid };
  state.verdicts.dedupe = { kind: 'claimed', attempts: 1 };
  return state;
}
