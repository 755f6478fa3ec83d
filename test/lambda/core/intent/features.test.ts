import { describe, expect, it } from 'vitest';
import { extractGroups, lexiconOf } from '../../../../lambda/core/intent/features.ts';

/** A lexicon that knows these words, built the way a trained model's is: from their feature hashes. */
function lexiconKnowing(words: readonly string[]) {
  const hashes = new Set<number>();
  const probe = lexiconOf((hash) => {
    hashes.add(hash);
    return false;
  });
  for (const word of words) probe.knows(word);
  return lexiconOf((hash) => hashes.has(hash));
}

describe('lexiconOf', () => {
  const lexicon = lexiconKnowing([
    'pembayaran',
    'transfer',
    'account',
    'refund',
    'pesanan',
    'order',
    'cash',
  ]);

  it('knows the words whose features the model has, and no others', () => {
    expect(lexicon.knows('transfer')).toBe(true);
    expect(lexicon.knows('transfers')).toBe(false);
  });

  it.each([
    ['pembyaran', 'pembayaran'], // swapped neighbours
    ['transffer', 'transfer'], // an extra letter
    ['pembayran', 'pembayaran'], // a missing letter
    ['accounr', 'account'], // a wrong letter
    ['refunds', 'refund'], // a plural reads as the known singular
  ])('finds %j one slip away from %j', (typed, known) => {
    expect(lexicon.nearest(typed)).toBe(known);
  });

  it('corrects five-letter words by every edit but a wrong letter, four-letter ones by a swap only', () => {
    expect(lexicon.nearest('ordre')).toBe('order');
    expect(lexicon.nearest('refun')).toBe('refund');
    expect(lexicon.nearest('ordar')).toBeUndefined();
    expect(lexicon.nearest('csah')).toBe('cash');
    expect(lexicon.nearest('cassh')).toBe('cash');
    expect(lexicon.nearest('cahs')).toBe('cash');
    expect(lexicon.nearest('cach')).toBeUndefined();
    expect(lexicon.nearest('cah')).toBeUndefined();
  });

  it('finds nothing two slips away, in words with digits or in very long ones', () => {
    expect(lexicon.nearest('pmebyaran')).toBeUndefined();
    expect(lexicon.nearest('pesnan')).toBe('pesanan');
    expect(lexicon.nearest('transf3r')).toBeUndefined();
    expect(lexicon.nearest(`${'pembayaran'.repeat(2)}x`)).toBeUndefined();
  });

  it('corrects a slip of a rarer service word to it first, known to the model or not', () => {
    // "reclamacion" is known and one wrong letter from "reclamaion" too; the rarer word goes first.
    const withSpanish = lexiconKnowing(['refund', 'reclamacion']);
    expect(withSpanish.nearest('restituton')).toBe('restitution');
    expect(withSpanish.nearest('reclaqmation')).toBe('reclamation');
    expect(withSpanish.nearest('reclamaion')).toBe('reclamation');
    // Short words have too many neighbours: "amend" is not a slip of "amen".
    expect(withSpanish.nearest('amen')).toBeUndefined();
  });

  it('tries swapped letters before other edits', () => {
    // 'bacdefg' is a swap away from the first and an extra letter away from the second.
    const both = lexiconKnowing(['abcdefg', 'bacdef']);
    expect(both.nearest('bacdefg')).toBe('abcdefg');
    expect(lexiconKnowing(['bacdef']).nearest('bacdefg')).toBe('bacdef');
  });
});

describe('the request-for-writing signal', () => {
  // One shape feature more than the same words without the thing to write.
  const shapes = (text: string) => extractGroups(text).shape.size;

  it.each([
    ['write me a poem about my order', 'write me about my order'],
    ['buatin pantun tentang paket saya dong', 'buatin tentang paket saya dong'],
    ['escríbeme una canción sobre mi pedido', 'escríbeme sobre mi pedido'],
    ['escreva um poema sobre meu pedido', 'escreva sobre meu pedido'],
  ])('marks %j', (asking, plain) => {
    expect(shapes(asking)).toBe(shapes(plain) + 1);
  });

  it('leaves reviews alone: customers write those about their orders', () => {
    expect(shapes('I want to write a review of my order')).toBe(
      shapes('I want to write of my order'),
    );
  });
});
