// Step 10, metrics: one EMF data point per decision (by outcome), Graph API calls and errors (by code),
// and the received→sent latency of replies.
import type middy from '@middy/core';
import { decisionMetricsOf } from '../core/decision-metrics.ts';
import { classifyFailure } from '../core/failure.ts';
import type { ResponderContext, ResponderEvent } from '../responder-context.ts';

/** The part of Powertools Metrics used here, so tests can record instead of printing EMF. */
export interface MetricsSink {
  addMetric(name: string, unit: 'Count' | 'Milliseconds', value: number): unknown;
  singleMetric(): DimensionedMetric;
}
export interface DimensionedMetric {
  addDimension(name: string, value: string): unknown;
  addMetric(name: string, unit: 'Count' | 'Milliseconds', value: number): unknown;
}

export interface EmitMetricsOptions {
  readonly metrics: MetricsSink;
  readonly maxReceiveCount: number;
}

type Request = middy.Request<ResponderEvent, void, Error, ResponderContext>;

export function emitMetrics(
  options: EmitMetricsOptions,
): middy.MiddlewareObj<ResponderEvent, void, Error, ResponderContext> {
  // An error in a later after-phase (the decision write) re-enters through onError: count once.
  const emitted = new WeakSet<Request>();
  const emitMetricsAfter = (request: Request): void => {
    if (emitted.has(request)) return;
    emitted.add(request);
    const { responder: state } = request.context;
    const { receiveCount, message } = request.event;
    const failure = request.error
      ? classifyFailure(request.error, { receiveCount, maxReceiveCount: options.maxReceiveCount })
      : undefined;
    // The sender reports its requests on a throw too (GraphApiError.attempts).
    const failedAttempts = (request.error as { attempts?: unknown } | null)?.attempts;
    const points = decisionMetricsOf({
      outcome: failure ? 'failed' : (state.plan?.outcome ?? 'failed'),
      failure,
      graphCalls: state.graphCalls + (typeof failedAttempts === 'number' ? failedAttempts : 0),
      latencyMs: state.sent ? state.sent.at - message.receivedAt : undefined,
    });
    for (const point of points) {
      const target = point.dimension ? options.metrics.singleMetric() : options.metrics;
      if (point.dimension)
        (target as DimensionedMetric).addDimension(point.dimension.name, point.dimension.value);
      target.addMetric(point.name, point.unit, point.value);
    }
  };
  return { after: emitMetricsAfter, onError: emitMetricsAfter };
}
