import { describe, expect, it } from 'vitest';
import { decisionMetricsOf } from '../../../lambda/core/decision-metrics.ts';

describe('decisionMetricsOf', () => {
  it.each([
    [
      'an answered reply',
      { outcome: 'answered', graphCalls: 2, latencyMs: 900 },
      [
        {
          name: 'Decisions',
          unit: 'Count',
          value: 1,
          dimension: { name: 'outcome', value: 'answered' },
        },
        { name: 'GraphApiCalls', unit: 'Count', value: 2 },
        { name: 'ReplyLatency', unit: 'Milliseconds', value: 900 },
      ],
    ],
    [
      'a silent decision',
      { outcome: 'opted_out', graphCalls: 0 },
      [
        {
          name: 'Decisions',
          unit: 'Count',
          value: 1,
          dimension: { name: 'outcome', value: 'opted_out' },
        },
      ],
    ],
    [
      'a Graph failure',
      {
        outcome: 'failed',
        graphCalls: 4,
        failure: {
          reason: 'graph_131056',
          retryable: true,
          deadLettered: false,
          graphCode: 131056,
        },
      },
      [
        {
          name: 'Decisions',
          unit: 'Count',
          value: 1,
          dimension: { name: 'outcome', value: 'failed' },
        },
        { name: 'GraphApiCalls', unit: 'Count', value: 4 },
        { name: 'GraphApiErrors', unit: 'Count', value: 1 },
        {
          name: 'GraphApiErrors',
          unit: 'Count',
          value: 1,
          dimension: { name: 'code', value: '131056' },
        },
      ],
    ],
    [
      'an internal failure: no Graph error',
      {
        outcome: 'failed',
        graphCalls: 0,
        failure: { reason: 'internal_error', retryable: true, deadLettered: false },
      },
      [
        {
          name: 'Decisions',
          unit: 'Count',
          value: 1,
          dimension: { name: 'outcome', value: 'failed' },
        },
      ],
    ],
    [
      'a clock skew (negative latency)',
      { outcome: 'answered', graphCalls: 1, latencyMs: -5 },
      [
        {
          name: 'Decisions',
          unit: 'Count',
          value: 1,
          dimension: { name: 'outcome', value: 'answered' },
        },
        { name: 'GraphApiCalls', unit: 'Count', value: 1 },
        { name: 'ReplyLatency', unit: 'Milliseconds', value: 0 },
      ],
    ],
  ] as const)('%s', (_, facts, points) => {
    expect(decisionMetricsOf(facts)).toEqual(points);
  });
});
