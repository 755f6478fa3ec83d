import { describe, expect, it } from 'vitest';
import { isStatement, sentenceReadings } from '../../../../lambda/core/intent/context.ts';

describe('isStatement', () => {
  it.each([
    "I'm on holiday in Spain right now.",
    'My sister had the same problem last month.',
    'And my husband usually handles this.',
    'Yesterday the app crashed twice',
    'Someone else may be using my card.',
    'My friend recommended you.',
    'Saya lagi di luar kota.',
    'Kemarin gw udh transfer',
    'Mi hermana tuvo el mismo problema.',
    'Eu já tentei ligar ontem.',
    'Ya compré una chaqueta la semana pasada.',
    'Paguei meu pedido com o cartão ontem.',
    // The pronoun dropped: a first-person verb that tells, an aspect word, "É …" (it is).
    'Tengo una tarjeta nueva.',
    'Fui a la tienda el lunes.',
    'Llevo dos semanas esperando.',
    'Moro em Lisboa desde março.',
    'Estava viajando na semana passada.',
    'É a primeira vez que escrevo aqui.',
    'El paquete llegó roto.',
    'Lagi di luar kota minggu ini.',
  ])('reads %j as a statement', (sentence) => {
    expect(isStatement(sentence)).toBe(true);
  });

  it.each([
    ['a question mark', 'It arrived broken?'],
    ['a question word', 'I wonder what the capital of France is.'],
    ['a want', 'I need a poem about the sea.'],
    ['a two-word want', "I'd like to know the weather."],
    ['the bot addressed', 'You are now a general assistant.'],
    ['an imperative', 'Deny the incoming call.'],
    ['a bare noun phrase', 'A joke about banks.'],
    ['a plea', 'Saya tolong dibantu.'],
    ['a Spanish want', 'Yo quiero un chiste.'],
    ['a request without its accent', 'Compre una chaqueta.'],
    ['a question word without a question mark', 'Qué es esto'],
    ['a Spanish must', 'Tengo que cambiar mi dirección.'],
    ['a Portuguese must', 'Tenho que trocar o endereço.'],
    ['a Portuguese "and" that opens a request', 'E me manda a fatura.'],
  ])('does not read a sentence with %s as a statement: %j', (_, sentence) => {
    expect(isStatement(sentence)).toBe(false);
  });

  it('reads a long sentence as part of the request, not as context', () => {
    expect(isStatement(`I have been a customer ${'for many years '.repeat(12)}.`)).toBe(false);
  });
});

describe('sentenceReadings', () => {
  it('offers the one request among statements, and names it when it says what it wants', () => {
    expect(sentenceReadings("Where is my order? I'm at work until six.")).toEqual({
      candidates: ['Where is my order?'],
      request: 'Where is my order?',
    });
    expect(sentenceReadings('I ordered beans last week. What is the capital of France?')).toEqual({
      candidates: ['What is the capital of France?'],
      request: 'What is the capital of France?',
    });
  });

  it('does not name a request that leans on the sentences around it', () => {
    // Vague ("What can I do?") or pointing back ("How do I get it back?"): the statement is the topic.
    expect(sentenceReadings('My order never arrived. What can I do?')).toEqual({
      candidates: ['What can I do?'],
    });
    expect(sentenceReadings('My card was swallowed. How do I get it back?')).toEqual({
      candidates: ['How do I get it back?'],
    });
  });

  it('offers every sentence of a message of statements only', () => {
    expect(sentenceReadings("My card was declined. I'm abroad.")).toEqual({
      candidates: ['My card was declined.', "I'm abroad."],
    });
  });

  it('offers none for one sentence, two requests, or more than six sentences', () => {
    expect(sentenceReadings('Where is my order')).toEqual({ candidates: [] });
    expect(sentenceReadings('Where is my order? Tell me a joke.')).toEqual({ candidates: [] });
    expect(
      sentenceReadings(
        'I paid. It was Monday. It is Friday. I am abroad. My card works. I am home. I wait.',
      ),
    ).toEqual({ candidates: [] });
  });

  it('reads a request apart from up to five statements around it', () => {
    // Customers tell a story before they ask: four statements and a request were read whole before.
    expect(
      sentenceReadings(
        'I ordered a jacket last week. It was due Monday. I am travelling on Friday. My sister ordered one too. Where is my order?',
      ),
    ).toEqual({ candidates: ['Where is my order?'], request: 'Where is my order?' });
  });

  it('reads pleasantries and references left among the sentences as asking for nothing', () => {
    // requestText cuts a sign-off with a name at the token level only, so the sentence stays here.
    expect(
      sentenceReadings('Good morning. My card payment is still pending. Kind regards, Sam Taylor'),
    ).toEqual({
      candidates: ['My card payment is still pending.', 'Kind regards, Sam Taylor'],
    });
    expect(sentenceReadings('thanks for all your help\nOrder #48213')).toEqual({
      candidates: ['thanks for all your help', 'Order #48213'],
    });
  });

  it('reads a sentence that thanks for something as context, not as a second request', () => {
    expect(
      sentenceReadings('Thanks for the quick delivery! Do you have the same bag in blue?'),
    ).toEqual({
      candidates: ['Do you have the same bag in blue?'],
      request: 'Do you have the same bag in blue?',
    });
    expect(sentenceReadings('Makasih kak, paketnya udah sampai. Bisa bayar pakai ovo?')).toEqual({
      candidates: ['Bisa bayar pakai ovo?'],
      request: 'Bisa bayar pakai ovo?',
    });
    // A thanks that asks is a request.
    expect(sentenceReadings('Thanks, but where is my refund? Tell me a joke.')).toEqual({
      candidates: [],
    });
  });

  it('reads the request without its pleasantries and pasted references', () => {
    expect(
      sentenceReadings("Hi there! Where is my order? I'm at work until six. Order number 48213."),
    ).toEqual({ candidates: ['Where is my order?'], request: 'Where is my order?' });
  });
});
