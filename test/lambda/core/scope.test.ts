import { describe, expect, it } from 'vitest';
import type { IntentPrediction } from '../../../lambda/core/ports.ts';
import {
  evaluateScope,
  inputTypeOf,
  languageOfMenuTitle,
  readInput,
  replyLanguage,
  resolveLanguage,
  type ScopeQuery,
} from '../../../lambda/core/scope.ts';
import { tinyProfile } from '../../support/profiles.ts';

const ids = new Set(['repair_booking', 'talk_to_human']);
const profile = tinyProfile();
const predicted = (intent: string | null, confidence: number): ScopeQuery['classification'] => ({
  kind: 'predicted',
  prediction: {
    intent,
    confidence,
    margin: 0.2,
    language: 'en',
    classifierVersion: 'v',
  } as IntentPrediction,
});

/** What the classifier says of "translate to english: my order has not arrived". */
const assistantTask = {
  intent: null,
  confidence: 0,
  margin: 0,
  language: 'en',
  classifierVersion: 'test',
} as const;
const text = { kind: 'text', text: 'x' } as const;

describe('readInput', () => {
  it.each([
    ['text', { type: 'text', body: 'hi' }, { kind: 'text', text: 'hi' }],
    [
      'media caption',
      { type: 'media', mediaType: 'image', caption: 'is this in stock?' },
      { kind: 'text', text: 'is this in stock?' },
    ],
    [
      'media without caption',
      { type: 'media', mediaType: 'audio', voice: true },
      { kind: 'non_text' },
    ],
    ['blank caption', { type: 'media', mediaType: 'image', caption: '  ' }, { kind: 'non_text' }],
    ['edit with body', { type: 'edit', body: 'fixed text' }, { kind: 'text', text: 'fixed text' }],
    ['edit without body', { type: 'edit' }, { kind: 'ignore', reason: 'edit_without_text' }],
    [
      'menu tap',
      {
        type: 'interactive',
        replyKind: 'list_reply',
        id: 'repair_booking',
        title: 'Book a repair',
      },
      { kind: 'intent_id', intent: 'repair_booking', text: 'Book a repair' },
    ],
    [
      'foreign list id with title',
      { type: 'interactive', replyKind: 'list_reply', id: 'zzz', title: 'book a repair' },
      { kind: 'text', text: 'book a repair' },
    ],
    [
      'flow reply',
      { type: 'interactive', replyKind: 'nfm_reply', responseJson: '{}' },
      { kind: 'non_text' },
    ],
    [
      'template button naming an intent',
      { type: 'button', payload: 'talk_to_human', text: 'Talk' },
      { kind: 'intent_id', intent: 'talk_to_human', text: 'Talk' },
    ],
    [
      'template button with text',
      { type: 'button', payload: 'p', text: 'Yes please' },
      { kind: 'text', text: 'Yes please' },
    ],
    ['location', { type: 'location', latitude: 1, longitude: 2 }, { kind: 'non_text' }],
    ['contacts', { type: 'contacts', count: 1 }, { kind: 'non_text' }],
    ['order', { type: 'order', itemCount: 2 }, { kind: 'non_text' }],
    [
      'unsupported',
      { type: 'unsupported', originalType: 'poll', errors: [] },
      { kind: 'non_text' },
    ],
    ['reaction', { type: 'reaction', emoji: '👍' }, { kind: 'ignore', reason: 'reaction' }],
    [
      'system',
      { type: 'system', systemType: 'user_changed_number' },
      { kind: 'ignore', reason: 'system_message' },
    ],
    ['revoke', { type: 'revoke' }, { kind: 'ignore', reason: 'revoke' }],
  ] as const)('%s', (_, content, input) => {
    expect(readInput(content, ids)).toEqual(input);
  });

  it('names media by their media type', () => {
    expect(inputTypeOf({ type: 'media', mediaType: 'sticker' })).toBe('sticker');
    expect(inputTypeOf({ type: 'text', body: '' })).toBe('text');
  });
});

describe('evaluateScope', () => {
  it.each([
    [
      'in scope at the threshold',
      text,
      predicted('repair_booking', 0.5),
      'scoped_only',
      false,
      { kind: 'answer', intent: 'repair_booking' },
    ],
    [
      'handoff intent',
      text,
      predicted('talk_to_human', 0.9),
      'scoped_only',
      false,
      { kind: 'handoff', intent: 'talk_to_human' },
    ],
    [
      'below the threshold',
      text,
      predicted('repair_booking', 0.49),
      'scoped_only',
      false,
      { kind: 'refuse', reason: 'below_threshold' },
    ],
    [
      'no intent',
      text,
      predicted(null, 0),
      'scoped_only',
      false,
      { kind: 'refuse', reason: 'no_intent' },
    ],
    [
      'a request for text work, refused by rule',
      text,
      {
        kind: 'predicted',
        prediction: { ...assistantTask, rule: 'assistant_task' },
      },
      'scoped_only',
      false,
      { kind: 'refuse', reason: 'assistant_task' },
    ],
    [
      'intent outside the allow-list',
      text,
      predicted('weather', 0.99),
      'scoped_only',
      false,
      { kind: 'refuse', reason: 'not_in_allow_list' },
    ],
    [
      'classifier failed',
      text,
      { kind: 'error', message: 'boom' },
      'scoped_only',
      false,
      { kind: 'refuse', reason: 'classifier_error' },
    ],
    [
      'policy failed, even in scope',
      text,
      predicted('repair_booking', 0.99),
      undefined,
      true,
      { kind: 'refuse', reason: 'policy_error' },
    ],
    [
      'general allowed with an answerer',
      text,
      predicted(null, 0),
      'general_allowed',
      true,
      { kind: 'general' },
    ],
    [
      'general allowed without an answerer',
      text,
      predicted(null, 0),
      'general_allowed',
      false,
      { kind: 'refuse', reason: 'no_intent' },
    ],
    [
      'scoped only with an answerer',
      text,
      predicted(null, 0),
      'scoped_only',
      true,
      { kind: 'refuse', reason: 'no_intent' },
    ],
    [
      'general allowed, in scope: still the scoped answer',
      text,
      predicted('repair_booking', 0.9),
      'general_allowed',
      true,
      { kind: 'answer', intent: 'repair_booking' },
    ],
    [
      'non-text',
      { kind: 'non_text' },
      { kind: 'none' },
      'scoped_only',
      false,
      { kind: 'non_text' },
    ],
    [
      'ignored',
      { kind: 'ignore', reason: 'reaction' },
      { kind: 'none' },
      undefined,
      false,
      { kind: 'ignore', reason: 'reaction' },
    ],
  ] as const)('%s', (_, input, classification, posture, hasGeneralAnswerer, verdict) => {
    expect(evaluateScope(profile, { input, classification, posture, hasGeneralAnswerer })).toEqual(
      verdict,
    );
  });

  it('uses the profile threshold when set', () => {
    const strict = tinyProfile({ threshold: 0.8 });
    const query = { input: text, posture: 'scoped_only', hasGeneralAnswerer: false } as const;
    expect(
      evaluateScope(strict, { ...query, classification: predicted('repair_booking', 0.79) }),
    ).toEqual({ kind: 'refuse', reason: 'below_threshold' });
    expect(
      evaluateScope(strict, { ...query, classification: predicted('repair_booking', 0.8) }),
    ).toEqual({ kind: 'answer', intent: 'repair_booking' });
  });
});

describe('resolveLanguage', () => {
  it.each([
    ['id', 'id'],
    ['pt', 'en'],
    [undefined, 'en'],
  ])('%s → %s', (candidate, language) => {
    expect(resolveLanguage(profile, candidate)).toBe(language);
  });
});

describe('replyLanguage', () => {
  it.each([
    // detected: the message's own language, if the profile speaks it
    [{ language: 'id' }, 'en', 'id'],
    [{ language: 'id', languageDetected: true }, 'en', 'id'],
    // not detected: the conversation's language, then the default
    [{ language: 'en', languageDetected: false }, 'id', 'id'],
    [{ language: 'en', languageDetected: false }, undefined, 'en'],
    [{ language: 'en', languageDetected: false }, 'pt', 'en'],
  ] as const)('%j after a reply in %s → %s', (prediction, last, language) => {
    expect(replyLanguage(profile, prediction, last)).toBe(language);
  });
});

describe('languageOfMenuTitle', () => {
  it.each([
    ['Servis sepeda', 'id'],
    ['Book a repair', 'en'],
    [' Servis sepeda ', 'id'],
    ['Chat admin', 'en'],
    [undefined, 'en'],
  ])('answers a tap on %j in %s', (title, language) => {
    expect(languageOfMenuTitle(profile, 'repair_booking', title)).toBe(language);
  });
});
