// The metric points one decision contributes (namespace ScopedResponder): what operators graph and alarm on.
import type { Outcome } from './decision.ts';
import type { FailureVerdict } from './failure.ts';

export interface MetricPoint {
  readonly name: 'Decisions' | 'GraphApiCalls' | 'GraphApiErrors' | 'ReplyLatency';
  readonly unit: 'Count' | 'Milliseconds';
  readonly value: number;
  /** Dimensioned points are emitted on their own, so they do not share other points' dimensions. */
  readonly dimension?: { readonly name: 'outcome' | 'code'; readonly value: string };
}

export interface DecisionMetricFacts {
  readonly outcome: Outcome;
  readonly failure?: FailureVerdict;
  /** Graph API requests made, retries included. */
  readonly graphCalls: number;
  /** Received → sent, ms; absent when nothing was sent. */
  readonly latencyMs?: number;
}

export function decisionMetricsOf(facts: DecisionMetricFacts): MetricPoint[] {
  const points: MetricPoint[] = [
    {
      name: 'Decisions',
      unit: 'Count',
      value: 1,
      dimension: { name: 'outcome', value: facts.outcome },
    },
  ];
  if (facts.graphCalls > 0)
    points.push({ name: 'GraphApiCalls', unit: 'Count', value: facts.graphCalls });
  if (facts.failure?.reason.startsWith('graph_')) {
    const code = facts.failure.reason.slice('graph_'.length);
    // Once without the code as well: an alarm on the error rate needs one series to divide by calls,
    // and CloudWatch cannot sum a metric across dimension values.
    points.push({ name: 'GraphApiErrors', unit: 'Count', value: 1 });
    points.push({
      name: 'GraphApiErrors',
      unit: 'Count',
      value: 1,
      dimension: { name: 'code', value: code },
    });
  }
  if (facts.latencyMs !== undefined) {
    points.push({
      name: 'ReplyLatency',
      unit: 'Milliseconds',
      value: Math.max(0, facts.latencyMs),
    });
  }
  return points;
}
