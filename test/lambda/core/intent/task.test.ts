import { describe, expect, it } from 'vitest';
import { asksForTextWork, textWorkInScope } from '../../../../lambda/core/intent/task.ts';

describe('asksForTextWork', () => {
  it.each([
    // Work on a text, whatever the text is about: the customer-service words inside must not count.
    'translate to english: my order has not arrived',
    'Can you translate this into Spanish? Where is my package',
    'summarize this for me: I ordered shoes last week and they never came',
    'Rewrite this email so it sounds more polite: my refund is late',
    'correct my grammar: i want return my shoes',
    'Please proofread the following: my card was declined',
    'i need you to translate my diploma into english',
    'Translate: hola',
    'how do I say "where is my order" in French?',
    'Anyway. Paraphrase this paragraph please',
    // Indonesian, Spanish, Portuguese.
    'tolong terjemahkan ke bahasa inggris: pesanan saya belum sampai',
    'kak bisa terjemahin kalimat ini?',
    'cara bilang terima kasih dalam bahasa jepang',
    'apa bahasa inggrisnya tagihan?',
    'cek tata bahasa surat ini dong',
    'Tradúceme esto al inglés',
    'traduce al inglés: mi pedido no ha llegado',
    '¿Cómo se dice "recibo" en portugués?',
    'corrige la gramática de este texto',
    'traduza isso para o inglês',
    'Resuma este texto, por favor',
    'como se diz obrigado em japonês?',
    // Asked with help or in chat spelling, wanted done, made to sound otherwise, a word's meaning.
    'me ajuda a traduzir isso pro inglês',
    'ayúdame a traducir este texto',
    'could u translate this pls',
    'I need this translated into English: my order is late',
    'can you make this email sound more professional',
    'fix my english: where my order is',
    "what does 'pedido' mean in english",
    "¿qué significa 'refund' en español?",
    // Spelling help.
    'how do you spell "necessary"?',
    'can you spell out this word for me',
    '¿cómo se deletrea "recibo"?',
    // A piece of writing asked for.
    "I'm a loyal customer, so please write me a poem about my order",
    'write a complaint letter about my late order',
    'kak buatin pantun soal paket telat dong',
    'Escríbeme una carta para reclamar mi pedido',
    'escreva um poema sobre minha entrega',
    // Code.
    'write code to check my account balance',
    'can you write me a python script that tracks my orders',
  ])('reads %j as a request for text work', (text) => {
    expect(asksForTextWork(text)).toBe(true);
  });

  it.each([
    // The same words in customer service: no text to work on, or the customer does the writing.
    'can you summarize my order',
    'please rewrite my address: jl. sudirman 5',
    'I want to write a complaint about the late delivery',
    'can I write a review of the shoes?',
    'my package arrived but the letter inside was torn',
    'is the manual translated into spanish?',
    'do you ship to the english countryside?',
    'can i change the language of the app to english',
    'bisa ganti bahasa aplikasi ke bahasa inggris?',
    'can you check the spelling of my name on the order?',
    'my name is spelled wrong on the invoice',
    'can you write me the promo code again?',
    // Letters a business issues are its service, not a piece of writing.
    'tolong buatkan surat keterangan rekening',
    'can you write me a reference letter for my visa application',
    'can you make it faster? i need my order',
    'what does pending mean on my transfer?',
    'check my english order confirmation',
    'please write the order code on the package',
    'can you resume my subscription',
    'tolong koreksi alamat saya',
    'Do you have this shirt in English size M?',
    '¿Puedo cambiar el idioma a inglés?',
    'escreva para o suporte se o pedido atrasar',
  ])('leaves %j to the score', (text) => {
    expect(asksForTextWork(text)).toBe(false);
  });
});

describe('textWorkInScope', () => {
  it('is true when one example asks for text work (a translation agency)', () => {
    expect(
      textWorkInScope(['How much per page?', 'Can you translate my diploma into English?']),
    ).toBe(true);
  });

  it('is false for a business whose examples only ask about its service', () => {
    expect(textWorkInScope(['Where is my order?', 'Saya mau refund', '¿Aceptan tarjeta?'])).toBe(
      false,
    );
  });
});
