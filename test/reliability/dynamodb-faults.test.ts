// DynamoDB faults: throttling answers from a proxy in front of the wire server, the server stopped and
// restarted on the same data mid-run, and answers lost after the server applied a write. The SDK retries,
// the queue redelivers; no message may be lost or answered twice.
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import dynalite from 'dynalite';
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { DecisionLog } from '../../lambda/core/ports.ts';
import { ddbBackends } from '../support/dynamodb.ts';
import { startFakeGraphApi } from '../support/fake-graph-api.ts';
import { settle } from '../support/reliability-checks.ts';
import {
  buildConversation,
  runConcurrently,
  seededRandom,
} from '../support/reliability-conversation.ts';
import { startDdbFaultProxy } from '../support/reliability-ddb-proxy.ts';
import { FULL, scaled, startHarness } from '../support/reliability-harness.ts';
import { recordFigures } from '../support/reliability-report.ts';

// Full runs push hundreds of messages through faults; the default 30 s is for unit tests.
vi.setConfig({ testTimeout: 600_000 });

const MESSAGES = scaled(200, 24);
const USERS = scaled(20, 8);
const THROTTLE_RATE = 0.2;
const figures: Record<string, unknown> = {};
let totals = { messagesSent: 0, faultsInjected: 0, lost: 0, doubled: 0 };

function tally(area: string, sent: number, faults: number, lost: number, doubled: number) {
  figures[area] = { messagesSent: sent, faultsInjected: faults, lost, doubled };
  totals = {
    messagesSent: totals.messagesSent + sent,
    faultsInjected: totals.faultsInjected + faults,
    lost: totals.lost + lost,
    doubled: totals.doubled + doubled,
  };
}

afterAll(() => {
  recordFigures('dynamodbFaults', { ...totals, scenarios: figures });
});

describe.each(ddbBackends().filter((backend) => FULL || backend.name === 'dynalite'))(
  'DynamoDB throttling through a proxy ($name)',
  (backend) => {
    it(`answers each of ${MESSAGES} messages once while ${THROTTLE_RATE * 100}% of requests are throttled`, async () => {
      // Prepare
      const proxy = await startDdbFaultProxy({
        target: backend.endpoint,
        random: seededRandom(99),
        throttleRate: THROTTLE_RATE,
      });
      const graph = await startFakeGraphApi();
      const harness = await startHarness({
        ddbEndpoint: proxy.url,
        adminEndpoint: backend.endpoint,
        graphUrl: graph.url,
        // As deployed: the visibility timeout is six times the function timeout, so a redelivery always
        // finds an unfinished claim old enough to be an interrupted attempt, never one "in progress".
        visibilityTimeoutMs: 120,
        functionTimeoutMs: 20,
      });
      try {
        const conversation = buildConversation(MESSAGES, USERS, { run: 31 });

        // Act
        const acks = await runConcurrently(
          conversation.map((message) => () => harness.deliver(message.body)),
          8,
        );
        await harness.drain(240_000);
        const result = settle(conversation, await harness.items(), graph.sends());

        // Assess
        figures[`misrecorded_${backend.name}`] = result.misrecorded.length;
        tally(
          `throttling_${backend.name}`,
          MESSAGES,
          proxy.counts.throttled,
          result.lost.length,
          result.doubled.length,
        );
        expect(acks.every((ack) => ack.statusCode === 200)).toBe(true);
        expect(proxy.counts.throttled).toBeGreaterThan(0);
        expect(result.details).toEqual([]);
        expect(result.doubled).toEqual([]);
        expect(harness.queue.deadLetters).toHaveLength(0);
      } finally {
        await harness.stop();
        await graph.close();
        await proxy.close();
      }
    });
  },
);

describe('DynamoDB stopped and restarted mid-run (dynalite on disk)', () => {
  it(`answers each of ${MESSAGES} messages once across a restart of the database`, async () => {
    // Prepare: dynalite with a LevelDB path, so the data survives the restart; a proxy keeps the endpoint.
    const dir = mkdtempSync(join(tmpdir(), 'rel-dynalite-'));
    const start = async (): Promise<{ server: Server; endpoint: string }> => {
      const server = dynalite({ path: dir, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
      await new Promise<void>((done) => server.listen(0, '127.0.0.1', () => done()));
      const address = server.address();
      if (!address || typeof address === 'string') throw new Error('dynalite: no address');
      return { server, endpoint: `http://127.0.0.1:${address.port}` };
    };
    const stop = (server: Server) =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      });
    let db = await start();
    const proxy = await startDdbFaultProxy({ target: db.endpoint, random: seededRandom(5) });
    const graph = await startFakeGraphApi();
    const harness = await startHarness({
      ddbEndpoint: proxy.url,
      graphUrl: graph.url,
      // Production-like spacing of redeliveries relative to the outage (a few receives, not dozens), and
      // the deployed ratio of visibility timeout to function timeout (6:1).
      visibilityTimeoutMs: 300,
      functionTimeoutMs: 50,
    });
    try {
      const conversation = buildConversation(MESSAGES, USERS, { run: 32 });
      const half = Math.floor(MESSAGES / 2);

      // Act: the first half flows; the database goes down; the second half arrives during the outage.
      await runConcurrently(
        conversation.slice(0, half).map((message) => () => harness.deliver(message.body)),
        8,
      );
      await stop(db.server);
      const acks = await runConcurrently(
        conversation.slice(half).map((message) => () => harness.deliver(message.body)),
        8,
      );
      await new Promise((done) => setTimeout(done, 600));
      db = await start();
      proxy.setTarget(db.endpoint);
      await harness.drain(240_000);
      const result = settle(conversation, await harness.items(), graph.sends());

      // Assess
      figures.misrecorded_restart = result.misrecorded.length;
      tally('restart', MESSAGES, proxy.counts.refused, result.lost.length, result.doubled.length);
      expect(acks.every((ack) => ack.statusCode === 200)).toBe(true);
      expect(proxy.counts.refused).toBeGreaterThan(0);
      expect(result.details).toEqual([]);
      expect(result.doubled).toEqual([]);
      expect(harness.queue.deadLetters).toHaveLength(0);
    } finally {
      await harness.stop();
      await graph.close();
      await proxy.close();
      await stop(db.server);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('DynamoDB answers lost after the write was applied', () => {
  // Regression (found by this suite, fixed): a claim applied whose answer was lost made the SDK's retry fail
  // its condition on our own claim, and the message was consumed as a duplicate, unanswered. The claim now
  // carries the attempt's id, and a failed condition against our own id counts as claimed.
  it('answers every message once when 10% of claim answers are lost', async () => {
    // Prepare
    const backend = ddbBackends().find((candidate) => candidate.name === 'dynalite');
    if (!backend) throw new Error('dynalite is not running');
    const proxy = await startDdbFaultProxy({
      target: backend.endpoint,
      random: seededRandom(77),
      dropAnswerRate: 0.1,
    });
    proxy.faultOnly = /\.UpdateItem$/;
    const graph = await startFakeGraphApi();
    const harness = await startHarness({
      ddbEndpoint: proxy.url,
      adminEndpoint: backend.endpoint,
      graphUrl: graph.url,
      visibilityTimeoutMs: 100,
    });
    try {
      const conversation = buildConversation(MESSAGES, USERS, { run: 33 });

      // Act
      await runConcurrently(
        conversation.map((message) => () => harness.deliver(message.body)),
        8,
      );
      await harness.drain(240_000);
      const result = settle(conversation, await harness.items(), graph.sends());

      // Assess
      recordFigures('regression_claimAnswerLost', {
        messages: MESSAGES,
        droppedAnswers: proxy.counts.droppedAnswers,
        lostByDefect: result.lost.length,
        doubledByDefect: result.doubled.length,
      });
      expect(proxy.counts.droppedAnswers).toBeGreaterThan(0);
      expect(result.details).toEqual([]);
      expect(result.doubled).toEqual([]);
    } finally {
      await harness.stop();
      await graph.close();
      await proxy.close();
    }
  });
});

describe('The finish write fails after the reply went out (dynalite)', () => {
  // Regression (found by this suite, fixed): a finish write rejected after the reply went out handed the
  // message back to the queue, and the redelivery recorded `failed / interrupted_unknown_send_state` though
  // the user had one answer. logDecision now retries the idempotent write in place and never hands an
  // answered message back (a write that still fails is counted as DecisionWriteFailures).
  it('records the message as answered, with its one reply', async () => {
    // Prepare
    const backend = ddbBackends().find((candidate) => candidate.name === 'dynalite');
    if (!backend) throw new Error('dynalite is not running');
    const [message] = buildConversation(1, 1, { run: 34 });
    let failures = 1;
    const graph = await startFakeGraphApi();
    const harness = await startHarness({
      ddbEndpoint: backend.endpoint,
      graphUrl: graph.url,
      visibilityTimeoutMs: 120,
      functionTimeoutMs: 20,
      wrapDecisions: (log): DecisionLog => ({
        claim: (...args) => log.claim(...args),
        finish: async (record, expiresAt) => {
          if (record.wamid === message?.wamid && failures-- > 0) {
            throw Object.assign(new Error('Rate of requests exceeds the allowed throughput.'), {
              name: 'ThrottlingException',
            });
          }
          return log.finish(record, expiresAt);
        },
        recordDuplicate: (...args) => log.recordDuplicate(...args),
        applyStatus: (...args) => log.applyStatus(...args),
      }),
    });
    try {
      // Act
      await harness.deliver(message?.body ?? '');
      await harness.drain(30_000);
      const result = settle(message ? [message] : [], await harness.items(), graph.sends());

      // Assess
      recordFigures('regression_finishFailsAfterSend', {
        messages: 1,
        misrecorded: result.misrecorded.length,
        lost: result.lost.length,
        doubled: result.doubled.length,
      });
      expect(result.doubled).toEqual([]);
      expect(result.lost).toEqual([]);
      expect(result.misrecorded).toEqual([]);
    } finally {
      await harness.stop();
      await graph.close();
    }
  });
});
