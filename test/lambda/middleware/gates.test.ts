import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parsePolicyPack } from '../../../lambda/core/policy/policy-pack.ts';
import { classifyIntent } from '../../../lambda/middleware/classify-intent.ts';
import { gateConsent } from '../../../lambda/middleware/gate-consent.ts';
import { gateHandoff } from '../../../lambda/middleware/gate-handoff.ts';
import { gatePolicy } from '../../../lambda/middleware/gate-policy.ts';
import { gateScope } from '../../../lambda/middleware/gate-scope.ts';
import { gateWindow } from '../../../lambda/middleware/gate-window.ts';
import { newResponderState } from '../../../lambda/responder-context.ts';
import { FixedClock, InMemoryConversationStore } from '../../support/in-memory-ports.ts';
import { inboundMessage, NOW, textMessage } from '../../support/inbound-messages.ts';
import { claimedState, runMiddlewares } from '../../support/middy-harness.ts';
import { POLICY_PACK_PATH, tinyProfile } from '../../support/profiles.ts';
import { scriptedClassifier } from '../../support/scripted-classifier.ts';

const USER = 'u'.repeat(32);
const clock = new FixedClock(NOW);

describe('gateConsent', () => {
  it('persists an opt-out and records the verdict without stopping the chain', async () => {
    const conversations = new InMemoryConversationStore();
    let handlerRan = false;
    const state = await runMiddlewares(
      [gateConsent({ conversations, clock })],
      textMessage('STOP'),
      {
        state: claimedState(USER),
        handler: async () => {
          handlerRan = true;
        },
      },
    );
    expect(handlerRan).toBe(true);
    expect(state.verdicts.consent).toEqual({ kind: 'opt_out', confirm: true, language: 'en' });
    expect((await conversations.load(USER)).optedOut).toBe(true);
    expect(state.conversation).toEqual({ optedOut: false });
    // The message being processed is not an earlier inbound message.
    expect(conversations.loads[0]).toEqual({
      userHash: USER,
      excludeWamid: expect.stringMatching(/^wamid\.in\./),
    });
  });

  it('does nothing for a duplicate', async () => {
    const conversations = new InMemoryConversationStore();
    const state = newResponderState();
    state.userHash = USER;
    state.verdicts.dedupe = { kind: 'duplicate' };
    await runMiddlewares([gateConsent({ conversations, clock })], textMessage('STOP'), { state });
    expect(state.verdicts.consent).toBeUndefined();
    expect(conversations.calls).toEqual([]);
  });
});

describe('gatePolicy', () => {
  const pack = parsePolicyPack(readFileSync(POLICY_PACK_PATH, 'utf8'));

  it('evaluates by the message timestamp and the user country', async () => {
    const message = textMessage('hi', {
      timestamp: 1_760_486_400,
      user: { key: 'BR.9', userId: 'BR.9' },
    });
    const state = await runMiddlewares([gatePolicy({ policy: pack, exemptions: [] })], message, {
      state: claimedState(USER),
    });
    expect(state.verdicts.policy).toEqual({
      kind: 'evaluated',
      verdict: {
        ruleId: 'ai-providers-new',
        version: '1',
        posture: 'scoped_only',
        jurisdiction: '55',
        instant: 1_760_486_400_000,
      },
    });
  });

  it('records an error verdict when the pack is missing', async () => {
    const state = await runMiddlewares(
      [gatePolicy({ policy: null, exemptions: [] })],
      textMessage('hi'),
      { state: claimedState(USER) },
    );
    expect(state.verdicts.policy).toEqual({ kind: 'error', message: 'policy pack not loaded' });
  });
});

describe('gateHandoff', () => {
  it.each([
    [
      { optedOut: false, handoffUntil: NOW + 1, handoffBy: 'agent' as const },
      { kind: 'active', until: NOW + 1, by: 'agent' },
    ],
    [{ optedOut: false }, { kind: 'inactive' }],
  ])('reads the conversation snapshot %j', async (conversation, verdict) => {
    const state = claimedState(USER);
    state.conversation = conversation;
    await runMiddlewares([gateHandoff({ clock })], textMessage('hi'), { state });
    expect(state.verdicts.handoff).toEqual(verdict);
  });
});

describe('classifyIntent', () => {
  const profile = tinyProfile();

  it('records a classifier failure as a verdict instead of throwing', async () => {
    const state = await runMiddlewares(
      [classifyIntent({ classifier: scriptedClassifier({ boom: 'throw' }), profile })],
      textMessage('boom'),
      { state: claimedState(USER) },
    );
    expect(state.verdicts.classification).toEqual({ kind: 'error', message: 'model exploded' });
    expect(state.language).toBe('en');
    expect(state.text).toBe('boom');
  });

  it('does not call the classifier for a menu tap or a sticker', async () => {
    const classifier = scriptedClassifier({});
    const tap = await runMiddlewares(
      [
        classifyIntent({
          classifier: {
            version: 'x',
            classify: () => {
              throw new Error('called');
            },
          },
          profile,
        }),
      ],
      inboundMessage({
        type: 'interactive',
        replyKind: 'button_reply',
        id: 'repair_booking',
        title: 'Book a repair',
      }),
      { state: claimedState(USER) },
    );
    expect(tap.prediction).toMatchObject({ intent: 'repair_booking', confidence: 1 });
    const sticker = await runMiddlewares(
      [classifyIntent({ classifier, profile })],
      inboundMessage({ type: 'media', mediaType: 'sticker' }),
      {
        state: claimedState(USER),
      },
    );
    expect(sticker.verdicts.classification).toEqual({ kind: 'none' });
  });
});

describe('gateScope', () => {
  it('refuses when the policy verdict is an error, whatever the intent', async () => {
    const state = claimedState(USER);
    state.verdicts.policy = { kind: 'error', message: 'x' };
    const chain = [
      classifyIntent({
        classifier: scriptedClassifier({ fix: { intent: 'repair_booking', confidence: 0.99 } }),
        profile: tinyProfile(),
      }),
      gateScope({ profile: tinyProfile(), hasGeneralAnswerer: true }),
    ];
    await runMiddlewares(chain, textMessage('fix'), { state });
    expect(state.verdicts.scope).toEqual({ kind: 'refuse', reason: 'policy_error' });
  });
});

describe('gateWindow', () => {
  it('measures from the message timestamp at the clock time', async () => {
    const state = claimedState(USER);
    state.conversation = { optedOut: false };
    const message = textMessage('hi', { timestamp: NOW / 1000 - 86_400 });
    await runMiddlewares([gateWindow({ clock })], message, { state });
    expect(state.verdicts.window).toEqual({ open: false, lastInboundAt: NOW - 86_400_000 });
  });
});
