// The real responder chain (createResponderHandler) with the production adapters: DynamoDB decision log and
// conversation store on dynalite and DynamoDB Local, and the Graph API sender against the fake Graph API on
// 127.0.0.1. Every decision is read back from the table and checked field by field.
import { readFileSync } from 'node:fs';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Context, SQSRecord } from 'aws-lambda';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DynamoDbConversationStore } from '../../lambda/adapters/dynamodb-conversation-store.ts';
import { DynamoDbDecisionLog } from '../../lambda/adapters/dynamodb-decision-log.ts';
import { DynamoDbDecisionQuery } from '../../lambda/adapters/dynamodb-decision-query.ts';
import { decisionKey, shardOf, stateKey } from '../../lambda/adapters/dynamodb-table.ts';
import {
  GraphApiWhatsAppSender,
  toGraphMessageBody,
} from '../../lambda/adapters/graph-api-whatsapp-sender.ts';
import type { DecisionRecord, DecisionRef, ReplyKind } from '../../lambda/core/decision.ts';
import { decisionIdOf } from '../../lambda/core/decision-record.ts';
import { encodeDecisionRef } from '../../lambda/core/decision-ref.ts';
import type { InboundMessage, UserIdentity } from '../../lambda/core/inbound.ts';
import { trainClassifier } from '../../lambda/core/intent/classifier.ts';
import { parsePolicyPack } from '../../lambda/core/policy/policy-pack.ts';
import type { IntentClassifier, SecretSource } from '../../lambda/core/ports.ts';
import { toTrainingSet } from '../../lambda/core/profile/parse-profile.ts';
import { composeReply } from '../../lambda/core/reply/compose-reply.ts';
import { hashUserKey } from '../../lambda/core/user-hash.ts';
import { SERVICE_WINDOW_MS } from '../../lambda/core/window.ts';
import { createResponderHandler, type ResponderOptions } from '../../lambda/responder.handler.ts';
import { nextAttemptId } from '../support/attempt-ids.ts';
import { ddbBackends, freshTable, type TestTable } from '../support/dynamodb.ts';
import {
  type FakeGraphApi,
  META_ERRORS,
  type ScriptedResponse,
  startFakeGraphApi,
} from '../support/fake-graph-api.ts';
import { FixedClock } from '../support/in-memory-ports.ts';
import { NOW, PHONE_NUMBER_ID, statusUpdate, textMessage } from '../support/inbound-messages.ts';
import { exampleProfile, POLICY_PACK_PATH } from '../support/profiles.ts';
import { RecordingLogger, RecordingMetrics } from '../support/recording-observability.ts';
import { sqsEventOf, sqsRecordOf } from '../support/sqs-events.ts';

const SALT = 'chain-salt';
const TOKEN = 'EAAG-chain-token';
const CONTEXT = { functionName: 'responder', awsRequestId: 'req-chain' } as Context;
const PROFILE = exampleProfile();
const PACK = parsePolicyPack(readFileSync(POLICY_PACK_PATH, 'utf8'));
const OPTIONS: ResponderOptions = {
  policyExemptions: [],
  trackDelivery: false,
  handoffMinutes: 60,
  retentionDays: 90,
  maxReceiveCount: 3,
  functionTimeoutMs: 30_000,
};
const WRITES = new Set([
  'claim',
  'finish',
  'recordDuplicate',
  'applyStatus',
  'setOptOut',
  'setHandoff',
]);

const secrets: SecretSource = {
  get: async () => ({
    appSecret: 'app',
    accessToken: TOKEN,
    verifyToken: 'verify',
    userHashSalt: SALT,
  }),
};

// Trained once: the real classifier on the repo's example profile (Kopi Lereng, en/id/es/pt).
let classifier: IntentClassifier;
beforeAll(() => {
  classifier = trainClassifier(toTrainingSet(PROFILE));
});

let users = 0;
/** A chat of its own per test, so tests share one table without seeing each other's state. */
function nextUser(): UserIdentity {
  users += 1;
  const waId = `62812${String(users).padStart(8, '0')}`;
  return { key: waId, waId };
}

describe.each(ddbBackends())('responder chain on $name', (backend) => {
  let table: TestTable;
  let graph: FakeGraphApi;
  let capacity: { operation: string; units: number }[];

  beforeAll(async () => {
    [table, graph] = await Promise.all([
      freshTable(backend, 'chain'),
      startFakeGraphApi({ accessToken: TOKEN }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([table?.drop(), graph?.close()]);
  });
  beforeEach(() => {
    graph.reset();
    capacity = [];
  });

  function harness(options: Partial<ResponderOptions> = {}) {
    const clock = new FixedClock(NOW);
    const onCapacity = (operation: string, units: number) => capacity.push({ operation, units });
    const decisions = new DynamoDbDecisionLog({
      client: table.doc,
      tableName: table.name,
      onCapacity,
    });
    const query = new DynamoDbDecisionQuery({ client: table.doc, tableName: table.name });
    const conversations = new DynamoDbConversationStore({
      client: table.doc,
      tableName: table.name,
      onCapacity,
    });
    const sender = new GraphApiWhatsAppSender({
      baseUrl: graph.url,
      version: 'v23.0',
      secrets,
      timeoutMs: 300,
      // Backoff without waiting: the schedule itself is covered by the sender's own tests.
      sleep: async () => {},
      random: () => 0.5,
    });
    const logger = new RecordingLogger();
    const metrics = new RecordingMetrics();
    const handler = createResponderHandler({
      secrets,
      decisions,
      conversations,
      sender,
      classifier,
      profile: PROFILE,
      policy: PACK,
      clock,
      options: { ...OPTIONS, ...options },
      metrics,
      logger,
    });
    const run = (...records: SQSRecord[]) => handler({ Records: records }, CONTEXT);
    const send = (...messages: InboundMessage[]) => handler(sqsEventOf(...messages), CONTEXT);
    const refOf = (message: InboundMessage): DecisionRef => ({
      userHash: hashUserKey(SALT, message.user.key),
      timestamp: message.timestamp,
      wamid: message.wamid,
    });
    /** The decision as the adapter reads it back from the table. */
    const recordOf = async (message: InboundMessage): Promise<DecisionRecord | undefined> => {
      const ref = refOf(message);
      const records = await query.byUser(ref.userHash, { since: ref.timestamp * 1000 });
      return records.find((record) => record.wamid === message.wamid);
    };
    const itemOf = async (key: { pk: string; sk: string }) =>
      (
        await table.doc.send(
          new GetCommand({ TableName: table.name, Key: key, ConsistentRead: true }),
        )
      ).Item;
    return { clock, decisions, query, logger, metrics, run, send, refOf, recordOf, itemOf };
  }

  /** What the chain records for a message the classifier saw, before the outcome-specific fields. */
  function expectedRecord(
    h: ReturnType<typeof harness>,
    message: InboundMessage,
    fields: Partial<DecisionRecord> & Pick<DecisionRecord, 'outcome' | 'reason' | 'replyKind'>,
  ): DecisionRecord {
    const ref = h.refOf(message);
    const body = message.content.type === 'text' ? message.content.body : '';
    const prediction = classifier.classify(body);
    return {
      ...ref,
      decisionId: decisionIdOf(ref),
      transport: 'cloud_api',
      businessPhoneNumberId: PHONE_NUMBER_ID,
      inputType: 'text',
      receivedAt: new Date(message.receivedAt).toISOString(),
      decidedAt: new Date(h.clock.now()).toISOString(),
      policyRuleId: 'ai-providers-existing',
      policyVersion: '1',
      posture: 'scoped_only',
      jurisdiction: '62',
      policyInstant: new Date(message.timestamp * 1000).toISOString(),
      intent: prediction.intent,
      confidence: prediction.confidence,
      margin: prediction.margin,
      classifierVersion: prediction.classifierVersion,
      language: prediction.language,
      text: body,
      attempts: 1,
      ...fields,
    };
  }

  /** The Graph body the chain should have sent for a reply of this kind. */
  function expectedSend(
    h: ReturnType<typeof harness>,
    message: InboundMessage,
    kind: Exclude<ReplyKind, 'none'>,
    language: string,
    intent?: string,
  ) {
    return toGraphMessageBody({
      businessPhoneNumberId: PHONE_NUMBER_ID,
      to: { waId: message.user.waId ?? '' },
      ...(kind === 'template' ? {} : { replyTo: message.wamid }),
      body: composeReply(PROFILE, { kind, language, ...(intent === undefined ? {} : { intent }) }),
      callbackData: encodeDecisionRef(h.refOf(message)),
    });
  }

  const writeUnits = () =>
    capacity
      .filter(({ operation }) => WRITES.has(operation))
      .reduce((sum, { units }) => sum + units, 0);

  describe('answered', () => {
    it('answers in scope, marks read, and records the decision field by field', async (context) => {
      // Prepare
      const h = harness();
      const message = textMessage('minta no resi dong kak', { user: nextUser() });

      // Act
      const result = await h.send(message);

      // Assess: the wire
      expect(result).toEqual({ batchItemFailures: [] });
      expect(graph.markReads().map((request) => request.body)).toEqual([
        {
          messaging_product: 'whatsapp',
          status: 'read',
          message_id: message.wamid,
          typing_indicator: { type: 'text' },
        },
      ]);
      const [sent] = graph.sends();
      expect(sent?.body).toEqual({
        messaging_product: 'whatsapp',
        recipient_type: 'individual',
        to: `+${message.user.waId}`,
        context: { message_id: message.wamid },
        type: 'text',
        text: {
          preview_url: false,
          body: PROFILE.intents.find((intent) => intent.id === 'order_tracking')?.answer.id,
        },
        biz_opaque_callback_data: encodeDecisionRef(h.refOf(message)),
      });
      expect(sent?.headers.authorization).toBe(`Bearer ${TOKEN}`);

      // Assess: the record, read back through the adapter
      expect(await h.recordOf(message)).toEqual(
        expectedRecord(h, message, {
          outcome: 'answered',
          reason: 'in_scope',
          replyKind: 'answer',
          sentAt: new Date(NOW).toISOString(),
          replyMessageId: sent?.messageId,
          latencyMs: NOW - message.receivedAt,
        }),
      );

      // Assess: the item itself, and the index entry
      const ref = h.refOf(message);
      const item = await h.itemOf(decisionKey(ref));
      expect(item).toMatchObject({
        state: 'finished',
        claimedAt: NOW,
        attempts: 1,
        expiresAt: Math.floor(NOW / 1000) + 90 * 86_400,
        gsi1pk: `D#2026-03-02#answered#${shardOf(message.wamid)}`,
        gsi1sk: `${new Date(NOW).toISOString()}#${message.wamid}`,
      });
      const today = await h.query.byDay('2026-03-02', 'answered', { limit: 1_000 });
      expect(today.map((record) => record.wamid)).toContain(message.wamid);

      // Assess: write units (claim + finish incl. the index entry)
      const units = writeUnits();
      context.annotate(
        `${backend.name}: answered message ${JSON.stringify(capacity)} writes=${units}`,
      );
      if (backend.name === 'local') expect(units).toBe(3);
    });
  });

  describe('refused', () => {
    it('refuses out of scope with the menu and the way to a human', async (context) => {
      const h = harness();
      const message = textMessage('write me a poem about coffee', { user: nextUser() });

      await h.send(message);

      const [sent] = graph.sends();
      expect(sent?.body).toEqual(expectedSend(h, message, 'refusal', 'en'));
      expect(sent?.body).toMatchObject({ type: 'interactive', interactive: { type: 'list' } });
      expect(await h.recordOf(message)).toEqual(
        expectedRecord(h, message, {
          outcome: 'refused_out_of_scope',
          // A poem is a request for writing: the table records that a rule refused it, not the score.
          reason: 'assistant_task',
          replyKind: 'refusal',
          sentAt: new Date(NOW).toISOString(),
          replyMessageId: sent?.messageId,
          latencyMs: NOW - message.receivedAt,
        }),
      );
      context.annotate(
        `${backend.name}: refused ${JSON.stringify(capacity)} writes=${writeUnits()}`,
      );
      if (backend.name === 'local') expect(writeUnits()).toBe(3);
    });
  });

  describe('opted out', () => {
    it('opts out on STOP, confirms once, then stays silent, with the state in the table', async (context) => {
      // Prepare
      const h = harness();
      const user = nextUser();
      const stop = textMessage('STOP', { user });

      // Act
      await h.send(stop);
      const stopWrites = writeUnits();
      const question = textMessage('minta no resi dong kak', {
        user,
        timestamp: stop.timestamp + 1,
      });
      await h.send(question);

      // Assess
      expect(graph.sends().map((request) => request.body)).toEqual([
        expectedSend(h, stop, 'opt_out_confirmation', 'en'),
      ]);
      expect(await h.recordOf(stop)).toMatchObject({
        outcome: 'opted_out',
        reason: 'opt_out_keyword',
        replyKind: 'opt_out_confirmation',
        replyMessageId: graph.sends()[0]?.messageId,
      });
      const silenced = await h.recordOf(question);
      expect(silenced).toMatchObject({
        outcome: 'opted_out',
        reason: 'opted_out',
        replyKind: 'none',
      });
      expect(silenced).not.toHaveProperty('replyMessageId');
      expect(silenced).not.toHaveProperty('sentAt');
      expect(await h.itemOf(stateKey(h.refOf(stop).userHash))).toMatchObject({
        optedOut: true,
        optOutChangedAt: NOW,
      });
      context.annotate(
        `${backend.name}: opt-out message writes=${stopWrites}, silenced message writes=${writeUnits() - stopWrites}`,
      );
    });
  });

  describe('handoff', () => {
    it('hands the chat to a person, then records handoff_active without replying', async (context) => {
      const h = harness({ handoffMinutes: 30 });
      const user = nextUser();
      const ask = textMessage('human please', { user });

      await h.send(ask);
      const askWrites = writeUnits();
      h.clock.advance(60_000);
      const during = textMessage('where are my beans?', {
        user,
        timestamp: Math.floor(h.clock.now() / 1000),
      });
      await h.send(during);

      expect(graph.sends().map((request) => request.body)).toEqual([
        expectedSend(h, ask, 'handoff', 'en', 'talk_to_human'),
      ]);
      expect(await h.recordOf(ask)).toMatchObject({
        outcome: 'answered',
        reason: 'handoff_requested',
        intent: 'talk_to_human',
        replyKind: 'handoff',
      });
      expect(await h.recordOf(during)).toMatchObject({
        outcome: 'handoff_active',
        reason: 'handoff_by_user',
        replyKind: 'none',
      });
      expect(await h.itemOf(stateKey(h.refOf(ask).userHash))).toMatchObject({
        handoffUntil: NOW + 30 * 60_000,
        handoffBy: 'user',
      });
      context.annotate(
        `${backend.name}: handoff request writes=${askWrites}, silent message writes=${writeUnits() - askWrites}`,
      );
    });
  });

  describe('window closed', () => {
    it('sends nothing free-form more than 24 h after the message', async () => {
      const h = harness();
      const message = textMessage('where are my beans?', { user: nextUser() });
      h.clock.set(message.timestamp * 1000 + SERVICE_WINDOW_MS + 1_000);

      await h.send(message);

      expect(graph.requests).toEqual([]);
      expect(await h.recordOf(message)).toEqual(
        expectedRecord(h, message, {
          outcome: 'window_closed',
          reason: expect.any(String),
          replyKind: 'none',
        }),
      );
    });
  });

  describe('duplicates', () => {
    it('does not answer a redelivery of an answered message again', async () => {
      // Prepare
      const h = harness();
      const message = textMessage('minta no resi dong kak', { user: nextUser() });
      const record = sqsRecordOf(message, { messageId: 'sqs-1' });
      await h.run(record);
      const first = await h.recordOf(message);
      capacity.length = 0;

      // Act
      const again = await h.run({ ...record, attributes: { ...record.attributes } });

      // Assess
      expect(again).toEqual({ batchItemFailures: [] });
      expect(graph.sends()).toHaveLength(1);
      expect(await h.recordOf(message)).toEqual(first);
      const item = await h.itemOf(decisionKey(h.refOf(message)));
      expect(item).toMatchObject({ state: 'finished', duplicates: 1, lastDuplicateAt: NOW });
      expect(capacity.map(({ operation }) => operation).filter((op) => WRITES.has(op))).toEqual(
        expect.arrayContaining(['recordDuplicate']),
      );
      expect(h.metrics.named('Decisions').map((metric) => metric.dimensions.outcome)).toEqual([
        'answered',
        'duplicate',
      ]);
    });

    it('answers exactly once when the same message is processed five times at once', async () => {
      const h = harness();
      const message = textMessage('minta no resi dong kak', { user: nextUser() });
      const record = sqsRecordOf(message, { messageId: 'sqs-c' });

      const results = await Promise.all(Array.from({ length: 5 }, () => h.run(record)));

      expect(results).toEqual(Array.from({ length: 5 }, () => ({ batchItemFailures: [] })));
      expect(graph.sends()).toHaveLength(1);
      expect(await h.recordOf(message)).toMatchObject({
        outcome: 'answered',
        replyMessageId: graph.sends()[0]?.messageId,
        attempts: 1,
      });
      expect(await h.itemOf(decisionKey(h.refOf(message)))).toMatchObject({ duplicates: 4 });
    });
  });

  describe('interrupted attempts', () => {
    it.each([
      ['within the function timeout: a duplicate, maybe still running', 30_000, 'duplicate'],
      ['past the function timeout: failed, send state unknown', 30_001, 'failed'],
    ])('never sends for an unfinished claim %s', async (_name, age, outcome) => {
      // Prepare: an earlier attempt claimed the message and then vanished (a crash, a timeout).
      const h = harness();
      const message = textMessage('minta no resi dong kak', { user: nextUser() });
      const ref = h.refOf(message);
      await h.decisions.claim(ref, NOW - age, Math.floor(NOW / 1000) + 86_400, nextAttemptId());

      // Act
      const result = await h.run(sqsRecordOf(message, { messageId: 'sqs-i', receiveCount: 2 }));

      // Assess
      expect(result).toEqual({ batchItemFailures: [] });
      expect(graph.requests).toEqual([]);
      const item = await h.itemOf(decisionKey(ref));
      if (outcome === 'duplicate') {
        expect(item).toMatchObject({ state: 'claimed', claimedAt: NOW - age, duplicates: 1 });
        expect(await h.recordOf(message)).toBeUndefined();
      } else {
        expect(await h.recordOf(message)).toMatchObject({
          outcome: 'failed',
          reason: 'interrupted_unknown_send_state',
          replyKind: 'none',
        });
        expect(item?.state).toBe('finished');
      }
    });
  });

  describe('Graph API errors', () => {
    const retryable: [string, ScriptedResponse, string][] = [
      ['throughput limit 130429', META_ERRORS.rateLimit, 'graph_130429'],
      ['pair rate limit 131056', META_ERRORS.pairRateLimit, 'graph_131056'],
      ['unknown error 131000', META_ERRORS.unknown, 'graph_131000'],
      ['a 502 without an envelope', META_ERRORS.badGateway, 'graph_http'],
    ];

    it.each(retryable)(
      'gives %s back to the queue as retryable, then answers on the redelivery',
      async (_name, failure, reason) => {
        // Prepare: every one of the sender's three attempts fails.
        const h = harness();
        const message = textMessage('minta no resi dong kak', { user: nextUser() });
        graph.enqueue(...[1, 2, 3].map(() => ({ for: 'send' as const, response: failure })));

        // Act
        const first = await h.run(sqsRecordOf(message, { messageId: 'sqs-r' }));

        // Assess
        expect(first).toEqual({ batchItemFailures: [{ itemIdentifier: 'sqs-r' }] });
        expect(graph.sends()).toHaveLength(3);
        expect(await h.recordOf(message)).toEqual(
          expectedRecord(h, message, {
            outcome: 'failed',
            reason,
            replyKind: 'none',
            retryable: true,
          }),
        );
        expect((await h.itemOf(decisionKey(h.refOf(message))))?.state).toBe('retryable');

        // Act: SQS delivers it again after the visibility timeout.
        h.clock.advance(60_000);
        const retry = await h.run(sqsRecordOf(message, { messageId: 'sqs-r', receiveCount: 2 }));

        // Assess
        expect(retry).toEqual({ batchItemFailures: [] });
        expect(graph.sends().map((request) => request.outcome)).toEqual([
          expect.stringMatching(/^(error|hang|reset)$/),
          expect.stringMatching(/^(error|hang|reset)$/),
          expect.stringMatching(/^(error|hang|reset)$/),
          'ok',
        ]);
        const answered = await h.recordOf(message);
        expect(answered).toMatchObject({ outcome: 'answered', attempts: 2 });
        expect(answered).not.toHaveProperty('retryable');
        expect(answered?.replyMessageId).toBe(graph.sends()[3]?.messageId);
      },
    );

    it.each([
      ['a timeout', { kind: 'hang' }, 'graph_timeout'],
      ['a connection reset', { kind: 'reset' }, 'graph_interrupted'],
    ] as [string, ScriptedResponse, string][])(
      'consumes %s as failed without a retry: Meta may have delivered it',
      async (_name, failure, reason) => {
        const h = harness();
        const message = textMessage('minta no resi dong kak', { user: nextUser() });
        graph.enqueue({ for: 'send', response: failure });

        const first = await h.run(sqsRecordOf(message, { messageId: 'sqs-u' }));

        // At most once: one request, the record says why, and a redelivery sends nothing.
        expect(first).toEqual({ batchItemFailures: [] });
        expect(graph.sends()).toHaveLength(1);
        expect(await h.recordOf(message)).toEqual(
          expectedRecord(h, message, {
            outcome: 'failed',
            reason,
            replyKind: 'none',
            retryable: false,
          }),
        );
        h.clock.advance(60_000);
        await h.run(sqsRecordOf(message, { messageId: 'sqs-u', receiveCount: 2 }));
        expect(graph.sends()).toHaveLength(1);
      },
    );

    it('recovers within the same delivery when a retry succeeds', async () => {
      const h = harness();
      const message = textMessage('minta no resi dong kak', { user: nextUser() });
      graph.enqueue({ for: 'send', response: META_ERRORS.rateLimit });

      const result = await h.send(message);

      expect(result).toEqual({ batchItemFailures: [] });
      expect(graph.sends().map((request) => request.outcome)).toEqual(['error', 'ok']);
      expect(await h.recordOf(message)).toMatchObject({
        outcome: 'answered',
        attempts: 1,
        replyMessageId: graph.sends()[1]?.messageId,
      });
    });

    it.each([
      ['re-engagement 131047', META_ERRORS.reEngagement, 131047],
      ['undeliverable 131026', META_ERRORS.undeliverable, 131026],
      ['expired token 190', META_ERRORS.tokenExpired, 190],
      ['blocked account 368', META_ERRORS.blocked, 368],
    ] as const)('consumes %s as failed after one request', async (_name, failure, code) => {
      const h = harness();
      const message = textMessage('minta no resi dong kak', { user: nextUser() });
      graph.enqueue({ for: 'send', response: failure });

      const result = await h.run(sqsRecordOf(message, { messageId: 'sqs-n' }));

      expect(result).toEqual({ batchItemFailures: [] });
      expect(graph.sends()).toHaveLength(1);
      expect(await h.recordOf(message)).toEqual(
        expectedRecord(h, message, {
          outcome: 'failed',
          reason: `graph_${code}`,
          replyKind: 'none',
          retryable: false,
        }),
      );
      expect((await h.itemOf(decisionKey(h.refOf(message))))?.state).toBe('finished');
      expect(h.metrics.named('GraphApiErrors').map((point) => point.dimensions)).toEqual([
        {},
        { code: String(code) },
      ]);

      // A redelivery (Meta or SQS) must not try again.
      await h.run(sqsRecordOf(message, { messageId: 'sqs-n', receiveCount: 2 }));
      expect(graph.sends()).toHaveLength(1);
    });

    it('dead-letters a retryable failure on the last delivery', async () => {
      const h = harness();
      const message = textMessage('minta no resi dong kak', { user: nextUser() });
      graph.enqueue(
        ...[1, 2, 3].map(() => ({ for: 'send' as const, response: META_ERRORS.rateLimit })),
      );

      const result = await h.run(sqsRecordOf(message, { messageId: 'sqs-d', receiveCount: 3 }));

      expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: 'sqs-d' }] });
      expect(await h.recordOf(message)).toMatchObject({
        outcome: 'failed',
        retryable: true,
        deadLettered: true,
      });
    });
  });

  describe('status updates', () => {
    it('applies a delivery failure to the decision it was sent for', async () => {
      // Prepare
      const h = harness();
      const message = textMessage('minta no resi dong kak', { user: nextUser() });
      await h.send(message);
      const [sent] = graph.sends();
      const callbackData = String(sent?.body?.biz_opaque_callback_data);
      const status = (overrides: Parameters<typeof statusUpdate>[0]) =>
        statusUpdate({
          messageId: sent?.messageId ?? '',
          recipientKey: message.user.key,
          ...overrides,
        });

      // Act: delivered is not tracked (trackDelivery false); failed always is.
      await h.run(sqsRecordOf(status({ status: 'delivered', callbackData })));
      const afterDelivered = await h.recordOf(message);
      await h.run(
        sqsRecordOf(status({ status: 'failed', callbackData, errors: [{ code: 131026 }] })),
      );

      // Assess
      expect(afterDelivered).not.toHaveProperty('deliveryStatus');
      const record = await h.recordOf(message);
      expect(record).toEqual({
        ...afterDelivered,
        deliveryStatus: 'failed',
        deliveryErrorCode: 131026,
      });
      expect(await h.itemOf(decisionKey(h.refOf(message)))).toMatchObject({
        statusRank: 9,
        statusAt: statusUpdate().timestamp * 1000,
      });
    });

    it('moves tracked statuses forward only', async () => {
      const h = harness({ trackDelivery: true });
      const message = textMessage('minta no resi dong kak', { user: nextUser() });
      await h.send(message);
      const callbackData = encodeDecisionRef(h.refOf(message));

      for (const status of ['delivered', 'read', 'delivered', 'sent'] as const) {
        await h.run(sqsRecordOf(statusUpdate({ status, callbackData })));
      }

      expect((await h.recordOf(message))?.deliveryStatus).toBe('read');
    });

    it('logs a status whose decision is not in the table', async () => {
      const h = harness();
      const ghost = textMessage('x', { user: nextUser() });

      await h.run(
        sqsRecordOf(
          statusUpdate({
            status: 'failed',
            callbackData: encodeDecisionRef(h.refOf(ghost)),
            errors: [{ code: 131026 }],
          }),
        ),
      );

      expect(h.logger.lines.map((line) => line.message)).toContain('status without a decision');
      expect(await h.itemOf(decisionKey(h.refOf(ghost)))).toBeUndefined();
    });
  });
});
