// Decision records for the DynamoDB adapter tests: a typical answered one and a worst case that fills every
// field to the size the chain can produce (the item must stay under one write unit).
import type { DecisionRecord, DecisionRef } from '../../lambda/core/decision.ts';
import { decisionIdOf } from '../../lambda/core/decision-record.ts';

/** A realistic wamid: Meta's are base64 of a protobuf, about 60 characters. */
export function wamidOf(n: number): string {
  return `wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQzQTdBRjQ1RkE2${String(n).padStart(8, '0')}AA==`;
}

export const USER_HASH = '0123456789abcdef0123456789abcdef';

export function refOf(n: number, overrides: Partial<DecisionRef> = {}): DecisionRef {
  return { userHash: USER_HASH, timestamp: 1_767_225_600 + n, wamid: wamidOf(n), ...overrides };
}

export function answeredRecord(
  ref: DecisionRef,
  overrides: Partial<DecisionRecord> = {},
): DecisionRecord {
  return {
    ...ref,
    decisionId: decisionIdOf(ref),
    transport: 'cloud_api',
    businessPhoneNumberId: '106540352242922',
    inputType: 'text',
    receivedAt: new Date(ref.timestamp * 1000 + 150).toISOString(),
    decidedAt: new Date(ref.timestamp * 1000 + 400).toISOString(),
    sentAt: new Date(ref.timestamp * 1000 + 650).toISOString(),
    policyRuleId: 'meta-ai-providers-2026',
    policyVersion: '2026-01-15.1',
    posture: 'scoped_only',
    jurisdiction: '62',
    policyInstant: new Date(ref.timestamp * 1000).toISOString(),
    intent: 'order_status',
    confidence: 0.912345,
    margin: 0.4321,
    classifierVersion: 'nlpjs-4.27.0+shop-3f2a9c1',
    language: 'en',
    outcome: 'answered',
    reason: 'in_scope',
    replyKind: 'answer',
    replyMessageId: 'wamid.HBgLMTY1MDU1NTEyMzQVAgARGBI5QTNDQTVCM0Q0Q0Q2RTY3RTcA',
    text: 'where is my order #### please',
    attempts: 1,
    latencyMs: 500,
    ...overrides,
  };
}

/**
 * The largest consistent record: answered, sent and then failed (a delivery error), every field at the
 * longest value the chain writes (ids are 32 hex, versions `scope-lr-11+<16 hex>`, the longest reason, outcome
 * and reply kind names), wamids of 72 characters (Meta's are 58-68), and a message text far over the
 * budget. Retryable records are smaller: nothing was sent, so they carry no reply id, sent time or latency.
 */
export function worstCaseRecord(ref: DecisionRef): DecisionRecord {
  return answeredRecord(
    { ...ref, wamid: `${ref.wamid}${'Q'.repeat(Math.max(0, 72 - ref.wamid.length))}` },
    {
      transport: 'eum_social',
      businessPhoneNumberId: '10654035224292212',
      inputType: 'interactive',
      policyRuleId: 'br-cade-preventive-measure-2026-x',
      policyVersion: '2026-11-25.12',
      posture: 'general_allowed',
      jurisdiction: '1868',
      intent: 'return_or_exchange_request_for_an_order',
      confidence: 0.123456789012345,
      margin: 0.987654321012345,
      classifierVersion: 'scope-lr-11+0123456789abcdef',
      language: 'pt',
      outcome: 'refused_out_of_scope',
      reason: 'interrupted_unknown_send_state_x',
      replyKind: 'opt_out_confirmation',
      replyMessageId: `wamid.${'R'.repeat(66)}`,
      deliveryStatus: 'failed',
      deliveryErrorCode: 131047,
      // Multi-byte characters, so a cut in the middle of one would show.
      text: 'Olá, ñandú 😀 '.repeat(400),
      attempts: 12,
      latencyMs: 1_234_567,
    },
  );
}
