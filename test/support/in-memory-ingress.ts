// The real ingress handler on in-memory ports, for the local runtime and benchmarks (no vitest needed).
// For quiet benchmarks set POWERTOOLS_METRICS_DISABLED=true and POWERTOOLS_LOG_LEVEL=SILENT before calling:
// Powertools reads them when the Metrics and Logger instances are built.
import { DEFAULT_MAX_BODY_BYTES } from '../../lambda/config.ts';
import { createIngressHandler, type IngressDeps } from '../../lambda/ingress.handler.ts';
import {
  fixedClock,
  InMemoryQueuePublisher,
  InMemoryRejectedPayloadStore,
  MutableSecretSource,
  TEST_SECRETS,
} from './ingress-fakes.ts';

/**
 * `handler` signs nothing itself: sign bodies with `signWebhook(body, appSecret)` from signed-webhook.ts.
 * `queue.items` grows with every request; clear it (`queue.items.length = 0`) in long runs.
 */
export function inMemoryIngress(overrides: Partial<IngressDeps> = {}) {
  const queue = new InMemoryQueuePublisher();
  const rejected = new InMemoryRejectedPayloadStore();
  const secrets = new MutableSecretSource();
  const handler = createIngressHandler({
    secrets,
    queue,
    rejected,
    clock: fixedClock(),
    trackDelivery: false,
    maxBodyBytes: DEFAULT_MAX_BODY_BYTES,
    ...overrides,
  });
  return { handler, queue, rejected, secrets, appSecret: TEST_SECRETS.appSecret };
}
