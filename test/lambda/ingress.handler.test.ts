import { afterEach, describe, expect, it, vi } from 'vitest';
import type { InboundMessage } from '../../lambda/core/inbound.ts';
import { toQueueItems } from '../../lambda/core/whatsapp/normalise.ts';
import { inMemoryIngress } from '../support/in-memory-ingress.ts';
import { TEST_SECRETS } from '../support/ingress-fakes.ts';
import { ingressHarness } from '../support/ingress-harness.ts';
import {
  buildTextWebhook,
  lambdaContext,
  signedWebhookEvent,
  signWebhook,
  webhookEvent,
} from '../support/signed-webhook.ts';
import { readWhatsAppFixture, whatsAppFixtureNames } from '../support/whatsapp-fixtures.ts';

const SECRET = TEST_SECRETS.appSecret;
const RECEIVED_AT = 1_764_043_500_000;

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('createIngressHandler: POST /webhook', () => {
  it.each(whatsAppFixtureNames())(
    'acknowledges the %s fixture and enqueues what it carries',
    async (name) => {
      // Prepare
      const { invoke, queue } = ingressHarness();
      const body = readWhatsAppFixture(name);
      const expected = toQueueItems(JSON.parse(body), {
        transport: 'cloud_api',
        receivedAt: RECEIVED_AT,
        trackDelivery: false,
      }).items;

      // Act
      const response = await invoke(signedWebhookEvent(body, SECRET));

      // Assess
      expect(response.statusCode).toBe(200);
      expect(queue.items).toEqual(expected);
    },
  );

  it.each([
    ['text', 'text'],
    ['image', 'media'],
    ['voice', 'media'],
    ['location', 'location'],
    ['contacts', 'contacts'],
    ['interactive-list-reply', 'interactive'],
    ['button', 'button'],
    ['reaction-removed', 'reaction'],
    ['order', 'order'],
    ['system-user-changed-user-id', 'system'],
    ['edit', 'edit'],
    ['revoke', 'revoke'],
    ['unsupported', 'unsupported'],
  ])('enqueues exactly one %s message as %s content', async (name, contentType) => {
    const { invoke, queue, counted } = ingressHarness();
    const response = await invoke(signedWebhookEvent(readWhatsAppFixture(name), SECRET));
    expect(response.statusCode).toBe(200);
    expect(queue.items).toHaveLength(1);
    expect((queue.items[0] as InboundMessage).content.type).toBe(contentType);
    expect(counted('MessagesEnqueued')).toBe(1);
    expect(counted('WebhooksReceived')).toBe(1);
  });

  it('enqueues every item of a multi-entry batch once, in order per user, in one publish', async () => {
    // Prepare
    const { invoke, queue, rejected, counted } = ingressHarness();
    const body = readWhatsAppFixture('multi-entry-batch');

    // Act
    const response = await invoke(signedWebhookEvent(body, SECRET));

    // Assess
    expect(response.statusCode).toBe(200);
    expect(queue.calls).toHaveLength(1);
    const ids = queue.items.map((item) => (item.kind === 'message' ? item.wamid : item.messageId));
    expect(new Set(ids).size).toBe(ids.length);
    const byUser = new Map<string, string[]>();
    for (const item of queue.items) {
      if (item.kind !== 'message') continue;
      byUser.set(item.user.key, [
        ...(byUser.get(item.user.key) ?? []),
        (item.content as { body: string }).body,
      ]);
    }
    expect(Object.fromEntries(byUser)).toEqual({
      '15551230001': ['a1', 'a2', 'a3'],
      '15551230002': ['b1', 'b2'],
      'US.30001112223334445556': ['c1'],
    });
    expect(counted('MessagesEnqueued')).toBe(6);
    expect(counted('StatusesEnqueued')).toBe(1);
    expect(counted('StatusesDropped')).toBe(1);
    expect(counted('IgnoredFields')).toBe(1);
    expect(counted('ParseFailures')).toBe(1);
    // The batch had one malformed message: the whole body is kept for inspection.
    expect(rejected.kept).toEqual([{ body, reason: '1 invalid item(s)', receivedAt: RECEIVED_AT }]);
  });

  it('enqueues sent, delivered and read statuses when delivery is tracked', async () => {
    const { invoke, queue, counted } = ingressHarness({ trackDelivery: true });
    for (const name of ['status-sent', 'status-delivered', 'status-read']) {
      await invoke(signedWebhookEvent(readWhatsAppFixture(name), SECRET));
    }
    expect(queue.items.map((item) => item.kind === 'status' && item.status)).toEqual([
      'sent',
      'delivered',
      'read',
    ]);
    expect(counted('StatusesEnqueued')).toBe(3);
  });

  it('accepts a base64-encoded body signed over its decoded bytes', async () => {
    // Prepare: raw UTF-8 emoji, as a Function URL may deliver binary-safe bodies
    const { invoke, queue } = ingressHarness();
    const body = buildTextWebhook(2, { text: () => 'Zoë 😀' });
    const event = webhookEvent({
      body: Buffer.from(body, 'utf8').toString('base64'),
      isBase64Encoded: true,
      headers: { 'x-hub-signature-256': signWebhook(body, SECRET) },
    });

    // Act
    const response = await invoke(event);

    // Assess
    expect(response.statusCode).toBe(200);
    expect((queue.items[0] as InboundMessage).content).toEqual({ type: 'text', body: 'Zoë 😀' });
  });

  it('verifies the escaped unicode fixture over its raw bytes', async () => {
    const { invoke, queue } = ingressHarness();
    const response = await invoke(signedWebhookEvent(readWhatsAppFixture('unicode-emoji'), SECRET));
    expect(response.statusCode).toBe(200);
    expect((queue.items[0] as InboundMessage).content).toMatchObject({ type: 'text' });
  });

  it('answers on the root path too, for a Function URL', async () => {
    const { invoke, queue } = ingressHarness();
    const response = await invoke(signedWebhookEvent(buildTextWebhook(1), SECRET, { path: '/' }));
    expect(response.statusCode).toBe(200);
    expect(queue.items).toHaveLength(1);
  });

  it('does not carry items from one request into the next', async () => {
    const { invoke, queue } = ingressHarness();
    await invoke(signedWebhookEvent(buildTextWebhook(3), SECRET));
    await invoke(signedWebhookEvent(readWhatsAppFixture('value-errors'), SECRET));
    expect(queue.calls).toHaveLength(1);
    expect(queue.items).toHaveLength(3);
  });

  describe('signature', () => {
    const body = readWhatsAppFixture('unicode-emoji');
    const good = signWebhook(body, SECRET);
    it.each([
      ['no signature header', {}],
      ['an invalid signature', { 'x-hub-signature-256': signWebhook(body, 'wrong-secret') }],
      ['a truncated signature', { 'x-hub-signature-256': good.slice(0, -2) }],
      ['upper-case hex', { 'x-hub-signature-256': `sha256=${good.slice(7).toUpperCase()}` }],
      [
        'only a SHA-1 header',
        { 'x-hub-signature': 'sha1=0123456789abcdef0123456789abcdef01234567' },
      ],
      ['an empty header', { 'x-hub-signature-256': '' }],
    ])('refuses %s with 401', async (_, headers) => {
      // Prepare
      const { invoke, queue, counted } = ingressHarness();

      // Act
      const response = await invoke(webhookEvent({ body, headers }));

      // Assess
      expect(response.statusCode).toBe(401);
      expect(response.body).toBe('Invalid signature');
      expect(JSON.stringify(response)).not.toContain(good.slice(7));
      expect(queue.calls).toHaveLength(0);
      expect(counted('SignatureFailures')).toBe(1);
    });

    it('refuses a body altered after signing', async () => {
      const { invoke, queue } = ingressHarness();
      const altered = body.replace('\\u00e4', '\\u00e5');
      expect(altered).not.toBe(body);
      const response = await invoke(
        webhookEvent({ body: altered, headers: { 'x-hub-signature-256': good } }),
      );
      expect(response.statusCode).toBe(401);
      expect(queue.calls).toHaveLength(0);
    });

    it('refuses a body that was re-serialised after signing', async () => {
      const { invoke } = ingressHarness();
      const reserialised = JSON.stringify(JSON.parse(body));
      const response = await invoke(
        webhookEvent({ body: reserialised, headers: { 'x-hub-signature-256': good } }),
      );
      expect(response.statusCode).toBe(401);
    });

    it('reads the header whatever its case', async () => {
      const { invoke } = ingressHarness();
      const response = await invoke(
        webhookEvent({ body, headers: { 'X-Hub-Signature-256': good } }),
      );
      expect(response.statusCode).toBe(200);
    });

    it('fails closed with 503 when the app secret is empty', async () => {
      // Prepare: the header is the valid HMAC under the empty key
      const { invoke, secrets, queue, counted } = ingressHarness();
      secrets.secrets = { ...TEST_SECRETS, appSecret: '' };

      // Act
      const response = await invoke(signedWebhookEvent(body, ''));

      // Assess
      expect(response.statusCode).toBe(503);
      expect(queue.calls).toHaveLength(0);
      expect(counted('SecretUnavailable')).toBe(1);
    });

    it('fails closed with 503 when the secret cannot be read', async () => {
      const { invoke, secrets, counted, logged } = ingressHarness();
      secrets.secrets = new Error('AccessDeniedException');
      const response = await invoke(signedWebhookEvent(body, SECRET));
      expect(response.statusCode).toBe(503);
      expect(response.body).toBe('Service Unavailable');
      expect(counted('SecretUnavailable')).toBe(1);
      expect(logged()).toContain('AccessDeniedException');
    });
  });

  describe('bad input', () => {
    it('refuses an oversize body with 413 before reading the secret', async () => {
      // Prepare
      const { invoke, secrets } = ingressHarness({ maxBodyBytes: 1024 });
      const get = vi.spyOn(secrets, 'get');
      const body = buildTextWebhook(30);

      // Act
      const response = await invoke(signedWebhookEvent(body, SECRET));

      // Assess
      expect(body.length).toBeGreaterThan(1024);
      expect(response.statusCode).toBe(413);
      expect(get).not.toHaveBeenCalled();
    });

    it('counts the size in bytes, not characters', async () => {
      const { invoke } = ingressHarness({ maxBodyBytes: 300 });
      const body = JSON.stringify({ pad: '😀'.repeat(100) }); // 210 UTF-16 units, 410 bytes
      expect(body.length).toBeLessThan(300);
      const response = await invoke(signedWebhookEvent(body, SECRET));
      expect(response.statusCode).toBe(413);
    });

    it('refuses an oversize base64 body without decoding it', async () => {
      const { invoke } = ingressHarness({ maxBodyBytes: 1024 });
      const body = buildTextWebhook(30);
      const response = await invoke(
        webhookEvent({
          body: Buffer.from(body).toString('base64'),
          isBase64Encoded: true,
          headers: { 'x-hub-signature-256': signWebhook(body, SECRET) },
        }),
      );
      expect(response.statusCode).toBe(413);
    });

    it('answers 400 for a signed body that is not JSON', async () => {
      const { invoke, rejected } = ingressHarness();
      const response = await invoke(signedWebhookEvent('{"object":', SECRET));
      expect(response.statusCode).toBe(400);
      expect(rejected.kept).toEqual([]);
    });

    it('answers 401, not 400, for an unsigned body that is not JSON', async () => {
      const { invoke } = ingressHarness();
      const response = await invoke(webhookEvent({ body: 'not json' }));
      expect(response.statusCode).toBe(401);
    });

    it('acknowledges signed JSON that is not a WhatsApp envelope and keeps it', async () => {
      // Prepare
      const { invoke, queue, rejected, counted } = ingressHarness();
      const body = '{"object":"page","entry":[]}';

      // Act
      const response = await invoke(signedWebhookEvent(body, SECRET));

      // Assess
      expect(response.statusCode).toBe(200);
      expect(queue.calls).toHaveLength(0);
      expect(rejected.kept).toHaveLength(1);
      expect(rejected.kept[0]).toMatchObject({ body, receivedAt: RECEIVED_AT });
      expect(rejected.kept[0]?.reason).toMatch(/not a WhatsApp webhook envelope/);
      expect(counted('ParseFailures')).toBe(1);
    });

    it('answers 500 when the rejected payload cannot be kept, so Meta retries', async () => {
      const { invoke, rejected } = ingressHarness();
      rejected.failWith = new Error('S3 down');
      const response = await invoke(signedWebhookEvent('{"hello":"world"}', SECRET));
      expect(response.statusCode).toBe(500);
    });
  });

  describe('enqueue failure', () => {
    it('answers 500 without detail so that Meta retries', async () => {
      // Prepare
      const { invoke, queue, counted, logged } = ingressHarness();
      queue.failWith = new Error('SQS said no');

      // Act
      const response = await invoke(signedWebhookEvent(buildTextWebhook(3), SECRET));

      // Assess
      expect(response.statusCode).toBe(500);
      expect(JSON.stringify(response)).not.toContain('SQS said no');
      expect(counted('MessagesEnqueued')).toBe(0);
      expect(logged()).toContain('SQS said no');
    });
  });

  it('never logs message text, phone numbers or names', async () => {
    // Prepare
    const { invoke, queue, rejected, logged } = ingressHarness();

    // Act: a success, a partial batch, a refusal and a failure
    await invoke(signedWebhookEvent(readWhatsAppFixture('unicode-emoji'), SECRET));
    await invoke(signedWebhookEvent(readWhatsAppFixture('multi-entry-batch'), SECRET));
    await invoke(signedWebhookEvent(readWhatsAppFixture('no-user'), SECRET));
    await invoke(webhookEvent({ body: readWhatsAppFixture('text') }));
    queue.failWith = new Error('down');
    rejected.failWith = new Error('down too');
    await invoke(signedWebhookEvent(readWhatsAppFixture('multi-entry-batch'), SECRET));

    // Assess
    const logs = logged();
    expect(logs.length).toBeGreaterThan(0);
    for (const secret of ['15551230001', 'Fran', 'pedido', 'a1', 'Who am I', 'Alex Example']) {
      expect(logs).not.toContain(secret);
    }
  });
});

describe('createIngressHandler: GET /webhook (verification handshake)', () => {
  const query = {
    'hub.mode': 'subscribe',
    'hub.verify_token': TEST_SECRETS.verifyToken,
    'hub.challenge': '1158201444',
  };

  it.each(['/webhook', '/'])('echoes the challenge as text/plain on %s', async (path) => {
    const { invoke } = ingressHarness();
    const response = await invoke(webhookEvent({ method: 'GET', path, query }));
    expect(response).toMatchObject({
      statusCode: 200,
      body: '1158201444',
      headers: { 'Content-Type': 'text/plain' },
    });
  });

  it.each([
    ['a wrong token', { ...query, 'hub.verify_token': 'guess' }],
    ['another mode', { ...query, 'hub.mode': 'unsubscribe' }],
    ['no query at all', undefined],
  ])('refuses %s with 403', async (_, q) => {
    const { invoke } = ingressHarness();
    const response = await invoke(webhookEvent({ method: 'GET', ...(q ? { query: q } : {}) }));
    expect(response.statusCode).toBe(403);
    expect(response.body).not.toContain('1158201444');
  });

  it('fails closed with 503 when no verify token is configured', async () => {
    const { invoke, secrets } = ingressHarness();
    secrets.secrets = { ...TEST_SECRETS, verifyToken: '' };
    const response = await invoke(
      webhookEvent({ method: 'GET', query: { ...query, 'hub.verify_token': '' } }),
    );
    expect(response.statusCode).toBe(503);
  });
});

describe('createIngressHandler: routing', () => {
  it('answers 404 for another path', async () => {
    const { invoke } = ingressHarness();
    const response = await invoke(webhookEvent({ method: 'POST', path: '/other' }));
    expect(response.statusCode).toBe(404);
  });

  it.each(['PUT', 'DELETE', 'PATCH'])('answers 405 for %s on the webhook', async (method) => {
    const { invoke } = ingressHarness();
    const response = await invoke(webhookEvent({ method, path: '/webhook' }));
    expect(response.statusCode).toBe(405);
    expect(response.headers).toMatchObject({ Allow: 'GET, POST' });
  });
});

describe('handler (deployed entry point)', () => {
  it('imports without configuration and reports every missing variable on first use', async () => {
    // Prepare
    for (const key of ['QUEUE_URL', 'SECRET_ARN', 'REJECTED_BUCKET']) vi.stubEnv(key, '');
    const { handler } = await import('../../lambda/ingress.handler.ts');
    const { ConfigError } = await import('../../lambda/config.ts');

    // Act / Assess
    expect(() => handler(webhookEvent(), lambdaContext())).toThrow(ConfigError);
    expect(() => handler(webhookEvent(), lambdaContext())).toThrow(
      /QUEUE_URL, SECRET_ARN, REJECTED_BUCKET/,
    );
  });
});

describe('inMemoryIngress (benchmark helper)', () => {
  it('acknowledges a signed 50-message webhook and enqueues all 50', async () => {
    vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'true');
    vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'SILENT');
    const { handler, queue, appSecret } = inMemoryIngress();
    const body = buildTextWebhook(50, { users: 7 });
    const response = await handler(signedWebhookEvent(body, appSecret), lambdaContext());
    expect(response.statusCode).toBe(200);
    expect(queue.items).toHaveLength(50);
    expect(new Set(queue.items.map((item) => item.kind === 'message' && item.user.key)).size).toBe(
      7,
    );
  });
});
