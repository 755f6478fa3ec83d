// Ingress baseline: a bare middy handler that only checks X-Hub-Signature-256 over the raw body and
// answers 200. What the real ingress adds on top (parsing, normalising, enqueueing, metrics) is the rest.
import { createHmac, timingSafeEqual } from 'node:crypto';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';

export function createHmacOnlyHandler(appSecret: string) {
  return middy<APIGatewayProxyEventV2, APIGatewayProxyResultV2>().handler(async (event) => {
    const body = event.body ?? '';
    const raw = event.isBase64Encoded ? Buffer.from(body, 'base64') : Buffer.from(body);
    const expected = Buffer.from(
      `sha256=${createHmac('sha256', appSecret).update(raw).digest('hex')}`,
    );
    const given = Buffer.from(event.headers['x-hub-signature-256'] ?? '');
    const valid = given.length === expected.length && timingSafeEqual(given, expected);
    return { statusCode: valid ? 200 : 401, body: '' };
  });
}
