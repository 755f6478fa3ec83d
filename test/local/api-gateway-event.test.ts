import { createServer, request as httpRequest, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { toApiGatewayEvent } from '../../local/runtime/api-gateway-event.ts';

/** Sends one real HTTP request and returns the event built from what node:http received. */
async function eventFor(
  path: string,
  body: Buffer,
  headers: Record<string, string>,
): Promise<APIGatewayProxyEventV2> {
  let captured: APIGatewayProxyEventV2 | undefined;
  const server = createServer(async (req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    captured = toApiGatewayEvent(req, Buffer.concat(chunks), Date.parse('2026-03-01T10:00:00Z'));
    res.end('ok');
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  try {
    await new Promise<void>((done, fail) => {
      const req = httpRequest({ port, path, method: 'POST', headers }, (res) => {
        res.resume();
        res.on('end', done);
      });
      req.on('error', fail);
      req.end(body);
    });
  } finally {
    server.close();
  }
  if (!captured) throw new Error('no request captured');
  return captured;
}

describe('Function: toApiGatewayEvent', () => {
  it('keeps a JSON body as text, lower-cases headers and reads the query', async () => {
    // Act
    const event = await eventFor('/webhook?a=1&b=2', Buffer.from('{"x":"ä"}'), {
      'Content-Type': 'application/json',
      'X-Hub-Signature-256': 'sha256=abc',
    });

    // Assess
    expect(event.rawPath).toBe('/webhook');
    expect(event.rawQueryString).toBe('a=1&b=2');
    expect(event.queryStringParameters).toEqual({ a: '1', b: '2' });
    expect(event.headers['x-hub-signature-256']).toBe('sha256=abc');
    expect(event.requestContext.http.method).toBe('POST');
    expect(event.isBase64Encoded).toBe(false);
    expect(event.body).toBe('{"x":"ä"}');
  });

  it('base64-encodes a binary body so that its bytes survive', async () => {
    // Prepare
    const bytes = Buffer.from([0xff, 0xfe, 0x00, 0x41]);

    // Act
    const event = await eventFor('/webhook', bytes, { 'content-type': 'application/octet-stream' });

    // Assess
    expect(event.isBase64Encoded).toBe(true);
    expect(Buffer.from(event.body ?? '', 'base64').equals(bytes)).toBe(true);
  });
});
