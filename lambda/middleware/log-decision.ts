// Step 9, decision log: writes the one decision record of every inbound message, on every path. Registered
// first in the chain, so its after and onError run last, when every verdict is in.
import type { GenericLogger } from '@aws-lambda-powertools/commons/types';
import type middy from '@middy/core';
import { expiresAtOf } from '../core/claim.ts';
import { buildDecisionRecord } from '../core/decision-record.ts';
import { classifyFailure } from '../core/failure.ts';
import type { Clock, DecisionLog } from '../core/ports.ts';
import type { TextRetention } from '../core/redact.ts';
import type { ResponderContext, ResponderEvent } from '../responder-context.ts';

export interface LogDecisionOptions {
  readonly decisions: DecisionLog;
  readonly clock: Clock;
  /** null when the profile failed to load: nothing of the text is kept. */
  readonly textRetention: TextRetention | null;
  readonly retentionDays: number;
  readonly maxReceiveCount: number;
  readonly logger: GenericLogger;
}

type Request = middy.Request<ResponderEvent, void, Error, ResponderContext>;

export function logDecision(
  options: LogDecisionOptions,
): middy.MiddlewareObj<ResponderEvent, void, Error, ResponderContext> {
  const write = async (request: Request): Promise<void> => {
    const state = request.context.responder;
    if (state.logged) return;
    state.logged = true;
    // Without a ref (the salt could not be read) there is no record to write; the queue retries.
    if (state.ref === undefined) return;
    const now = options.clock.now();
    if (state.plan?.write === 'duplicate' && state.failure === undefined) {
      await options.decisions.recordDuplicate(state.ref, now);
    } else {
      const record = buildDecisionRecord({
        message: request.event.message,
        ref: state.ref,
        verdicts: state.verdicts,
        plan: state.plan,
        failure: state.failure,
        prediction: state.prediction,
        // The reply's language when there is one (STOP/START answer in the keyword's language).
        language: state.plan?.reply?.language ?? state.language,
        text: state.text,
        textRetention: options.textRetention ?? 'none',
        attempts: state.attempts,
        decidedAt: now,
        sent: state.sent,
      });
      await options.decisions.finish(record, expiresAtOf(now, options.retentionDays));
    }
    // Ids and outcomes only: never the text or the user's number.
    options.logger.info('decision', {
      wamid: state.ref.wamid,
      outcome: state.failure ? 'failed' : state.plan?.outcome,
      reason: state.failure?.reason ?? state.plan?.reason,
    });
  };

  const logDecisionAfter: middy.MiddlewareFn<ResponderEvent, void, Error, ResponderContext> = (
    request,
  ) => write(request);

  const logDecisionOnError: middy.MiddlewareFn<
    ResponderEvent,
    void,
    Error,
    ResponderContext
  > = async (request) => {
    const state = request.context.responder;
    state.failure ??= classifyFailure(request.error, {
      receiveCount: request.event.receiveCount,
      maxReceiveCount: options.maxReceiveCount,
    });
    options.logger.error('responder chain failed', {
      error: request.error?.name,
      reason: state.failure.reason,
      retryable: state.failure.retryable,
    });
    await write(request);
  };

  return { after: logDecisionAfter, onError: logDecisionOnError };
}
