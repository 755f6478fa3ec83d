// Attacks on the ingress handler as Lambda runs it: signature forgeries (wrong key, truncated, upper-case,
// SHA-1 only, body changed after signing, empty key), a missing secret, and fuzzing with schema-shaped,
// mutated and random payloads. Every request must get its documented status (200 ack, 400 not JSON, 413
// oversize, 401 bad signature); 5xx only when the queue fails; nothing forged is ever enqueued.

import * as nodeCrypto from 'node:crypto';
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import fc from 'fast-check';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { WhatsAppSecrets } from '../../lambda/core/ports.ts';
import { createIngressHandler } from '../../lambda/ingress.handler.ts';
import type { WebhookResult } from '../../lambda/middleware/ingress-request.ts';
import {
  fixedClock,
  InMemoryQueuePublisher,
  InMemoryRejectedPayloadStore,
  MutableSecretSource,
} from '../support/ingress-fakes.ts';
import { buildConversation } from '../support/reliability-conversation.ts';
import { RELIABILITY_SECRETS, scaled } from '../support/reliability-harness.ts';
import { recordFigures } from '../support/reliability-report.ts';
import { type FuzzBody, fuzzBody } from '../support/reliability-webhook-arbitraries.ts';
import { lambdaContext, webhookEvent } from '../support/signed-webhook.ts';

// Wraps the real timingSafeEqual so the test can see that the comparison goes through it.
vi.mock('node:crypto', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:crypto')>();
  return { ...actual, timingSafeEqual: vi.fn(actual.timingSafeEqual) };
});

const FUZZ_RUNS = scaled(10_000, 1_000);
/** Small, so that oversize cases are cheap to build; the check is the same at 3 MiB. */
const MAX_BODY_BYTES = 16 * 1024;
const SECRET = RELIABILITY_SECRETS.appSecret;

function ingressWith(secrets: Partial<WhatsAppSecrets> | Error = {}) {
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
  const queue = new InMemoryQueuePublisher();
  const rejected = new InMemoryRejectedPayloadStore();
  const source = new MutableSecretSource(
    secrets instanceof Error ? secrets : { ...RELIABILITY_SECRETS, ...secrets },
  );
  const handler = createIngressHandler({
    secrets: source,
    queue,
    rejected,
    clock: fixedClock(Date.now()),
    trackDelivery: true,
    maxBodyBytes: MAX_BODY_BYTES,
    metrics: new Metrics({ namespace: 'ScopedResponder', serviceName: 'ingress' }),
    logger: new Logger({ serviceName: 'ingress', logLevel: 'SILENT' }),
  });
  const post = (
    body: string,
    headers: Record<string, string>,
    isBase64Encoded = false,
  ): Promise<WebhookResult> =>
    handler(webhookEvent({ body, headers, isBase64Encoded }), lambdaContext());
  return { handler, queue, rejected, post };
}

const hmac = (body: string | Uint8Array, key: string, algorithm = 'sha256') =>
  createHmac(algorithm, key).update(body).digest('hex');

const figures = { signatureCases: 0, signatureRejections: 0, fuzzCases: 0, fuzzRejections: 0 };
const statusCounts: Record<string, number> = {};

afterAll(() => {
  recordFigures('ingressAttacks', {
    ...figures,
    fuzzCases: figures.fuzzCases,
    rejections: figures.signatureRejections + figures.fuzzRejections,
    fuzzStatusCounts: statusCounts,
  });
});

describe('Signature attacks on POST /webhook', () => {
  const [message] = buildConversation(1, 1, { run: 51 });
  const body = message?.body ?? '';
  const good = hmac(body, SECRET);
  const timingSafeEqual = vi.mocked(nodeCrypto.timingSafeEqual);

  beforeEach(() => {
    timingSafeEqual.mockClear();
  });

  const forgeries: [string, Record<string, string>, string?][] = [
    [
      'a signature made with another key',
      { 'x-hub-signature-256': `sha256=${hmac(body, 'guess')}` },
    ],
    ['a truncated signature', { 'x-hub-signature-256': `sha256=${good.slice(0, 63)}` }],
    ['a signature cut to half', { 'x-hub-signature-256': `sha256=${good.slice(0, 32)}` }],
    [
      'the right signature in upper-case hex',
      { 'x-hub-signature-256': `sha256=${good.toUpperCase()}` },
    ],
    ['an upper-case prefix', { 'x-hub-signature-256': `SHA256=${good}` }],
    ['a padded signature', { 'x-hub-signature-256': ` sha256=${good} ` }],
    ['an extra hex digit', { 'x-hub-signature-256': `sha256=${good}0` }],
    ['the bare hex without prefix', { 'x-hub-signature-256': good }],
    ['an empty signature', { 'x-hub-signature-256': 'sha256=' }],
    ['only the legacy SHA-1 header', { 'x-hub-signature': `sha1=${hmac(body, SECRET, 'sha1')}` }],
    [
      'a SHA-1 value in the SHA-256 header',
      { 'x-hub-signature-256': `sha1=${hmac(body, SECRET, 'sha1')}` },
    ],
    ['no signature header at all', {}],
    ['a body altered after signing', { 'x-hub-signature-256': `sha256=${good}` }, `${body} `],
    [
      'a body with one character changed after signing',
      { 'x-hub-signature-256': `sha256=${good}` },
      body.replace('where', 'wherE'),
    ],
    ['a signature made with an empty key', { 'x-hub-signature-256': `sha256=${hmac(body, '')}` }],
    [
      'a signature over the re-serialised JSON with escaped unicode',
      { 'x-hub-signature-256': `sha256=${good}` },
      JSON.stringify(JSON.parse(body)).replace(/é/g, '\\u00e9').replace('{', '{ '),
    ],
  ];

  it.each(forgeries)('rejects %s with 401 and enqueues nothing', async (_name, headers, sent) => {
    // Prepare
    const { post, queue } = ingressWith();

    // Act
    const result = await post(sent ?? body, headers);

    // Assess
    figures.signatureCases++;
    if (result.statusCode === 401) figures.signatureRejections++;
    expect(result.statusCode).toBe(401);
    expect(queue.calls).toHaveLength(0);
    // Whenever a comparison ran, it compared equal-length buffers in constant time.
    for (const [a, b] of timingSafeEqual.mock.calls) {
      expect((a as Buffer).length).toBe((b as Buffer).length);
    }
  });

  it('accepts the genuine signature, comparing 32-byte digests with crypto.timingSafeEqual', async () => {
    // Prepare
    const { post, queue } = ingressWith();

    // Act
    const result = await post(body, { 'x-hub-signature-256': `sha256=${good}` });
    const wrong = await post(body, { 'x-hub-signature-256': `sha256=${'0'.repeat(64)}` });

    // Assess
    expect(result.statusCode).toBe(200);
    expect(wrong.statusCode).toBe(401);
    expect(queue.items).toHaveLength(1);
    expect(timingSafeEqual).toHaveBeenCalledTimes(2);
    for (const [a, b] of timingSafeEqual.mock.calls) {
      expect(Buffer.isBuffer(a) && Buffer.isBuffer(b)).toBe(true);
      expect((a as Buffer).length).toBe(32);
      expect((b as Buffer).length).toBe(32);
    }
  });

  it('compares with timingSafeEqual only, never with === on the signature (source check)', () => {
    // The spy proves the call; this guards against a second, early-exit comparison next to it.
    const source = readFileSync(
      new URL('../../lambda/core/whatsapp/signature.ts', import.meta.url),
      'utf8',
    );
    expect(source).toMatch(/timingSafeEqual\(/);
    expect(source).not.toMatch(/(expected|given|received)\s*===|===\s*(expected|given|received)/);
    expect(source).not.toMatch(/\.equals\(/);
  });

  it.each<[string, Partial<WhatsAppSecrets> | Error]>([
    ['an empty app secret', { appSecret: '' }],
    ['a secret source that fails', new Error('AccessDeniedException')],
  ])(
    'fails closed with %s: no 2xx and nothing enqueued, even for a body signed with ""',
    async (_name, secrets) => {
      // Prepare
      const { post, queue } = ingressWith(secrets);

      // Act
      const signedEmpty = await post(body, { 'x-hub-signature-256': `sha256=${hmac(body, '')}` });
      const signedReal = await post(body, { 'x-hub-signature-256': `sha256=${good}` });

      // Assess
      for (const result of [signedEmpty, signedReal]) {
        expect(result.statusCode).toBeGreaterThanOrEqual(400);
      }
      expect(signedEmpty.statusCode).not.toBe(200);
      expect(queue.calls).toHaveLength(0);
    },
  );
});

/** What the documented contract says this request must get. */
function expectedStatus(raw: Buffer, signed: boolean): number {
  if (raw.length > MAX_BODY_BYTES) return 413;
  if (!signed) return 401;
  try {
    JSON.parse(raw.toString('utf8'));
    return 200;
  } catch {
    return 400;
  }
}

function bodyOf(fuzz: FuzzBody): { body: string; raw: Buffer; base64: boolean } {
  if (fuzz.kind === 'bytes') {
    const raw = Buffer.from(fuzz.bytes);
    return fuzz.base64
      ? { body: raw.toString('base64'), raw, base64: true }
      : {
          body: raw.toString('latin1'),
          raw: Buffer.from(raw.toString('latin1'), 'utf8'),
          base64: false,
        };
  }
  return { body: fuzz.text, raw: Buffer.from(fuzz.text, 'utf8'), base64: false };
}

describe('Fuzzing POST /webhook', () => {
  it(`answers ${FUZZ_RUNS} generated requests with their documented status and never crashes`, async () => {
    // Prepare
    const { post, queue } = ingressWith();
    const oversize = fc
      .string({ minLength: 1, maxLength: 8 })
      .map((seed) => ({ kind: 'text' as const, text: `{"pad":"${seed.repeat(MAX_BODY_BYTES)}"}` }));

    // Act + Assess: each generated request, signed (mostly) or forged.
    await fc.assert(
      fc.asyncProperty(
        fc.oneof({ weight: 30, arbitrary: fuzzBody }, { weight: 1, arbitrary: oversize }),
        fc.constantFrom('valid', 'valid', 'valid', 'forged', 'missing'),
        async (fuzz, signing) => {
          const { body, raw, base64 } = bodyOf(fuzz);
          const headers: Record<string, string> =
            signing === 'missing'
              ? {}
              : {
                  'x-hub-signature-256': `sha256=${hmac(raw, signing === 'valid' ? SECRET : 'forged')}`,
                };
          const before = queue.calls.length;
          const result = await post(body, headers, base64);
          const expected = expectedStatus(raw, signing === 'valid');
          figures.fuzzCases++;
          statusCounts[String(result.statusCode)] =
            (statusCounts[String(result.statusCode)] ?? 0) + 1;
          if (result.statusCode !== 200) figures.fuzzRejections++;
          expect(result.statusCode).toBe(expected);
          if (expected !== 200) expect(queue.calls.length).toBe(before);
        },
      ),
      { numRuns: FUZZ_RUNS, seed: 20261125, endOnFailure: true },
    );
  }, 300_000);

  it('answers 5xx when, and only when, the queue fails (so that Meta retries)', async () => {
    // Prepare
    const { post, queue } = ingressWith();
    queue.failWith = new Error('SQS unavailable');
    const [message] = buildConversation(1, 1, { run: 52 });
    const body = message?.body ?? '';

    // Act
    const failed = await post(body, { 'x-hub-signature-256': `sha256=${hmac(body, SECRET)}` });
    queue.failWith = undefined;
    const retried = await post(body, { 'x-hub-signature-256': `sha256=${hmac(body, SECRET)}` });

    // Assess
    expect(failed.statusCode).toBeGreaterThanOrEqual(500);
    expect(retried.statusCode).toBe(200);
    expect(queue.items).toHaveLength(1);
  });
});
