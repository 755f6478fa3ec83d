// DynamoDbConversationStore against real DynamoDB wire servers: one query returns the STATE item and the last
// inbound time, even with the current message's claim already written and many earlier messages.
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbConversationStore } from '../../lambda/adapters/dynamodb-conversation-store.ts';
import { DynamoDbDecisionLog } from '../../lambda/adapters/dynamodb-decision-log.ts';
import { stateKey } from '../../lambda/adapters/dynamodb-table.ts';
import { nextAttemptId } from '../support/attempt-ids.ts';
import { ddbBackends, freshTable, type TestTable } from '../support/dynamodb.ts';
import { answeredRecord, refOf } from '../support/dynamodb-fixtures.ts';

const AT = 1_767_225_700_000;
const EXPIRES = 1_770_000_000;

describe.each(ddbBackends())('DynamoDbConversationStore on $name', (backend) => {
  let table: TestTable;
  let store: DynamoDbConversationStore;
  let log: DynamoDbDecisionLog;
  const reads: number[] = [];
  let users = 0;
  const nextUser = () => `${String(++users).padStart(4, '0')}${'c'.repeat(28)}`;

  beforeAll(async () => {
    table = await freshTable(backend, 'conversations');
    store = new DynamoDbConversationStore({
      client: table.doc,
      tableName: table.name,
      onCapacity: (operation, units) => {
        if (operation === 'load') reads.push(units);
      },
    });
    log = new DynamoDbDecisionLog({ client: table.doc, tableName: table.name });
  });
  afterAll(async () => {
    await table?.drop();
  });

  /** Writes a finished decision, as the chain does for each processed message. */
  const receive = async (userHash: string, n: number) => {
    const ref = refOf(n, { userHash });
    await log.claim(ref, AT, EXPIRES, nextAttemptId());
    await log.finish(answeredRecord(ref), EXPIRES);
    return ref;
  };

  it('loads a first-time user as not opted out, with no handoff and no earlier message', async () => {
    const userHash = nextUser();

    const state = await store.load(userHash);

    expect(state).toEqual({ optedOut: false });
  });

  it('takes the last inbound time from the latest message other than the current one', async () => {
    // Prepare: two earlier messages, and the current one already claimed.
    const userHash = nextUser();
    await receive(userHash, 10);
    const previous = await receive(userHash, 20);
    const current = refOf(30, { userHash });
    await log.claim(current, AT, EXPIRES, nextAttemptId());

    // Act
    const excluding = await store.load(userHash, current.wamid);
    const including = await store.load(userHash);

    // Assess
    // (the current message is only claimed: it has no reply language yet)
    expect(excluding).toEqual({
      optedOut: false,
      lastInboundAt: previous.timestamp,
      lastLanguage: 'en',
    });
    expect(including).toEqual({
      optedOut: false,
      lastInboundAt: current.timestamp,
      lastLanguage: 'en',
    });
  });

  it('returns the state and the last inbound time together after many messages', async () => {
    const userHash = nextUser();
    for (const n of [1, 2, 3, 4, 5]) await receive(userHash, n);
    const latest = await receive(userHash, 6);
    const current = refOf(7, { userHash });
    await log.claim(current, AT, EXPIRES, nextAttemptId());
    await store.setOptOut(userHash, true, AT);
    await store.setHandoff(userHash, AT + 3_600_000, 'agent', AT);

    const state = await store.load(userHash, current.wamid);

    expect(state).toEqual({
      optedOut: true,
      handoffUntil: AT + 3_600_000,
      handoffBy: 'agent',
      lastInboundAt: latest.timestamp,
      lastLanguage: 'en',
    });
  });

  it('takes the reply language from the latest earlier message that was answered', async () => {
    // Prepare: an Indonesian answer, then a message still in flight, then the current one
    const userHash = nextUser();
    const answered = refOf(40, { userHash });
    await log.claim(answered, AT, EXPIRES, nextAttemptId());
    await log.finish({ ...answeredRecord(answered), language: 'id' }, EXPIRES);
    const inFlight = refOf(50, { userHash });
    await log.claim(inFlight, AT, EXPIRES, nextAttemptId());
    const current = refOf(60, { userHash });
    await log.claim(current, AT, EXPIRES, nextAttemptId());

    // Act
    const state = await store.load(userHash, current.wamid);

    // Assess
    expect(state).toEqual({
      optedOut: false,
      lastInboundAt: inFlight.timestamp,
      lastLanguage: 'id',
    });
  });

  it('opts out and back in on the STATE item', async () => {
    const userHash = nextUser();

    await store.setOptOut(userHash, true, AT);
    const out = await store.load(userHash);
    await store.setOptOut(userHash, false, AT + 1_000);
    const back = await store.load(userHash);

    expect(out.optedOut).toBe(true);
    expect(back.optedOut).toBe(false);
    const item = await table.doc.send(
      new GetCommand({ TableName: table.name, Key: stateKey(userHash), ConsistentRead: true }),
    );
    expect(item.Item).toEqual({
      ...stateKey(userHash),
      optedOut: false,
      optOutChangedAt: AT + 1_000,
      updatedAt: AT + 1_000,
    });
  });

  it('starts and ends a handoff, keeping the opt-out untouched', async () => {
    const userHash = nextUser();
    await store.setOptOut(userHash, true, AT);

    await store.setHandoff(userHash, AT + 60_000, 'user', AT);
    const during = await store.load(userHash);
    await store.setHandoff(userHash, null, 'agent', AT + 30_000);
    const after = await store.load(userHash);

    expect(during).toEqual({ optedOut: true, handoffUntil: AT + 60_000, handoffBy: 'user' });
    expect(after).toEqual({ optedOut: true, handoffBy: 'agent' });
  });

  it('reads the state with a single query', async () => {
    const userHash = nextUser();
    await receive(userHash, 1);
    await store.setOptOut(userHash, false, AT);
    reads.length = 0;

    await store.load(userHash);

    // One strongly consistent query over at most three small items: DynamoDB Local bills 1 read unit.
    expect(reads.length).toBeLessThanOrEqual(1);
    if (backend.name === 'local') expect(reads).toEqual([1]);
  });
});
