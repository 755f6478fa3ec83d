import { describe, expect, it } from 'vitest';
import {
  asksNothing,
  foldText,
  forgetMessage,
  isAside,
  type Lexicon,
  normalizeTokens,
  repairTokens,
  requestText,
  requestTokens,
  sentencesOf,
  splitGlued,
} from '../../../../lambda/core/intent/normalize.ts';

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
    // A clinic's patients address the dentist as "dok"; "dokter" stays a word.
    expect(normalizeTokens('makasih dok')).toEqual(['terima', 'kasih']);
    expect(normalizeTokens('ketemu dokter')).toEqual(['ketemu', 'dokter']);
  });

  // The slang table was a plain object, so "constructor" read as Object's constructor and threw.
  it.each(['constructor', 'toString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf'])(
    'reads %j as a word, not as a property of the slang table',
    (word) => {
      expect(normalizeTokens(`what is ${word}`)).toEqual(['what', 'is', word.toLowerCase()]);
      expect(
        repairTokens([word.toLowerCase()], { knows: () => false, nearest: () => undefined }),
      ).toEqual([word.toLowerCase()]);
    },
  );

  it.each(['P', 'p kak', 'pp', 'P min!', 'p p'])(
    'reads the Indonesian chat ping %j, sent alone, as a greeting',
    (text) => {
      expect(normalizeTokens(text)).toEqual(normalizeTokens('halo'));
    },
  );

  it('keeps "p" a letter inside a sentence', () => {
    expect(normalizeTokens('how much is p&p')).toEqual(['how', 'much', 'is', 'p', 'p']);
  });

  it('drops swear words used as intensifiers: an angry customer asks the same thing', () => {
    expect(normalizeTokens('where is my damn refund')).toEqual(
      normalizeTokens('where is my refund'),
    );
    expect(normalizeTokens('la maldita tarjeta no funciona')).toEqual(
      normalizeTokens('la tarjeta no funciona'),
    );
  });
});

describe('the per-message memory', () => {
  it('reads a text once per message and again after forgetMessage, to the same tokens', () => {
    forgetMessage();
    const first = normalizeTokens('Where is my order 12345?');
    expect(normalizeTokens('Where is my order 12345?')).toBe(first);
    forgetMessage();
    const again = normalizeTokens('Where is my order 12345?');
    expect(again).not.toBe(first);
    expect(again).toEqual(['where', 'is', 'my', 'order', '0']);
    expect(first).toEqual(again);
  });

  it('stays bounded when one message has very many sentences', () => {
    forgetMessage();
    const first = normalizeTokens('sentence number zero');
    for (let i = 1; i <= 200; i++) normalizeTokens(`sentence number ${'x'.repeat(i)}`);
    // The oldest entry went first, so the text is read anew.
    expect(normalizeTokens('sentence number zero')).not.toBe(first);
  });
});

describe('glued words', () => {
  const vocabulary = new Set([
    'belum',
    'sampai',
    'paket',
    'saya',
    'you',
    'help',
    'cancel',
    'my',
    'order',
    'ok',
  ]);
  const knownWord = (word: string) => vocabulary.has(word);
  const lexicon: Lexicon = {
    knows: knownWord,
    nearest: (word) => (word === 'pakett' ? 'paket' : undefined),
  };

  it.each([
    ['blmsampai', ['blm', 'sampai']],
    ['paketsaya', ['paket', 'saya']],
    ['uhelp', ['u', 'help']],
    ['cancelmyorder', ['cancel', 'my', 'order']],
    ['paketkaksaya', ['paket', 'kak', 'saya']],
  ])('splits %j into pieces the vocabulary knows', (run, pieces) => {
    expect(splitGlued(run, knownWord)).toEqual(pieces);
  });

  it('leaves a run alone when a piece would be unknown or a trailing lone letter, or the run is short or long', () => {
    expect(splitGlued('paketxyz', knownWord)).toBeUndefined();
    expect(splitGlued('okay', knownWord)).toBeUndefined();
    expect(splitGlued('apaket', knownWord)).toBeUndefined();
    // One-letter shorthand leads a glued run ("uhelp"); trailing, it is likelier a slip.
    expect(splitGlued('paketu', knownWord)).toBeUndefined();
    // A piece of two letters counts as written, not through the slang table: "warranty" split into
    // "war ran ty" read as "war ran thanks", and the shop answered it with its greeting (0.72).
    const withWar = (word: string) => ['war', 'ran', 'thanks'].includes(word) || knownWord(word);
    expect(splitGlued('warranty', withWar)).toBeUndefined();
    expect(splitGlued('helpok', knownWord)).toEqual(['help', 'ok']);
    expect(splitGlued('paket'.repeat(5), knownWord)).toBeUndefined();
  });

  it('prefers the most even split when two are possible', () => {
    const words = new Set(['ab', 'abcd', 'cdef', 'ef']);
    expect(splitGlued('abcdef', (w) => words.has(w))).toEqual(['ab', 'cdef']);
    words.add('abc');
    words.add('def');
    expect(splitGlued('abcdef', (w) => words.has(w))).toEqual(['abc', 'def']);
  });

  it('reads a glued run as the words it splits into, slang mapped and fillers dropped', () => {
    expect(repairTokens(normalizeTokens('blmsampai paketkaksaya'), lexicon)).toEqual([
      'belum',
      'sampai',
      'paket',
      'saya',
    ]);
    expect(repairTokens(normalizeTokens('uhelp'), lexicon)).toEqual(['you', 'help']);
  });

  it('reads an unknown word that does not split as the known word the lexicon finds one slip away', () => {
    expect(repairTokens(normalizeTokens('pakett saya'), lexicon)).toEqual(['paket', 'saya']);
  });

  it('repairs at most four unknown words per message, so a paste of them stays cheap', () => {
    expect(repairTokens(normalizeTokens('pakett pakett pakett pakett pakett'), lexicon)).toEqual([
      'paket',
      'paket',
      'paket',
      'paket',
      'pakett',
    ]);
  });

  it('repairs one unknown word only in a message of more than 16 words', () => {
    const long = ['pakett', ...Array.from({ length: 15 }, () => 'saya'), 'pakett'];
    expect(repairTokens(long, lexicon)).toEqual(['paket', ...long.slice(1, -1), 'pakett']);
    // Sixteen words still get every repair.
    const sixteen = long.slice(1);
    sixteen[0] = 'pakett';
    expect(repairTokens(sixteen, lexicon)).toEqual(['paket', ...sixteen.slice(1, -1), 'paket']);
  });

  it('never repairs a pleasantry into a known word ("regards" is not a slip of "rewards")', () => {
    const rewards: Lexicon = { knows: (w) => w === 'rewards', nearest: () => 'rewards' };
    expect(repairTokens(normalizeTokens('kind regards'), rewards)).toEqual(['kind', 'regards']);
    expect(repairTokens(normalizeTokens('rewadrs'), rewards)).toEqual(['rewards']);
  });

  it('keeps a word of the concept lexicon that a correction would take out of its concept', () => {
    // "defective" is no profile's word, but "detective" is the corpus's: corrected, the damage was gone.
    const detective: Lexicon = {
      knows: (w) => w === 'detective' || w === 'restitution',
      nearest: (w) => (w === 'restituton' ? 'restitution' : 'detective'),
    };
    expect(repairTokens(['arrived', 'defective'], detective)).toEqual(['arrived', 'defective']);
    // A slip that stays inside the concept is still repaired, and read as the concept's common word.
    expect(repairTokens(['restituton'], detective)).toEqual(['refund']);
    // A word no concept knows is corrected as before.
    expect(repairTokens(['detectiv'], detective)).toEqual(['detective']);
  });

  it('reads a rarer customer-service synonym as its common word ("restitution" is a refund)', () => {
    const known = new Set([
      'i',
      'want',
      'a',
      'refund',
      'file',
      'complaint',
      'fee',
      'cancellation',
      'invoice',
      'to',
    ]);
    const words: Lexicon = { knows: (w) => known.has(w), nearest: () => undefined };
    expect(repairTokens(normalizeTokens('I want a restitution'), words)).toEqual([
      'i',
      'want',
      'a',
      'refund',
    ]);
    expect(repairTokens(normalizeTokens('file a Reclamation'), words)).toEqual([
      'file',
      'a',
      'complaint',
    ]);
    expect(repairTokens(normalizeTokens('termination fee'), words)).toEqual([
      'cancellation',
      'fee',
    ]);
    // Training text is read as written: only a customer's message is mapped.
    expect(normalizeTokens('I want a restitution')).toEqual(['i', 'want', 'a', 'restitution']);
    // "Reimburse" is left alone: an invoice for an expense claim is not a refund.
    expect(repairTokens(normalizeTokens('invoice to reimburse'), words)).toEqual([
      'invoice',
      'to',
      'reimburse',
    ]);
  });

  it('reads an unknown word corrected to a synonym as its common word ("restituton")', () => {
    // The lexicon corrects a slip to the rarer word (lexiconOf); the message reads its common word.
    const corrections = new Map([
      ['restituton', 'restitution'],
      ['reclaqmation', 'reclamation'],
    ]);
    const words: Lexicon = { knows: (w) => w === 'refund', nearest: (w) => corrections.get(w) };
    expect(repairTokens(['restituton'], words)).toEqual(['refund']);
    expect(repairTokens(['reclaqmation'], words)).toEqual(['complaint']);
    expect(repairTokens(['amen'], words)).toEqual(['amen']);
  });

  it('keeps known words and unknown unsplittable runs whole, and repairs nothing without a lexicon', () => {
    expect(repairTokens(normalizeTokens('paket kurirnya'), lexicon)).toEqual(['paket', 'kurirnya']);
    expect(normalizeTokens('blmsampai')).toEqual(['blmsampai']);
  });
});

describe('requestTokens', () => {
  const read = (text: string) => requestTokens(normalizeTokens(text));

  it.each([
    ['Hi there! Where is my order? Thanks a lot.', ['where', 'is', 'my', 'order']],
    [
      'Halo kak, selamat pagi. Paket saya belum sampai, makasih ya',
      ['paket', 'saya', 'belum', 'sampai'],
    ],
    ['Hola, buenos días. ¿Dónde está mi pedido? Muchas gracias', ['donde', 'esta', 'mi', 'pedido']],
    ['Oi, bom dia! Cadê meu pedido? Valeu', ['cade', 'meu', 'pedido']],
    [
      'Hello, write me a poem about the sea, thank you',
      ['write', 'me', 'a', 'poem', 'about', 'the', 'sea'],
    ],
  ])('reads the request inside %j', (text, request) => {
    expect(read(text)).toEqual(request);
  });

  it.each([
    'hello',
    'Hi there, good morning',
    'thanks a lot',
    'terima kasih banyak kak',
    'hi, thanks!',
  ])('keeps %j whole: it is only pleasantries', (text) => {
    expect(read(text)).toEqual(normalizeTokens(text));
  });

  it.each([
    ['where is my order have a nice day', ['where', 'is', 'my', 'order']],
    ['paket saya belum sampai ditunggu ya kak, makasih', ['paket', 'saya', 'belum', 'sampai']],
    ['where is my order best regards sam taylor', ['where', 'is', 'my', 'order']],
    ['donde esta mi pedido, que tengas un buen dia', ['donde', 'esta', 'mi', 'pedido']],
  ])('cuts closing phrases and sign-offs in any order: %j', (text, request) => {
    expect(read(text)).toEqual(request);
  });

  it('keeps a message whole when what the pleasantries leave only acknowledges', () => {
    const tokens = normalizeTokens('mantap kak, makasih ya');
    expect(requestTokens(tokens)).toEqual(tokens);
    // A request between them is still cut out.
    expect(requestTokens(normalizeTokens('halo, cek saldo dong, makasih'))).toEqual([
      'cek',
      'saldo',
    ]);
  });

  it('keeps words that open or close a request without a greeting or thanks among them', () => {
    expect(read('all my orders are late')).toEqual(['all', 'my', 'orders', 'are', 'late']);
    expect(read('how much is it')).toEqual(['how', 'much', 'is', 'it']);
    expect(read('thanks for the fast delivery')).toEqual([
      'thanks',
      'for',
      'the',
      'fast',
      'delivery',
    ]);
  });
});

describe('requestText', () => {
  it.each([
    [
      'Hi! Thanks for getting back to me. Where is my order? Have a nice day.',
      'Where is my order?',
    ],
    ['Good morning, hope you are well. My card was declined.', 'My card was declined.'],
    ['Halo kak, mau tanya. Paket saya belum sampai.', 'Paket saya belum sampai.'],
    ['Hola, espero que estés bien. ¿Dónde está mi pedido?', '¿Dónde está mi pedido?'],
    ['Oi, tudo bem? Meu pedido não chegou. Tenha um bom dia.', 'Meu pedido não chegou.'],
  ])('reads %j without its courtesy sentences', (text, request) => {
    expect(requestText(text)).toBe(request);
  });

  it('keeps a sentence with one content word, and a message that is only courtesy', () => {
    expect(requestText('Thanks for the fast delivery! Where is my invoice?')).toBe(
      'Thanks for the fast delivery! Where is my invoice?',
    );
    expect(requestText('Hi! Hope you are well. Have a nice day.')).toBe(
      'Hi! Hope you are well. Have a nice day.',
    );
  });
});

describe('pasted references', () => {
  it.each([
    ['Write me a poem. Account number 1234567890.', 'Write me a poem.'],
    ['Where is my order? Order number 48213.', 'Where is my order?'],
    ['Hi! Where is my order? Invoice no. 2291. Thanks!', 'Where is my order?'],
    ['I want a refund, order 48213.', 'I want a refund'],
    ['Order ID: SH-48213. When will it ship?', 'When will it ship?'],
    ['Order 48213: tell me a joke', 'tell me a joke'],
    ['Order 48213 - tell me a joke', 'tell me a joke'],
    ['Where is my stuff, order ID: SH-48213', 'Where is my stuff'],
    ['Paket saya belum sampai. No resi JX8812345', 'Paket saya belum sampai.'],
    ['¿Dónde está mi pedido?\nPedido #4821', '¿Dónde está mi pedido?'],
  ])('cuts the reference sentence or clause from %j', (text, request) => {
    expect(requestText(text)).toBe(request);
  });

  it.each([
    // the only sentence: the reference is the message
    'Tracking number JX8812345',
    // no number: "my order" is what the question is about
    'Where is it? My order.',
    // a number without a reference word
    'How much is the jacket? Is it 50?',
  ])('keeps %j whole', (text) => {
    expect(requestText(text)).toBe(text);
  });

  const read = (text: string) => requestTokens(normalizeTokens(text));

  it.each([
    [
      'what is the capital of france order number 48213',
      ['what', 'is', 'the', 'capital', 'of', 'france'],
    ],
    ['my card was declined my order number is 48213', ['my', 'card', 'was', 'declined']],
    ['paket saya belum sampai no resi JX8812345', ['paket', 'saya', 'belum', 'sampai']],
    ['cual es el estado numero de pedido 48213', ['cual', 'es', 'el', 'estado']],
    ['i lost my card ref 8812', ['i', 'lost', 'my', 'card']],
    ['where is my stuff order number 48213 thanks a lot', ['where', 'is', 'my', 'stuff']],
  ])('cuts a labelled reference that ends %j without punctuation', (text, request) => {
    expect(read(text)).toEqual(request);
  });

  it.each([
    // the reference may be the request's object: too little would remain
    'where is my order number 48213',
    'cancel order number 48213',
    // no label: "order 48213" is what is asked about
    'can you check the status of order 48213',
  ])('keeps %j whole', (text) => {
    expect(read(text)).toEqual(normalizeTokens(text));
  });
});

describe('isAside', () => {
  it.each([
    'Kind regards, Sam Taylor',
    'Good morning, hope you are well.',
    'Thanks a lot!',
    'Terima kasih atas bantuannya.',
    'Order #48213',
  ])('reads %j as an aside', (sentence) => {
    expect(isAside(sentence)).toBe(true);
  });

  it.each(['I lost my card.', 'Where is my order', 'hello there ai'])(
    'reads %j as saying something',
    (sentence) => {
      expect(isAside(sentence)).toBe(false);
    },
  );
});

describe('foldText', () => {
  it('strips accents and folds letter runs of three or more', () => {
    expect(foldText('Halooooo Ñandú, pleeease')).toBe('haloo nandu, pleease');
  });
});

describe('asksNothing', () => {
  it.each([
    'ok',
    'Ok thanks!',
    'Oke kak, makasih',
    'ya kak',
    '👍 sip',
    'Vale, gracias',
    'beleza',
    'the',
    'and?',
    'yang itu',
    'de la',
  ])('reads %j as asking for nothing', (text) => {
    expect(asksNothing(text)).toBe(true);
  });

  it.each([
    'ok where is my order',
    'no refund?',
    'yes I want to cancel',
    'how',
    'the order',
    'ongkir',
    '👍',
    '',
  ])('does not read %j as asking for nothing', (text) => {
    expect(asksNothing(text)).toBe(false);
  });
});

describe('sentencesOf', () => {
  it('splits at end marks followed by a space or the end, and at line breaks', () => {
    expect(sentencesOf('Where is my order?! It was due Monday.\nThanks')).toEqual([
      'Where is my order?!',
      'It was due Monday.',
      'Thanks',
    ]);
  });

  it('keeps a dot inside a number or a word whole, and drops pieces without a letter', () => {
    expect(sentencesOf('Future of Industry 4.0 Europe. The fee was $12.50 ... 48213.')).toEqual([
      'Future of Industry 4.0 Europe.',
      'The fee was $12.50 ...',
    ]);
  });
});
