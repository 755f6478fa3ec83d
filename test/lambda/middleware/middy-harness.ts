// Runs one ingress middleware inside a real middy() with a handler that reports the per-request state.
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import type {
  IngressInternal,
  IngressMiddleware,
  WebhookEvent,
  WebhookResult,
} from '../../../lambda/middleware/ingress-request.ts';
import { lambdaContext } from '../../support/signed-webhook.ts';

/** Seeds `internal`, runs the middleware, and resolves with what it left in `internal`. */
export async function runMiddleware(
  middleware: IngressMiddleware,
  event: WebhookEvent,
  seed: IngressInternal = {},
): Promise<IngressInternal> {
  let seen: IngressInternal = {};
  const handler = middy<WebhookEvent, WebhookResult, Error, Context, IngressInternal>()
    .before((request) => {
      Object.assign(request.internal, seed);
    })
    .use(middleware)
    .before((request) => {
      seen = { ...request.internal };
    })
    .handler(() => ({ statusCode: 200 }));
  await handler(event, lambdaContext());
  return seen;
}

export function fakeMetrics() {
  const added: Record<string, number> = {};
  return {
    added,
    addMetric(name: string, _unit: string, value: number) {
      added[name] = (added[name] ?? 0) + value;
    },
  };
}
