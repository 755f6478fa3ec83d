// Turns a node:http request into the API Gateway v2 (HTTP API / Function URL) event that Lambda would hand
// the ingress handler, and writes the handler's result back: the handler cannot tell it is on a laptop.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';

/** Content types API Gateway passes through as text; everything else arrives base64-encoded. */
const TEXT_TYPES = /^(text\/|application\/(json|xml|x-www-form-urlencoded|[\w.+-]+\+json))/i;

export function toApiGatewayEvent(
  request: IncomingMessage,
  rawBody: Buffer,
  now: number,
): APIGatewayProxyEventV2 {
  const url = new URL(request.url ?? '/', 'http://localhost');
  const headers: Record<string, string> = {};
  // Lambda joins repeated headers with commas and lower-cases the names; so does this.
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined) continue;
    headers[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
  }
  const queryStringParameters: Record<string, string> = {};
  for (const [key, value] of url.searchParams) {
    queryStringParameters[key] =
      key in queryStringParameters ? `${queryStringParameters[key]},${value}` : value;
  }
  const contentType = headers['content-type'] ?? '';
  // Text only when it round-trips: the signature is over bytes, and a lossy decode would break it.
  const asText =
    rawBody.length === 0 ||
    (TEXT_TYPES.test(contentType) && Buffer.from(rawBody.toString('utf8'), 'utf8').equals(rawBody));
  const method = (request.method ?? 'GET').toUpperCase();
  const sourceIp = request.socket.remoteAddress ?? '127.0.0.1';
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: url.pathname,
    rawQueryString: url.search.replace(/^\?/, ''),
    headers,
    ...(Object.keys(queryStringParameters).length > 0 && { queryStringParameters }),
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: 'local',
      http: {
        method,
        path: url.pathname,
        protocol: `HTTP/${request.httpVersion}`,
        sourceIp,
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey: '$default',
      stage: '$default',
      time: new Date(now).toUTCString(),
      timeEpoch: now,
    },
    ...(rawBody.length > 0 && {
      body: asText ? rawBody.toString('utf8') : rawBody.toString('base64'),
    }),
    isBase64Encoded: !asText,
  };
}

/** Writes a Lambda proxy result; a bare string or object result means 200 JSON, as API Gateway reads it. */
export function writeApiGatewayResult(
  response: ServerResponse,
  result: APIGatewayProxyResultV2 | undefined,
): void {
  if (
    result === undefined ||
    result === null ||
    typeof result !== 'object' ||
    !('statusCode' in result)
  ) {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(typeof result === 'string' ? result : JSON.stringify(result ?? null));
    return;
  }
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(result.headers ?? {})) headers[name] = String(value);
  if (result.cookies?.length) headers['set-cookie'] = result.cookies;
  response.writeHead(result.statusCode ?? 200, headers);
  const body = result.body ?? '';
  response.end(result.isBase64Encoded ? Buffer.from(body, 'base64') : body);
}
