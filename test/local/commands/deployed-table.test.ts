// The `--table` paths of the CLI (a deployed table) against dynalite: the SDK's standard
// AWS_ENDPOINT_URL_DYNAMODB points the commands' default client at it, as it would at any endpoint.
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DynamoDbConversationStore } from '../../../lambda/adapters/dynamodb-conversation-store.ts';
import { DynamoDbDecisionLog } from '../../../lambda/adapters/dynamodb-decision-log.ts';
import { createTable } from '../../../lambda/adapters/dynamodb-table.ts';
import type { DecisionRecord } from '../../../lambda/core/decision.ts';
import { hashUserKey } from '../../../lambda/core/user-hash.ts';
import { command as decisions } from '../../../local/commands/decisions.ts';
import { command as handoff } from '../../../local/commands/handoff.ts';
import { command as resume } from '../../../local/commands/resume.ts';
import {
  type EmbeddedDynamoDb,
  embeddedClient,
  startEmbeddedDynamoDb,
} from '../../../local/runtime/embedded-dynamodb.ts';
import { nextAttemptId } from '../../support/attempt-ids.ts';

const TABLE = 'deployed-decisions';
const SALT = 'deployed-salt';
const BUDI = '6281234567890';
const OTHER = 'ID.5830174629384756102';

async function runCaptured(run: () => Promise<number>) {
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
    return { code: await run(), stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

function decision(
  userKey: string,
  wamid: string,
  outcome: DecisionRecord['outcome'],
): DecisionRecord {
  const now = Date.now();
  return {
    userHash: hashUserKey(SALT, userKey),
    timestamp: Math.floor(now / 1000),
    wamid,
    decisionId: wamid,
    transport: 'cloud_api',
    businessPhoneNumberId: '1',
    inputType: 'text',
    receivedAt: new Date(now - 100).toISOString(),
    decidedAt: new Date(now).toISOString(),
    intent: outcome === 'answered' ? 'order_tracking' : null,
    outcome,
    reason: outcome === 'answered' ? 'in_scope' : 'no_intent',
    replyKind: outcome === 'answered' ? 'answer' : 'refusal',
    attempts: 1,
  };
}

describe('CLI commands with --table (a deployed table)', () => {
  let db: EmbeddedDynamoDb;
  let raw: DynamoDBClient;
  let client: DynamoDBDocumentClient;
  const savedEnv = { ...process.env };

  beforeAll(async () => {
    db = await startEmbeddedDynamoDb({ mode: 'dynalite' });
    raw = embeddedClient(db.endpoint);
    client = DynamoDBDocumentClient.from(raw, { marshallOptions: { removeUndefinedValues: true } });
    await createTable(raw, TABLE);
    Object.assign(process.env, {
      AWS_ENDPOINT_URL_DYNAMODB: db.endpoint,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
    });
    delete process.env.USER_HASH_SALT;
    delete process.env.SECRET_ARN;
    const log = new DynamoDbDecisionLog({ client, tableName: TABLE });
    for (const record of [
      decision(BUDI, 'wamid.a', 'answered'),
      decision(OTHER, 'wamid.b', 'refused_out_of_scope'),
    ]) {
      await log.claim(record, Date.now(), Math.floor(Date.now() / 1000) + 3600, nextAttemptId());
      await log.finish(record, Math.floor(Date.now() / 1000) + 3600);
    }
  });

  afterAll(async () => {
    process.env = savedEnv;
    raw?.destroy();
    await db?.stop();
  });

  it("decisions --user reads one user's records through DecisionQuery.byUser", async () => {
    // Act
    const result = await runCaptured(() =>
      decisions.run(['--table', TABLE, '--user', BUDI, '--salt', SALT, '--json']),
    );

    // Assess
    expect(result.code).toBe(0);
    const records = JSON.parse(result.stdout) as DecisionRecord[];
    expect(records.map((record) => record.wamid)).toEqual(['wamid.a']);
  });

  it('decisions --outcome reads the day index through DecisionQuery.byDay', async () => {
    // Act
    const result = await runCaptured(() =>
      decisions.run([
        '--table',
        TABLE,
        '--outcome',
        'refused_out_of_scope',
        '--since',
        '1h',
        '--json',
      ]),
    );

    // Assess
    expect(result.code).toBe(0);
    const records = JSON.parse(result.stdout) as DecisionRecord[];
    expect(records.map((record) => record.wamid)).toEqual(['wamid.b']);
  });

  it('decisions --reason keeps the records of that reason among those the day index returned', async () => {
    const read = (reason: string) =>
      runCaptured(() =>
        decisions.run(['--table', TABLE, '--reason', reason, '--since', '1h', '--json']),
      );
    const noIntent = JSON.parse((await read('no_intent')).stdout) as DecisionRecord[];
    expect(noIntent.map((record) => record.wamid)).toEqual(['wamid.b']);
    const task = JSON.parse((await read('assistant_task')).stdout) as DecisionRecord[];
    expect(task).toEqual([]);
  });

  it('decisions --user without a salt is a usage error', async () => {
    // Act
    const result = await runCaptured(() => decisions.run(['--table', TABLE, '--user', BUDI]));

    // Assess
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--salt');
  });

  it("handoff and resume write the chat's STATE item", async () => {
    // Prepare
    const store = new DynamoDbConversationStore({ client, tableName: TABLE });
    const userHash = hashUserKey(SALT, BUDI);

    // Act
    const started = await runCaptured(() =>
      handoff.run([BUDI, '--table', TABLE, '--salt', SALT, '--minutes', '5']),
    );
    const during = await store.load(userHash);
    const ended = await runCaptured(() => resume.run([BUDI, '--table', TABLE, '--salt', SALT]));
    const after = await store.load(userHash);

    // Assess
    expect(started.code).toBe(0);
    expect(during.handoffBy).toBe('agent');
    expect(during.handoffUntil).toBeGreaterThan(Date.now());
    expect(ended.code).toBe(0);
    expect(after.handoffUntil).toBeUndefined();
  });
});
