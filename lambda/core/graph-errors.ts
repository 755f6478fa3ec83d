// Graph API failures as values the chain can reason about: which ones to retry now, which ones must never be
// retried (a retry of a 24 h window error or a blocked account only makes things worse), and how long to wait.

/** Meta's codes that are transient: throughput, pair rate limit, outages, account maintenance. */
const RETRYABLE_CODES: ReadonlySet<number> = new Set([
  2, 4, 80007, 130429, 131000, 131016, 131056, 131057, 133004,
]);

/**
 * Codes that a retry cannot fix: window closed (131047), undeliverable, marketing limits, experiments,
 * bad parameters (bugs), locked or blocked accounts, an expired token. Listed explicitly so that an HTTP
 * 5xx wrapper around one of them is still not retried.
 */
const PERMANENT_CODES: ReadonlySet<number> = new Set([
  100, 190, 368, 130472, 131008, 131009, 131026, 131031, 131047, 131049, 131050, 131051,
]);

/** Template errors: parameter, approval, paused or disabled. */
const TEMPLATE_CODES = { first: 132000, last: 132016 } as const;

export type GraphFailureKind =
  /** Meta answered with an error envelope. */
  | 'graph'
  /** An HTTP error without a readable envelope (a proxy's 502 page, an empty body). */
  | 'http'
  /**
   * No answer within the time limit. Meta may have accepted the message all the same, so a retry could be
   * a second reply: never retried (a second reply is worse than none).
   */
  | 'timeout'
  /** No connection was made (refused, unreachable, DNS): the request never left, a retry is safe. */
  | 'network'
  /** The connection broke after the request was sent (reset, closed): like a timeout, the outcome is unknown. */
  | 'interrupted'
  /** A 2xx answer that is not what the API documents (no message id). */
  | 'response'
  /** The message could not be turned into a request (no recipient): a bug, never retried. */
  | 'request';

export interface GraphApiErrorFields {
  readonly kind: GraphFailureKind;
  /** Meta's `error.code`; absent when no envelope arrived. */
  readonly code?: number;
  readonly httpStatus?: number;
  /** Meta's `error.error_data.details`: the part Meta advises building logic on, with the code. */
  readonly details?: string;
  readonly type?: string;
  readonly fbtraceId?: string;
  /** How many requests were made before giving up. */
  readonly attempts?: number;
}

export class GraphApiError extends Error {
  override readonly name = 'GraphApiError';
  readonly kind: GraphFailureKind;
  readonly code?: number;
  readonly httpStatus?: number;
  readonly details?: string;
  readonly type?: string;
  readonly fbtraceId?: string;
  readonly attempts: number;
  /** true when the same request may succeed later: the chain leaves the decision retryable. */
  readonly retryable: boolean;

  constructor(message: string, fields: GraphApiErrorFields, options?: ErrorOptions) {
    super(`[scoped-responder] Graph API: ${message}`, options);
    this.kind = fields.kind;
    if (fields.code !== undefined) this.code = fields.code;
    if (fields.httpStatus !== undefined) this.httpStatus = fields.httpStatus;
    if (fields.details !== undefined) this.details = fields.details;
    if (fields.type !== undefined) this.type = fields.type;
    if (fields.fbtraceId !== undefined) this.fbtraceId = fields.fbtraceId;
    this.attempts = fields.attempts ?? 1;
    this.retryable =
      fields.kind === 'network'
        ? true
        : fields.kind === 'graph' || fields.kind === 'http'
          ? isRetryable(fields.code, fields.httpStatus)
          : false;
  }

  /** The same failure after `attempts` requests (the sender counts them across its retries). */
  withAttempts(attempts: number): GraphApiError {
    const fields: GraphApiErrorFields = {
      kind: this.kind,
      attempts,
      ...(this.code !== undefined && { code: this.code }),
      ...(this.httpStatus !== undefined && { httpStatus: this.httpStatus }),
      ...(this.details !== undefined && { details: this.details }),
      ...(this.type !== undefined && { type: this.type }),
      ...(this.fbtraceId !== undefined && { fbtraceId: this.fbtraceId }),
    };
    const message = this.message.replace(/^\[scoped-responder\] Graph API: /, '');
    return new GraphApiError(message, fields, { cause: this.cause });
  }
}

/**
 * Whether a Graph API failure is worth retrying. Meta's code decides when there is one; without a code
 * the HTTP status does (5xx and 429 are transient, other 4xx are not). With neither, no answer arrived at
 * all (timeout, reset), which is transient.
 */
export function isRetryable(code: number | undefined, httpStatus: number | undefined): boolean {
  if (code !== undefined) {
    if (RETRYABLE_CODES.has(code)) return true;
    if (PERMANENT_CODES.has(code)) return false;
    if (code >= TEMPLATE_CODES.first && code <= TEMPLATE_CODES.last) return false;
  }
  if (httpStatus === undefined) return code === undefined;
  if (httpStatus >= 500) return true;
  // A 429 is "slow down" by definition, even with a code this table does not know yet.
  return httpStatus === 429;
}

export interface BackoffOptions {
  /** Upper bound of the first retry's delay, ms. */
  readonly baseMs?: number;
  /** No single delay exceeds this, ms. */
  readonly capMs?: number;
}

const DEFAULT_BACKOFF = { baseMs: 200, capMs: 2_000 } as const;

/**
 * Delay before retry number `attempt` (1 = the first retry): "full jitter", a uniform draw between 0 and
 * min(cap, base · 2^(attempt-1)). Full jitter spreads retries of many Lambdas hit by the same 130429 instead
 * of having them return in lockstep. `random` returns [0, 1) like Math.random, injected to keep this pure.
 */
export function backoffDelay(
  attempt: number,
  random: () => number,
  options: BackoffOptions = {},
): number {
  const baseMs = options.baseMs ?? DEFAULT_BACKOFF.baseMs;
  const capMs = options.capMs ?? DEFAULT_BACKOFF.capMs;
  const exponent = Math.max(0, Math.floor(attempt) - 1);
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.min(exponent, 30));
  const draw = Math.min(Math.max(random(), 0), 1);
  return Math.floor(draw * ceiling);
}

/** The delays before retries 1..`retries`, for callers that plan a whole schedule up front. */
export function backoffDelays(
  retries: number,
  random: () => number,
  options: BackoffOptions = {},
): number[] {
  return Array.from({ length: Math.max(0, retries) }, (_, i) =>
    backoffDelay(i + 1, random, options),
  );
}
