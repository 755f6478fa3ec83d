// DynamoDbDecisionLog against real DynamoDB wire servers (dynalite and DynamoDB Local): the dedupe claim under
// concurrency, the finish, status ordering, both read paths, item size and write units per message.
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  DynamoDbDecisionLog,
  estimateItemSize,
  ITEM_SIZE_BUDGET,
} from '../../lambda/adapters/dynamodb-decision-log.ts';
import { DynamoDbDecisionQuery } from '../../lambda/adapters/dynamodb-decision-query.ts';
import { decisionKey, shardOf } from '../../lambda/adapters/dynamodb-table.ts';
import type { DecisionRecord } from '../../lambda/core/decision.ts';
import { encodeDecisionRef } from '../../lambda/core/decision-ref.ts';
import { nextAttemptId } from '../support/attempt-ids.ts';
import { ddbBackends, freshTable, type TestTable } from '../support/dynamodb.ts';
import { answeredRecord, refOf, worstCaseRecord } from '../support/dynamodb-fixtures.ts';

const AT = 1_767_225_700_000;
const EXPIRES = 1_770_000_000;

describe.each(ddbBackends())('DynamoDbDecisionLog on $name', (backend) => {
  let table: TestTable;
  let log: DynamoDbDecisionLog;
  let query: DynamoDbDecisionQuery;
  const capacity: { operation: string; units: number }[] = [];
  let n = 0;
  /** A fresh ref per test, so tests share the table without seeing each other's items. */
  const nextRef = (overrides: Parameters<typeof refOf>[1] = {}) => refOf(++n * 100, overrides);

  beforeAll(async () => {
    table = await freshTable(backend, 'decisions');
    log = new DynamoDbDecisionLog({
      client: table.doc,
      tableName: table.name,
      onCapacity: (operation, units) => capacity.push({ operation, units }),
    });
    query = new DynamoDbDecisionQuery({ client: table.doc, tableName: table.name });
  });
  afterAll(async () => {
    await table?.drop();
  });

  const rawItem = async (key: { pk: string; sk: string }) =>
    (
      await table.doc.send(
        new GetCommand({ TableName: table.name, Key: key, ConsistentRead: true }),
      )
    ).Item;

  it('claims a new message and writes only the claim (no index keys)', async () => {
    // Prepare
    const ref = nextRef();

    // Act
    const attempt = nextAttemptId();
    const result = await log.claim(ref, AT, EXPIRES, attempt);

    // Assess
    expect(result).toEqual({ status: 'claimed', attempts: 1 });
    expect(await rawItem(decisionKey(ref))).toEqual({
      ...decisionKey(ref),
      state: 'claimed',
      claimedAt: AT,
      expiresAt: EXPIRES,
      attempts: 1,
      claimToken: attempt,
    });
  });

  it('reports a duplicate of an unfinished claim with its claimedAt', async () => {
    const ref = nextRef();
    await log.claim(ref, AT, EXPIRES, nextAttemptId());
    capacity.length = 0;

    const second = await log.claim(ref, AT + 5_000, EXPIRES, nextAttemptId());

    expect(second).toEqual({ status: 'duplicate', existing: 'claimed', claimedAt: AT });
    expect((await rawItem(decisionKey(ref)))?.attempts).toBe(1);
    // DynamoDB Local returns the existing item with the failure (ALL_OLD); dynalite needs the extra read.
    const lookups = capacity.filter(({ operation }) => operation === 'claimLookup');
    expect(lookups).toHaveLength(backend.name === 'local' ? 0 : 1);
  });

  it('treats a repeat of its own applied claim (answer lost, write retried) as claimed', async () => {
    const ref = nextRef();
    const attempt = nextAttemptId();
    await log.claim(ref, AT, EXPIRES, attempt);

    const retried = await log.claim(ref, AT, EXPIRES, attempt);

    expect(retried).toEqual({ status: 'claimed', attempts: 1 });
    expect((await rawItem(decisionKey(ref)))?.attempts).toBe(1);
  });

  it('drops the claim token when the decision is finished', async () => {
    const ref = nextRef();
    const attempt = nextAttemptId();
    await log.claim(ref, AT, EXPIRES, attempt);
    expect((await rawItem(decisionKey(ref)))?.claimToken).toBe(attempt);

    await log.finish(answeredRecord(ref), EXPIRES);

    expect(await rawItem(decisionKey(ref))).not.toHaveProperty('claimToken');
    expect(await log.claim(ref, AT, EXPIRES, attempt)).toMatchObject({ status: 'duplicate' });
  });

  it('reports a duplicate of a finished decision', async () => {
    const ref = nextRef();
    await log.claim(ref, AT, EXPIRES, nextAttemptId());
    await log.finish(answeredRecord(ref), EXPIRES);

    const again = await log.claim(ref, AT + 60_000, EXPIRES, nextAttemptId());

    expect(again).toEqual({ status: 'duplicate', existing: 'finished', claimedAt: AT });
  });

  it('lets exactly one of ten concurrent claims win', async () => {
    const ref = nextRef();

    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => log.claim(ref, AT + i, EXPIRES, nextAttemptId())),
    );

    const claimed = results.filter((result) => result.status === 'claimed');
    expect(claimed).toEqual([{ status: 'claimed', attempts: 1 }]);
    expect(results.filter((result) => result.status === 'duplicate')).toHaveLength(9);
    for (const result of results) {
      if (result.status === 'duplicate') expect(result.existing).toBe('claimed');
    }
  });

  it('reclaims a retryable failure, counts the attempt, and leaves no stale fields', async () => {
    // Prepare: the first attempt failed before sending anything.
    const ref = nextRef();
    await log.claim(ref, AT, EXPIRES, nextAttemptId());
    await log.finish(
      answeredRecord(ref, {
        outcome: 'failed',
        reason: 'graph_131000',
        replyKind: 'none',
        sentAt: undefined,
        replyMessageId: undefined,
        retryable: true,
      }),
      EXPIRES,
    );

    // Act
    const reclaim = await log.claim(ref, AT + 30_000, EXPIRES + 30, nextAttemptId());
    const another = await log.claim(ref, AT + 30_001, EXPIRES + 30, nextAttemptId());

    // Assess
    expect(reclaim).toEqual({ status: 'claimed', attempts: 2 });
    expect(another).toEqual({ status: 'duplicate', existing: 'claimed', claimedAt: AT + 30_000 });
    const second = answeredRecord(ref, {
      attempts: 2,
      policyInstant: undefined,
      jurisdiction: undefined,
    });
    await log.finish(second, EXPIRES + 30);
    const item = await rawItem(decisionKey(ref));
    expect(item?.state).toBe('finished');
    expect(item?.attempts).toBe(2);
    expect(item).not.toHaveProperty('jurisdiction');
    expect(item).not.toHaveProperty('retryable');
    expect(item).not.toHaveProperty('policyInstant');
    expect(await log.claim(ref, AT + 90_000, EXPIRES, nextAttemptId())).toMatchObject({
      status: 'duplicate',
      existing: 'finished',
    });
  });

  it('finishes with every field, the index keys and the expiry, and reads the record back equal', async () => {
    // Prepare
    const ref = nextRef();
    const record = answeredRecord(ref);
    await log.claim(ref, AT, EXPIRES, nextAttemptId());

    await log.finish(record, EXPIRES);

    const item = await rawItem(decisionKey(ref));
    expect(item).toEqual({
      pk: `U#${ref.userHash}`,
      sk: `M#${ref.timestamp}#${ref.wamid}`,
      state: 'finished',
      claimedAt: AT,
      expiresAt: EXPIRES,
      gsi1pk: `D#${record.decidedAt.slice(0, 10)}#answered#${shardOf(ref.wamid)}`,
      gsi1sk: `${record.decidedAt}#${ref.wamid}`,
      // decisionId and policyInstant are derived from the key on read; instants are stored as epoch ms.
      transport: 'cloud_api',
      businessPhoneNumberId: record.businessPhoneNumberId,
      inputType: 'text',
      receivedAt: Date.parse(record.receivedAt),
      decidedAt: record.decidedAt,
      sentAt: Date.parse(record.sentAt ?? ''),
      policyRuleId: record.policyRuleId,
      policyVersion: record.policyVersion,
      posture: 'scoped_only',
      jurisdiction: '62',
      intent: 'order_status',
      confidence: record.confidence,
      margin: record.margin,
      classifierVersion: record.classifierVersion,
      language: 'en',
      outcome: 'answered',
      reason: 'in_scope',
      replyKind: 'answer',
      replyMessageId: record.replyMessageId,
      text: record.text,
      attempts: 1,
      latencyMs: 500,
    });
    const [readBack] = await query.byUser(ref.userHash, { since: ref.timestamp * 1000, limit: 1 });
    expect(readBack).toEqual(record);
  });

  it('stores a null intent and reads it back as null', async () => {
    const ref = nextRef();
    const record = answeredRecord(ref, {
      intent: null,
      outcome: 'refused_out_of_scope',
      reason: 'below_threshold',
      replyKind: 'refusal',
    });
    await log.claim(ref, AT, EXPIRES, nextAttemptId());
    await log.finish(record, EXPIRES);

    expect((await rawItem(decisionKey(ref)))?.intent).toBeNull();
    const [readBack] = await query.byUser(ref.userHash, { since: ref.timestamp * 1000, limit: 1 });
    expect(readBack).toEqual(record);
  });

  it('counts redeliveries on the existing record and never creates one', async () => {
    const ref = nextRef();
    await log.claim(ref, AT, EXPIRES, nextAttemptId());
    await log.finish(answeredRecord(ref), EXPIRES);

    await log.recordDuplicate(ref, AT + 1_000);
    await log.recordDuplicate(ref, AT + 2_000);
    const missing = nextRef();
    await log.recordDuplicate(missing, AT);

    const item = await rawItem(decisionKey(ref));
    expect(item?.duplicates).toBe(2);
    expect(item?.lastDuplicateAt).toBe(AT + 2_000);
    expect(item?.state).toBe('finished');
    expect(await rawItem(decisionKey(missing))).toBeUndefined();
  });

  it('moves the delivery status forward only, and lets failed win', async () => {
    const ref = nextRef();
    await log.claim(ref, AT, EXPIRES, nextAttemptId());
    await log.finish(answeredRecord(ref), EXPIRES);
    const callback = encodeDecisionRef(ref);
    const apply = (
      status: 'sent' | 'delivered' | 'read' | 'failed',
      at: number,
      errorCode?: number,
    ) => log.applyStatus(callback, { status, at, ...(errorCode !== undefined && { errorCode }) });

    const seen: { matched: boolean; stored: unknown }[] = [];
    for (const [status, at, errorCode] of [
      ['delivered', 2],
      ['sent', 1],
      ['delivered', 3],
      ['read', 4],
      ['delivered', 5],
      ['failed', 6, 131026],
      ['read', 7],
    ] as const) {
      const matched = await apply(status, at, errorCode);
      seen.push({ matched, stored: (await rawItem(decisionKey(ref)))?.deliveryStatus });
    }

    // Every call matched the record; the stored status only moved forward, and failed stayed.
    expect(seen.map(({ matched }) => matched)).toEqual([true, true, true, true, true, true, true]);
    expect(seen.map(({ stored }) => stored)).toEqual([
      'delivered',
      'delivered',
      'delivered',
      'read',
      'read',
      'failed',
      'failed',
    ]);
    const item = await rawItem(decisionKey(ref));
    expect(item).toMatchObject({
      deliveryStatus: 'failed',
      deliveryErrorCode: 131026,
      statusAt: 6,
      statusRank: 9,
    });
    const [readBack] = await query.byUser(ref.userHash, { since: ref.timestamp * 1000, limit: 1 });
    expect(readBack?.deliveryStatus).toBe('failed');
    expect(readBack?.deliveryErrorCode).toBe(131026);
  });

  it('applies no status to a missing record or a foreign callback, and creates nothing', async () => {
    const ref = nextRef();

    const missing = await log.applyStatus(encodeDecisionRef(ref), { status: 'read', at: 1 });
    const foreign = await log.applyStatus('campaign-42', { status: 'read', at: 1 });

    expect(missing).toBe(false);
    expect(foreign).toBe(false);
    expect(await rawItem(decisionKey(ref))).toBeUndefined();
  });

  it('queries one day and outcome across the four shards, newest first', async () => {
    // Prepare: twelve decisions on 2031-03-04 (two outcomes), one on the day after.
    const day = '2031-03-04';
    const base = Date.parse(`${day}T10:00:00.000Z`);
    const written: DecisionRecord[] = [];
    for (let i = 0; i < 12; i++) {
      const ref = nextRef({ userHash: `${String(i % 3).repeat(32)}` });
      const outcome = i % 4 === 3 ? 'refused_out_of_scope' : 'answered';
      const record = answeredRecord(ref, {
        outcome,
        decidedAt: new Date(base + i * 60_000).toISOString(),
      });
      await log.claim(ref, AT, EXPIRES, nextAttemptId());
      await log.finish(record, EXPIRES);
      written.push(record);
    }
    const nextDay = answeredRecord(nextRef(), { decidedAt: '2031-03-05T00:00:00.000Z' });
    await log.claim(nextDay, AT, EXPIRES, nextAttemptId());
    await log.finish(nextDay, EXPIRES);
    const answered = written.filter((record) => record.outcome === 'answered').reverse();

    // Act: index entries are eventually consistent (on AWS as on DynamoDB Local): wait for the last one.
    await vi.waitFor(
      async () => expect(await query.byDay(day, 'answered')).toHaveLength(answered.length),
      { timeout: 10_000, interval: 100 },
    );
    const all = await query.byDay(day, 'answered');
    const firstThree = await query.byDay(day, 'answered', { limit: 3 });
    const refused = await query.byDay(day, 'refused_out_of_scope');

    // Assess
    expect(new Set(answered.map((record) => shardOf(record.wamid))).size).toBeGreaterThan(1);
    expect(all).toEqual(answered);
    expect(firstThree).toEqual(answered.slice(0, 3));
    expect(refused.map((record) => record.wamid)).toEqual(
      written
        .filter((record) => record.outcome === 'refused_out_of_scope')
        .reverse()
        .map((record) => record.wamid),
    );
    expect(await query.byDay('2031-03-06', 'answered')).toEqual([]);
  });

  it("queries a user's decisions newest first, from `since`, leaving out unfinished claims", async () => {
    const userHash = 'feedfacefeedfacefeedfacefeedface';
    const refs = [1, 2, 3, 4].map((i) => refOf(9_000 + i, { userHash }));
    for (const ref of refs.slice(0, 3)) {
      await log.claim(ref, AT, EXPIRES, nextAttemptId());
      await log.finish(answeredRecord(ref), EXPIRES);
    }
    const lastRef = refs[3];
    if (!lastRef) throw new Error('fixture');
    await log.claim(lastRef, AT, EXPIRES, nextAttemptId());

    const all = await query.byUser(userHash);
    const recent = await query.byUser(userHash, { since: (refs[1]?.timestamp ?? 0) * 1000 });
    const newest = await query.byUser(userHash, { limit: 1 });

    expect(all.map((record) => record.wamid)).toEqual(
      refs
        .slice(0, 3)
        .reverse()
        .map((ref) => ref.wamid),
    );
    expect(recent.map((record) => record.wamid)).toEqual([refs[2]?.wamid, refs[1]?.wamid]);
    expect(newest.map((record) => record.wamid)).toEqual([refs[2]?.wamid]);
    expect(await query.byUser('abababababababababababababababab')).toEqual([]);
  });

  it('keeps the worst-case item within 1 KB after every kind of write', async (context) => {
    const record = worstCaseRecord(nextRef());
    await log.claim(record, AT, EXPIRES, nextAttemptId());
    await log.finish(record, EXPIRES);
    await log.recordDuplicate(record, AT + 1);
    await log.applyStatus(encodeDecisionRef(record), {
      status: 'failed',
      at: AT + 2,
      errorCode: 131047,
    });

    const item = await rawItem(decisionKey(record));

    expect(item).toBeDefined();
    const size = estimateItemSize(item ?? {});
    context.annotate(`${backend.name}: worst-case item ${size} bytes (text left out: no room)`);
    expect(size).toBeLessThanOrEqual(ITEM_SIZE_BUDGET);
    const [readBack] = await query.byUser(record.userHash, {
      since: record.timestamp * 1000,
      limit: 1,
    });
    const { text: _dropped, ...withoutText } = record;
    expect(readBack).toEqual(withoutText);
  });

  it('cuts a long text at a character boundary so the item stays within 1 KB', async () => {
    const ref = nextRef();
    const long = 'Olá, ñandú 😀 '.repeat(200);
    await log.claim(ref, AT, EXPIRES, nextAttemptId());
    await log.finish(answeredRecord(ref, { text: long }), EXPIRES);
    await log.recordDuplicate(ref, AT + 1);
    await log.applyStatus(encodeDecisionRef(ref), { status: 'read', at: AT + 2 });

    const item = await rawItem(decisionKey(ref));

    expect(estimateItemSize(item ?? {})).toBeLessThanOrEqual(ITEM_SIZE_BUDGET);
    const text = String(item?.text);
    expect(text.endsWith('…')).toBe(true);
    expect(long.startsWith(text.slice(0, -1))).toBe(true);
    expect(Buffer.byteLength(text)).toBeGreaterThan(100);
  });

  it('spends at most 3 write units on an answered message (claim + finish with its index entry)', async (context) => {
    const record = worstCaseRecord(nextRef());
    capacity.length = 0;

    await log.claim(record, AT, EXPIRES, nextAttemptId());
    await log.finish(record, EXPIRES);

    const byOperation = Object.fromEntries(
      capacity.map(({ operation, units }) => [operation, units]),
    );
    const total = capacity.reduce((sum, { units }) => sum + units, 0);
    context.annotate(`${backend.name} write units: ${JSON.stringify(byOperation)} total ${total}`);
    if (backend.name === 'local') {
      // DynamoDB Local reports consumed capacity like DynamoDB; dynalite reports what it reports (noted only).
      expect(Object.keys(byOperation).sort()).toEqual(['claim', 'finish']);
      expect(total).toBeGreaterThan(0);
      expect(total).toBeLessThanOrEqual(3);
    }
  });
});
