import { describe, expect, it } from 'vitest';
import { conceptsOf, phraseConceptsOf } from '../../../../lambda/core/intent/concepts.ts';
import { combineGroups, extractGroups } from '../../../../lambda/core/intent/features.ts';

describe('conceptsOf', () => {
  it.each([
    ['refund', 'refund'],
    ['reembolso', 'refund'],
    ['declined', 'declined'],
    ['ditolak', 'declined'],
    ['rechazada', 'declined'],
    // A torn or crushed bag is a damaged one: the roaster's torn-bag examples now cover "rusak".
    ['torn', 'broken'],
    ['sobek', 'broken'],
    ['rasgado', 'broken'],
    ['crushed', 'broken'],
    ['rusak', 'broken'],
  ])('reads %s as %s in the precise (core) lexicon', (token, concept) => {
    expect(conceptsOf(token)).toContain(concept);
  });

  it.each([
    ['parcel', 'package'],
    ['paquete', 'package'],
    ['delivary', 'shipping'],
    ['banker', 'human'],
    ['coupon', 'discount'],
    ['routing', 'account_number'],
  ])('reads %s as %s in the broad lexicon only', (token, concept) => {
    expect(conceptsOf(token, true)).toContain(concept);
    expect(conceptsOf(token)).not.toContain(concept);
  });

  it('keeps everyday words out of the precise lexicon', () => {
    for (const word of ['item', 'call', 'box', 'stop']) expect(conceptsOf(word)).toEqual([]);
  });

  it('matches a prefix entry on the stem itself and on longer words', () => {
    expect(conceptsOf('transfer')).toContain('transfer');
    expect(conceptsOf('transfers')).toContain('transfer');
    expect(conceptsOf('transfe')).toEqual([]);
  });

  it('reads two-word phrases', () => {
    expect(phraseConceptsOf('money', 'back')).toContain('refund');
    expect(phraseConceptsOf('routing', 'number', true)).toContain('account_number');
    expect(phraseConceptsOf('money', 'tree')).toEqual([]);
  });
});

describe('features with the broad lexicon', () => {
  it('gives a paraphrase a shared concept feature that the precise reading lacks', () => {
    // Prepare
    const broad = (t: string) =>
      combineGroups(extractGroups(t, 4), {
        wordScale: 0,
        pairScale: 0,
        charScale: 0,
        shapeScale: 0,
        conceptScale: 1,
        maxGram: 4,
        conceptLexicon: 'broad',
      });
    // Act
    const a = broad('where is my parcel');
    const b = broad('my package is lost');
    // Assess: one shared concept key besides the bias
    const shared = [...a.keys()].filter((k) => k !== 0 && b.has(k));
    expect(shared.length).toBeGreaterThan(0);
  });
});
