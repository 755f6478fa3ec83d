// The fake Graph API is shared by the sender tests, the chain tests, the local runtime and the reliability
// suite, so its own behaviour is pinned here: routing, auth, scripting order, filters and shutdown.
import { afterEach, describe, expect, it } from 'vitest';
import { type FakeGraphApi, META_ERRORS, startFakeGraphApi } from './fake-graph-api.ts';

const post = (graph: FakeGraphApi, path: string, body: unknown, token = 'token') =>
  fetch(`${graph.url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
const SEND = { messaging_product: 'whatsapp', to: '+628123', type: 'text', text: { body: 'hi' } };
const READ = { messaging_product: 'whatsapp', status: 'read', message_id: 'wamid.in' };

describe('Function: startFakeGraphApi', () => {
  let graph: FakeGraphApi | undefined;
  afterEach(async () => {
    await graph?.close();
    graph = undefined;
  });

  it("answers a send with Meta's success shape and a fresh message id, and records it", async () => {
    graph = await startFakeGraphApi({ accessToken: 'token' });

    const response = await post(graph, '/v23.0/1065/messages', SEND);

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      messaging_product: 'whatsapp',
      contacts: [{ input: '+628123', wa_id: '628123' }],
      messages: [{ id: 'wamid.fake000001' }],
    });
    expect(graph.sends()).toMatchObject([
      {
        kind: 'send',
        version: 'v23.0',
        phoneNumberId: '1065',
        body: SEND,
        outcome: 'ok',
        messageId: 'wamid.fake000001',
      },
    ]);
  });

  it('answers a mark-read with success', async () => {
    graph = await startFakeGraphApi();

    const response = await post(graph, '/v23.0/1065/messages', READ);

    expect(await response.json()).toEqual({ success: true });
    expect(graph.markReads()).toHaveLength(1);
    expect(graph.sends()).toHaveLength(0);
  });

  it('rejects a wrong token with 190 and an unknown path with 404', async () => {
    graph = await startFakeGraphApi({ accessToken: 'token' });

    const unauthorised = await post(graph, '/v23.0/1065/messages', SEND, 'other');
    const unknown = await post(graph, '/v23.0/1065/media', SEND);

    expect(unauthorised.status).toBe(401);
    expect(((await unauthorised.json()) as { error: { code: number } }).error.code).toBe(190);
    expect(unknown.status).toBe(404);
    expect(graph.requests.map((request) => request.outcome)).toEqual(['rejected', 'rejected']);
  });

  it('plays scripted responses in order, each for the kind of request it names', async () => {
    graph = await startFakeGraphApi();
    graph.enqueue({ for: 'send', response: META_ERRORS.pairRateLimit }, META_ERRORS.blocked);

    const read = await post(graph, '/v23.0/1/messages', READ);
    const send = await post(graph, '/v23.0/1/messages', SEND);
    const next = await post(graph, '/v23.0/1/messages', SEND);

    expect(read.status).toBe(403);
    expect(send.status).toBe(429);
    expect(await send.json()).toEqual({
      error: {
        message: META_ERRORS.pairRateLimit.message,
        type: 'OAuthException',
        code: 131056,
        error_data: { messaging_product: 'whatsapp', details: META_ERRORS.pairRateLimit.details },
        fbtrace_id: expect.stringMatching(/^Fake131056/),
      },
    });
    expect(next.status).toBe(200);
  });

  it('resets the connection, and ends hung requests on close', async () => {
    graph = await startFakeGraphApi();
    graph.enqueue({ kind: 'reset' }, { kind: 'hang' });

    const reset = post(graph, '/v23.0/1/messages', SEND);
    await expect(reset).rejects.toThrow();
    const hung = post(graph, '/v23.0/1/messages', SEND);
    while (graph.requests.length < 2) await new Promise((resolve) => setTimeout(resolve, 5));
    await graph.close();
    graph = undefined;

    await expect(hung).rejects.toThrow();
  });

  it('forgets requests and scripts on reset', async () => {
    graph = await startFakeGraphApi();
    graph.enqueue(META_ERRORS.unknown);
    await post(graph, '/v23.0/1/messages', READ);
    graph.enqueue(META_ERRORS.unknown);

    graph.reset();
    const response = await post(graph, '/v23.0/1/messages', SEND);

    expect(response.status).toBe(200);
    expect(graph.requests).toHaveLength(1);
  });
});
