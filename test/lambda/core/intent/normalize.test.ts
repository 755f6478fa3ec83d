import { describe, expect, it } from 'vitest';
import { foldText, normalizeTokens } from '../../../../lambda/core/intent/normalize.ts';

describe('normalizeTokens', () => {
  it.each([
    ['gmn kak, udh transfer blm masuk', ['bagaimana', 'sudah', 'transfer', 'belum', 'masuk']],
    ['knp paket sy blm dtg dong', ['kenapa', 'paket', 'saya', 'belum', 'datang']],
    ['brp ongkir ke medan ya kak', ['berapa', 'ongkir', 'ke', 'medan']],
    ['Bagaimana saya bisa MEMBAYAR?', ['bagaimana', 'saya', 'bisa', 'membayar']],
    ['¿Cuándo llegará mi pedido?', ['cuando', 'llegara', 'mi', 'pedido']],
    ['Não recebi o reembolso', ['nao', 'recebi', 'o', 'reembolso']],
    ['pls help, my acct is locked', ['please', 'help', 'my', 'account', 'is', 'locked']],
  ])('normalises %j', (text, expected) => {
    expect(normalizeTokens(text)).toEqual(expected);
  });

  it('collapses numbers and splits them from letters when an amount is glued to a word', () => {
    expect(normalizeTokens('transfer 100rb ke rek 1234567')).toEqual([
      'transfer',
      '0',
      'rb',
      'ke',
      'rekening',
      '0',
    ]);
  });

  it('reads digit reduplication ("barang2") as the plural word, not a number', () => {
    expect(normalizeTokens('barang2 saya')).toEqual(['barang', 'saya']);
  });

  it('drops Indonesian particles and terms of address that carry tone, not topic', () => {
    expect(normalizeTokens('min, kok belum dikirim sih kak?')).toEqual(['belum', 'kirim']);
  });
});

describe('foldText', () => {
  it('strips accents and folds letter runs of three or more', () => {
    expect(foldText('Halooooo Ñandú, pleeease')).toBe('haloo nandu, pleease');
  });
});
