// Step 4 of POST /webhook: JSON → queue items. Not JSON → 400. JSON that is not (entirely) a WhatsApp
// envelope is acknowledged (Meta would retry it for 7 days) but kept in the rejected-payload store first;
// if keeping it fails the request fails, so nothing is acknowledged and lost.
import { createError } from '@middy/util';
import type { Clock, RejectedPayloadStore } from '../core/ports.ts';
import { toQueueItems } from '../core/whatsapp/normalise.ts';
import {
  type IngressMiddleware,
  type LogSink,
  type MetricsSink,
  reportNormalisation,
} from './ingress-request.ts';

export interface ParseWebhookOptions {
  readonly rejected: RejectedPayloadStore;
  readonly clock: Clock;
  readonly trackDelivery: boolean;
  readonly metrics: MetricsSink;
  readonly logger: LogSink;
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

export function parseWebhook(options: ParseWebhookOptions): IngressMiddleware {
  const { rejected, clock, trackDelivery, metrics, logger } = options;
  const parseWebhookBefore: NonNullable<IngressMiddleware['before']> = async (request) => {
    const receivedAt = clock.now();
    const body = (request.internal.rawBody ?? Buffer.alloc(0)).toString('utf8');
    const json = parseJson(body);
    if (!json.ok) {
      throw createError(400, 'Body is not JSON', {
        expose: true,
        cause: { package: 'parse-webhook' },
      });
    }
    const result = toQueueItems(json.value, { transport: 'cloud_api', receivedAt, trackDelivery });
    reportNormalisation(result, metrics, logger);
    if (result.invalidEnvelope || result.counts.invalidItems > 0) {
      const reason = result.invalidEnvelope ?? `${result.counts.invalidItems} invalid item(s)`;
      try {
        await rejected.keep({ body, reason, receivedAt });
      } catch (error) {
        throw createError(500, 'Rejected payload could not be kept', {
          expose: false,
          cause: { package: 'parse-webhook', error },
        });
      }
    }
    request.internal.items = result.items;
  };
  return { before: parseWebhookBefore };
}
