import { describe, expect, it } from 'vitest';
import { evaluateClaim, expiresAtOf } from '../../../lambda/core/claim.ts';

const NOW = Date.parse('2026-03-02T10:00:00Z');
const TIMEOUT = 30_000;

describe('evaluateClaim', () => {
  it.each([
    ['a fresh claim', { status: 'claimed', attempts: 2 }, { kind: 'claimed', attempts: 2 }],
    [
      'a finished decision',
      { status: 'duplicate', existing: 'finished', claimedAt: NOW - 1 },
      { kind: 'duplicate' },
    ],
    [
      'an unfinished claim within the timeout',
      { status: 'duplicate', existing: 'claimed', claimedAt: NOW - TIMEOUT },
      { kind: 'in_progress' },
    ],
    [
      'an unfinished claim older than the timeout',
      { status: 'duplicate', existing: 'claimed', claimedAt: NOW - TIMEOUT - 1 },
      { kind: 'interrupted' },
    ],
    [
      'an unfinished claim of unknown age',
      { status: 'duplicate', existing: 'claimed' },
      { kind: 'in_progress' },
    ],
  ] as const)('%s', (_, claim, verdict) => {
    expect(evaluateClaim(claim, NOW, TIMEOUT)).toEqual(verdict);
  });
});

describe('expiresAtOf', () => {
  it.each([
    [90, 90],
    [8, 8],
    [3, 8],
  ])('%i retention days → expires after %i days (Meta redelivers for 7)', (days, effective) => {
    expect(expiresAtOf(NOW, days)).toBe(NOW / 1000 + effective * 86_400);
  });
});
