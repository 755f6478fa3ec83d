import { describe, expect, it } from 'vitest';
import { trainClassifier } from '../../../../lambda/core/intent/classifier.ts';
import type { TrainingSet } from '../../../../lambda/core/ports.ts';

const set: TrainingSet = {
  languages: ['id', 'en', 'es', 'pt'],
  defaultLanguage: 'id',
  intents: [
    {
      id: 'order_status',
      examples: {
        en: ['Where is my order?', 'Has my parcel shipped?'],
        id: ['Pesanan saya sudah sampai mana?', 'Paket saya sudah dikirim belum?'],
        es: ['¿Dónde está mi pedido?', '¿Ya enviaron mi paquete?'],
        pt: ['Onde está meu pedido?', 'Minha encomenda já foi enviada?'],
      },
    },
  ],
};

describe('language detection', () => {
  const classifier = trainClassifier(set);

  it.each([
    ['Where is my order? It has been a week', 'en'],
    ['I would like to know when the package will arrive', 'en'],
    ['kak paketku udh dikirim blm ya?', 'id'],
    ['Pesanan saya belum datang, tolong dicek', 'id'],
    ['gmn cara retur barang yg rusak', 'id'],
    ['¿Cuándo llega mi pedido? Lo pedí el lunes', 'es'],
    ['Quiero devolver los zapatos que compré', 'es'],
    ['Quando chega minha encomenda? Comprei na segunda', 'pt'],
    ['Não recebi meu pedido ainda, vocês podem verificar?', 'pt'],
  ])('detects %j as %s', (text, language) => {
    expect(classifier.classify(text).language).toBe(language);
  });

  it('falls back to the default language for German, which the profile does not serve', () => {
    expect(
      classifier.classify('Wo ist meine Bestellung? Ich warte seit einer Woche').language,
    ).toBe('id');
  });

  it('falls back to the default language when the text is too short to tell, and says so', () => {
    expect(classifier.classify('ok')).toMatchObject({ language: 'id', languageDetected: false });
    expect(classifier.classify('👍')).toMatchObject({ language: 'id', languageDetected: false });
    expect(
      classifier.classify('Wo ist meine Bestellung? Ich warte seit einer Woche').languageDetected,
    ).toBe(false);
    expect(classifier.classify('Where is my order? It has been a week').languageDetected).toBe(
      true,
    );
  });

  // By their trigrams "wkwk" read as Portuguese and "lol" as Spanish, so an Indonesian chat that
  // laughed was answered in Portuguese. The reply now takes the chat's earlier language.
  it.each(['wkwkwk', 'lol', 'hahaha', 'hmmm', 'jajaja', 'kkkk', 'wow', 'ok okay'])(
    'names no language for the chat noise %j',
    (text) => {
      expect(classifier.classify(text)).toMatchObject({ language: 'id', languageDetected: false });
    },
  );

  it('still reads the language of a request beside the noise', () => {
    expect(classifier.classify('wkwk paket saya belum sampai')).toMatchObject({
      language: 'id',
      languageDetected: true,
    });
    expect(classifier.classify('lol where is my order')).toMatchObject({
      language: 'en',
      languageDetected: true,
    });
  });
});
