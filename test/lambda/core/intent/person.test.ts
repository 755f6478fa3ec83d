import { describe, expect, it } from 'vitest';
import { asksForAPerson } from '../../../../lambda/core/intent/person.ts';

describe('asksForAPerson', () => {
  it.each([
    'can I speak to a manager about my complaint',
    'i need to talk to someone about a big order for my office',
    'Let me talk to a human, this bot is useless',
    'connect me to customer service please',
    'Could someone call me back about my order?',
    'can I speak with someone in English?',
    'saya mau bicara sama orang aja',
    'tolong sambungkan saya ke CS',
    'quiero hablar con alguien sobre mi pedido',
    'pásame con un asesor',
    'quero falar com um atendente',
    'me passa pra um humano',
    // A call asked for.
    'please call me about my order',
    'tolong telpon saya ya, makasih',
    'minta ditelpon balik ya',
    'quiero que me llame un asesor',
    'pode me ligar?',
  ])('reads %j as asking for a person', (text) => {
    expect(asksForAPerson(text)).toBe(true);
  });

  it.each([
    // Telling about a talk, or chatting about people, asks for nobody.
    'i was talking to your agent yesterday about my refund',
    'do you get tired of talking to people all day',
    'how can I contact customer service?',
    'what is your phone number',
    'the courier called me but I missed it',
    'my manager wants an invoice',
    'can you call me by my first name from now on',
    'nomor telpon CS berapa?',
    'el repartidor me llamó pero no contesté',
  ])('leaves %j to the score', (text) => {
    expect(asksForAPerson(text)).toBe(false);
  });
});
