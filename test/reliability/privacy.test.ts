// Privacy: runs a small but rough conversation (Graph failures, a poison message, forged and unparseable
// webhooks, a handoff, opt-out) with every log level on, captures every line written to stdout/stderr
// (Powertools Logger and Metrics, console) plus the local runtime's terminal lines, and reads every stored
// decision. None may hold a phone number, a contact name, a message text beyond its redacted form, or a secret.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConversationStore } from '../../lambda/core/ports.ts';
import { redactText } from '../../lambda/core/redact.ts';
import { signPayload } from '../../lambda/core/whatsapp/signature.ts';
import { OffsetClock } from '../../local/runtime/local-clock.ts';
import {
  DEFAULT_POLICY,
  DEFAULT_PROFILE,
  LOCAL_SECRETS,
} from '../../local/runtime/local-defaults.ts';
import { startLocalRuntime } from '../../local/runtime/local-runtime.ts';
import { ddbBackends } from '../support/dynamodb.ts';
import { META_ERRORS, startFakeGraphApi } from '../support/fake-graph-api.ts';
import {
  buildConversation,
  type ConversationMessage,
  runConcurrently,
} from '../support/reliability-conversation.ts';
import { RELIABILITY_SECRETS, startHarness } from '../support/reliability-harness.ts';
import { recordFigures } from '../support/reliability-report.ts';

/** Texts with digits and an e-mail address, so the redacted form differs from the raw one. */
const SENSITIVE_TEXTS = [
  'where is my order KL-2291? send it to budi.santoso@example.com please',
  'my card 4111 1111 1111 1111 was charged twice for the Gayo beans',
  'call me on +62 812 3456 7890 about my subscription',
  'write me a poem about my neighbour Sri Wahyuni at Jl. Melati 12',
  'talk to a human please, my email is sari.ngopi@example.org',
  'STOP',
] as const;

/** Captures everything written to stdout/stderr (Powertools writes there directly) and console calls. */
function captureOutput() {
  const lines: string[] = [];
  const stdout = process.stdout.write.bind(process.stdout);
  const stderr = process.stderr.write.bind(process.stderr);
  const keep = (chunk: unknown) => {
    lines.push(
      typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'),
    );
    return true;
  };
  process.stdout.write = keep as typeof process.stdout.write;
  process.stderr.write = keep as typeof process.stderr.write;
  const consoleMethods = ['log', 'info', 'warn', 'error', 'debug'] as const;
  const originals = consoleMethods.map((name) => console[name]);
  for (const name of consoleMethods) {
    console[name] = (...args: unknown[]) => {
      lines.push(
        args.map((arg) => (typeof arg === 'string' ? arg : JSON.stringify(arg))).join(' '),
      );
    };
  }
  return {
    lines,
    restore() {
      process.stdout.write = stdout;
      process.stderr.write = stderr;
      consoleMethods.forEach((name, i) => {
        console[name] = originals[i] as (typeof console)[typeof name];
      });
    },
  };
}

interface Finding {
  readonly where: string;
  readonly what: string;
}

function findLeaks(
  sources: readonly { where: string; text: string }[],
  needles: readonly { what: string; value: string }[],
): Finding[] {
  const findings: Finding[] = [];
  for (const source of sources) {
    for (const needle of needles) {
      if (needle.value.length >= 4 && source.text.includes(needle.value)) {
        findings.push({ where: source.where, what: needle.what });
      }
    }
  }
  return findings;
}

describe('Privacy of logs and decision records', () => {
  let captured: ReturnType<typeof captureOutput>;
  const sources: { where: string; text: string }[] = [];
  let conversation: ConversationMessage[] = [];
  let localUser = '';
  let localText = '';

  beforeAll(async () => {
    const backend = ddbBackends().find((candidate) => candidate.name === 'dynalite');
    if (!backend) throw new Error('dynalite is not running');
    conversation = buildConversation(24, 6, { run: 71, texts: SENSITIVE_TEXTS });
    const graph = await startFakeGraphApi();
    captured = captureOutput();
    const poison = conversation[3]?.wamid;
    try {
      const harness = await startHarness({
        ddbEndpoint: backend.endpoint,
        graphUrl: graph.url,
        logLevel: 'DEBUG',
        emitMetrics: true,
        maxReceiveCount: 2,
        wrapConversations: (store): ConversationStore => ({
          load: async (userHash, excludeWamid) => {
            if (excludeWamid === poison) throw new Error('poison');
            return store.load(userHash, excludeWamid);
          },
          setOptOut: (...args) => store.setOptOut(...args),
          setHandoff: (...args) => store.setHandoff(...args),
        }),
      });
      // Failures on the way, so error paths log too.
      graph.enqueue(
        META_ERRORS.unknown,
        META_ERRORS.reEngagement,
        META_ERRORS.rateLimit,
        { kind: 'reset' },
        META_ERRORS.blocked,
      );
      await runConcurrently(
        conversation.map((message) => () => harness.deliver(message.body)),
        6,
      );
      // A forged request and a signed but unparseable one that carries a phone number and a name.
      const first = conversation[0] as ConversationMessage;
      await harness.deliver(first.body, { 'x-hub-signature-256': 'sha256=00' });
      const odd = JSON.stringify({
        object: 'page',
        entry: [{ from: first.waId, name: first.name }],
      });
      await harness.ingress(
        {
          ...(await import('../support/signed-webhook.ts')).signedWebhookEvent(
            odd,
            RELIABILITY_SECRETS.appSecret,
          ),
        },
        (await import('../support/signed-webhook.ts')).lambdaContext(),
      );
      await harness.drain(60_000);
      sources.push(
        ...(await harness.items()).map((item) => ({
          where: `record ${item.sk}`,
          text: JSON.stringify(item),
        })),
      );
      await harness.stop();

      // The laptop runtime's terminal output (verbose) for one user.
      const local: string[] = [];
      const runtime = await startLocalRuntime({
        port: 0,
        secrets: LOCAL_SECRETS,
        profilePath: DEFAULT_PROFILE,
        policyPath: DEFAULT_POLICY,
        ddb: 'dynalite',
        dataDir: undefined,
        clock: new OffsetClock(),
        print: (line) => local.push(line),
        verbose: true,
      });
      try {
        localUser = '628777123456';
        localText = SENSITIVE_TEXTS[0];
        const response = await fetch(`${runtime.url}/_local/send`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            user: { waId: localUser, name: 'Relname Local' },
            text: localText,
          }),
        });
        await response.arrayBuffer();
        const forged = JSON.stringify({ object: 'whatsapp_business_account', entry: [] });
        await fetch(runtime.webhookUrl, {
          method: 'POST',
          headers: { 'x-hub-signature-256': signPayload(forged, 'wrong') },
          body: forged,
        });
        await runtime.idle();
      } finally {
        await runtime.stop();
      }
      sources.push(...local.map((line, i) => ({ where: `local runtime line ${i}`, text: line })));
    } finally {
      captured.restore();
      await graph.close();
    }
    sources.push(...captured.lines.map((line, i) => ({ where: `log line ${i}`, text: line })));
  });

  afterAll(() => {
    captured?.restore();
  });

  it('captured logs and records at all (the search below is not vacuous)', () => {
    const logs = sources.filter((source) => source.where.startsWith('log line'));
    expect(logs.length).toBeGreaterThan(20);
    expect(logs.some((line) => line.text.includes('"level":"ERROR"'))).toBe(true);
    expect(logs.some((line) => line.text.includes('_aws'))).toBe(true);
    expect(sources.filter((source) => source.where.startsWith('record')).length).toBe(24);
    expect(sources.some((source) => source.where.startsWith('local runtime'))).toBe(true);
    // Positive control: a value that is allowed in logs (a wamid) is found by the same search.
    const wamid = conversation[1]?.wamid ?? '';
    expect(findLeaks(logs, [{ what: 'wamid', value: wamid }]).length).toBeGreaterThan(0);
  });

  it('finds no phone number, contact name, raw message text or secret anywhere', () => {
    const needles = [
      ...conversation.flatMap((message) => [
        { what: `wa_id of ${message.wamid}`, value: message.waId },
        { what: `wa_id without country code of ${message.wamid}`, value: message.waId.slice(2) },
        { what: `contact name of ${message.wamid}`, value: message.name },
      ]),
      { what: 'local wa_id', value: localUser },
      { what: 'local contact name', value: 'Relname Local' },
      ...SENSITIVE_TEXTS.filter((text) => redactText(text) !== text).map((text) => ({
        what: `raw text "${text.slice(0, 20)}…"`,
        value: text,
      })),
      { what: 'e-mail address', value: 'budi.santoso@example.com' },
      { what: 'e-mail address', value: 'sari.ngopi@example.org' },
      { what: 'card number', value: '4111 1111' },
      { what: 'phone number in a text', value: '3456 7890' },
      ...Object.entries(RELIABILITY_SECRETS).map(([name, value]) => ({
        what: `secret ${name}`,
        value,
      })),
      ...Object.entries(LOCAL_SECRETS).map(([name, value]) => ({
        what: `local secret ${name}`,
        value,
      })),
    ];

    const findings = findLeaks(sources, needles);
    recordFigures('privacy', {
      logLinesScanned: sources.filter((source) => !source.where.startsWith('record')).length,
      recordsScanned: sources.filter((source) => source.where.startsWith('record')).length,
      needles: needles.length,
      leaks: findings.length,
    });
    expect(findings).toEqual([]);
  });

  it('keeps at most the redacted form of a text in the decision log, and no text in logs', () => {
    const logs = sources.filter((source) => !source.where.startsWith('record'));
    const records = sources.filter((source) => source.where.startsWith('record'));
    for (const text of SENSITIVE_TEXTS) {
      const redacted = redactText(text);
      // A log line may mention neither the raw nor the redacted text (IDs and outcomes only).
      const leaking = logs.filter((line) => redacted.length > 8 && line.text.includes(redacted));
      expect(leaking.map((line) => line.where)).toEqual([]);
      for (const record of records) {
        const stored = (JSON.parse(record.text) as { text?: string }).text;
        // The adapter may shorten it to keep the item within one write unit (a prefix, marked `…`).
        const prefix = stored?.replace(/…$/, '');
        if (prefix !== undefined) {
          expect(
            SENSITIVE_TEXTS.map((text) => redactText(text)).some((form) => form.startsWith(prefix)),
            stored,
          ).toBe(true);
        }
      }
    }
  });
});
