// Step 1, dedupe: claims the message in the decision log (one conditional write) so that a redelivery is
// recognised atomically and never answered twice.
import { randomUUID } from 'node:crypto';
import type middy from '@middy/core';
import { evaluateClaim, expiresAtOf } from '../core/claim.ts';
import { DeferredRecordError } from '../core/failure.ts';
import type { Clock, DecisionLog, SecretSource } from '../core/ports.ts';
import { hashUserKey } from '../core/user-hash.ts';
import type { ResponderContext, ResponderEvent } from '../responder-context.ts';

export interface DedupeMessageOptions {
  readonly secrets: SecretSource;
  readonly decisions: DecisionLog;
  readonly clock: Clock;
  readonly retentionDays: number;
  readonly functionTimeoutMs: number;
}

export function dedupeMessage(
  options: DedupeMessageOptions,
): middy.MiddlewareObj<ResponderEvent, void, Error, ResponderContext> {
  const dedupeMessageBefore: middy.MiddlewareFn<
    ResponderEvent,
    void,
    Error,
    ResponderContext
  > = async (request) => {
    const state = request.context.responder;
    const { message } = request.event;
    const { userHashSalt } = await options.secrets.get();
    state.userHash = hashUserKey(userHashSalt, message.user.key);
    state.ref = { userHash: state.userHash, timestamp: message.timestamp, wamid: message.wamid };
    const now = options.clock.now();
    const claim = await options.decisions.claim(
      state.ref,
      now,
      expiresAtOf(now, options.retentionDays),
      randomUUID(),
    );
    if (claim.status === 'claimed') state.attempts = claim.attempts;
    state.verdicts.dedupe = evaluateClaim(claim, now, options.functionTimeoutMs);
    // Claimed only to be recorded (out of time on the last delivery): nothing else runs or is sent.
    if (claim.status === 'claimed' && request.event.deferred !== undefined) {
      throw new DeferredRecordError(request.event.deferred);
    }
  };
  return { before: dedupeMessageBefore };
}
