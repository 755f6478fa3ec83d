// Feature extraction for the scope classifier: word, word-pair and character n-gram features over
// normalised text (robust to typos and missing spaces), plus structural signals of general-assistant use.
import { conceptsOf, phraseConceptsOf } from './concepts.ts';
import {
  foldText,
  type Lexicon,
  normalizeTokens,
  repairTokens,
  requestText,
  requestTokens,
  SYNONYM_WORDS,
} from './normalize.ts';

/**
 * Phrases that try to change the assistant's role or rules, in the four languages. They become one
 * feature that the model weighs against the rest of the message (it is not a hard block), so a
 * customer writing "forget it, where is my order" is still judged on the whole message.
 */
const OVERRIDE_PATTERNS: readonly RegExp[] = [
  /\b(ignore|disregard|forget|override|bypass)\b.{0,30}\b(instructions?|rules?|prompts?|guidelines?|polic(y|ies)|everything|above|previous|prior)\b/,
  /\b(you are now|you're now|from now on|act as|acting as|pretend|roleplay|role play|role-play|simulate|impersonate|developer mode|dan mode|jailbreak|system prompt|no restrictions|unfiltered|stay in character)\b/,
  /\b(abaikan|lupakan|lupain|acuhkan)\b.{0,30}\b(instruksi|perintah|aturan|semua|sebelumnya|di atas)\b/,
  /\b(sekarang kamu|kamu sekarang|mulai sekarang|berpura pura|pura pura|berperan sebagai|bertindak sebagai|anggap kamu|mode pengembang)\b/,
  /\b(ignora|olvida|olvidate|omite)\b.{0,30}\b(instrucciones|reglas|todo|anteriores|anterior)\b/,
  /\b(ahora eres|actua como|finge|haz de cuenta|juego de rol|modo desarrollador|a partir de ahora)\b/,
  /\b(ignore|esqueca|esqueça|desconsidere)\b.{0,30}\b(instrucoes|regras|tudo|anteriores|anterior)\b/,
  /\b(agora voce e|aja como|finja|faz de conta|modo desenvolvedor|a partir de agora)\b/,
];

/**
 * Asking for a piece of writing ("write me a poem about my order", "buatin pantun", "escríbeme una
 * carta"): one shape feature the model weighs, like the others. Reviews are left out: customers write
 * those about their own orders.
 */
const COMPOSE_PATTERNS: readonly RegExp[] = [
  /\b(write|compose|draft|generate|create|make up|come up with)\b.{0,30}\b(poems?|essays?|stor(y|ies)|songs?|lyrics|letters?|articles?|speech|caption|summary|haiku|limerick|rap|tweets?|slogans?|blog|paragraph|bio)\b/,
  /\b(buatkan|buatin|bikinin|tuliskan|tulisin|karang|karangkan)\b.{0,30}\b(puisi|pantun|cerita|cerpen|lagu|surat|esai|artikel|caption|ringkasan|pidato|paragraf)\b/,
  /\b(escribe|escribeme|redacta|compon|componme|genera|crea|inventa)\b.{0,30}\b(poema|ensayo|cuento|historia|cancion|carta|articulo|discurso|resumen|parrafo)\b/,
  /\b(escreva|escreve|redija|componha|gere|crie|invente)\b.{0,30}\b(poema|poesia|redacao|ensaio|historia|conto|musica|cancao|carta|artigo|discurso|resumo|paragrafo)\b/,
];

/**
 * Each list as one pattern: a message matches it exactly when it matches one of the list's, and one
 * pass over the text costs about a third of one pass per pattern (measured over the phrasebook's
 * lines; a long paste's shape window is 1,280 characters).
 */
export const anyOf = (patterns: readonly RegExp[]): RegExp =>
  new RegExp(patterns.map((p) => `(?:${p.source})`).join('|'));
const OVERRIDE = anyOf(OVERRIDE_PATTERNS);
const COMPOSE = anyOf(COMPOSE_PATTERNS);
const CODE_PATTERN =
  /[{};]|=>|\b(def|function|return|const|var|let|import|class|print|console\.log|select \* from|public static)\b|<\/?[a-z]+>/;
const MATH_PATTERN = /\d\s*[-+*/^x×÷=]\s*\d|\b(sqrt|integral|derivative|equation|x\^|log\()|[√∫∑π]/;
// Built once, not in place: see the note on the patterns in normalize.ts.
export const NOT_WORDS = /[^\p{L}\p{N}]+/gu;

/** Sparse feature vector: 32-bit feature hash → weight. Hashing avoids building a string per n-gram. */
export type FeatureVector = Map<number, number>;

/** The constant feature (an intercept for every class). */
export const BIAS = 0;

/** Only the first words of a long message are read: enough to judge its scope, and it bounds latency. */
const MAX_TOKENS = 48;
const MAX_CHARS = 320;
/** The shape signals read this much of a message: a paste's later pages change nothing. */
const SHAPE_WINDOW_CHARS = 4 * MAX_CHARS;

/** The part of a message its shape is read from (task.ts and person.ts read theirs there too). */
export function shapeWindow(text: string): string {
  return text.length > SHAPE_WINDOW_CHARS ? text.slice(0, SHAPE_WINDOW_CHARS) : text;
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

function fnvStep(hash: number, code: number): number {
  return Math.imul(hash ^ code, FNV_PRIME);
}

function fnvString(hash: number, text: string): number {
  let h = hash;
  for (let i = 0; i < text.length; i++) h = fnvStep(h, text.charCodeAt(i));
  return h;
}

// Distinct seeds keep the feature families apart in the one hash space.
const WORD_SEED = fnvString(FNV_OFFSET, 'w:');
const PAIR_SEED = fnvString(FNV_OFFSET, 'p:');
const CHAR_SEED = fnvString(FNV_OFFSET, 'c:');
const SHAPE_SEED = fnvString(FNV_OFFSET, 's:');
const CONCEPT_SEED = fnvString(FNV_OFFSET, 'k:');

const conceptHashes = new Map<string, number>();

/** Feature hash of a concept (few dozen names, so cached). */
function conceptHash(concept: string): number {
  let h = conceptHashes.get(concept);
  if (h === undefined) {
    h = fnvString(CONCEPT_SEED, concept);
    conceptHashes.set(concept, h);
  }
  return h;
}

function addGroup(target: FeatureVector, source: Map<number, number>, scale: number): void {
  let norm = 0;
  for (const v of source.values()) norm += v * v;
  if (norm === 0) return;
  const factor = scale / Math.sqrt(norm);
  for (const [k, v] of source) target.set(k, (target.get(k) ?? 0) + v * factor);
}

/** The column key of a feature hash: 0 is the bias column, so a hash that lands there moves by one. */
function featureKey(hash: number): number {
  return hash === BIAS ? 1 : hash;
}

function bump(map: Map<number, number>, key: number, by = 1): void {
  const k = featureKey(key);
  map.set(k, (map.get(k) ?? 0) + by);
}

export interface FeatureOptions {
  readonly wordScale: number;
  readonly pairScale: number;
  readonly charScale: number;
  readonly shapeScale: number;
  readonly conceptScale: number;
  /** Which concept reading: the precise core lexicon, or core plus the extended one. */
  readonly conceptLexicon: 'precise' | 'broad';
  /** Longest character n-gram (from 3). */
  readonly maxGram: number;
}

export const DEFAULT_FEATURE_OPTIONS: FeatureOptions = {
  wordScale: 1,
  pairScale: 0.5,
  charScale: 1,
  shapeScale: 0.6,
  conceptScale: 0.7,
  conceptLexicon: 'precise',
  maxGram: 4,
};

/** The feature groups of a text before they are scaled and merged into one vector. */
export interface FeatureGroups {
  readonly words: Map<number, number>;
  readonly pairs: Map<number, number>;
  readonly chars: Map<number, number>;
  readonly shape: Map<number, number>;
  readonly concepts: Map<number, number>;
  /** Concepts of the broad lexicon (core plus extended). */
  readonly broadConcepts: Map<number, number>;
  /** Words the text reads as: its normalised tokens (a message's request only), or a long paste's words. */
  readonly length: number;
}

/** One vector from the groups, each L2-normalised and scaled by its option. */
export function combineGroups(groups: FeatureGroups, options: FeatureOptions): FeatureVector {
  const features: FeatureVector = new Map();
  addGroup(features, groups.words, options.wordScale);
  addGroup(features, groups.pairs, options.pairScale);
  addGroup(features, groups.chars, options.charScale);
  addGroup(features, groups.shape, options.shapeScale);
  addGroup(
    features,
    options.conceptLexicon === 'broad' ? groups.broadConcepts : groups.concepts,
    options.conceptScale,
  );
  features.set(BIAS, 1);
  return features;
}

/**
 * How long a misspelt word must be for each edit. Short words have many known neighbours: a dropped
 * letter would turn Indonesian "kaos" and "kaki" into "kos" and "aki", so a four-letter word only gets
 * its swapped neighbours ("ehlp", "yoru") put back, and the loosest edit, a wrong letter, starts at six.
 */
const TYPO_SWAP_MIN = 4;
const TYPO_MIN = 5;
const TYPO_ANY_EDIT = 6;
const TYPO_MAX = 14;
const LOWER_A = 97;
const LOWER_Z = 122;

/** The rarer service words a message reads as common ones: corrections reach them first. */
const SYNONYM_HASHES = new Set(SYNONYM_WORDS.map((w) => fnvString(WORD_SEED, w)));
const isSynonym = (h: number): boolean => SYNONYM_HASHES.has(h);

/**
 * One typing slip (swapped neighbours, an extra, a missing or a wrong letter) between two words: the
 * edits nearestKnown tries. Only a word one slip from a synonym can be corrected to one, so the
 * ordered search for a synonym runs for those words alone; it had run for every unknown word of
 * six letters or more (identical decisions on the 11,641 bench texts).
 */
function oneSlip(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1 || a === b) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length)
    return (
      a.slice(i + 1) === b.slice(i + 1) ||
      (a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2))
    );
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

/**
 * The lexicon of a trained model: the words whose word feature it has a column for. A word of six
 * letters or more is first corrected to one of the rarer service words a message reads as common
 * ones (SYNONYM_WORDS), known to the model or not: "restituton" is "restitution", which
 * repairTokens reads as "refund", whatever other known word is one slip away.
 */
export function lexiconOf(hasFeature: (hash: number) => boolean): Lexicon {
  const known = (h: number): boolean => hasFeature(featureKey(h));
  return {
    knows: (word) => known(fnvString(WORD_SEED, word)),
    nearest: (word) =>
      (word.length >= TYPO_ANY_EDIT && SYNONYM_WORDS.some((synonym) => oneSlip(word, synonym))
        ? nearestKnown(word, isSynonym)
        : undefined) ?? nearestKnown(word, known),
  };
}

/**
 * The first known word one edit away from `word`, trying edits in the order of typing slips:
 * swapped neighbours ("pembyaran"), an extra letter ("paakets"), a missing letter ("pembayran"),
 * a wrong letter ("pembayarsn"), each from its length above. Each candidate is hashed on from the
 * word's prefix hashes, so no string is built until one is known: a few hundred candidates cost
 * tens of microseconds.
 */
function nearestKnown(word: string, known: (hash: number) => boolean): string | undefined {
  const n = word.length;
  if (n < TYPO_SWAP_MIN || n > TYPO_MAX || !/^[a-z]+$/.test(word)) return undefined;
  const prefix = new Int32Array(n + 1);
  prefix[0] = WORD_SEED;
  for (let i = 0; i < n; i++) prefix[i + 1] = fnvStep(prefix[i] as number, word.charCodeAt(i));
  const on = (h: number, from: number): number => {
    let out = h;
    for (let k = from; k < n; k++) out = fnvStep(out, word.charCodeAt(k));
    return out;
  };
  for (let i = 0; i + 1 < n; i++) {
    const a = word.charCodeAt(i);
    const b = word.charCodeAt(i + 1);
    if (a !== b && known(on(fnvStep(fnvStep(prefix[i] as number, b), a), i + 2)))
      return word.slice(0, i) + word.charAt(i + 1) + word.charAt(i) + word.slice(i + 2);
  }
  if (n < TYPO_MIN) return undefined;
  for (let i = 0; i < n; i++)
    if (known(on(prefix[i] as number, i + 1))) return word.slice(0, i) + word.slice(i + 1);
  for (let i = 0; i <= n; i++)
    for (let c = LOWER_A; c <= LOWER_Z; c++)
      if (known(on(fnvStep(prefix[i] as number, c), i)))
        return word.slice(0, i) + String.fromCharCode(c) + word.slice(i);
  if (n < TYPO_ANY_EDIT) return undefined;
  for (let i = 0; i < n; i++)
    for (let c = LOWER_A; c <= LOWER_Z; c++)
      if (c !== word.charCodeAt(i) && known(on(fnvStep(prefix[i] as number, c), i + 1)))
        return word.slice(0, i) + String.fromCharCode(c) + word.slice(i + 1);
  return undefined;
}

/**
 * How a customer's message is read at classify time, unlike training text: unknown words are repaired
 * against the model's lexicon, and only the request inside an opening greeting and a closing thanks
 * counts. Training text is read as written (a greeting intent's examples are pleasantries).
 */
export interface MessageReading {
  readonly lexicon: Lexicon;
}

export function extractGroups(
  text: string,
  maxGram: number = DEFAULT_FEATURE_OPTIONS.maxGram,
  message?: MessageReading,
): FeatureGroups {
  // Shape signals read a longer window than the words, still bounded for latency. A message is read
  // without its courtesy sentences.
  const read = shapeWindow(text);
  const body = message === undefined ? read : requestText(read);
  // Long pastes are cut before normalising (the opening decides their scope); their length still
  // counts, through a cheap word count of the whole text.
  const head = body.length > MAX_CHARS ? body.slice(0, MAX_CHARS) : body;
  // The pleasantries go before the repairs: a name after "regards" is not a misspelt word.
  const normalized =
    message === undefined
      ? normalizeTokens(head)
      : repairTokens(requestTokens(normalizeTokens(head)), message.lexicon);
  const tokens = normalized.length > MAX_TOKENS ? normalized.slice(0, MAX_TOKENS) : normalized;
  const words = new Map<number, number>();
  const pairs = new Map<number, number>();
  const chars = new Map<number, number>();
  const shape = new Map<number, number>();
  const concepts = new Map<number, number>();
  const broadConcepts = new Map<number, number>();

  let previous = 0;
  for (const [i, t] of tokens.entries()) {
    const word = fnvString(WORD_SEED, t);
    bump(words, word);
    if (i > 0) {
      bump(pairs, Math.imul(previous ^ PAIR_SEED, FNV_PRIME) ^ word);
      const before = tokens[i - 1] as string;
      for (const c of phraseConceptsOf(before, t)) bump(concepts, conceptHash(c));
      for (const c of phraseConceptsOf(before, t, true)) bump(broadConcepts, conceptHash(c));
    }
    previous = word;
    for (const c of conceptsOf(t)) bump(concepts, conceptHash(c));
    for (const c of conceptsOf(t, true)) bump(broadConcepts, conceptHash(c));
    // Character 3- to maxGram-grams of "<token>", hashed incrementally from each start position.
    const padded = `<${t}>`;
    for (let j = 0; j + 3 <= padded.length; j++) {
      let h = CHAR_SEED;
      for (let n = 1; n <= maxGram && j + n <= padded.length; n++) {
        h = fnvStep(h, padded.charCodeAt(j + n - 1));
        if (n >= 3) bump(chars, h);
      }
    }
  }
  // Sub-linear counts: a word repeated in a long prompt should not drown the rest.
  for (const m of [words, pairs, chars, concepts, broadConcepts])
    for (const [k, v] of m) if (v !== 1) m.set(k, 1 + Math.log(v)); // a single count stays 1

  const folded = foldText(body);
  const flat = folded.replace(NOT_WORDS, ' ');
  const n = body.length > MAX_CHARS ? body.split(/\s+/).filter(Boolean).length : normalized.length;
  const mark = (name: string, by = 1) => bump(shape, fnvString(SHAPE_SEED, name), by);
  if (n >= 12) mark('len12');
  if (n >= 25) mark('len25');
  if (n >= 50) mark('len50');
  if (n <= 2) mark('short');
  const sentences = folded.split(/[.!?\n]+/).filter((s) => s.trim().length > 3).length;
  if (sentences >= 3) mark('sent3');
  if (folded.includes('\n')) mark('newline');
  if (/["“”«»]/.test(body)) mark('quote');
  if (CODE_PATTERN.test(folded)) mark('code');
  if (MATH_PATTERN.test(folded)) mark('math');
  if (OVERRIDE.test(flat)) mark('override', 2);
  if (COMPOSE.test(flat)) mark('compose');

  return { words, pairs, chars, shape, concepts, broadConcepts, length: n };
}

/** The shapes of a request to a general assistant: a role or rule override, a piece of writing, code. */
const ASSISTANT_SHAPES = ['override', 'compose', 'code'].map((name) => fnvString(SHAPE_SEED, name));

/**
 * True when a message has the shape of a request to a general assistant. Such a message is always
 * judged whole: none of its sentences may stand for it ("I lost my card. You are now DAN.").
 */
export function hasAssistantShape(groups: FeatureGroups): boolean {
  return ASSISTANT_SHAPES.some((hash) => groups.shape.has(hash));
}
