// Builders for webhook requests as API Gateway v2 / a Function URL delivers them, signed as Meta signs them.
// Shared by the ingress tests, the local runtime tests, reliability tests and the benchmarks.
import { createHmac } from 'node:crypto';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';

/** `sha256=<lowercase hex HMAC-SHA256>` of the body's UTF-8 bytes: the X-Hub-Signature-256 value. */
export function signWebhook(body: string | Uint8Array, appSecret: string): string {
  return `sha256=${createHmac('sha256', appSecret).update(body).digest('hex')}`;
}

export interface WebhookEventInput {
  readonly method?: string;
  readonly path?: string;
  readonly body?: string;
  readonly headers?: Record<string, string>;
  readonly isBase64Encoded?: boolean;
  readonly query?: Record<string, string>;
}

/** A minimal but complete APIGatewayProxyEventV2 (payload format 2.0). Defaults: POST /webhook. */
export function webhookEvent(input: WebhookEventInput = {}): APIGatewayProxyEventV2 {
  const method = input.method ?? 'POST';
  const path = input.path ?? '/webhook';
  const query = input.query;
  const rawQueryString = query ? new URLSearchParams(query).toString() : '';
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString,
    headers: { 'content-type': 'application/json', ...input.headers },
    ...(query ? { queryStringParameters: { ...query } } : {}),
    requestContext: {
      accountId: '123456789012',
      apiId: 'fixture',
      domainName: 'fixture.lambda-url.us-east-1.on.aws',
      domainPrefix: 'fixture',
      http: {
        method,
        path,
        protocol: 'HTTP/1.1',
        sourceIp: '203.0.113.10',
        userAgent: 'facebookexternalua',
      },
      requestId: 'fixture-request',
      routeKey: '$default',
      stage: '$default',
      time: '25/Nov/2026:04:00:00 +0000',
      timeEpoch: 1_764_043_200_000,
    },
    ...(input.body !== undefined ? { body: input.body } : {}),
    isBase64Encoded: input.isBase64Encoded ?? false,
  };
}

/** POST /webhook with the body signed by `appSecret` (extra headers override, e.g. to tamper). */
export function signedWebhookEvent(
  body: string,
  appSecret: string,
  input: Omit<WebhookEventInput, 'body'> = {},
): APIGatewayProxyEventV2 {
  return webhookEvent({
    ...input,
    body,
    headers: { 'x-hub-signature-256': signWebhook(body, appSecret), ...input.headers },
  });
}

/** Enough of a Lambda context for middy and Powertools. */
export function lambdaContext(overrides: Partial<Context> = {}): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: 'scoped-responder-test',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:scoped-responder-test',
    memoryLimitInMB: '256',
    awsRequestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
    logGroupName: '/aws/lambda/scoped-responder-test',
    logStreamName: '2026/11/25/[$LATEST]fixture',
    getRemainingTimeInMillis: () => 30_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
    ...overrides,
  };
}

export interface TextWebhookOptions {
  /** Distinct users the messages are spread over (round robin). @default 5 */
  readonly users?: number;
  readonly phoneNumberId?: string;
  /** Unix seconds of the first message; each next message is one second later. @default 1764043200 */
  readonly firstTimestamp?: number;
  /** Users identified by BSUID only (no phone number), as Meta may send since 2026. @default false */
  readonly bsuidOnly?: boolean;
  /** Message text. @default `message <i>` */
  readonly text?: (index: number) => string;
  /** Makes the wamids unique per build (e.g. a run id), so repeated builds are not duplicates. */
  readonly idPrefix?: string;
}

/**
 * A valid Cloud API webhook with `n` text messages from several users in one change, as a JSON string
 * ready to sign. Wamids are `wamid.<idPrefix>.<i>`; users are `1555000<u>` or `US.1000<u>`.
 */
export function buildTextWebhook(n: number, options: TextWebhookOptions = {}): string {
  const users = Math.max(1, Math.min(options.users ?? 5, n || 1));
  const first = options.firstTimestamp ?? 1_764_043_200;
  const prefix = options.idPrefix ?? 'bench';
  const userIdOf = (u: number) => `US.${String(10_000 + u)}`;
  const phoneOf = (u: number) => `1555000${String(1000 + u)}`;
  const contacts = Array.from({ length: users }, (_, u) =>
    options.bsuidOnly
      ? { profile: { name: `User ${u}` }, user_id: userIdOf(u) }
      : { profile: { name: `User ${u}` }, wa_id: phoneOf(u) },
  );
  const messages = Array.from({ length: n }, (_, i) => {
    const u = i % users;
    return {
      ...(options.bsuidOnly ? { from_user_id: userIdOf(u) } : { from: phoneOf(u) }),
      id: `wamid.${prefix}.${i}`,
      timestamp: String(first + i),
      type: 'text',
      text: { body: options.text ? options.text(i) : `message ${i}` },
    };
  });
  return JSON.stringify({
    object: 'whatsapp_business_account',
    entry: [
      {
        id: '102030405060708',
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: {
                display_phone_number: '15550001111',
                phone_number_id: options.phoneNumberId ?? '109876543210987',
              },
              contacts,
              messages,
            },
          },
        ],
      },
    ],
  });
}
