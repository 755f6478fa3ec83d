// Text normalisation for the scope classifier: folds case, accents, chat spelling and slang so that
// "gmn kak udh transfer blm masuk" and "bagaimana sudah transfer belum masuk" share features.
import { conceptsOf } from './concepts.ts';

/**
 * Chat shorthand and spelling variants mapped to one canonical word. Indonesian carries most of it
 * (informal WhatsApp Indonesian abbreviates heavily); en/es/pt get the common texting forms.
 * Keys and values are already lowercased and accent-free.
 */
const SLANG: ReadonlyMap<string, string> = new Map(
  Object.entries({
    // id: question words and aspect markers
    gmn: 'bagaimana',
    gmna: 'bagaimana',
    gimana: 'bagaimana',
    gimna: 'bagaimana',
    bgmn: 'bagaimana',
    bgmana: 'bagaimana',
    knp: 'kenapa',
    napa: 'kenapa',
    mengapa: 'kenapa',
    brp: 'berapa',
    brapa: 'berapa',
    brapa2: 'berapa',
    kpn: 'kapan',
    dmn: 'dimana',
    dmna: 'dimana',
    mana2: 'mana',
    udh: 'sudah',
    udah: 'sudah',
    sdh: 'sudah',
    dah: 'sudah',
    blm: 'belum',
    blum: 'belum',
    lom: 'belum',
    tdk: 'tidak',
    gak: 'tidak',
    ga: 'tidak',
    gk: 'tidak',
    nggak: 'tidak',
    ngga: 'tidak',
    enggak: 'tidak',
    engga: 'tidak',
    kagak: 'tidak',
    tak: 'tidak',
    bs: 'bisa',
    bsa: 'bisa',
    sy: 'saya',
    aku: 'saya',
    aq: 'saya',
    gw: 'saya',
    gue: 'saya',
    gua: 'saya',
    sya: 'saya',
    km: 'kamu',
    kmu: 'kamu',
    lu: 'kamu',
    yg: 'yang',
    dgn: 'dengan',
    dg: 'dengan',
    sm: 'sama',
    sma: 'sama',
    tp: 'tapi',
    tpi: 'tapi',
    krn: 'karena',
    karna: 'karena',
    soalnya: 'karena',
    jg: 'juga',
    jga: 'juga',
    aja: 'saja',
    aj: 'saja',
    doang: 'saja',
    trs: 'terus',
    trus: 'terus',
    lg: 'lagi',
    lgi: 'lagi',
    utk: 'untuk',
    untk: 'untuk',
    dr: 'dari',
    dri: 'dari',
    kl: 'kalau',
    kalo: 'kalau',
    klo: 'kalau',
    klu: 'kalau',
    pengen: 'ingin',
    pgn: 'ingin',
    pingin: 'ingin',
    mau: 'ingin',
    mo: 'ingin',
    bgt: 'sekali',
    banget: 'sekali',
    tlg: 'tolong',
    tolongin: 'tolong',
    mohon: 'tolong',
    gmana: 'bagaimana',
    sblm: 'sebelum',
    stlh: 'setelah',
    abis: 'habis',
    hbs: 'habis',
    bikin: 'membuat',
    buat: 'membuat',
    ngirim: 'kirim',
    dikirim: 'kirim',
    ngecek: 'cek',
    check: 'cek',
    byr: 'bayar',
    pake: 'pakai',
    pk: 'pakai',
    brg: 'barang',
    dtg: 'datang',
    sampe: 'sampai',
    nyampe: 'sampai',
    pesen: 'pesan',
    krm: 'kirim',
    kmrn: 'kemarin',
    bsk: 'besok',
    skrg: 'sekarang',
    tgl: 'tanggal',
    msh: 'masih',
    ato: 'atau',
    blh: 'boleh',
    emg: 'memang',
    tf: 'transfer',
    trf: 'transfer',
    trx: 'transaksi',
    rek: 'rekening',
    norek: 'nomor rekening',
    nmr: 'nomor',
    hp: 'handphone',
    makasih: 'terima kasih',
    makasi: 'terima kasih',
    mksh: 'terima kasih',
    trims: 'terima kasih',
    thx: 'thanks',
    tq: 'thanks',
    ty: 'thanks',
    thanx: 'thanks',
    // en texting forms
    u: 'you',
    ur: 'your',
    r: 'are',
    pls: 'please',
    plz: 'please',
    pleasee: 'please',
    acct: 'account',
    acc: 'account',
    pwd: 'password',
    cc: 'credit card',
    im: 'i am',
    cant: 'can not',
    cannot: 'can not',
    dont: 'do not',
    didnt: 'did not',
    doesnt: 'does not',
    wont: 'will not',
    isnt: 'is not',
    whats: 'what is',
    wheres: 'where is',
    hows: 'how is',
    ive: 'i have',
    wanna: 'want to',
    gonna: 'going to',
    // es texting forms
    q: 'que',
    xq: 'porque',
    pq: 'porque',
    porq: 'porque',
    tb: 'tambien',
    tmb: 'tambien',
    tbm: 'tambem',
    xfa: 'por favor',
    porfa: 'por favor',
    // pt texting forms
    vc: 'voce',
    vcs: 'voces',
    voce: 'voce',
    nao: 'nao',
    tbem: 'tambem',
    obg: 'obrigado',
    obgd: 'obrigado',
    obrigada: 'obrigado',
    blz: 'beleza',
    td: 'tudo',
    hj: 'hoje',
  }),
);

/**
 * Rarer customer-service words read as the common word they mean. The concept lexicon already
 * links them, but the words, word pairs and nearest example still read "restitution" as unknown:
 * "i expect a restitution of 160 dollars" scored far below "... a refund ..." (0.17 against 0.71).
 * Only a customer's message is mapped (repairTokens): training text keeps its words. Only words with
 * one customer-service meaning are here: "reimburse" is also an expense claim, for which customers
 * ask for an invoice, and "purchase" is a card transaction at a bank, not an order.
 */
const SYNONYMS: ReadonlyMap<string, string> = new Map(
  Object.entries({
    restitution: 'refund',
    rebate: 'refund',
    reclamation: 'complaint',
    reclamations: 'complaint',
    grievance: 'complaint',
    grievances: 'complaint',
    termination: 'cancellation',
    terminate: 'cancel',
    modify: 'change',
    modified: 'changed',
    amend: 'change',
    // es / pt
    reintegro: 'reembolso',
    ressarcimento: 'reembolso',
  }),
);

/**
 * The rarer words SYNONYMS reads as common ones. A lexicon tries them first when it corrects a word
 * (lexiconOf), so a slip of one ("restituton") is corrected to it and then read as its common word,
 * like the word itself.
 */
export const SYNONYM_WORDS: readonly string[] = [...SYNONYMS.keys()];

/**
 * Conversational fillers that carry tone, not topic (Indonesian particles and terms of address,
 * which both in- and out-of-scope chat use). Dropped from the classifier's word features; the
 * language detector still sees them in the raw text.
 */
const FILLERS: ReadonlySet<string> = new Set([
  'kak',
  'ka',
  'kakak',
  'min',
  'mimin',
  'admin',
  'gan',
  'sis',
  'bro',
  'bang',
  'mas',
  'mbak',
  'mba',
  'pak',
  'bu',
  // A clinic's patients address the dentist so ("halo dok", "makasih dok"), as a shop's customers say
  // "kak": read as a word, "halo dok" was the dental clinic's insurance answer (1.00).
  'dok',
  'dong',
  'donk',
  'deh',
  'sih',
  'kok',
  'ya',
  'yah',
  'yaa',
  'nih',
  'nah',
  'loh',
  'lho',
  'kah',
  'toh',
  'tuh',
  'an',
  'eh',
  'hmm',
  'hm',
  'um',
  'uh',
  'damn',
  'goddamn',
  'dammit',
  'fucking',
  'fuckin',
  'fking',
  'effing',
  'freaking',
  'frigging',
  'bloody',
  'anjir',
  'njir',
  'anjay',
  'sialan',
  'pinche',
  'maldito',
  'maldita',
  'jodido',
  'jodida',
  'porra',
]);

// The patterns below are built once here, not written where they are used: esbuild (0.28, even for
// node24) emits a regex literal with \p{…} as `new RegExp(…)` in place, so inside a function the
// bundle would build it again on every call, for every token.
const MARKS = /\p{M}+/gu;
const LETTER_RUNS = /(\p{L})\1{2,}/gu;
const A_LETTER = /\p{L}/u;
const A_DIGIT = /\p{N}/u;
const SHORT_WORD = /^\p{L}{1,4}$/u;
/** A run of characters that are neither letters nor digits: what words are split on. */
export const NOT_WORD = /[^\p{L}\p{N}]+/u;
const LETTER_DIGIT_EDGE = /(?<=\p{L})(?=\p{N})|(?<=\p{N})(?=\p{L})/u;
const DIGITS_ONLY = /^\p{N}+$/u;
const LETTERS_ONLY = /^\p{L}+$/u;

const remembered: Map<string, unknown>[] = [];

/**
 * Remembers a pure function's results for one message. Reading a message asks for the same text's
 * folding and tokens from several places (the whole message, each sentence, the courtesy, aside and
 * reference checks, language detection): on the dev lines each distinct text was normalised twice
 * and folded four times. `forgetMessage` empties every such memory when the next message starts, so
 * a repeated text is never cheaper than a new one (the bench times each line three times) and
 * memory holds one message; `size` bounds a message of very many sentences.
 */
function perMessage<T>(read: (text: string) => T, size = 64): (text: string) => T {
  const latest = new Map<string, T>();
  remembered.push(latest);
  return (text) => {
    const known = latest.get(text);
    if (known !== undefined) return known;
    const value = read(text);
    if (latest.size >= size) latest.delete(latest.keys().next().value as string);
    latest.set(text, value);
    return value;
  };
}

/** Empties what `perMessage` remembered: call it before reading a new message. */
export function forgetMessage(): void {
  for (const latest of remembered) latest.clear();
}

/** Lowercases, strips accents and zero-width marks, and folds letter runs ("pleaseee" → "pleasee"). */
export const foldText: (text: string) => string = perMessage((text) =>
  text.normalize('NFKD').replace(MARKS, '').toLowerCase().replace(LETTER_RUNS, '$1$1'),
);

/** How one letter run reads: its canonical word(s) through the slang table, none for a filler. */
function readPart(part: string): readonly string[] {
  const mapped = SLANG.get(part);
  if (mapped !== undefined) return mapped.split(' ');
  return FILLERS.has(part) ? [] : [part];
}

/** Tries glued words only in runs this long or longer, and never in very long ones (pasted ids, hashes). */
const GLUED_MIN = 5;
const GLUED_MAX = 24;

/**
 * Splits a glued run ("blmsampai", "paketsaya", "uhelp") into two or three pieces that each read as
 * words the classifier knows, or returns undefined. Fewest pieces wins, then the most even split (its
 * shortest piece longest), then the first. A piece has two letters at least, unless it is leading chat
 * shorthand ("u"); fillers ("kak") count as known, since they are read and dropped.
 */
export function splitGlued(
  run: string,
  knownWord: (word: string) => boolean,
): string[] | undefined {
  if (run.length < GLUED_MIN || run.length > GLUED_MAX) return undefined;
  const known = new Map<string, boolean>();
  // A piece of two letters counts only as written: through the slang table "ty" is "thanks", and
  // "warranty" split into "war ran ty" (the shop answered "how long is the warranty" with its greeting).
  const isPiece = (piece: string): boolean => {
    let ok = known.get(piece);
    if (ok === undefined) {
      ok =
        piece.length >= 2 &&
        (FILLERS.has(piece) ||
          (piece.length === 2 ? knownWord(piece) : readPart(piece).every(knownWord)));
      known.set(piece, ok);
    }
    return ok;
  };
  // Shorthand of one letter leads ("uhelp"); at the end it is likelier a slip ("returr").
  const isFirst = (piece: string): boolean =>
    piece.length === 1 ? SLANG.has(piece) && readPart(piece).every(knownWord) : isPiece(piece);
  let best: string[] | undefined;
  let bestShortest = 0;
  const consider = (pieces: string[]) => {
    const shortest = Math.min(...pieces.map((p) => p.length));
    if (best === undefined || shortest > bestShortest) {
      best = pieces;
      bestShortest = shortest;
    }
  };
  for (let i = 1; i < run.length; i++) {
    const a = run.slice(0, i);
    const b = run.slice(i);
    if (isFirst(a) && isPiece(b)) consider([a, b]);
  }
  if (best !== undefined) return best;
  for (let i = 1; i < run.length - 1; i++) {
    const a = run.slice(0, i);
    if (!isFirst(a)) continue;
    for (let j = i + 1; j < run.length; j++) {
      const b = run.slice(i, j);
      const c = run.slice(j);
      if (isPiece(b) && isPiece(c)) consider([a, b, c]);
    }
  }
  return best;
}

/**
 * At most this many unknown words per message get a repair attempt (split, then correction): a
 * customer's message has a few, and a paste of unknown words must stay cheap to classify.
 */
const MAX_REPAIRS = 4;
/**
 * …and one in a message of more than 16 words. A slip rarely decides what a long message is about,
 * and long messages have the most unknown words: general-assistant pastes are where the repairs
 * cost most (up to 0.2 ms of a 1 ms p99). Measured: no dev figure moves, and the bench p99 falls
 * by about 0.2 ms (scope-lr-8).
 */
const MAX_REPAIRS_LONG = 1;
const LONG_MESSAGE_TOKENS = 16;

/** The words a trained classifier knows, to read glued and misspelt words by (features.ts builds it). */
export interface Lexicon {
  knows(word: string): boolean;
  /** A known word one typing slip away from `word`, or undefined. */
  nearest(word: string): string | undefined;
}

/** A set of words written as one space-separated string. */
export const wordSet = (list: string): ReadonlySet<string> => new Set(list.split(' '));

/**
 * Pleasantries that open a chat message (greetings, "excuse me", "quick question") and close it
 * (thanks, "please", "asap", a sign-off), as normalised tokens: slang is already mapped ("makasih" is
 * "terima kasih", "pls" is "please"). A run of these words counts as a formula only when it holds one
 * of the core words, so "all my orders" or "how much is it" keep theirs.
 */
const OPENING_CORE = wordSet(
  'hi hii hai hello helo hallo halo hey heya hiya hola ola oi ciao morning afternoon evening ' +
    'selamat pagi siang sore malam assalamualaikum permisi buenos buenas buen bom boa excuse sorry question',
);
const OPENERS = wordSet(
  `${[...OPENING_CORE].join(' ')} good day dear there team all everyone guys folks wr wb dia dias ` +
    'tardes noches tarde noite tudo bem me to bother you a quick',
);
/** Sign-offs: after one of these, up to three more words (a name) still belong to the closing. */
const SIGN_OFFS = wordSet(
  'thanks thank thankyou cheers regards sincerely terima kasih salam gracias saludos atentamente ' +
    'obrigado valeu atenciosamente cordialmente att abracos',
);
const CLOSING_CORE = wordSet(`${[...SIGN_OFFS].join(' ')} appreciate please asap urgent urgently`);
const CLOSERS = wordSet(
  `${[...CLOSING_CORE].join(' ')} you it in advance a lot so much very many best kind warm ` +
    'banyak sebelumnya muchas mil de antemano muito desde ja reply fast soon quickly',
);
const MAX_NAME_WORDS = 3;

/**
 * Words that acknowledge and ask for nothing ("ok", "sip kak", "vale", "beleza"), as normalised
 * tokens (accents folded: "sí" is "si").
 */
const ACKNOWLEDGEMENTS = wordSet(
  'ok okay oke okey okie okk kk k sip siap yes yeah yep yup no nope nah sure fine alright right ' +
    'cool great nice noted understood got hmm hm oh ah wow lol haha hehe wkwk baik iya ya y betul ' +
    'benar mantap si claro vale bueno dale perfecto entendido sim certo entendi beleza ta combinado',
);

/** A message that asks for nothing is short (asksNothing). */
const MAX_ASKS_NOTHING_CHARS = 80;

/**
 * Function words: articles, prepositions, conjunctions, auxiliaries and determiners in the four
 * languages, as normalised tokens. Alone they ask for nothing; the models, which read such a message
 * by little but its shortness, answered "the" with the shop's product-availability answer (0.81).
 * Question words ("how", "where") are not here: alone they still open a question.
 */
const FUNCTION_WORDS = wordSet(
  'a an the this that these those it its is are was were be been am do does did has have had of ' +
    'to in on at by for with from and or but so as if than then into about ' +
    'yang di ke dari dan atau itu ini adalah dengan untuk pada dalam juga ' +
    'el la los las un una unos unas de del al en y o que es son por para con se lo le su ' +
    'os as um uma uns umas do da dos das no na nos nas em e ou sao com',
);

/**
 * True when a message asks for nothing: every word acknowledges ("ok", "ok thanks", "Oke kak,
 * makasih", "👍 sip"), is a pleasantry, is a function word ("the", "and?"), or is a filler that
 * normalising drops ("ya kak").
 */
export function asksNothing(text: string): boolean {
  // Such messages are short; a longer message is not normalised once more to find that out.
  if (text.length > MAX_ASKS_NOTHING_CHARS || !A_LETTER.test(text)) return false;
  return normalizeTokens(text).every(
    (t) => ACKNOWLEDGEMENTS.has(t) || FUNCTION_WORDS.has(t) || isPleasantry(t),
  );
}

/** A word of the opening or closing pleasantries (a name after a sign-off is not one). */
function isPleasantry(token: string): boolean {
  return OPENERS.has(token) || CLOSERS.has(token);
}

/**
 * Words of the courtesy sentences customers put around a request ("Hope you are well.", "Thanks for
 * getting back to me.", "Sorry for the trouble.", "Have a nice day.", "Mau tanya.", "Espero que estés
 * bien.", "Tenho uma dúvida."), as normalised tokens. A sentence made only of these (and of the
 * greeting and thanks words) says nothing about what the customer wants; one content word keeps it.
 */
const COURTESY = wordSet(
  'i we you your it this that is am are be a an the to for of in on with my me us our so very really ' +
    'just and or hope hoping well doing good great nice fine having have has day weekend night one ' +
    'time help helping question questions ask asking quick little trouble bother bothering sorry ' +
    'apologies inconvenience reply replying response getting get back reaching out patience ' +
    'understanding please can could would will may do does hello hi ' +
    'ingin tanya numpang boleh ditunggu tunggu balasannya kabarnya kabar semoga sehat selalu maaf ' +
    'mengganggu atas untuk bantuannya bantuan apa saya ' +
    'espero que estes este bien como estas esta tengo una un pregunta duda consulta tengas tenga buen ' +
    'perdon disculpa disculpe la el molestia gracias por su tu ayuda atencion respuesta ' +
    'esteja bem tenho uma um pergunta duvida tenha desculpe desculpa o incomodo pela pelo sua ajuda ' +
    'atencao resposta',
);

const MAX_COURTESY_SENTENCES = 3;
/** A courtesy sentence or a reference is never longer than this. */
const MAX_ASIDE_CHARS = 160;

/**
 * One sentence of a message, with what ends it: text up to . ! ? followed by a space or the end, or
 * up to a line break, so "Industry 4.0" and "$12.50" stay whole; a run of marks alone is a piece too,
 * so the pieces always join back into the message.
 */
const SENTENCE = /(?:[^\n.!?]|[.!?](?=\S))+(?:[.!?]+|\n|$)|[.!?\n]+/g;

/** The sentences of a message, trimmed; pieces without a letter are dropped. */
export function sentencesOf(text: string): string[] {
  return (text.match(SENTENCE) ?? []).map((s) => s.trim()).filter((s) => A_LETTER.test(s));
}

function isCourtesy(sentence: string): boolean {
  return normalizeTokens(sentence).every((t) => COURTESY.has(t) || isPleasantry(t));
}

/**
 * References customers paste beside a request: "Order number 48213.", "Invoice no. 2291", "Resi
 * JX88123", "pedido #4821", or a bare code. Such a sentence or clause says which order or account,
 * never what is wanted, so it must not decide scope: "Write me a poem. Account number 1234567890."
 * read as a banking message before this. A reference names one of these things…
 */
const REFERENCE_NOUNS = wordSet(
  'order invoice bill tracking account acct ticket case booking reservation receipt transaction ' +
    'card phone customer member awb confirmation serial sku item ref reference pesanan resi ' +
    'tagihan rekening kartu akun transaksi referensi pedido orden factura cuenta tarjeta referencia ' +
    'reserva recibo cliente seguimiento guia fatura conta cartao protocolo rastreio cpf nota',
);
/** …with these words around it, and a number or code (normalised to `0`, maybe with a letter prefix). */
const REFERENCE_LINKS = wordSet(
  'my our the this is it number no nr num nro id code ending in nomor kode saya mi mis el la de es ' +
    'numero meu minha o a e',
);
/** Words that mark a reference as one ("order number 48213", "no resi 8812", "pedido nº 4821"). */
const REFERENCE_LABELS = wordSet(
  'number no nr num nro id code ref reference nomor kode resi awb numero codigo protocolo cpf',
);
/** "numero de pedido", "número do pedido": a label joined to its noun. */
const CONNECTORS = wordSet('de del do da of');
/** Labels that name the reference themselves: "… card ref 0" is a card and a reference. */
const SELF_LABELS = wordSet('ref reference resi awb cpf protocolo');
/** A request must keep this many words when a reference is cut from its end without punctuation. */
const MIN_REQUEST_WORDS = 3;
/** What may stand between the reference and its number, and before it ("my order number is 0"). */
const REFERENCE_VERBS = wordSet('is es e adalah');
const OWNERS = wordSet('my our the this your mi mis su el la meu minha o a saya');
/** "no. 2291": the abbreviation's dot is not the end of a sentence. */
const ABBREVIATED_NUMBER = /\b(no|nr|num|nro)\.\s*(?=#?\s*\p{L}{0,4}\d)/giu;

/** A code's letter part ("SH" of "SH-48213", "JX" of "JX8812345"): short and beside the number. */
function isCodePart(tokens: readonly string[], i: number): boolean {
  const t = tokens[i] as string;
  if (REFERENCE_LABELS.has(t) || REFERENCE_NOUNS.has(t) || REFERENCE_LINKS.has(t)) return false;
  return SHORT_WORD.test(t) && (tokens[i - 1] === '0' || tokens[i + 1] === '0');
}

function isReference(text: string): boolean {
  // Most messages hold no digit at all: no reference, and nothing to normalise.
  if (text.length > MAX_ASIDE_CHARS || !A_DIGIT.test(text)) return false;
  const tokens = normalizeTokens(text);
  if (!tokens.includes('0')) return false;
  let named = false;
  let codeOnly = true;
  for (const [i, t] of tokens.entries()) {
    if (t === '0' || isCodePart(tokens, i)) continue;
    codeOnly = false;
    if (REFERENCE_NOUNS.has(t)) named = true;
    else if (!REFERENCE_LINKS.has(t)) return false;
  }
  return named || codeOnly;
}

const LEADING_CLAUSE_END = /[,;:]|\s[-–—]\s/;

/** A reference clause at either end of a sentence ("I want a refund, order 48213"). */
function withoutReferenceClauses(sentence: string): string {
  // Only the first and the last clause are read: a long list of clauses stays cheap. A leading
  // reference may also end at a colon or a dash ("Order 48213: …", "Order 48213 - …"); a trailing one
  // is not split there, as "Order ID: SH-48213" is one reference.
  const lead = LEADING_CLAUSE_END.exec(sentence);
  const first = lead === null ? -1 : lead.index + lead[0].length - 1;
  if (first < 0) return sentence;
  const last = Math.max(sentence.lastIndexOf(','), sentence.lastIndexOf(';'));
  const from = isReference(sentence.slice(0, first)) ? first + 1 : 0;
  const to = isReference(sentence.slice(last + 1)) ? last : sentence.length;
  return from < to && (from > 0 || to < sentence.length)
    ? sentence.slice(from, to).replace(/[\s,;]+$/, '')
    : sentence;
}

/**
 * A message without the courtesy sentences that open or close it ("Hi! Thanks for getting back to
 * me. <request> Have a nice day.") and without the references pasted beside it ("… Order number
 * 48213."), when a sentence with content remains; otherwise the message.
 */
export function requestText(text: string): string {
  const sentences = text.replace(ABBREVIATED_NUMBER, '$1 ').match(SENTENCE) ?? [text];
  // A few at each end at most: courtesy is short, and a paste of many sentences stays cheap.
  const most = Math.min(sentences.length, MAX_COURTESY_SENTENCES);
  // Asides are short; a long sentence is not read twice more to find that out. Each sentence is
  // judged once, and a message of one sentence has no aside to cut (content must remain).
  const verdicts: (boolean | undefined)[] = [];
  const aside = (i: number) => {
    const sentence = sentences[i] as string;
    verdicts[i] ??=
      sentence.length <= MAX_ASIDE_CHARS && (isCourtesy(sentence) || isReference(sentence));
    return verdicts[i];
  };
  let start = 0;
  let end = sentences.length;
  if (sentences.length > 1) {
    while (start < most && aside(start)) start++;
    while (end > start && sentences.length - end < most && aside(end - 1)) end--;
  }
  if (start >= end) return text;
  const body = sentences.slice(start, end);
  const first = withoutReferenceClauses(body[0] as string);
  if (body.length === 1) return first === text ? text : first.trim();
  const last = withoutReferenceClauses(body[body.length - 1] as string);
  return [first, ...body.slice(1, -1), last].join('').trim();
}

/**
 * The request inside a chat message: an opening greeting ("Hi there!", "Halo kak, selamat pagi") and
 * a closing thanks or sign-off ("Thanks in advance", "makasih banyak", "Regards, Maria Silva") are cut
 * off when words remain between them. Customers wrap requests this way, and so do people asking a bot
 * for a poem; the words between decide scope and intent, not the pleasantries. A message that is only
 * pleasantries is kept whole.
 */
export function requestTokens(tokens: readonly string[]): readonly string[] {
  let start = 0;
  while (start < tokens.length && OPENERS.has(tokens[start] as string)) start++;
  if (!tokens.slice(0, start).some((t) => OPENING_CORE.has(t))) start = 0;
  // Closings and a pasted reference come in either order ("… order number 0 thanks", "… thanks,
  // order 0"): cut until neither ends the message.
  const tailStart = (end: number) => {
    const closing = closingStart(tokens, start, end);
    return closing < end ? closing : referenceStart(tokens, start, end);
  };
  let end = tokens.length;
  for (let cut = tailStart(end); cut < end; cut = tailStart(end)) end = cut;
  if (end <= start || (start === 0 && end === tokens.length)) return tokens;
  const request = tokens.slice(start, end);
  // What remains only acknowledges ("mantap kak, makasih", "sip makasih", "ok noted, thanks"): the
  // message is pleasantries through and through, and is kept whole so that its thanks still reads.
  // Cut to "mantap", the bank's greeting intent took it at 0.29 and refused it.
  return request.every((t) => ACKNOWLEDGEMENTS.has(t)) ? tokens : request;
}

/**
 * True when a sentence says nothing of what is wanted: only pleasantries (courtesy words, an opening
 * greeting, a closing thanks or a sign-off with a name: "Kind regards, Sam Taylor", by the rules
 * requestTokens cuts them with) or a pasted reference ("Order #48213").
 */
export function isAside(sentence: string): boolean {
  if (isCourtesy(sentence) || isReference(sentence)) return true;
  const tokens = normalizeTokens(sentence);
  return (
    requestTokens([REQUEST_PLACEHOLDER, ...tokens]).length === 1 ||
    requestTokens([...tokens, REQUEST_PLACEHOLDER]).length === 1
  );
}

/** A word standing for a request beside a sentence (no normalised token has an underscore). */
const REQUEST_PLACEHOLDER = '_request_';

/**
 * Where a labelled reference that ends tokens[start, end) begins ("… my order number is 0", "… no
 * resi jx 0"), or `end`. Without punctuation the reference may be the request's own object ("cancel
 * order number 48213"), so it is cut only when a label marks it and a request of a few words remains.
 */
function referenceStart(tokens: readonly string[], start: number, end: number): number {
  let k = end;
  while (k > start && (tokens[k - 1] === '0' || isCodePart(tokens, k - 1))) k--;
  if (k === end || !tokens.slice(k, end).includes('0')) return end;
  if (k > start && REFERENCE_VERBS.has(tokens[k - 1] as string)) k--;
  // "order number", "tracking id", "no resi", "numero de pedido": a label or two and one noun.
  let nouns = 0;
  let labels = 0;
  for (; k > start; k--) {
    const t = tokens[k - 1] as string;
    if (REFERENCE_LABELS.has(t) && labels < 2) labels++;
    else if (REFERENCE_NOUNS.has(t) && nouns === 0 && !SELF_LABELS.has(tokens[k] as string))
      nouns++;
    else if (!(CONNECTORS.has(t) && nouns === 1 && REFERENCE_LABELS.has(tokens[k - 2] as string)))
      break;
  }
  if (k > start && OWNERS.has(tokens[k - 1] as string)) k--;
  return labels > 0 && k - start >= MIN_REQUEST_WORDS ? k : end;
}

/**
 * Closing phrases that hold no thanks or sign-off word ("have a nice day", "ditunggu kabarnya"),
 * longest first, so "ditunggu kabarnya" is cut whole rather than as "ditunggu".
 */
const CLOSING_PHRASES: readonly (readonly string[])[] = [
  'have a nice day',
  'have a good day',
  'have a great day',
  'have a nice weekend',
  'have a good weekend',
  'have a great weekend',
  'have a good one',
  'talk soon',
  'looking forward to your reply',
  'ditunggu',
  'ditunggu balasannya',
  'ditunggu kabarnya',
  'semoga sehat selalu',
  'que tengas un buen dia',
  'que tenga un buen dia',
  'quedo atento',
  'quedo atenta',
  'tenha um bom dia',
  'fico no aguardo',
  'aguardo retorno',
]
  .map((phrase) => phrase.split(' '))
  .sort((x, y) => y.length - x.length);

/**
 * Where the last closing formula of tokens[start, end) begins, or `end` when there is none: a
 * closing phrase, a sign-off with the name after it ("best regards john smith"), or a run of thanks
 * words holding a thanks word proper ("thanks a lot", "please reply asap").
 */
function closingStart(tokens: readonly string[], start: number, end: number): number {
  const endsWith = (phrase: readonly string[]) =>
    end - phrase.length > start && phrase.every((w, i) => tokens[end - phrase.length + i] === w);
  const phrase = CLOSING_PHRASES.find(endsWith);
  if (phrase !== undefined) return end - phrase.length;
  let run = end;
  for (let k = end - 1; k > start && k >= end - 1 - MAX_NAME_WORDS; k--)
    if (SIGN_OFFS.has(tokens[k] as string)) {
      run = k;
      break;
    }
  const signedOff = run < end;
  while (run > start && CLOSERS.has(tokens[run - 1] as string)) run--;
  return signedOff || tokens.slice(run, end).some((t) => CLOSING_CORE.has(t)) ? run : end;
}

/**
 * Normalised word tokens: folded, split on non-letters/digits (and at letter-digit boundaries),
 * numbers collapsed to `0`, digit reduplication ("barang2") undone, slang mapped, fillers dropped.
 */
export const normalizeTokens: (text: string) => readonly string[] = perMessage(tokensOf);

function tokensOf(text: string): readonly string[] {
  const folded = foldText(text)
    .replace(/https?:\/\/\S+|www\.\S+/g, ' urltoken ')
    .replace(/\S+@\S+\.\S+/g, ' emailtoken ');
  const raw = folded.split(NOT_WORD);
  const out: string[] = [];
  for (const piece of raw) {
    if (!piece) continue;
    const parts = piece.split(LETTER_DIGIT_EDGE);
    for (const [i, part] of parts.entries()) {
      if (DIGITS_ONLY.test(part)) {
        // Indonesian reduplication written with a digit ("barang2") is the plural, not a number.
        if (!(part === '2' && i > 0 && i === parts.length - 1)) out.push('0');
        continue;
      }
      for (const word of readPart(part)) out.push(word);
    }
  }
  const tokens = out.filter((t, i) => !(t === '0' && out[i - 1] === '0'));
  // "P" (or "p kak", "pp"), sent alone, is how Indonesian chat pings someone: it opens a conversation,
  // as "halo" does. Read as a letter it meant nothing, and the shop answered it with its shipping
  // costs at 1.00 (its one feature was the "p" of the phrasebook's "p&p"). Only a message of nothing
  // else: inside a sentence "p" stays a letter.
  return tokens.length > 0 && tokens.every(isPing) ? PING_READING : tokens;
}

/**
 * True when a correction would take a word the concept lexicon knows to a word of none of its
 * concepts: the word was written as meant, and only the profile lacks it. "defective" (broken) is one
 * slip from "detective", which the corpus knows and the lexicon does not; corrected, "my jacket
 * arrived defective" lost its one word of damage. A slip inside a concept's word is still repaired:
 * "restituton" and "restitution" both mean a refund.
 */
function changesMeaning(word: string, correction: string): boolean {
  const meant = conceptsOf(word, true);
  if (meant.length === 0) return false;
  const read = conceptsOf(correction, true);
  return !meant.some((c) => read.includes(c));
}

const PING_READING: readonly string[] = ['halo'];
const isPing = (token: string) => token === 'p' || token === 'pp';

/**
 * Normalised tokens with the words a `lexicon` (the trained classifier's words) does not know
 * repaired: read as the known words they split into (chat drops spaces: "udhbayar", "cancelmy
 * order"), or else as the known word one typing slip away ("pembayran"). Unrepaired words stay.
 */
export function repairTokens(tokens: readonly string[], lexicon: Lexicon): string[] {
  const out: string[] = [];
  let repairs = 0;
  const maxRepairs = tokens.length > LONG_MESSAGE_TOKENS ? MAX_REPAIRS_LONG : MAX_REPAIRS;
  for (const raw of tokens) {
    const token = SYNONYMS.get(raw) ?? raw;
    // A pleasantry is a word of its own, not a slip: "regards" one letter from "rewards" read a
    // bank customer's sign-off as a rewards question.
    if (
      repairs >= maxRepairs ||
      !LETTERS_ONLY.test(token) ||
      lexicon.knows(token) ||
      isPleasantry(token)
    ) {
      out.push(token);
      continue;
    }
    repairs++;
    const glued = splitGlued(token, (w) => lexicon.knows(w));
    // A correction to a rarer word is read as its common word, as the word itself is.
    const nearest = glued === undefined ? lexicon.nearest(token) : undefined;
    const corrected =
      nearest === undefined || changesMeaning(token, nearest)
        ? undefined
        : (SYNONYMS.get(nearest) ?? nearest);
    for (const word of (glued ?? [corrected ?? token]).flatMap(readPart)) out.push(word);
  }
  return out;
}
