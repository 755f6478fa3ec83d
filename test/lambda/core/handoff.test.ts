import { describe, expect, it } from 'vitest';
import { evaluateHandoff, planHandoff } from '../../../lambda/core/handoff.ts';

const NOW = Date.parse('2026-03-02T10:00:00Z');

describe('planHandoff', () => {
  it.each([
    ['user', 60, NOW + 3_600_000],
    ['agent', 15, NOW + 900_000],
  ] as const)('by %s for %i minutes', (by, minutes, until) => {
    expect(planHandoff(by, NOW, minutes)).toEqual({ by, until });
  });

  it.each([0, -5, Number.NaN])('rejects %s minutes', (minutes) => {
    expect(() => planHandoff('agent', NOW, minutes)).toThrow(RangeError);
  });
});

describe('evaluateHandoff', () => {
  it.each([
    ['no handoff', {}, { kind: 'inactive' }],
    [
      'user handoff running',
      { handoffUntil: NOW + 1, handoffBy: 'user' as const },
      { kind: 'active', until: NOW + 1, by: 'user' },
    ],
    [
      'agent handoff running',
      { handoffUntil: NOW + 60_000, handoffBy: 'agent' as const },
      { kind: 'active', until: NOW + 60_000, by: 'agent' },
    ],
    ['ends exactly now', { handoffUntil: NOW, handoffBy: 'user' as const }, { kind: 'inactive' }],
    ['ended', { handoffUntil: NOW - 1, handoffBy: 'agent' as const }, { kind: 'inactive' }],
    [
      'who unknown: assume an agent',
      { handoffUntil: NOW + 5 },
      { kind: 'active', until: NOW + 5, by: 'agent' },
    ],
  ])('%s', (_, state, verdict) => {
    expect(evaluateHandoff(state, NOW)).toEqual(verdict);
  });
});
