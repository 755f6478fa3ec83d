// The ingress function: Meta's webhook (API Gateway v2 or a Function URL) → verified, parsed, normalised
// items on the FIFO queue → 200. Everything after the queue runs in the responder.
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import httpErrorHandler from '@middy/http-error-handler';
import httpRouterHandler from '@middy/http-router';
import { createError } from '@middy/util';
import type { Context } from 'aws-lambda';
import { S3RejectedPayloadStore } from './adapters/s3-rejected-payload-store.ts';
import { SecretsManagerSecretSource } from './adapters/secrets-manager-secret-source.ts';
import { SqsQueuePublisher } from './adapters/sqs-queue-publisher.ts';
import { readIngressConfig } from './config.ts';
import type { Clock, QueuePublisher, RejectedPayloadStore, SecretSource } from './core/ports.ts';
import { enqueueItems } from './middleware/enqueue-items.ts';
import {
  type IngressInternal,
  type LogSink,
  METRICS_NAMESPACE,
  type WebhookEvent,
  type WebhookResult,
} from './middleware/ingress-request.ts';
import { loadSecrets } from './middleware/load-secrets.ts';
import { parseWebhook } from './middleware/parse-webhook.ts';
import { readRawBody } from './middleware/read-raw-body.ts';
import { handshakeQueryOf, verifyHandshake } from './middleware/verify-handshake.ts';
import { verifySignature } from './middleware/verify-signature.ts';

export interface IngressDeps {
  readonly secrets: SecretSource;
  readonly queue: QueuePublisher;
  readonly rejected: RejectedPayloadStore;
  readonly clock: Clock;
  readonly trackDelivery: boolean;
  readonly maxBodyBytes: number;
  /**
   * Defaults to Powertools Metrics in namespace `ScopedResponder`. The service dimension comes from
   * POWERTOOLS_SERVICE_NAME, which lib/ sets, so the alarms' dimension filters match what is emitted.
   */
  readonly metrics?: Metrics;
  readonly logger?: Logger;
}

export type IngressHandler = (event: WebhookEvent, context: Context) => Promise<WebhookResult>;

/** Both paths answer, so that a Function URL (root) and an HTTP API route (`/webhook`) work alike. */
export const WEBHOOK_PATHS = ['/webhook', '/'] as const;

export function createIngressHandler(deps: IngressDeps): IngressHandler {
  const metrics = deps.metrics ?? new Metrics({ namespace: METRICS_NAMESPACE });
  const logger = deps.logger ?? new Logger();

  // POST: Meta's notifications.
  const receiveWebhook = middy<WebhookEvent, WebhookResult, Error, Context, IngressInternal>()
    .use(readRawBody({ maxBodyBytes: deps.maxBodyBytes, metrics }))
    .use(loadSecrets({ secrets: deps.secrets, metrics, required: 'appSecret' }))
    .use(verifySignature({ metrics }))
    .use(
      parseWebhook({
        rejected: deps.rejected,
        clock: deps.clock,
        trackDelivery: deps.trackDelivery,
        metrics,
        logger,
      }),
    )
    .use(enqueueItems({ queue: deps.queue, metrics }))
    .handler(acknowledge);

  // GET: the subscription handshake.
  const answerHandshake = middy<WebhookEvent, WebhookResult, Error, Context, IngressInternal>()
    .use(loadSecrets({ secrets: deps.secrets, metrics, required: 'verifyToken' }))
    .use(verifyHandshake())
    .handler(echoChallenge);

  const routes = WEBHOOK_PATHS.flatMap((path) => [
    { method: 'GET' as const, path, handler: answerHandshake },
    { method: 'POST' as const, path, handler: receiveWebhook },
  ]);

  return middy<WebhookEvent, WebhookResult>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(logMetrics(metrics, { captureColdStartMetric: true }))
    .use(httpErrorHandler({ logger: logRequestError(logger) }))
    .handler(
      httpRouterHandler<WebhookEvent, WebhookResult>({ routes, notFoundResponse: refuseRoute }),
    ) as IngressHandler;
}

function acknowledge(): WebhookResult {
  return { statusCode: 200, body: '' };
}

function echoChallenge(event: WebhookEvent): WebhookResult {
  return {
    statusCode: 200,
    headers: { 'Content-Type': 'text/plain' },
    body: handshakeQueryOf(event).challenge ?? '',
  };
}

function refuseRoute({ path }: { method: string; path: string }): never {
  const known = (WEBHOOK_PATHS as readonly string[]).includes(path.replace(/(.)\/$/, '$1'));
  if (known) {
    // createError keeps only `cause` and `expose`; http-error-handler copies `headers` to the response.
    throw Object.assign(createError(405, 'Method Not Allowed', { expose: true }), {
      headers: { Allow: 'GET, POST' },
    });
  }
  throw createError(404, 'Not Found', { expose: true });
}

interface ErrorCause {
  readonly package?: string;
  readonly data?: unknown;
  readonly error?: unknown;
}

/** Runs before http-error-handler replaces unexposed errors: logs why, never what was sent. */
function logRequestError(logger: LogSink) {
  return (error: Error): void => {
    const { statusCode, cause } = error as Error & { statusCode?: number; cause?: ErrorCause };
    if (statusCode !== undefined && statusCode < 500) {
      logger.warn('request refused', {
        statusCode,
        reason: error.message,
        step: cause?.package,
        detail: cause?.data,
      });
      return;
    }
    logger.error('request failed', {
      statusCode: statusCode ?? 500,
      reason: error.message,
      step: cause?.package,
      detail: cause?.data,
      error: cause?.error ?? error,
    });
  };
}

let defaultHandler: IngressHandler | undefined;

/** The deployed entry point: configuration and AWS clients are built on the first invocation. */
export const handler: IngressHandler = (event, context) => {
  defaultHandler ??= createIngressHandler(depsFromEnvironment());
  return defaultHandler(event, context);
};

function depsFromEnvironment(): IngressDeps {
  const config = readIngressConfig();
  return {
    secrets: new SecretsManagerSecretSource(config.secretArn),
    queue: new SqsQueuePublisher({ queueUrl: config.queueUrl }),
    rejected: new S3RejectedPayloadStore({ bucket: config.rejectedBucket }),
    clock: { now: () => Date.now() },
    trackDelivery: config.trackDelivery,
    maxBodyBytes: config.maxBodyBytes,
  };
}
