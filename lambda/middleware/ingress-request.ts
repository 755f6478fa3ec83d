// Types and metric names shared by the ingress middlewares: the per-request state they hand each other
// (on middy's per-request `internal`, never on the Lambda context) and the small logging/metrics surface
// they need, so tests can pass fakes instead of Powertools instances.
import type { Logger } from '@aws-lambda-powertools/logger';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { MiddlewareObj } from '@middy/core';
import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import type { QueueItem } from '../core/inbound.ts';
import type { WhatsAppSecrets } from '../core/ports.ts';
import type { NormaliseResult } from '../core/whatsapp/normalise.ts';

/** Metric names of both ingress functions (namespace `ScopedResponder`). */
export const IngressMetric = {
  WebhooksReceived: 'WebhooksReceived',
  MessagesEnqueued: 'MessagesEnqueued',
  StatusesEnqueued: 'StatusesEnqueued',
  StatusesDropped: 'StatusesDropped',
  SignatureFailures: 'SignatureFailures',
  ParseFailures: 'ParseFailures',
  IgnoredFields: 'IgnoredFields',
  SecretUnavailable: 'SecretUnavailable',
  /** Messages with neither a BSUID nor a phone number: dropped, they cannot be answered. */
  UnidentifiedUsers: 'UnidentifiedUsers',
} as const;
export type IngressMetricName = (typeof IngressMetric)[keyof typeof IngressMetric];

export const METRICS_NAMESPACE = 'ScopedResponder';

/** What the middlewares need of Powertools Metrics (which satisfies it). */
export interface MetricsSink {
  addMetric(
    name: string,
    unit: (typeof MetricUnit)[keyof typeof MetricUnit],
    value: number,
  ): unknown;
}
export type LogSink = Pick<Logger, 'debug' | 'info' | 'warn' | 'error'>;

export type WebhookEvent = APIGatewayProxyEventV2;
export type WebhookResult = APIGatewayProxyStructuredResultV2;

export interface IngressInternal extends Record<string, unknown> {
  /** The request body exactly as received (base64 already decoded). */
  rawBody?: Buffer;
  secrets?: WhatsAppSecrets;
  /** What to enqueue, in order. */
  items?: QueueItem[];
}

export type IngressMiddleware = MiddlewareObj<
  WebhookEvent,
  WebhookResult,
  Error,
  Context,
  IngressInternal
>;

export function count(metrics: MetricsSink, name: IngressMetricName, value = 1): void {
  if (value > 0) metrics.addMetric(name, MetricUnit.Count, value);
}

/** Emits the counters of one normalisation and logs its notes (which never hold content or identifiers). */
export function reportNormalisation(
  result: NormaliseResult,
  metrics: MetricsSink,
  logger: LogSink,
): void {
  const { counts } = result;
  count(metrics, IngressMetric.StatusesDropped, counts.statusesDropped);
  count(metrics, IngressMetric.IgnoredFields, counts.ignoredFields);
  count(metrics, IngressMetric.UnidentifiedUsers, counts.unidentifiedMessages);
  count(
    metrics,
    IngressMetric.ParseFailures,
    counts.invalidItems + (result.invalidEnvelope ? 1 : 0),
  );
  if (result.notes.length > 0 || result.invalidEnvelope) {
    logger.warn('webhook items skipped', {
      invalidEnvelope: result.invalidEnvelope,
      notes: result.notes.slice(0, 50),
      counts,
    });
  }
}

/** Header lookup that does not depend on API Gateway or a Function URL having lower-cased the names. */
export function headerOf(
  headers: Readonly<Record<string, string | undefined>> | undefined,
  name: string,
): string | undefined {
  if (!headers) return undefined;
  const direct = headers[name];
  if (direct !== undefined) return direct;
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === wanted) return value;
  }
  return undefined;
}
