// What an error thrown in the chain means for the decision and for the queue: retry, dead-letter or consume.

/** The part of GraphApiError (lambda/core/graph-errors.ts) the chain reasons about. */
interface GraphFailureLike {
  readonly name: string;
  readonly retryable: boolean;
  readonly code?: number;
  readonly kind?: string;
}

function isGraphFailure(error: unknown): error is GraphFailureLike {
  return (
    error instanceof Error &&
    error.name === 'GraphApiError' &&
    typeof (error as Partial<GraphFailureLike>).retryable === 'boolean'
  );
}

export interface FailureVerdict {
  /** e.g. `graph_130429`, `graph_timeout`, `internal_error`. */
  readonly reason: string;
  /** Nothing was sent and a later delivery may succeed: the queue gets the message back. */
  readonly retryable: boolean;
  /** Retryable, but this was the queue's last delivery: the message goes to the DLQ. */
  readonly deadLettered: boolean;
  readonly graphCode?: number;
}

export interface DeliveryCount {
  /** SQS ApproximateReceiveCount of this delivery. */
  readonly receiveCount: number;
  /** The redrive policy's maxReceiveCount. */
  readonly maxReceiveCount: number;
}

/**
 * A message the invocation had no time left to start. Before its last delivery it goes back to the queue
 * unclaimed; on the last one it is claimed and recorded first, so the message the DLQ receives has a
 * decision saying why, and a redrive reclaims it (lambda/responder.handler.ts).
 */
export class DeferredRecordError extends Error {
  override readonly name = 'DeferredRecordError';
}

/**
 * Graph errors follow Meta's code (the sender already retried the transient ones); anything else is an
 * I/O failure of our own stores or secrets, which a later delivery may not hit, so it is retried too.
 */
export function classifyFailure(error: unknown, delivery: DeliveryCount): FailureVerdict {
  const lastDelivery = delivery.receiveCount >= delivery.maxReceiveCount;
  if (isGraphFailure(error)) {
    return {
      reason: `graph_${error.code ?? error.kind ?? 'error'}`,
      retryable: error.retryable,
      deadLettered: error.retryable && lastDelivery,
      ...(error.code === undefined ? {} : { graphCode: error.code }),
    };
  }
  // Nothing was attempted: the same message, started with time enough, can still be answered.
  if (error instanceof Error && error.name === 'DeferredRecordError') {
    return { reason: 'deferred', retryable: true, deadLettered: lastDelivery };
  }
  return { reason: 'internal_error', retryable: true, deadLettered: lastDelivery };
}
