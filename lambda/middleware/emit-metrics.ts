// Step 10, metrics: one EMF data point per decision (by outcome), Graph API calls and errors (by code),
// and the received→sent latency of replies.
import type middy from '@middy/core';
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
  const { metrics } = options;
  // An error in a later after-phase (the decision write) re-enters through onError: count once.
  const emitted = new WeakSet<Request>();
  const emit = (request: Request): void => {
    if (emitted.has(request)) return;
    emitted.add(request);
    const state = request.context.responder;
    const failure = request.error
      ? classifyFailure(request.error, {
          receiveCount: request.event.receiveCount,
          maxReceiveCount: options.maxReceiveCount,
        })
      : undefined;
    // A dimensioned metric goes in its own EMF blob so it does not inherit other metrics' dimensions.
    const decision = metrics.singleMetric();
    decision.addDimension('outcome', failure ? 'failed' : (state.plan?.outcome ?? 'failed'));
    decision.addMetric('Decisions', 'Count', 1);
    const failedAttempts = (request.error as { attempts?: unknown } | null)?.attempts;
    const graphCalls = state.graphCalls + (typeof failedAttempts === 'number' ? failedAttempts : 0);
    if (graphCalls > 0) metrics.addMetric('GraphApiCalls', 'Count', graphCalls);
    if (failure?.graphCode !== undefined || failure?.reason.startsWith('graph_')) {
      const graphError = metrics.singleMetric();
      graphError.addDimension('code', failure.reason.replace(/^graph_/, ''));
      graphError.addMetric('GraphApiErrors', 'Count', 1);
    }
    if (state.sent) {
      metrics.addMetric(
        'ReplyLatency',
        'Milliseconds',
        Math.max(0, state.sent.at - request.event.message.receivedAt),
      );
    }
  };
  const emitMetricsAfter: middy.MiddlewareFn<ResponderEvent, void, Error, ResponderContext> = (
    request,
  ) => {
    emit(request);
  };
  const emitMetricsOnError: middy.MiddlewareFn<ResponderEvent, void, Error, ResponderContext> = (
    request,
  ) => {
    emit(request);
  };
  return { after: emitMetricsAfter, onError: emitMetricsOnError };
}
