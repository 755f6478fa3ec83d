// Unit tests of the Graph API error classification and the retry backoff (pure).
import { describe, expect, it } from 'vitest';
import {
  backoffDelay,
  backoffDelays,
  GraphApiError,
  isRetryable,
} from '../../../lambda/core/graph-errors.ts';

describe('Function: isRetryable', () => {
  it.each([
    [2, 500],
    [4, 400],
    [80007, 400],
    [130429, 429],
    [131000, 500],
    [131016, 503],
    [131056, 429],
    [131057, 400],
    [133004, 503],
  ])('retries code %i (HTTP %i)', (code, status) => {
    expect(isRetryable(code, status)).toBe(true);
    expect(isRetryable(code, undefined)).toBe(true);
  });

  it.each([
    [131047, 400],
    [131026, 400],
    [131049, 400],
    [131050, 400],
    [131051, 400],
    [130472, 400],
    [131008, 400],
    [131009, 400],
    [100, 400],
    [131031, 403],
    [368, 403],
    [190, 401],
    [132000, 400],
    [132007, 400],
    [132016, 400],
  ])('never retries code %i, even behind a 5xx', (code, status) => {
    expect(isRetryable(code, status)).toBe(false);
    expect(isRetryable(code, 500)).toBe(false);
  });

  it('retries a 5xx without a known code', () => {
    expect(isRetryable(undefined, 502)).toBe(true);
    expect(isRetryable(999_999, 503)).toBe(true);
  });

  it('does not retry unknown 4xx codes', () => {
    expect(isRetryable(999_999, 400)).toBe(false);
    expect(isRetryable(undefined, 404)).toBe(false);
    expect(isRetryable(132017, 400)).toBe(false);
  });

  it('retries a 429 whatever its code says nothing about', () => {
    expect(isRetryable(undefined, 429)).toBe(true);
  });

  it('retries when no answer arrived at all (timeout, reset)', () => {
    expect(isRetryable(undefined, undefined)).toBe(true);
  });
});

describe('Class: GraphApiError', () => {
  it('carries the code, status, details and the retry verdict', () => {
    const error = new GraphApiError('131056 pair rate limit', {
      kind: 'graph',
      code: 131056,
      httpStatus: 429,
      details: 'Too many messages',
      fbtraceId: 'A1',
      type: 'OAuthException',
    });

    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('GraphApiError');
    expect(error.message).toBe('[scoped-responder] Graph API: 131056 pair rate limit');
    expect(error).toMatchObject({
      kind: 'graph',
      code: 131056,
      httpStatus: 429,
      details: 'Too many messages',
      fbtraceId: 'A1',
      type: 'OAuthException',
      attempts: 1,
      retryable: true,
    });
  });

  it.each([
    ['timeout', false],
    ['interrupted', false],
    ['network', true],
    ['response', false],
    ['request', false],
  ] as const)('classifies a %s failure as retryable=%s', (kind, retryable) => {
    expect(new GraphApiError('x', { kind }).retryable).toBe(retryable);
  });

  it('copies itself with the number of attempts made, keeping the cause', () => {
    const cause = new Error('socket hang up');
    const error = new GraphApiError('connection failed', { kind: 'network' }, { cause });

    const after = error.withAttempts(3);

    expect(after).toMatchObject({ kind: 'network', attempts: 3, retryable: true, cause });
    expect(after.message).toBe(error.message);
  });
});

describe('Function: backoffDelay', () => {
  it('draws uniformly below an exponentially growing ceiling (full jitter)', () => {
    const top = () => 0.999_999;

    expect([1, 2, 3, 4].map((attempt) => backoffDelay(attempt, top))).toEqual([
      199, 399, 799, 1599,
    ]);
    expect(backoffDelay(1, () => 0)).toBe(0);
    expect(backoffDelay(3, () => 0.5)).toBe(400);
  });

  it('never exceeds the cap', () => {
    expect(backoffDelay(30, () => 0.999_999)).toBe(1999);
    expect(backoffDelay(1_000, () => 0.999_999, { baseMs: 100, capMs: 500 })).toBe(499);
  });

  it('clamps a random source outside [0, 1)', () => {
    expect(backoffDelay(1, () => 7)).toBe(200);
    expect(backoffDelay(1, () => -1)).toBe(0);
  });

  it('plans a whole schedule', () => {
    expect(backoffDelays(3, () => 0.5, { baseMs: 100, capMs: 250 })).toEqual([50, 100, 125]);
    expect(backoffDelays(0, Math.random)).toEqual([]);
  });
});
