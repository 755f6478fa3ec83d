import { describe, expect, it } from 'vitest';
import { buildDecisionRecord, decisionIdOf } from '../../../lambda/core/decision-record.ts';
import { inboundMessage, NOW } from '../../support/inbound-messages.ts';

const message = inboundMessage({ type: 'media', mediaType: 'image', caption: 'is KL-12 here?' });
const ref = { userHash: 'f'.repeat(32), timestamp: message.timestamp, wamid: message.wamid };

describe('buildDecisionRecord', () => {
  it('records a failed send without reply fields, with the policy and prediction kept', () => {
    const record = buildDecisionRecord({
      message,
      ref,
      verdicts: {
        policy: {
          kind: 'evaluated',
          verdict: {
            ruleId: 'r',
            version: '2',
            posture: 'scoped_only',
            instant: message.timestamp * 1000,
          },
        },
      },
      plan: {
        outcome: 'answered',
        reason: 'in_scope',
        reply: { kind: 'answer', language: 'en', intent: 'a' },
        write: 'finish',
      },
      failure: { reason: 'graph_130429', retryable: true, deadLettered: true, graphCode: 130429 },
      prediction: {
        intent: 'a',
        confidence: 0.7,
        margin: 0.3,
        language: 'en',
        classifierVersion: 'c1',
      },
      language: 'en',
      text: 'is KL-12 here?',
      textRetention: 'redacted',
      attempts: 3,
      decidedAt: NOW,
    });
    expect(record).toEqual({
      ...ref,
      decisionId: decisionIdOf(ref),
      transport: 'cloud_api',
      businessPhoneNumberId: message.businessPhoneNumberId,
      inputType: 'image',
      receivedAt: new Date(message.receivedAt).toISOString(),
      decidedAt: new Date(NOW).toISOString(),
      policyRuleId: 'r',
      policyVersion: '2',
      posture: 'scoped_only',
      policyInstant: new Date(message.timestamp * 1000).toISOString(),
      intent: 'a',
      confidence: 0.7,
      margin: 0.3,
      classifierVersion: 'c1',
      language: 'en',
      outcome: 'failed',
      reason: 'graph_130429',
      replyKind: 'none',
      text: 'is KL-## here?',
      attempts: 3,
      retryable: true,
      deadLettered: true,
    });
  });

  it('keeps the decision id stable across attempts and distinct across messages', () => {
    expect(decisionIdOf(ref)).toBe(decisionIdOf({ ...ref }));
    expect(decisionIdOf({ ...ref, wamid: 'other' })).not.toBe(decisionIdOf(ref));
  });

  it('records failed/no_plan when the chain broke before planning', () => {
    const record = buildDecisionRecord({
      message,
      ref,
      verdicts: {},
      textRetention: 'none',
      attempts: 1,
      decidedAt: NOW,
      text: 'x',
    });
    expect(record).toMatchObject({
      outcome: 'failed',
      reason: 'no_plan',
      intent: null,
      replyKind: 'none',
    });
    expect(record).not.toHaveProperty('text');
    expect(record).not.toHaveProperty('policyRuleId');
  });
});
