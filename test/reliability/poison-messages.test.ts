// Poison messages: one that always throws inside the chain, and one whose queue body cannot be read. Each
// must reach the DLQ after the redrive limit, with a failed decision where one can be written, while every
// other user's messages (and the poisoned user's later ones, FIFO) are still answered.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ConversationStore } from '../../lambda/core/ports.ts';
import { ddbBackends } from '../support/dynamodb.ts';
import { type FakeGraphApi, startFakeGraphApi } from '../support/fake-graph-api.ts';
import { settle } from '../support/reliability-checks.ts';
import { buildConversation, runConcurrently } from '../support/reliability-conversation.ts';
import { type Harness, scaled, startHarness, wamidOfItem } from '../support/reliability-harness.ts';
import { recordFigures } from '../support/reliability-report.ts';

// Full runs push hundreds of messages through faults; the default 30 s is for unit tests.
vi.setConfig({ testTimeout: 600_000 });

const MESSAGES = scaled(200, 30);
const USERS = scaled(20, 6);
const MAX_RECEIVE_COUNT = 3;

describe('Poison messages (dynalite)', () => {
  let graph: FakeGraphApi;
  let harness: Harness;
  const conversation = buildConversation(MESSAGES, USERS, { run: 41 });
  // The first message of user 0 always throws; its later messages are healthy.
  const poison = conversation[0];
  const loads = { poisoned: 0 };

  beforeAll(async () => {
    const backend = ddbBackends().find((candidate) => candidate.name === 'dynalite');
    if (!backend) throw new Error('dynalite is not running');
    graph = await startFakeGraphApi();
    harness = await startHarness({
      ddbEndpoint: backend.endpoint,
      graphUrl: graph.url,
      maxReceiveCount: MAX_RECEIVE_COUNT,
      wrapConversations: (store): ConversationStore => ({
        load: async (userHash, excludeWamid) => {
          if (excludeWamid === poison?.wamid) {
            loads.poisoned++;
            throw new Error('poison: this message always breaks the store');
          }
          return store.load(userHash, excludeWamid);
        },
        setOptOut: (...args) => store.setOptOut(...args),
        setHandoff: (...args) => store.setHandoff(...args),
      }),
    });
  });

  afterAll(async () => {
    await harness?.stop();
    await graph?.close();
  });

  it('dead-letters both poisons after the redrive limit and answers everything else', async () => {
    // Prepare: an unreadable body at the head of user 1's chat, before any of their messages.
    const unreadableGroup = conversation[1]?.waId ?? '';
    harness.queue.publishMessages([
      {
        body: '{"v":1,"item":{"kind":"message"}}',
        groupId: unreadableGroup,
        deduplicationId: 'x1',
      },
    ]);

    // Act
    const acks = await runConcurrently(
      conversation.map((message) => () => harness.deliver(message.body)),
      8,
    );
    await harness.drain(120_000);
    const items = await harness.items();
    const healthy = conversation.slice(1);
    const result = settle(healthy, items, graph.sends());
    const poisonItem = items.find((item) => wamidOfItem(item) === poison?.wamid);
    const dead = harness.queue.deadLetters.map((letter) => letter.message);

    // Assess
    recordFigures('poisonMessages', {
      messagesSent: MESSAGES + 1,
      faultsInjected: loads.poisoned + MAX_RECEIVE_COUNT,
      deadLettered: dead.length,
      lost: result.lost.length,
      doubled: result.doubled.length,
    });
    expect(acks.every((ack) => ack.statusCode === 200)).toBe(true);
    expect(result.details).toEqual([]);
    expect(result.doubled).toEqual([]);
    expect(dead.map((message) => message.deduplicationId).sort()).toEqual(
      [poison?.wamid, 'x1'].sort(),
    );
    expect(dead.every((message) => message.receiveCount === MAX_RECEIVE_COUNT)).toBe(true);
    expect(loads.poisoned).toBe(MAX_RECEIVE_COUNT);
    expect(poisonItem).toMatchObject({
      outcome: 'failed',
      reason: 'internal_error',
      deadLettered: true,
      attempts: MAX_RECEIVE_COUNT,
    });
    expect(
      graph.sends().some((send) => JSON.stringify(send.body).includes(String(poison?.wamid))),
    ).toBe(false);
  });
});

describe('A poison message at the head of a batch (dynalite)', () => {
  // Regression (found by this suite, fixed): after a failure the rest of a FIFO group's batch went back
  // unprocessed every time, each return counting as a receive, so healthy messages behind a poison reached
  // the DLQ with it. lambda/sqs-fifo-batch.ts now releases the group on the failed message's last delivery.
  it("answers the poisoned user's other messages that arrived in the same webhook", async () => {
    // Prepare: one webhook carrying five messages of one user; the first always throws.
    const backend = ddbBackends().find((candidate) => candidate.name === 'dynalite');
    if (!backend) throw new Error('dynalite is not running');
    const chat = buildConversation(5, 1, { run: 42 });
    const poisonWamid = chat[0]?.wamid;
    const graph = await startFakeGraphApi();
    const harness = await startHarness({
      ddbEndpoint: backend.endpoint,
      graphUrl: graph.url,
      maxReceiveCount: MAX_RECEIVE_COUNT,
      wrapConversations: (store): ConversationStore => ({
        load: async (userHash, excludeWamid) => {
          if (excludeWamid === poisonWamid) throw new Error('poison');
          return store.load(userHash, excludeWamid);
        },
        setOptOut: (...args) => store.setOptOut(...args),
        setHandoff: (...args) => store.setHandoff(...args),
      }),
    });
    try {
      const batched = JSON.parse(chat[0]?.body ?? '{}');
      batched.entry[0].changes[0].value.messages = chat.map(
        (message) => JSON.parse(message.body).entry[0].changes[0].value.messages[0],
      );

      // Act
      const ack = await harness.deliver(JSON.stringify(batched));
      await harness.drain(60_000);
      const result = settle(chat.slice(1), await harness.items(), graph.sends());

      // Assess
      recordFigures('regression_poisonBatch', {
        messages: chat.length,
        healthyDeadLetteredUnprocessed: harness.queue.deadLetters.length - 1,
      });
      expect(ack.statusCode).toBe(200);
      expect(harness.queue.deadLetters.map((letter) => letter.message.deduplicationId)).toEqual([
        poisonWamid,
      ]);
      expect(result.details).toEqual([]);
    } finally {
      await harness.stop();
      await graph.close();
    }
  });
});
