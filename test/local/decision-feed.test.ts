import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { DecisionRecord } from '../../lambda/core/decision.ts';
import {
  computeMetrics,
  filterDecisions,
  parseSince,
  percentile,
} from '../../local/runtime/decision-feed.ts';
import { formatDecisionLine, maskUserKey } from '../../local/runtime/pretty-log.ts';

function record(overrides: Partial<DecisionRecord>): DecisionRecord {
  return {
    userHash: 'a'.repeat(32),
    timestamp: 1_700_000_000,
    wamid: 'wamid.1',
    decisionId: 'd',
    transport: 'cloud_api',
    businessPhoneNumberId: '1',
    inputType: 'text',
    receivedAt: '2026-03-01T10:00:00.000Z',
    decidedAt: '2026-03-01T10:00:00.100Z',
    intent: null,
    outcome: 'answered',
    reason: 'in_scope',
    replyKind: 'answer',
    attempts: 1,
    ...overrides,
  };
}

describe('Function: computeMetrics', () => {
  it('counts outcomes, the refusal rate and latency percentiles', () => {
    // Prepare
    const records = [
      record({ outcome: 'answered', latencyMs: 100 }),
      record({ outcome: 'answered', latencyMs: 300 }),
      record({ outcome: 'refused_out_of_scope', latencyMs: 200 }),
      record({ outcome: 'refused_policy', latencyMs: 900 }),
      record({ outcome: 'handoff_active' }),
    ];

    // Act
    const metrics = computeMetrics(records);

    // Assess
    expect(metrics.byOutcome).toEqual({
      answered: 2,
      refused_out_of_scope: 1,
      refused_policy: 1,
      handoff_active: 1,
    });
    expect(metrics.refusalRate).toBe(0.4);
    expect(metrics.latencyP50Ms).toBe(200);
    expect(metrics.latencyP99Ms).toBe(900);
  });

  it('reports no latency and a zero rate without decisions', () => {
    expect(computeMetrics([])).toMatchObject({ total: 0, refusalRate: 0, latencyP50Ms: null });
  });
});

describe('Function: percentile', () => {
  it.each([
    [[1, 2, 3, 4], 0.5, 2],
    [[1, 2, 3, 4], 0.99, 4],
    [[7], 0.5, 7],
  ])('nearest rank of %j at %d is %d', (values, p, expected) => {
    expect(percentile(values, p)).toBe(expected);
  });
});

describe('Function: filterDecisions', () => {
  it('filters by outcome, user and since, newest first', () => {
    // Prepare
    const records = [
      record({ wamid: 'w1', decidedAt: '2026-03-01T10:00:00.000Z' }),
      record({ wamid: 'w2', decidedAt: '2026-03-01T11:00:00.000Z', outcome: 'refused_policy' }),
      record({ wamid: 'w3', decidedAt: '2026-03-01T12:00:00.000Z', userHash: 'b'.repeat(32) }),
      record({ wamid: 'w4', decidedAt: '2026-03-01T13:00:00.000Z' }),
    ];

    // Act
    const result = filterDecisions(records, {
      outcome: 'answered',
      userHash: 'a'.repeat(32),
      since: Date.parse('2026-03-01T09:30:00Z'),
    });

    // Assess
    expect(result.map((r) => r.wamid)).toEqual(['w4', 'w1']);
  });
});

describe('Function: parseSince', () => {
  const now = Date.parse('2026-03-01T12:00:00Z');

  it.each([
    ['30m', '2026-03-01T11:30:00.000Z'],
    ['1h', '2026-03-01T11:00:00.000Z'],
    ['2d', '2026-02-27T12:00:00.000Z'],
    ['2026-03-01T00:00:00Z', '2026-03-01T00:00:00.000Z'],
  ])('reads %s', (value, iso) => {
    expect(new Date(parseSince(value, now)).toISOString()).toBe(iso);
  });

  it('rejects nonsense', () => {
    expect(() => parseSince('soon', now)).toThrow(RangeError);
  });
});

describe('Function: maskUserKey', () => {
  it.each([
    ['6281234567890', '+62…7890'],
    ['ID.5830174629384756102', 'ID.…6102'],
    ['123', '…'],
  ])('masks %s as %s', (key, masked) => {
    expect(maskUserKey(key)).toBe(masked);
  });
});

describe('Function: formatDecisionLine', () => {
  // Colours off or on, the words are what a developer reads.
  const plain = stripVTControlCharacters;

  it('shows the intent of an answer, and why for any other outcome', () => {
    expect(
      plain(formatDecisionLine(record({ intent: 'order_status', confidence: 0.97 }), '+62…0001')),
    ).toContain('answered              order_status 0.97');
    const refused = record({
      outcome: 'refused_out_of_scope',
      reason: 'assistant_task',
      confidence: 0,
    });
    expect(plain(formatDecisionLine(refused, undefined))).toContain('assistant_task 0.00');
    const low = record({
      outcome: 'refused_out_of_scope',
      reason: 'below_threshold',
      intent: 'payment',
      confidence: 0.31,
    });
    expect(plain(formatDecisionLine(low, undefined))).toContain('below_threshold (payment) 0.31');
  });
});
