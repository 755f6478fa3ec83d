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
  /** Counts decisions that could not be written after a reply went out (`DecisionWriteFailures`). */
  readonly metrics?: { addMetric(name: string, unit: 'Count', value: number): unknown };
  /** Waits between write attempts; injected by tests. */
  readonly sleep?: (ms: number) => Promise<void>;
}

/** Pauses before the 2nd and 3rd write attempt: enough to ride out a throttling burst, short of the timeout. */
const WRITE_RETRY_DELAYS_MS = [100, 400] as const;

type Request = middy.Request<ResponderEvent, void, Error, ResponderContext>;

export function logDecision(
  options: LogDecisionOptions,
): middy.MiddlewareObj<ResponderEvent, void, Error, ResponderContext> {
  const sleep = options.sleep ?? ((ms: number) => new Promise((done) => setTimeout(done, ms)));

  // The writes are idempotent (same key, same values), so they are retried in place: a message handed back
  // to the queue after its reply went out would find its own open claim and be recorded as interrupted.
  const withRetries = async (write: () => Promise<void>): Promise<void> => {
    for (let attempt = 0; ; attempt++) {
      try {
        return await write();
      } catch (error) {
        const delay = WRITE_RETRY_DELAYS_MS[attempt];
        if (delay === undefined) throw error;
        await sleep(delay);
      }
    }
  };

  const write = async (request: Request): Promise<void> => {
    const state = request.context.responder;
    try {
      await writeOnce(request);
    } catch (error) {
      if (state.sent === undefined) throw error;
      // The user has their one reply: handing the message back could only produce a wrong record (or, for
      // a claim still open, none). Keep the message consumed and make the lost record visible instead.
      options.metrics?.addMetric('DecisionWriteFailures', 'Count', 1);
      options.logger.error('decision not recorded after the reply was sent', {
        wamid: state.ref?.wamid,
        replyMessageId: state.sent.messageId,
        error: (error as Error | null)?.name,
      });
    }
  };

  const writeOnce = async (request: Request): Promise<void> => {
    const state = request.context.responder;
    if (state.logged) return;
    state.logged = true;
    // Without a ref (the salt could not be read) there is no record to write; the queue retries.
    if (state.ref === undefined) return;
    const now = options.clock.now();
    if (state.plan?.write === 'duplicate' && state.failure === undefined) {
      const ref = state.ref;
      await withRetries(() => options.decisions.recordDuplicate(ref, now));
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
      const expiresAt = expiresAtOf(now, options.retentionDays);
      await withRetries(() => options.decisions.finish(record, expiresAt));
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
