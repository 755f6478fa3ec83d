import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { trainClassifier } from '../../../../lambda/core/intent/classifier.ts';
import { encodeSnapshot, restoreClassifier } from '../../../../lambda/core/intent/snapshot.ts';
import { TINY_SHOP as shop } from '../../../support/training-sets.ts';

// Any text a customer can send: every Unicode plane, words named like object properties (the slang
// table once read "constructor" off Object and threw), chat fragments and long pastes.
const words = fc.constantFrom(
  'constructor',
  '__proto__',
  'toString',
  'valueOf',
  'hasOwnProperty',
  'ok',
  'refund',
  'restituton',
  'kak',
  'gmn',
  'paket',
  'Order #48213',
  '4.0',
  '👍',
  '?',
  '.',
  '\n',
);
const messages = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.array(words, { maxLength: 40 }).map((w) => w.join(' ')),
  fc
    .array(fc.oneof(words, fc.string({ maxLength: 12 })), { maxLength: 80 })
    .map((w) => w.join('. ')),
);

describe('classify (properties)', () => {
  const classifier = trainClassifier(shop);
  const labels = new Set(shop.intents.map((i) => i.id));

  it('answers any text with a well-formed prediction and never throws', () => {
    fc.assert(
      fc.property(messages, (text) => {
        const p = classifier.classify(text);
        expect(p.intent === null || labels.has(p.intent)).toBe(true);
        expect(p.confidence).toBeGreaterThanOrEqual(0);
        expect(p.confidence).toBeLessThanOrEqual(1);
        expect(Number.isFinite(p.margin)).toBe(true);
        expect(shop.languages).toContain(p.language);
        expect(p.classifierVersion).toBe(classifier.version);
      }),
      { numRuns: 300 },
    );
  });

  it('predicts exactly as the trained classifier once restored from its snapshot', () => {
    const restored = restoreClassifier(encodeSnapshot(classifier.state), shop);
    fc.assert(
      fc.property(messages, (text) => {
        expect(restored.classify(text)).toEqual(classifier.classify(text));
      }),
      { numRuns: 200 },
    );
  });
});
