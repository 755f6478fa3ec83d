// The second way in: AWS End User Messaging Social publishes Meta's events to SNS (no signature header;
// the topic policy is the authentication). Same normalisation, same queue, transport `eum_social`.
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { Context, SNSEvent } from 'aws-lambda';
import { SqsQueuePublisher } from './adapters/sqs-queue-publisher.ts';
import { readEumIngressConfig } from './config.ts';
import type { Clock, QueuePublisher } from './core/ports.ts';
import { eumEntryOf } from './core/whatsapp/eum-envelope.ts';
import { entriesToQueueItems } from './core/whatsapp/normalise.ts';
import {
  count,
  IngressMetric,
  METRICS_NAMESPACE,
  reportNormalisation,
} from './middleware/ingress-request.ts';

export interface EumIngressDeps {
  readonly queue: QueuePublisher;
  readonly clock: Clock;
  readonly trackDelivery: boolean;
  readonly metrics?: Metrics;
  readonly logger?: Logger;
}

export type EumIngressHandler = (event: SNSEvent, context: Context) => Promise<void>;

export function createEumIngressHandler(deps: EumIngressDeps): EumIngressHandler {
  const metrics = deps.metrics ?? new Metrics({ namespace: METRICS_NAMESPACE });
  const logger = deps.logger ?? new Logger();

  const relayToQueue = async (event: SNSEvent): Promise<void> => {
    const receivedAt = deps.clock.now();
    const entries: unknown[] = [];
    event.Records.forEach((record, index) => {
      count(metrics, IngressMetric.WebhooksReceived);
      const decoded = eumEntryOf(record.Sns.Message);
      if (decoded.ok) {
        entries.push(decoded.entry);
        return;
      }
      // A record that cannot be read is counted and skipped: failing the batch would only redeliver it.
      count(metrics, IngressMetric.ParseFailures);
      logger.warn('SNS record skipped', {
        record: index,
        snsMessageId: record.Sns.MessageId,
        reason: decoded.reason,
      });
    });
    const result = entriesToQueueItems(entries, {
      transport: 'eum_social',
      receivedAt,
      trackDelivery: deps.trackDelivery,
    });
    reportNormalisation(result, metrics, logger);
    if (result.items.length === 0) return;
    // A throw here fails the invocation and SNS retries it; the dedup ids absorb the repeats.
    await deps.queue.publish(result.items);
    const messages = result.items.filter((item) => item.kind === 'message').length;
    count(metrics, IngressMetric.MessagesEnqueued, messages);
    count(metrics, IngressMetric.StatusesEnqueued, result.items.length - messages);
  };

  return middy<SNSEvent, void>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(logMetrics(metrics, { captureColdStartMetric: true }))
    .handler(relayToQueue) as EumIngressHandler;
}

let defaultHandler: EumIngressHandler | undefined;

/** The deployed entry point: configuration and the SQS client are built on the first invocation. */
export const handler: EumIngressHandler = (event, context) => {
  defaultHandler ??= createDefaultHandler();
  return defaultHandler(event, context);
};

function createDefaultHandler(): EumIngressHandler {
  const config = readEumIngressConfig();
  return createEumIngressHandler({
    queue: new SqsQueuePublisher({ queueUrl: config.queueUrl }),
    clock: { now: () => Date.now() },
    trackDelivery: config.trackDelivery,
  });
}
