// Builds the real ingress handler with in-memory ports, silent Powertools and spies on metrics and logs.
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { vi } from 'vitest';
import { createIngressHandler, type IngressDeps } from '../../lambda/ingress.handler.ts';
import {
  fixedClock,
  InMemoryQueuePublisher,
  InMemoryRejectedPayloadStore,
  MutableSecretSource,
} from './ingress-fakes.ts';
import { lambdaContext } from './signed-webhook.ts';

/** Metrics that record (spy on addMetric) but never print EMF. */
export function silentMetrics(serviceName: string) {
  vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'true');
  const metrics = new Metrics({ namespace: 'ScopedResponder', serviceName });
  const addMetric = vi.spyOn(metrics, 'addMetric');
  /** Sum of the values added under `name`. */
  const counted = (name: string) =>
    addMetric.mock.calls
      .filter(([metric]) => metric === name)
      .reduce((sum, [, , value]) => sum + value, 0);
  return { metrics, addMetric, counted };
}

/** A Logger that prints nothing; `logged()` is every argument it was given, as JSON. */
export function silentLogger() {
  const logger = new Logger({ serviceName: 'test', logLevel: 'SILENT' });
  const spies = (['debug', 'info', 'warn', 'error'] as const).map((level) =>
    vi.spyOn(logger, level),
  );
  const logged = () =>
    JSON.stringify(
      spies.flatMap((spy) => spy.mock.calls),
      (_, value) => (value instanceof Error ? { name: value.name, message: value.message } : value),
    );
  return { logger, logged };
}

export function ingressHarness(overrides: Partial<IngressDeps> = {}) {
  const queue = new InMemoryQueuePublisher();
  const rejected = new InMemoryRejectedPayloadStore();
  const secrets = new MutableSecretSource();
  const { metrics, counted } = silentMetrics('ingress');
  const { logger, logged } = silentLogger();
  const handler = createIngressHandler({
    secrets,
    queue,
    rejected,
    clock: fixedClock(),
    trackDelivery: false,
    maxBodyBytes: 256 * 1024,
    metrics,
    logger,
    ...overrides,
  });
  const invoke = (event: Parameters<typeof handler>[0]) => handler(event, lambdaContext());
  return { handler, invoke, queue, rejected, secrets, counted, logged };
}
