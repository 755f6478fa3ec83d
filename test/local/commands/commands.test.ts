import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { decodeSnapshot } from '../../../lambda/core/intent/snapshot.ts';
import type { Profile } from '../../../lambda/core/profile/profile-schema.ts';
import { main } from '../../../local/cli.ts';
import { command as decisions } from '../../../local/commands/decisions.ts';
import { command as dlq } from '../../../local/commands/dlq.ts';
import { command as handoff } from '../../../local/commands/handoff.ts';
import {
  describeProfileCoverage,
  FEW_EXAMPLES,
  command as profile,
} from '../../../local/commands/profile.ts';
import { command as replay } from '../../../local/commands/replay.ts';
import { command as resume } from '../../../local/commands/resume.ts';
import { command as train } from '../../../local/commands/train.ts';
import type { LocalRuntime } from '../../../local/runtime/local-runtime.ts';
import { buildWebhookPayload } from '../../../local/runtime/simulated-webhook.ts';
import {
  decisionOf,
  getJson,
  repliesTo,
  sendText,
  startTestRuntime,
} from '../support/local-server.ts';

/** Runs a command with stdout and stderr captured. */
async function runCaptured(
  run: () => Promise<number>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    stdout += String(chunk);
    return true;
  });
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    stderr += String(chunk);
    return true;
  });
  try {
    const code = await run();
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

describe('CLI commands against a running local server', () => {
  let runtime: LocalRuntime;
  let dir: string;

  beforeAll(async () => {
    ({ runtime } = await startTestRuntime());
    dir = mkdtempSync(join(tmpdir(), 'scoped-responder-cli-'));
  });

  afterAll(async () => {
    await runtime?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('replay signs the payload file and the responder answers it', async () => {
    // Prepare
    const { payload, wamid } = buildWebhookPayload(
      { waId: '6281111111111' },
      { type: 'text', text: 'where are my beans?' },
      { timestampSeconds: Math.floor(Date.now() / 1000) },
    );
    const file = join(dir, 'payload.json');
    // Pretty-printed on purpose: the signature must cover the file's bytes, not a re-serialisation.
    writeFileSync(file, JSON.stringify(payload, null, 2));

    // Act
    const result = await runCaptured(() => replay.run([file, '--url', runtime.webhookUrl]));
    const record = await decisionOf(runtime, wamid);

    // Assess
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('200');
    expect(record.outcome).toBe('answered');
  });

  it('replay with the wrong secret is refused with 401 and exits 1', async () => {
    // Prepare
    const { payload } = buildWebhookPayload(
      { waId: '6281111111111' },
      { type: 'text', text: 'hello' },
      { timestampSeconds: Math.floor(Date.now() / 1000) },
    );
    const file = join(dir, 'payload-wrong.json');
    writeFileSync(file, JSON.stringify(payload));

    // Act
    const result = await runCaptured(() =>
      replay.run([file, '--url', runtime.webhookUrl, '--secret', 'not-the-secret']),
    );

    // Assess
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('401');
  });

  it('handoff silences the chat and resume lets the bot answer again', async () => {
    // Prepare
    const user = { waId: '5511987654321' };

    // Act
    const started = await runCaptured(() =>
      handoff.run([user.waId, '--minutes', '15', '--url', runtime.url]),
    );
    const during = await sendText(runtime, user, 'where are my beans?');
    const duringRecord = await decisionOf(runtime, during.wamid);
    const ended = await runCaptured(() => resume.run([user.waId, '--url', runtime.url]));
    const after = await sendText(runtime, user, 'where are my beans?');
    const afterRecord = await decisionOf(runtime, after.wamid);

    // Assess
    expect(started.code).toBe(0);
    expect(started.stdout).toContain('+55…4321');
    expect(started.stdout).not.toContain(user.waId);
    expect(duringRecord.outcome).toBe('handoff_active');
    expect(await repliesTo(runtime, during.wamid)).toHaveLength(0);
    expect(ended.code).toBe(0);
    expect(afterRecord.outcome).toBe('answered');
  });

  it('decisions --json lists the records of one user, newest first', async () => {
    // Prepare
    const user = { waId: '6282222222222' };
    const first = await sendText(runtime, user, 'where are my beans?');
    await decisionOf(runtime, first.wamid);
    const second = await sendText(runtime, user, 'tell me a joke about cats');
    await decisionOf(runtime, second.wamid);

    // Act
    const result = await runCaptured(() =>
      decisions.run(['--user', user.waId, '--json', '--since', '1h', '--url', runtime.url]),
    );
    const records = JSON.parse(result.stdout) as { wamid: string; outcome: string }[];

    // Assess
    expect(result.code).toBe(0);
    expect(records.map((record) => record.wamid)).toEqual([second.wamid, first.wamid]);
    expect(records[1]?.outcome).toBe('answered');
  });

  it('decisions --outcome prints readable lines of that outcome only', async () => {
    // Act
    const result = await runCaptured(() =>
      decisions.run(['--outcome', 'refused_out_of_scope', '--url', runtime.url]),
    );

    // Assess
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines.at(-1)).toMatch(/^\d+ decision\(s\) since/);
    expect(lines.slice(0, -1).every((line) => line.includes('refused_out_of_scope'))).toBe(true);
  });

  it('decisions --reason lists the refused requests for text work only', async () => {
    // Prepare: one refused by the text-work rule, one by the score, one answered.
    const user = { waId: '6283333333333' };
    const task = await sendText(runtime, user, 'translate to english: where are my beans?');
    await decisionOf(runtime, task.wamid);
    const joke = await sendText(runtime, user, 'tell me a joke about cats');
    await decisionOf(runtime, joke.wamid);
    const beans = await sendText(runtime, user, 'where are my beans?');
    await decisionOf(runtime, beans.wamid);

    // Act
    const result = await runCaptured(() =>
      decisions.run([
        '--reason',
        'assistant_task',
        '--json',
        '--user',
        user.waId,
        '--url',
        runtime.url,
      ]),
    );
    const records = JSON.parse(result.stdout) as { wamid: string; reason: string }[];

    // Assess
    expect(result.code).toBe(0);
    expect(records).toEqual([
      expect.objectContaining({ wamid: task.wamid, reason: 'assistant_task' }),
    ]);
  });

  it('decisions rejects an unknown outcome with a usage error (exit 2)', async () => {
    // Act
    const result = await runCaptured(() =>
      decisions.run(['--outcome', 'maybe', '--url', runtime.url]),
    );

    // Assess
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--outcome');
  });

  it('dlq list and dlq redrive report the empty local DLQ', async () => {
    // Act
    const list = await runCaptured(() => dlq.run(['list', '--url', runtime.url]));
    const redrive = await runCaptured(() => dlq.run(['redrive', '--url', runtime.url]));

    // Assess
    expect(list.stdout).toContain('0 message(s) in the local DLQ');
    expect(redrive.stdout).toContain('moved 0 message(s)');
    expect(await getJson<unknown[]>(runtime, '/_local/dlq')).toEqual([]);
  });

  it('a command says how to start the server when none is listening', async () => {
    // Act
    const result = await runCaptured(() =>
      handoff.run(['6281234567890', '--url', 'http://127.0.0.1:9']),
    );

    // Assess
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('npm start');
  });
});

describe('profile check', () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'scoped-responder-profile-'));
  });

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('accepts the example profile', async () => {
    // Act
    const result = await runCaptured(() => profile.run(['check', 'profiles/example-shop.yaml']));

    // Assess
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('OK');
  });

  it('shows what the classifier knows of each intent: examples per language and phrasebook keys', async () => {
    // Act
    const result = await runCaptured(() => profile.run(['check', 'profiles/example-shop.yaml']));

    // Assess
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('phrasebook domains: common, retail');
    expect(result.stdout).toMatch(
      /\n {2}order_tracking +examples en 6, id 6, es 6, pt 6; phrasebook: [^\n]*retail\/order_status/,
    );
    expect(result.stdout).toMatch(/not joined to any intent: [^\n]*common\/greeting/);
    expect(result.stdout).not.toContain('fewer than');
  });

  it('flags intents with few examples in a language', () => {
    // Prepare
    const thin = {
      name: 'Thin',
      languages: ['en', 'id'],
      intents: [
        {
          id: 'hours',
          examples: { en: ['when are you open', 'opening hours?'], id: ['jam buka?'] },
        },
        {
          id: 'prices',
          examples: { en: ['a', 'b', 'c', 'd', 'e'], id: ['a', 'b', 'c', 'd', 'e'] },
        },
      ],
    } as unknown as Profile;

    // Act
    const lines = describeProfileCoverage(thin, {
      phrasebook: { domains: ['common'], keys: [{ key: 'common/greeting', intent: null }] },
      textWorkInScope: false,
    });

    // Assess
    expect(lines).toContain(
      '  hours   examples en 2, id 1; phrasebook: none (only its examples back it)',
    );
    expect(lines).toContain(
      "intents no phrasebook key joined: 2 of 2 (answered from their examples alone; give them more examples, in customers' own words)",
    );
    expect(lines.at(-1)).toBe(
      `intents with fewer than ${FEW_EXAMPLES} examples: 1 of 2 in en, 1 of 2 in id (more examples in customers' own words help most)`,
    );
    // No intent took the talk-to-a-person key, and no example asks for text work.
    expect(lines).toContain(
      'requests for a person: left to the score, as no intent took the talk-to-a-person key (give your handoff intent examples such as "I want to talk to a person")',
    );
    expect(lines).toContain(
      'requests for text work (translate, rewrite, write): refused by rule (reason assistant_task)',
    );
  });

  it("says where a request for a person goes, and when text work is the business's own", () => {
    // Prepare: a translation agency whose person intent hands over.
    const agency = {
      name: 'Agency',
      languages: ['en'],
      intents: [
        { id: 'translations', examples: { en: ['can you translate my diploma into english?'] } },
        { id: 'human', handoff: true, examples: { en: ['I want to talk to a person'] } },
      ],
    } as unknown as Profile;

    // Act
    const lines = describeProfileCoverage(agency, {
      phrasebook: { domains: ['common'], keys: [{ key: 'common/talk_to_human', intent: 'human' }] },
      // What training reads from its examples (classifier.test.ts checks the reading).
      textWorkInScope: true,
    });

    // Assess
    expect(lines).toContain('requests for a person: go to human, which hands the chat over');
    expect(lines).toContain(
      'requests for text work (translate, rewrite, write): scored as any message, because an example asks for such work',
    );
  });

  it('prints the field path and line of each problem and exits 1', async () => {
    // Prepare
    const file = join(dir, 'broken.yaml');
    writeFileSync(
      file,
      [
        'name: Broken Shop',
        'languages: [en]',
        'defaultLanguage: en',
        'timezone: UTC',
        'textRetention: forever',
        'escalation: { en: "call us" }',
        'refusal: { en: "sorry" }',
        'nonText: { en: "text only" }',
        'intents:',
        '  - id: Opening-Hours',
        '    title: { en: "Hours" }',
        '    examples: { en: ["when are you open"] }',
        '    answer: { en: "9 to 5" }',
        '',
      ].join('\n'),
    );

    // Act
    const result = await runCaptured(() => profile.run(['check', file]));

    // Assess
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${file}:5 textRetention:`);
    expect(result.stderr).toContain(`${file}:10 intents.0.id:`);
  });

  it('is reachable through the dispatcher with --help', async () => {
    // Act
    const result = await runCaptured(() => main(['profile', '--help']));

    // Assess
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('profile check <file>');
  });
});

describe('train', () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'scoped-responder-train-'));
  });

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it("writes the snapshot of the profile's classifier, creating the folder", async () => {
    // Prepare
    const out = join(dir, 'nested', 'classifier.bin');

    // Act
    const result = await runCaptured(() =>
      main(['train', '--profile', 'profiles/example-shop.yaml', '--out', out]),
    );

    // Assess
    expect(result.code).toBe(0);
    const state = decodeSnapshot(readFileSync(out));
    expect(result.stdout).toContain(`classifier ${state.version}`);
    expect(state.labels.length).toBeGreaterThan(3);
  });

  it('names the line of a profile problem and writes nothing', async () => {
    // Prepare
    const file = join(dir, 'broken.yaml');
    writeFileSync(file, 'name: Broken\nlanguages: [en]\nintents: 7\n');
    const out = join(dir, 'broken.bin');

    // Act
    const result = await runCaptured(() => train.run(['--profile', file, '--out', out]));

    // Assess
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`${file}:3 intents: `));
    expect(() => readFileSync(out)).toThrow();
  });

  it('asks for both options', async () => {
    const result = await runCaptured(() => train.run(['--profile', 'profiles/example-shop.yaml']));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('train --profile <file> --out <snapshot.bin>');
  });
});
