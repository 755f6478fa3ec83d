import { readFileSync } from 'node:fs';
import type { Context, SQSEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { encodeDecisionRef } from '../../lambda/core/decision-ref.ts';
import type { InboundMessage } from '../../lambda/core/inbound.ts';
import { trainClassifier } from '../../lambda/core/intent/classifier.ts';
import { type PolicyPack, parsePolicyPack } from '../../lambda/core/policy/policy-pack.ts';
import type { GeneralAnswerer, IntentClassifier } from '../../lambda/core/ports.ts';
import { toTrainingSet } from '../../lambda/core/profile/parse-profile.ts';
import type { Profile } from '../../lambda/core/profile/profile-schema.ts';
import { hashUserKey } from '../../lambda/core/user-hash.ts';
import { SERVICE_WINDOW_MS } from '../../lambda/core/window.ts';
import { createResponderHandler, type ResponderOptions } from '../../lambda/responder.handler.ts';
import {
  FixedClock,
  graphError,
  InMemoryConversationStore,
  InMemoryDecisionLog,
  RecordingWhatsAppSender,
  StaticSecrets,
} from '../support/in-memory-ports.ts';
import {
  inboundMessage,
  NOW,
  PHONE_NUMBER_ID,
  statusUpdate,
  textMessage,
} from '../support/inbound-messages.ts';
import { exampleProfile, POLICY_PACK_PATH, tinyProfile } from '../support/profiles.ts';
import { RecordingLogger, RecordingMetrics } from '../support/recording-observability.ts';
import { type Script, scriptedClassifier } from '../support/scripted-classifier.ts';
import { sqsEventOf, sqsRecordOf } from '../support/sqs-events.ts';

const PACK = parsePolicyPack(readFileSync(POLICY_PACK_PATH, 'utf8'));
const SALT = 'test-salt';
const INDONESIAN = { key: '6281234567890', waId: '6281234567890' };
const ITALIAN = { key: '393471234567', waId: '393471234567' };
const USER_HASH = hashUserKey(SALT, INDONESIAN.key);
const CONTEXT = { functionName: 'responder', awsRequestId: 'req-1' } as Context;

const SCRIPT: Script = {
  'book a repair': { intent: 'repair_booking', confidence: 0.92 },
  'mau servis': { intent: 'repair_booking', confidence: 0.88, language: 'id' },
  'when are you open': { intent: 'opening_hours', confidence: 0.49 },
  'human please': { intent: 'talk_to_human', confidence: 0.95 },
  'write me a poem': { intent: null, confidence: 0.05 },
  'what is the weather': { intent: 'weather', confidence: 0.97 },
  'break the model': 'throw',
  // Too short to tell its language: the classifier names the profile default and says so.
  ok: { intent: null, confidence: 0, language: 'en', languageDetected: false },
};

interface HarnessOptions {
  readonly profile?: Profile | null;
  readonly policy?: PolicyPack | null;
  readonly classifier?: IntentClassifier;
  readonly generalAnswerer?: GeneralAnswerer;
  readonly options?: Partial<ResponderOptions>;
}

function harness(setup: HarnessOptions = {}) {
  const clock = new FixedClock(NOW);
  const decisions = new InMemoryDecisionLog();
  const conversations = new InMemoryConversationStore(decisions);
  const sender = new RecordingWhatsAppSender();
  const metrics = new RecordingMetrics();
  const logger = new RecordingLogger();
  const handler = createResponderHandler({
    secrets: new StaticSecrets({ userHashSalt: SALT }),
    decisions,
    conversations,
    sender,
    classifier: setup.classifier ?? scriptedClassifier(SCRIPT),
    profile: setup.profile === undefined ? tinyProfile() : setup.profile,
    policy: setup.policy === undefined ? PACK : setup.policy,
    clock,
    ...(setup.generalAnswerer ? { generalAnswerer: setup.generalAnswerer } : {}),
    options: {
      policyExemptions: [],
      trackDelivery: false,
      handoffMinutes: 60,
      retentionDays: 90,
      maxReceiveCount: 3,
      functionTimeoutMs: 30_000,
      ...setup.options,
    },
    metrics,
    logger,
  });
  const run = (event: SQSEvent) => handler(event, CONTEXT);
  const handlerWith = (context: Context) => (event: SQSEvent) => handler(event, context);
  const send = (...messages: InboundMessage[]) => run(sqsEventOf(...messages));
  const recordOf = (message: InboundMessage, salt = SALT) =>
    decisions.recordOf({
      userHash: hashUserKey(salt, message.user.key),
      timestamp: message.timestamp,
      wamid: message.wamid,
    });
  return {
    clock,
    decisions,
    conversations,
    sender,
    metrics,
    logger,
    run,
    handlerWith,
    send,
    recordOf,
  };
}

describe('createResponderHandler', () => {
  describe('time left in the invocation', () => {
    it('returns records to the queue unclaimed when too little time is left to send safely', async () => {
      // Prepare
      const h = harness();
      const first = textMessage('book a repair');
      const second = textMessage('book a repair', { wamid: 'wamid.SECOND' });
      const shortOfTime = { ...CONTEXT, getRemainingTimeInMillis: () => 5_000 } as Context;
      const event = sqsEventOf(first, second);
      // Act
      const handler = h.handlerWith(shortOfTime);
      const result = await handler(event);
      // Assess: nothing decided or sent, both back on the queue for a fresh attempt.
      expect(result.batchItemFailures).toHaveLength(2);
      expect(h.sender.sent).toEqual([]);
      expect(h.recordOf(first)).toBeUndefined();
      expect(h.recordOf(second)).toBeUndefined();
    });

    it('records a message out of time on its last delivery before the queue dead-letters it', async () => {
      // Prepare: the queue's last delivery (maxReceiveCount 3), with 4 s left in the invocation.
      const h = harness({ options: { maxReceiveCount: 3 } });
      const message = textMessage('book a repair');
      const shortOfTime = { ...CONTEXT, getRemainingTimeInMillis: () => 4_000 } as Context;
      const record = sqsRecordOf(message, { messageId: 'r-last', receiveCount: 3 });
      // Act
      const result = await h.handlerWith(shortOfTime)({ Records: [record] });
      // Assess: back to the queue (so on to the DLQ), nothing sent, and the decision says why.
      expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'r-last' }]);
      expect(h.sender.sent).toEqual([]);
      expect(h.sender.reads).toEqual([]);
      expect(h.recordOf(message)).toMatchObject({
        outcome: 'failed',
        reason: 'deferred',
        retryable: true,
        deadLettered: true,
        replyKind: 'none',
      });
      expect(h.metrics.named('Decisions')[0]?.dimensions.outcome).toBe('failed');

      // A redrive from the DLQ starts the count again: it reclaims the retryable record and answers.
      const redriven = sqsRecordOf(message, { messageId: 'r-redrive', receiveCount: 1 });
      const retry = await h.run({ Records: [redriven] });
      expect(retry.batchItemFailures).toEqual([]);
      expect(h.sender.sent).toHaveLength(1);
      expect(h.recordOf(message)).toMatchObject({ outcome: 'answered', attempts: 2 });
      expect(h.recordOf(message)).not.toHaveProperty('deadLettered');
    });

    it('records a duplicate out of time on its last delivery as the duplicate it is', async () => {
      const h = harness({ options: { maxReceiveCount: 3 } });
      const message = textMessage('book a repair');
      await h.send(message);
      const shortOfTime = { ...CONTEXT, getRemainingTimeInMillis: () => 4_000 } as Context;
      const again = sqsRecordOf(message, { messageId: 'r-dup', receiveCount: 3 });
      const result = await h.handlerWith(shortOfTime)({ Records: [again] });
      // Already decided and answered: nothing is due, so nothing goes to the DLQ.
      expect(result.batchItemFailures).toEqual([]);
      expect(h.sender.sent).toHaveLength(1);
      expect(h.recordOf(message)).toMatchObject({ outcome: 'answered' });
    });

    it('processes records normally when enough time is left', async () => {
      const h = harness();
      const message = textMessage('book a repair');
      const roomy = { ...CONTEXT, getRemainingTimeInMillis: () => 55_000 } as Context;
      const result = await h.handlerWith(roomy)(sqsEventOf(message));
      expect(result.batchItemFailures).toEqual([]);
      expect(h.sender.sent).toHaveLength(1);
    });
  });

  describe('answered', () => {
    it('answers an in-scope message and records the decision field by field', async () => {
      // Prepare
      const body = 'book a repair call 0812-555 or a@b.co';
      const scripted = harness({
        classifier: scriptedClassifier({ [body]: { intent: 'repair_booking', confidence: 0.92 } }),
      });
      const message = textMessage(body);
      // Act
      const result = await scripted.send(message);
      // Assess
      expect(result).toEqual({ batchItemFailures: [] });
      const ref = { userHash: USER_HASH, timestamp: message.timestamp, wamid: message.wamid };
      expect(scripted.sender.reads).toEqual([
        { businessPhoneNumberId: PHONE_NUMBER_ID, wamid: message.wamid },
      ]);
      expect(scripted.sender.sent).toEqual([
        {
          businessPhoneNumberId: PHONE_NUMBER_ID,
          to: { waId: INDONESIAN.waId },
          replyTo: message.wamid,
          body: { type: 'text', text: 'REPAIR-EN' },
          callbackData: encodeDecisionRef(ref),
        },
      ]);
      const record = scripted.recordOf(message);
      expect(record).toEqual({
        ...ref,
        decisionId: expect.stringMatching(/^[0-9a-f]{32}$/),
        transport: 'cloud_api',
        businessPhoneNumberId: PHONE_NUMBER_ID,
        inputType: 'text',
        receivedAt: new Date(message.receivedAt).toISOString(),
        decidedAt: new Date(NOW).toISOString(),
        sentAt: new Date(NOW).toISOString(),
        policyRuleId: 'ai-providers-existing',
        policyVersion: '1',
        posture: 'scoped_only',
        jurisdiction: '62',
        policyInstant: new Date(message.timestamp * 1000).toISOString(),
        intent: 'repair_booking',
        confidence: 0.92,
        margin: 0.46,
        classifierVersion: 'scripted-1',
        language: 'en',
        outcome: 'answered',
        reason: 'in_scope',
        replyKind: 'answer',
        replyMessageId: 'wamid.out.1',
        text: 'book a repair call ####-### or [email]',
        attempts: 1,
        latencyMs: NOW - message.receivedAt,
      });
    });

    it('addresses a BSUID-only user by user id and finds the country from the BSUID', async () => {
      const h = harness();
      const message = textMessage('book a repair', { user: { key: 'BR.4711', userId: 'BR.4711' } });
      await h.send(message);
      expect(h.sender.sent[0]?.to).toEqual({ userId: 'BR.4711' });
      expect(h.recordOf(message)).toMatchObject({ outcome: 'answered', jurisdiction: '55' });
    });

    it('answers in the detected language', async () => {
      const h = harness();
      const message = textMessage('mau servis');
      await h.send(message);
      expect(h.sender.sent[0]?.body).toEqual({ type: 'text', text: 'REPAIR-ID' });
      expect(h.recordOf(message)?.language).toBe('id');
    });

    it('keeps the language of the conversation for a message that does not tell its own', async () => {
      // Prepare: an Indonesian message answered in Indonesian, then "ok", which names no language
      const h = harness();
      const first = textMessage('mau servis', { timestamp: Math.floor(NOW / 1000) - 60 });
      const ok = textMessage('ok');
      await h.send(first);
      // Act
      await h.send(ok);
      // Assess: refused with the Indonesian menu, not the profile's default English
      expect(h.recordOf(ok)).toMatchObject({ outcome: 'refused_out_of_scope', language: 'id' });
      expect(JSON.stringify(h.sender.sent[1]?.body)).toContain('REFUSAL-ID');
    });

    it('answers in the profile default when the conversation has no language yet', async () => {
      const h = harness();
      const ok = textMessage('ok');
      await h.send(ok);
      expect(h.recordOf(ok)?.language).toBe('en');
    });

    it('answers a tap on the menu by its row id, with certainty', async () => {
      const h = harness();
      const message = inboundMessage({
        type: 'interactive',
        replyKind: 'list_reply',
        id: 'opening_hours',
        title: 'Opening hours',
      });
      await h.send(message);
      expect(h.sender.sent[0]?.body).toEqual({ type: 'text', text: 'HOURS-EN' });
      expect(h.recordOf(message)).toMatchObject({
        outcome: 'answered',
        intent: 'opening_hours',
        confidence: 1,
        classifierVersion: 'menu_selection',
        inputType: 'interactive',
      });
    });

    it('keeps no text when the profile says textRetention: none', async () => {
      const h = harness({ profile: tinyProfile({ textRetention: 'none' }) });
      const message = textMessage('book a repair');
      await h.send(message);
      expect(h.recordOf(message)).not.toHaveProperty('text');
    });

    it('still replies when the typing indicator fails', async () => {
      const h = harness();
      h.sender.failMarkRead(graphError(131009));
      await h.send(textMessage('book a repair'));
      expect(h.sender.sent).toHaveLength(1);
    });

    /** The chain with the example profile and the real classifier trained on it. */
    const withExampleProfile = () => {
      const profile = exampleProfile();
      return harness({ profile, classifier: trainClassifier(toTrainingSet(profile)) });
    };

    it('works with the real classifier and the example profile', async () => {
      const h = withExampleProfile();
      const message = textMessage('minta no resi dong kak');
      await h.send(message);
      expect(h.recordOf(message)).toMatchObject({ outcome: 'answered', intent: 'order_tracking' });
      expect(h.sender.sent).toHaveLength(1);
    });

    it('hands over a request for a person, whatever it is about', async () => {
      const h = withExampleProfile();
      const message = textMessage('can I speak to a manager about my complaint');
      await h.send(message);
      expect(h.recordOf(message)).toMatchObject({
        outcome: 'answered',
        reason: 'handoff_requested',
        intent: 'talk_to_human',
        confidence: 1,
      });
    });

    it('refuses a translation of an in-scope text, and the log says it was a general task', async () => {
      const h = withExampleProfile();
      const message = textMessage('translate to english: minta no resi dong kak');
      await h.send(message);
      expect(h.recordOf(message)).toMatchObject({
        outcome: 'refused_out_of_scope',
        reason: 'assistant_task',
        intent: null,
        replyKind: 'refusal',
      });
      expect(h.sender.sent[0]?.body.type).toBe('list');
    });
  });

  describe('refusals', () => {
    it.each([
      ['below the threshold', 'when are you open', 'below_threshold', 'opening_hours'],
      ['no intent', 'write me a poem', 'no_intent', null],
      ['an intent outside the allow-list', 'what is the weather', 'not_in_allow_list', 'weather'],
      ['unknown text', 'something else entirely', 'no_intent', null],
    ])('refuses %s with the menu and the escalation path', async (_, body, reason, intent) => {
      const h = harness();
      const message = textMessage(body);
      await h.send(message);
      expect(h.sender.sent).toHaveLength(1);
      expect(h.sender.sent[0]?.body).toMatchObject({
        type: 'list',
        body: 'REFUSAL-EN\n\nESCALATION-EN',
        sections: [
          { rows: [{ id: 'repair_booking' }, { id: 'opening_hours' }, { id: 'talk_to_human' }] },
        ],
      });
      expect(h.recordOf(message)).toMatchObject({
        outcome: 'refused_out_of_scope',
        reason,
        intent,
        replyKind: 'refusal',
      });
    });

    it('fails closed when the classifier throws: refusal, classifier_error', async () => {
      const h = harness();
      const message = textMessage('break the model');
      await h.send(message);
      expect(h.sender.sent[0]?.body.type).toBe('list');
      expect(h.recordOf(message)).toMatchObject({
        outcome: 'refused_out_of_scope',
        reason: 'classifier_error',
        intent: null,
        language: 'en',
      });
    });

    it('fails closed when the policy pack did not load: refused_policy, even in scope', async () => {
      const h = harness({ policy: null });
      const message = textMessage('book a repair');
      await h.send(message);
      expect(h.sender.sent[0]?.body.type).toBe('list');
      const record = h.recordOf(message);
      expect(record).toMatchObject({
        outcome: 'refused_policy',
        reason: 'policy_error',
        replyKind: 'refusal',
      });
      expect(record).not.toHaveProperty('policyRuleId');
    });

    it('fails closed when no policy rule covers the message', async () => {
      const h = harness({
        policy: {
          ...PACK,
          rules: PACK.rules.filter((rule) => rule.id === 'ai-providers-existing'),
        },
      });
      const message = textMessage('book a repair', {
        timestamp: Math.floor(Date.parse('2026-01-14T00:00:00Z') / 1000),
      });
      h.clock.set(message.timestamp * 1000 + 1_000);
      await h.send(message);
      expect(h.recordOf(message)).toMatchObject({
        outcome: 'refused_policy',
        reason: 'policy_error',
      });
    });

    it('records failed/config_error and sends nothing when the profile did not load', async () => {
      const h = harness({ profile: null });
      const message = textMessage('book a repair');
      const result = await h.send(message);
      expect(result.batchItemFailures).toEqual([]);
      expect(h.sender.sent).toEqual([]);
      expect(h.sender.reads).toEqual([]);
      expect(h.recordOf(message)).toMatchObject({
        outcome: 'failed',
        reason: 'config_error',
        replyKind: 'none',
      });
      expect(h.recordOf(message)).not.toHaveProperty('text');
    });
  });

  describe('general answers (policy posture)', () => {
    const answerer: GeneralAnswerer = {
      answer: async (text, language) => `GENERAL(${text},${language})`,
    };

    it('answers out of scope generally only under general_allowed with an answerer', async () => {
      const h = harness({
        generalAnswerer: answerer,
        options: { policyExemptions: ['it-agcm-interim-order'] },
      });
      const message = textMessage('write me a poem', { user: ITALIAN });
      await h.send(message);
      expect(h.sender.sent[0]?.body).toEqual({ type: 'text', text: 'GENERAL(write me a poem,en)' });
      expect(h.recordOf(message)).toMatchObject({
        outcome: 'general_answered',
        reason: 'general_allowed',
        policyRuleId: 'it-agcm-interim-order',
        posture: 'general_allowed',
        jurisdiction: '39',
        replyKind: 'general_answer',
      });
    });

    it.each([
      ['exemption disabled', [], ITALIAN],
      ['exemption for another country', ['it-agcm-interim-order'], INDONESIAN],
    ])('refuses out of scope under scoped_only (%s)', async (_, exemptions, user) => {
      const h = harness({ generalAnswerer: answerer, options: { policyExemptions: exemptions } });
      const message = textMessage('write me a poem', { user });
      await h.send(message);
      expect(h.recordOf(message)).toMatchObject({
        outcome: 'refused_out_of_scope',
        posture: 'scoped_only',
      });
      expect(h.sender.sent[0]?.body.type).toBe('list');
    });

    it('refuses under general_allowed when no answerer is configured', async () => {
      const h = harness({ options: { policyExemptions: ['it-agcm-interim-order'] } });
      const message = textMessage('write me a poem', { user: ITALIAN });
      await h.send(message);
      expect(h.recordOf(message)).toMatchObject({
        outcome: 'refused_out_of_scope',
        posture: 'general_allowed',
      });
    });

    it('falls back to the refusal when the answerer fails', async () => {
      const failing: GeneralAnswerer = {
        answer: async () => Promise.reject(new Error('bedrock down')),
      };
      const h = harness({
        generalAnswerer: failing,
        options: { policyExemptions: ['it-agcm-interim-order'] },
      });
      const message = textMessage('write me a poem', { user: ITALIAN });
      await h.send(message);
      expect(h.sender.sent[0]?.body.type).toBe('list');
      expect(h.recordOf(message)).toMatchObject({
        outcome: 'refused_out_of_scope',
        reason: 'general_answerer_error',
      });
    });

    it('chooses the rule by the message timestamp on a late replay', async () => {
      const h = harness({ options: { policyExemptions: ['existing-provider-grace'] } });
      const sentAt = Math.floor(Date.parse('2026-01-15T00:00:00Z') / 1000) - 1;
      const message = textMessage('book a repair', { timestamp: sentAt });
      h.clock.set(Date.parse('2026-01-20T08:00:00Z'));
      await h.send(message);
      expect(h.recordOf(message)).toMatchObject({
        policyRuleId: 'existing-provider-grace',
        posture: 'general_allowed',
        policyInstant: '2026-01-14T23:59:59.000Z',
        outcome: 'window_closed',
      });
      expect(h.sender.sent).toEqual([]);
    });
  });

  describe('consent', () => {
    it.each([
      ['STOP', 'en'],
      ['unsubscribe', 'en'],
      ['Berhenti', 'id'],
      ['BATAL LANGGANAN', 'id'],
      ['parar', 'en'],
      ['Sair.', 'en'],
    ])('%j opts out, confirms once (in %s), then silences', async (keyword, language) => {
      const h = harness();
      const stop = textMessage(keyword);
      await h.send(stop);
      expect(h.recordOf(stop)).toMatchObject({
        outcome: 'opted_out',
        reason: 'opt_out_keyword',
        replyKind: 'opt_out_confirmation',
        language,
      });
      expect(h.conversations.calls).toEqual([
        { op: 'setOptOut', userHash: USER_HASH, args: [true, NOW] },
      ]);
      expect(h.sender.sent).toHaveLength(1);

      const again = textMessage(keyword);
      const question = textMessage('book a repair');
      await h.send(again, question);
      expect(h.recordOf(again)).toMatchObject({
        outcome: 'opted_out',
        reason: 'already_opted_out',
        replyKind: 'none',
      });
      expect(h.recordOf(question)).toMatchObject({
        outcome: 'opted_out',
        reason: 'opted_out',
        replyKind: 'none',
      });
      expect(h.sender.sent).toHaveLength(1);
    });

    it.each(['START', 'mulai', 'EMPEZAR', 'Começar'])(
      '%j opts back in with a confirmation',
      async (keyword) => {
        const h = harness();
        h.conversations.seed(USER_HASH, { optedOut: true });
        const start = textMessage(keyword);
        const question = textMessage('book a repair');
        await h.send(start, question);
        expect(h.recordOf(start)).toMatchObject({
          outcome: 'answered',
          reason: 'opt_in_keyword',
          replyKind: 'opt_in_confirmation',
        });
        expect(h.recordOf(question)).toMatchObject({ outcome: 'answered', reason: 'in_scope' });
        expect(h.sender.sent).toHaveLength(2);
      },
    );

    it('treats the template Unsubscribe quick reply as an opt-out', async () => {
      const h = harness();
      const button = inboundMessage({
        type: 'button',
        payload: 'Unsubscribe',
        text: 'Unsubscribe',
      });
      await h.send(button);
      expect(h.recordOf(button)).toMatchObject({ outcome: 'opted_out', inputType: 'button' });
      expect((await h.conversations.load(USER_HASH)).optedOut).toBe(true);
    });
  });

  describe('handoff', () => {
    it('hands over when the user asks, then stays silent until the pause ends', async () => {
      const h = harness({ options: { handoffMinutes: 30 } });
      const ask = textMessage('human please');
      await h.send(ask);
      expect(h.sender.sent[0]?.body).toEqual({ type: 'text', text: 'ESCALATION-EN' });
      expect(h.recordOf(ask)).toMatchObject({
        outcome: 'answered',
        reason: 'handoff_requested',
        intent: 'talk_to_human',
        replyKind: 'handoff',
      });
      expect(h.conversations.calls).toContainEqual({
        op: 'setHandoff',
        userHash: USER_HASH,
        args: [NOW + 30 * 60_000, 'user', NOW],
      });

      h.clock.advance(29 * 60_000);
      const during = textMessage('book a repair', { timestamp: Math.floor(h.clock.now() / 1000) });
      await h.send(during);
      expect(h.recordOf(during)).toMatchObject({
        outcome: 'handoff_active',
        reason: 'handoff_by_user',
        replyKind: 'none',
      });
      expect(h.sender.sent).toHaveLength(1);

      h.clock.advance(60_000);
      const after = textMessage('book a repair', { timestamp: Math.floor(h.clock.now() / 1000) });
      await h.send(after);
      expect(h.recordOf(after)).toMatchObject({ outcome: 'answered' });
      expect(h.sender.sent).toHaveLength(2);
    });

    it('stays silent while an agent has the chat, except for STOP', async () => {
      const h = harness();
      h.conversations.seed(USER_HASH, { handoffUntil: NOW + 60_000, handoffBy: 'agent' });
      const question = textMessage('book a repair');
      const stop = textMessage('STOP');
      await h.send(question, stop);
      expect(h.recordOf(question)).toMatchObject({
        outcome: 'handoff_active',
        reason: 'handoff_by_agent',
      });
      expect(h.recordOf(stop)).toMatchObject({
        outcome: 'opted_out',
        replyKind: 'opt_out_confirmation',
      });
      expect(h.sender.sent).toHaveLength(1);
    });
  });

  describe('24-hour window', () => {
    it.each([
      ['24 h − 1 s after the message: reply', SERVICE_WINDOW_MS - 1_000, 'answered', 1],
      ['exactly 24 h after: no free-form reply', SERVICE_WINDOW_MS, 'window_closed', 0],
    ])('%s', async (_, age, outcome, sends) => {
      const h = harness();
      const message = textMessage('book a repair');
      h.clock.set(message.timestamp * 1000 + age);
      await h.send(message);
      expect(h.recordOf(message)).toMatchObject({ outcome });
      expect(h.sender.sent).toHaveLength(sends);
      expect(h.sender.reads).toHaveLength(sends);
    });

    it('sends the configured template when the window is closed', async () => {
      const h = harness({
        profile: tinyProfile({ windowTemplate: { name: 'we_are_back', language: 'en_US' } }),
      });
      const message = textMessage('book a repair');
      h.clock.set(message.timestamp * 1000 + 2 * SERVICE_WINDOW_MS);
      await h.send(message);
      expect(h.sender.sent[0]).toMatchObject({
        body: { type: 'template', name: 'we_are_back', language: 'en_US' },
      });
      expect(h.sender.sent[0]).not.toHaveProperty('replyTo');
      expect(h.recordOf(message)).toMatchObject({
        outcome: 'window_closed',
        replyKind: 'template',
      });
    });

    it('counts a later message already seen (lastInboundAt)', async () => {
      const h = harness();
      const old = textMessage('book a repair', { timestamp: Math.floor(NOW / 1000) - 2 * 86_400 });
      h.conversations.seed(USER_HASH, { lastInboundAt: Math.floor(NOW / 1000) - 60 });
      await h.send(old);
      expect(h.recordOf(old)).toMatchObject({ outcome: 'answered' });
    });
  });

  describe('unsupported input', () => {
    it.each([
      ['image', { type: 'media', mediaType: 'image', mediaId: 'm1' }, 'image'],
      ['voice note', { type: 'media', mediaType: 'audio', voice: true }, 'audio'],
      ['location', { type: 'location', latitude: -6.9, longitude: 107.6 }, 'location'],
      ['contacts', { type: 'contacts', count: 2 }, 'contacts'],
    ] as const)('answers %s with the nonText menu', async (_, content, inputType) => {
      const h = harness();
      const message = inboundMessage(content);
      await h.send(message);
      expect(h.sender.sent[0]?.body).toMatchObject({
        type: 'list',
        body: 'NONTEXT-EN\n\nESCALATION-EN',
      });
      expect(h.recordOf(message)).toMatchObject({
        outcome: 'unsupported',
        reason: 'non_text_input',
        inputType,
        replyKind: 'non_text',
      });
    });

    it('answers a photo in the language of the conversation so far', async () => {
      // Prepare: an Indonesian message answered in Indonesian
      const h = harness();
      await h.send(textMessage('mau servis', { timestamp: Math.floor(NOW / 1000) - 60 }));
      const photo = inboundMessage({ type: 'media', mediaType: 'image', mediaId: 'm2' });
      // Act
      await h.send(photo);
      // Assess
      expect(h.sender.sent[1]?.body).toMatchObject({
        type: 'list',
        body: 'NONTEXT-ID\n\nESCALATION-ID',
      });
      expect(h.recordOf(photo)?.language).toBe('id');
    });

    it('classifies the caption of a media message', async () => {
      const h = harness();
      const message = inboundMessage({
        type: 'media',
        mediaType: 'image',
        caption: 'book a repair',
      });
      await h.send(message);
      expect(h.recordOf(message)).toMatchObject({ outcome: 'answered', inputType: 'image' });
    });

    it.each([
      ['reaction', { type: 'reaction', messageId: 'wamid.out.1', emoji: '👍' }],
      ['system_message', { type: 'system', systemType: 'user_changed_number' }],
      ['revoke', { type: 'revoke', originalMessageId: 'wamid.in.0' }],
    ] as const)('does not answer a %s', async (reason, content) => {
      const h = harness();
      const message = inboundMessage(content);
      await h.send(message);
      expect(h.sender.sent).toEqual([]);
      expect(h.sender.reads).toEqual([]);
      expect(h.recordOf(message)).toMatchObject({
        outcome: 'unsupported',
        reason,
        replyKind: 'none',
      });
    });
  });

  describe('dedupe', () => {
    it('never answers a redelivery twice', async () => {
      const h = harness();
      const message = textMessage('book a repair');
      await h.send(message);
      await h.send(message);
      expect(h.sender.sent).toHaveLength(1);
      expect(h.decisions.calls.map((call) => call.op)).toEqual([
        'claim',
        'finish',
        'claim',
        'recordDuplicate',
      ]);
      expect(h.recordOf(message)?.outcome).toBe('answered');
      expect(h.metrics.named('Decisions').map((m) => m.dimensions.outcome)).toEqual([
        'answered',
        'duplicate',
      ]);
    });

    it.each([
      ['older than the function timeout: failed, unknown send state', 30_001, 'failed', 'finish'],
      [
        'within the function timeout: duplicate (maybe still running)',
        30_000,
        'duplicate',
        'recordDuplicate',
      ],
    ])('does not answer an unfinished claim %s', async (_, age, outcome, write) => {
      const h = harness();
      const message = textMessage('book a repair');
      h.decisions.seedClaim(
        { userHash: USER_HASH, timestamp: message.timestamp, wamid: message.wamid },
        NOW - age,
      );
      await h.send(message);
      expect(h.sender.sent).toEqual([]);
      expect(h.decisions.calls.at(-1)?.op).toBe(write);
      if (outcome === 'failed') {
        expect(h.recordOf(message)).toMatchObject({
          outcome: 'failed',
          reason: 'interrupted_unknown_send_state',
          replyKind: 'none',
        });
      } else {
        expect(h.recordOf(message)).toBeUndefined();
      }
      expect(h.metrics.named('Decisions')[0]?.dimensions.outcome).toBe(outcome);
    });
  });

  describe('Graph API errors', () => {
    it.each([130429, 131056, 131000, 131016, 133004])(
      'gives retryable %i back to the queue and records it',
      async (code) => {
        const h = harness();
        const message = textMessage('book a repair');
        h.sender.failNextSend(graphError(code, 429, 3));
        const record = sqsRecordOf(message, { messageId: 'r-1' });
        const result = await h.run({ Records: [record] });
        expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'r-1' }]);
        expect(h.recordOf(message)).toMatchObject({
          outcome: 'failed',
          reason: `graph_${code}`,
          retryable: true,
          replyKind: 'none',
          attempts: 1,
        });
        expect(h.recordOf(message)).not.toHaveProperty('deadLettered');
        expect(h.metrics.named('GraphApiErrors')).toEqual([
          { name: 'GraphApiErrors', unit: 'Count', value: 1, dimensions: {} },
          { name: 'GraphApiErrors', unit: 'Count', value: 1, dimensions: { code: String(code) } },
        ]);
        expect(h.metrics.named('GraphApiCalls')[0]?.value).toBe(4);

        // The redelivery reclaims the retryable decision and answers.
        const retry = await h.run({
          Records: [sqsRecordOf(message, { messageId: 'r-1', receiveCount: 2 })],
        });
        expect(retry.batchItemFailures).toEqual([]);
        expect(h.sender.sent).toHaveLength(1);
        expect(h.recordOf(message)).toMatchObject({ outcome: 'answered', attempts: 2 });
        expect(h.recordOf(message)).not.toHaveProperty('retryable');
      },
    );

    it.each([131047, 131026, 131050, 131051, 368, 190])(
      'consumes non-retryable %i as failed',
      async (code) => {
        const h = harness();
        const message = textMessage('book a repair');
        h.sender.failNextSend(graphError(code));
        const result = await h.send(message);
        expect(result.batchItemFailures).toEqual([]);
        expect(h.recordOf(message)).toMatchObject({
          outcome: 'failed',
          reason: `graph_${code}`,
          retryable: false,
        });
        expect(h.metrics.named('GraphApiErrors')[1]?.dimensions).toEqual({ code: String(code) });
      },
    );

    it('marks the decision dead-lettered on the last delivery', async () => {
      const h = harness({ options: { maxReceiveCount: 3 } });
      const message = textMessage('book a repair');
      h.sender.failNextSend(graphError(130429, 429));
      const result = await h.run({
        Records: [sqsRecordOf(message, { messageId: 'r-9', receiveCount: 3 })],
      });
      expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'r-9' }]);
      expect(h.recordOf(message)).toMatchObject({
        outcome: 'failed',
        retryable: true,
        deadLettered: true,
      });
    });

    it('retries when the decision log is down at claim time, without replying', async () => {
      const h = harness();
      const message = textMessage('book a repair');
      h.decisions.failNext('claim');
      const result = await h.run({ Records: [sqsRecordOf(message, { messageId: 'r-2' })] });
      expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'r-2' }]);
      expect(h.sender.sent).toEqual([]);
    });

    it('does not reply again after a crash between send and record', async () => {
      const h = harness();
      const message = textMessage('book a repair');
      // The record cannot be written at all (three attempts): the reply is out, so the message is consumed.
      for (let i = 0; i < 3; i++) h.decisions.failNext('finish');
      const first = await h.run({ Records: [sqsRecordOf(message, { messageId: 'r-3' })] });
      expect(first.batchItemFailures).toEqual([]);
      expect(h.sender.sent).toHaveLength(1);
      expect(h.metrics.named('DecisionWriteFailures')).toHaveLength(1);
      // Meta redelivers the webhook later: its claim is still open, so no second reply.
      h.clock.advance(31_000);
      await h.run({ Records: [sqsRecordOf(message, { messageId: 'r-3', receiveCount: 2 })] });
      expect(h.sender.sent).toHaveLength(1);
      expect(h.recordOf(message)).toMatchObject({
        outcome: 'failed',
        reason: 'interrupted_unknown_send_state',
      });
    });
  });

  describe('FIFO batches', () => {
    it('skips the rest of a failed group and keeps processing other groups', async () => {
      const h = harness();
      const anna = { key: '6281111111111', waId: '6281111111111' };
      const budi = { key: '6282222222222', waId: '6282222222222' };
      const a1 = textMessage('book a repair', { user: anna });
      const a2 = textMessage('book a repair', { user: anna });
      const b1 = textMessage('book a repair', { user: budi });
      h.sender.failNextSend(graphError(130429, 429));
      const result = await h.run({
        Records: [
          sqsRecordOf(a1, { messageId: 'a1' }),
          sqsRecordOf(b1, { messageId: 'b1' }),
          sqsRecordOf(a2, { messageId: 'a2' }),
        ],
      });
      expect(result.batchItemFailures).toEqual([
        { itemIdentifier: 'a1' },
        { itemIdentifier: 'a2' },
      ]);
      expect(h.sender.sent.map((message) => message.to.waId)).toEqual([budi.waId]);
      expect(h.recordOf(a2)).toBeUndefined();
      expect(h.decisions.calls.filter((call) => call.op === 'claim')).toHaveLength(2);
    });

    it('sends a malformed body back to the queue (and so to the DLQ)', async () => {
      const h = harness();
      const result = await h.run({
        Records: [sqsRecordOf(textMessage('x'), { messageId: 'bad', body: '{"v":9}' })],
      });
      expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'bad' }]);
    });
  });

  describe('status updates', () => {
    it.each([
      ['failed, not tracking', 'failed', false, 'failed'],
      ['delivered, tracking', 'delivered', true, 'delivered'],
      ['delivered, not tracking', 'delivered', false, undefined],
    ] as const)('applies %s', async (_, status, trackDelivery, expected) => {
      const h = harness({ options: { trackDelivery } });
      const message = textMessage('book a repair');
      await h.send(message);
      const callbackData = h.sender.sent[0]?.callbackData;
      await h.run(
        sqsEventOf(
          statusUpdate({
            status,
            callbackData,
            errors: status === 'failed' ? [{ code: 131026 }] : [],
          }),
        ),
      );
      expect(h.recordOf(message)?.deliveryStatus).toBe(expected);
      // A status makes no decision of its own.
      expect(h.metrics.named('Decisions')).toHaveLength(1);
    });
  });

  describe('metrics', () => {
    it('emits Decisions by outcome, GraphApiCalls and ReplyLatency', async () => {
      const h = harness();
      const message = textMessage('book a repair');
      await h.send(message);
      expect(h.metrics.recorded).toEqual([
        { name: 'Decisions', unit: 'Count', value: 1, dimensions: { outcome: 'answered' } },
        { name: 'GraphApiCalls', unit: 'Count', value: 2, dimensions: {} },
        {
          name: 'ReplyLatency',
          unit: 'Milliseconds',
          value: NOW - message.receivedAt,
          dimensions: {},
        },
      ]);
    });

    it('logs ids and outcomes, never the text or the number', async () => {
      const h = harness();
      await h.send(textMessage('book a repair for 6281234567890'));
      const logged = JSON.stringify(h.logger.lines);
      expect(logged).toContain('refused_out_of_scope');
      expect(logged).not.toContain('6281234567890');
      expect(logged).not.toContain('book a repair');
    });
  });

  it('builds the default handler lazily: importing reads no environment, invoking does', async () => {
    const { handler } = await import('../../lambda/responder.handler.ts');
    await expect(handler({ Records: [] }, CONTEXT)).rejects.toThrow(/TABLE_NAME/);
  });
});
