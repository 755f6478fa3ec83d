// GraphApiWhatsAppSender against the fake Graph API on 127.0.0.1: the request bodies Meta documents, which
// errors are retried and which never are, timeouts, connection resets and the retry budget.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  GraphApiWhatsAppSender,
  type GraphApiWhatsAppSenderOptions,
  toGraphMessageBody,
} from '../../../lambda/adapters/graph-api-whatsapp-sender.ts';
import { GraphApiError } from '../../../lambda/core/graph-errors.ts';
import type { OutboundMessage, SecretSource } from '../../../lambda/core/ports.ts';
import { type FakeGraphApi, META_ERRORS, startFakeGraphApi } from '../../support/fake-graph-api.ts';

const TOKEN = 'EAAG-test-token';
const PHONE_ID = '106540352242922';
const secrets: SecretSource = {
  get: async () => ({
    appSecret: 'app',
    accessToken: TOKEN,
    verifyToken: 'verify',
    userHashSalt: 'salt',
  }),
};

const text = (overrides: Partial<OutboundMessage> = {}): OutboundMessage => ({
  businessPhoneNumberId: PHONE_ID,
  to: { waId: '6281234567890' },
  body: { type: 'text', text: 'Your order ships tomorrow.' },
  ...overrides,
});

/** Thrown error of a promise, for field-by-field assertions. */
async function failureOf(promise: Promise<unknown>): Promise<GraphApiError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof GraphApiError) return error;
    throw error;
  }
  throw new Error('expected a GraphApiError');
}

describe('Class: GraphApiWhatsAppSender', () => {
  let graph: FakeGraphApi;
  let sleeps: number[];

  const sender = (options: Partial<GraphApiWhatsAppSenderOptions> = {}) =>
    new GraphApiWhatsAppSender({
      baseUrl: graph.url,
      version: 'v23.0',
      secrets,
      timeoutMs: 2_000,
      sleep: async (ms) => {
        sleeps.push(ms);
      },
      random: () => 0.5,
      ...options,
    });

  beforeAll(async () => {
    graph = await startFakeGraphApi({ accessToken: TOKEN });
  });
  afterAll(async () => {
    await graph.close();
  });
  beforeEach(() => {
    graph.reset();
    sleeps = [];
  });

  describe('Method: send', () => {
    it('posts a text message with the bearer token and returns the message id', async () => {
      // Act
      const result = await sender().send(
        text({ replyTo: 'wamid.IN1', callbackData: 'U#ab|M#0000000001#wamid.IN1' }),
      );

      // Assess
      expect(result).toEqual({ messageId: 'wamid.fake000001', attempts: 1 });
      const [request] = graph.sends();
      expect(request?.path).toBe(`/v23.0/${PHONE_ID}/messages`);
      expect(request?.headers.authorization).toBe(`Bearer ${TOKEN}`);
      expect(request?.headers['content-type']).toBe('application/json');
      expect(request?.body).toEqual({
        messaging_product: 'whatsapp',
        recipient_type: 'individual',
        to: '+6281234567890',
        context: { message_id: 'wamid.IN1' },
        type: 'text',
        text: { preview_url: false, body: 'Your order ships tomorrow.' },
        biz_opaque_callback_data: 'U#ab|M#0000000001#wamid.IN1',
      });
    });

    it('sends an interactive list', async () => {
      await sender().send(
        text({
          body: {
            type: 'list',
            body: 'What can I help with?',
            button: 'Menu',
            footer: 'Toko Contoh',
            sections: [
              {
                title: 'Orders',
                rows: [
                  { id: 'order_status', title: 'Order status', description: 'Where is my order' },
                  { id: 'returns', title: 'Returns' },
                ],
              },
            ],
          },
        }),
      );

      expect(graph.sends()[0]?.body).toEqual({
        messaging_product: 'whatsapp',
        recipient_type: 'individual',
        to: '+6281234567890',
        type: 'interactive',
        interactive: {
          type: 'list',
          body: { text: 'What can I help with?' },
          footer: { text: 'Toko Contoh' },
          action: {
            button: 'Menu',
            sections: [
              {
                title: 'Orders',
                rows: [
                  { id: 'order_status', title: 'Order status', description: 'Where is my order' },
                  { id: 'returns', title: 'Returns' },
                ],
              },
            ],
          },
        },
      });
    });

    it('sends reply buttons', async () => {
      await sender().send(
        text({
          body: {
            type: 'buttons',
            body: 'Talk to a person?',
            buttons: [
              { id: 'handoff', title: 'Yes' },
              { id: 'menu', title: 'No' },
            ],
          },
        }),
      );

      expect(graph.sends()[0]?.body).toMatchObject({
        type: 'interactive',
        interactive: {
          type: 'button',
          body: { text: 'Talk to a person?' },
          action: {
            buttons: [
              { type: 'reply', reply: { id: 'handoff', title: 'Yes' } },
              { type: 'reply', reply: { id: 'menu', title: 'No' } },
            ],
          },
        },
      });
      expect(graph.sends()[0]?.body?.interactive).not.toHaveProperty('footer');
    });

    it('sends a template', async () => {
      await sender().send(
        text({ body: { type: 'template', name: 'reengage', language: 'en_US' } }),
      );

      expect(graph.sends()[0]?.body).toEqual({
        messaging_product: 'whatsapp',
        recipient_type: 'individual',
        to: '+6281234567890',
        type: 'template',
        template: { name: 'reengage', language: { code: 'en_US' } },
      });
    });

    it('addresses a BSUID-only user by recipient instead of to', async () => {
      await sender().send(text({ to: { userId: 'US.13491208655302741918' } }));

      const body = graph.sends()[0]?.body;
      expect(body?.recipient).toBe('US.13491208655302741918');
      expect(body).not.toHaveProperty('to');
    });

    it('refuses a message without any recipient, before any request', async () => {
      const error = await failureOf(sender().send(text({ to: {} })));

      expect(error).toMatchObject({ kind: 'request', retryable: false });
      expect(graph.requests).toHaveLength(0);
    });

    it.each([
      ['throughput rate limit 130429', META_ERRORS.rateLimit],
      ['pair rate limit 131056', META_ERRORS.pairRateLimit],
      ['unknown error 131000', META_ERRORS.unknown],
      ['service unavailable 131016', META_ERRORS.serviceUnavailable],
      ['a 502 page without an envelope', META_ERRORS.badGateway],
    ])('retries %s with backoff and then succeeds', async (_name, failure) => {
      const result = await sender().send(text());

      expect(result.attempts).toBe(1);
      graph.reset();
      graph.enqueue(failure, failure);

      const retried = await sender().send(text());

      expect(retried.attempts).toBe(3);
      expect(graph.sends().map((request) => request.outcome)).toEqual(['error', 'error', 'ok']);
      // Full jitter with random() = 0.5: half of 200 ms, then half of 400 ms.
      expect(sleeps).toEqual([100, 200]);
    });

    it('gives up after the maximum attempts with the last error, still marked retryable', async () => {
      graph.enqueue(
        META_ERRORS.pairRateLimit,
        META_ERRORS.pairRateLimit,
        META_ERRORS.pairRateLimit,
      );

      const error = await failureOf(sender().send(text()));

      expect(error).toMatchObject({
        name: 'GraphApiError',
        kind: 'graph',
        code: 131056,
        httpStatus: 429,
        retryable: true,
        attempts: 3,
        type: 'OAuthException',
        details: META_ERRORS.pairRateLimit.details,
      });
      expect(error.fbtraceId).toMatch(/^Fake131056/);
      expect(graph.sends()).toHaveLength(3);
    });

    it.each([
      ['re-engagement 131047', META_ERRORS.reEngagement, 131047, 400],
      ['undeliverable 131026', META_ERRORS.undeliverable, 131026, 400],
      ['invalid parameter 100', META_ERRORS.invalidParameter, 100, 400],
      ['blocked 368', META_ERRORS.blocked, 368, 403],
      ['expired token 190', META_ERRORS.tokenExpired, 190, 401],
    ])('never retries %s', async (_name, failure, code, httpStatus) => {
      graph.enqueue(failure);

      const error = await failureOf(sender({ maxAttempts: 5 }).send(text()));

      expect(error).toMatchObject({
        kind: 'graph',
        code,
        httpStatus,
        retryable: false,
        attempts: 1,
      });
      expect(graph.sends()).toHaveLength(1);
      expect(sleeps).toEqual([]);
    });

    it('reports a wrong token as Meta does (190), without retrying', async () => {
      const wrongSecrets: SecretSource = {
        get: async () => ({ ...(await secrets.get()), accessToken: 'stale' }),
      };

      const error = await failureOf(sender({ secrets: wrongSecrets }).send(text()));

      expect(error).toMatchObject({ code: 190, httpStatus: 401, retryable: false });
    });

    it('times out a hung request and does not retry it: Meta may have accepted it', async () => {
      graph.enqueue({ kind: 'hang' });

      const error = await failureOf(sender({ timeoutMs: 150 }).send(text()));

      expect(error).toMatchObject({ kind: 'timeout', retryable: false, attempts: 1 });
      expect(error.code).toBeUndefined();
      expect(graph.sends().map((request) => request.outcome)).toEqual(['hang']);
    });

    it('does not retry a connection reset after the request was sent', async () => {
      graph.enqueue({ kind: 'reset' });

      const error = await failureOf(sender().send(text()));

      expect(error).toMatchObject({ kind: 'interrupted', retryable: false, attempts: 1 });
      expect(error.cause).toBeInstanceOf(Error);
      expect(graph.sends()).toHaveLength(1);
    });

    it('retries a refused connection: nothing reached Meta', async () => {
      // Prepare: a port nothing listens on (the fake's own, after it closed).
      const closed = await startFakeGraphApi({ accessToken: TOKEN });
      const url = closed.url;
      await closed.close();

      // Act
      const error = await failureOf(sender({ baseUrl: url }).send(text()));

      // Assess
      expect(error).toMatchObject({ kind: 'network', retryable: true, attempts: 3 });
      expect(error.message).toMatch(/ECONNREFUSED/);
    });

    it('starts no retry that could not finish within the budget', async () => {
      // Prepare: the clock says 10 s passed during the first (failed) request.
      const times = [0, 10_000];
      graph.enqueue(META_ERRORS.rateLimit);

      // Act
      const error = await failureOf(
        sender({ budgetMs: 8_000, timeoutMs: 2_000, now: () => times.shift() ?? 10_000 }).send(
          text(),
        ),
      );

      // Assess
      expect(error).toMatchObject({ code: 130429, retryable: true, attempts: 1 });
      expect(graph.sends()).toHaveLength(1);
    });

    it('does not retry a 200 without a message id: the message may have gone out', async () => {
      graph.enqueue({ kind: 'raw', status: 200, body: '{"messaging_product":"whatsapp"}' });

      const error = await failureOf(sender().send(text()));

      expect(error).toMatchObject({ kind: 'response', retryable: false, attempts: 1 });
      expect(graph.sends()).toHaveLength(1);
    });

    it('adds a latency without changing the result', async () => {
      graph.setLatency(50);

      expect((await sender().send(text())).attempts).toBe(1);
    });
  });

  describe('Method: markRead', () => {
    it('marks the message read and shows the typing indicator in one call', async () => {
      await sender().markRead(PHONE_ID, 'wamid.IN9');

      const [request] = graph.markReads();
      expect(request?.path).toBe(`/v23.0/${PHONE_ID}/messages`);
      expect(request?.body).toEqual({
        messaging_product: 'whatsapp',
        status: 'read',
        message_id: 'wamid.IN9',
        typing_indicator: { type: 'text' },
      });
      expect(graph.sends()).toHaveLength(0);
    });

    it('throws a classified error for an invalid wamid (131009), without retrying', async () => {
      graph.enqueue({
        for: 'markRead',
        response: {
          kind: 'error',
          httpStatus: 400,
          code: 131009,
          message: '(#131009) Parameter value is not valid',
        },
      });

      const error = await failureOf(sender().markRead(PHONE_ID, 'wamid.nope'));

      expect(error).toMatchObject({ code: 131009, retryable: false, attempts: 1 });
    });

    it('does not retry a retryable failure: the reply needs the time budget more', async () => {
      graph.enqueue({
        for: 'markRead',
        response: { kind: 'error', httpStatus: 503, code: 131016, message: 'Service unavailable' },
      });

      const error = await failureOf(sender().markRead(PHONE_ID, 'wamid.IN9'));

      expect(error).toMatchObject({ code: 131016, retryable: true, attempts: 1 });
      expect(graph.markReads()).toHaveLength(1);
    });
  });
});

describe('Function: toGraphMessageBody', () => {
  it('adds the plus sign once to a phone number', () => {
    expect(toGraphMessageBody(text({ to: { waId: '+15551234567' } })).to).toBe('+15551234567');
  });

  it('prefers the phone number when both identities are known', () => {
    const body = toGraphMessageBody(text({ to: { waId: '15551234567', userId: 'US.1' } }));

    expect(body.to).toBe('+15551234567');
    expect(body).not.toHaveProperty('recipient');
  });
});
