import { describe, expect, it } from 'vitest';
import { classifyFailure, DeferredRecordError } from '../../../lambda/core/failure.ts';
import { GraphApiError } from '../../../lambda/core/graph-errors.ts';
import { graphError } from '../../support/in-memory-ports.ts';

const first = { receiveCount: 1, maxReceiveCount: 5 };
const last = { receiveCount: 5, maxReceiveCount: 5 };

describe('classifyFailure', () => {
  it.each([
    [130429, 429, true],
    [131056, 429, true],
    [131000, 500, true],
    [131016, 503, true],
    [131047, 400, false],
    [131026, 400, false],
    [131050, 400, false],
    [131051, 400, false],
    [368, 403, false],
    [190, 401, false],
  ])('Graph code %i → retryable %s', (code, httpStatus, retryable) => {
    expect(classifyFailure(graphError(code, httpStatus), first)).toEqual({
      reason: `graph_${code}`,
      retryable,
      deadLettered: false,
      graphCode: code,
    });
  });

  it('marks a retryable failure on the last delivery as dead-lettered', () => {
    expect(classifyFailure(graphError(130429, 429), last).deadLettered).toBe(true);
    expect(classifyFailure(graphError(131047, 400), last).deadLettered).toBe(false);
  });

  it('names a failure without a code by its kind', () => {
    const timeout = new GraphApiError('timed out', { kind: 'timeout' });
    expect(classifyFailure(timeout, first)).toEqual({
      reason: 'graph_timeout',
      // Meta may have accepted the message: retrying could be a second reply.
      retryable: false,
      deadLettered: false,
    });
  });

  it('retries other errors (our own stores, secrets)', () => {
    expect(classifyFailure(new Error('ddb down'), first)).toEqual({
      reason: 'internal_error',
      retryable: true,
      deadLettered: false,
    });
    expect(classifyFailure('not even an error', last).deadLettered).toBe(true);
  });

  it('names a deferred message and keeps it retryable, dead-lettered only on the last delivery', () => {
    const deferred = new DeferredRecordError('deferred: 4000 ms left in the invocation');
    expect(classifyFailure(deferred, first)).toEqual({
      reason: 'deferred',
      retryable: true,
      deadLettered: false,
    });
    expect(classifyFailure(deferred, last)).toEqual({
      reason: 'deferred',
      retryable: true,
      deadLettered: true,
    });
  });
});
