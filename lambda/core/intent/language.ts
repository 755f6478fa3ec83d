// Reply-language detection for id/en/es/pt: character-trigram naive Bayes trained on the same text
// as the classifier, plus function-word votes, which decide short chat messages better than trigrams.
import { foldText } from './normalize.ts';

/**
 * High-frequency function words and chat markers per language. Words shared by two of the four
 * languages ("de", "a", "no", "que") are left out so that a vote means something.
 */
const MARKERS: Readonly<Record<string, readonly string[]>> = {
  en: 'the is are my i you what how where when why can could would should do does did to of and for with this that it please want need have has am was not your me we'.split(
    ' ',
  ),
  id: 'saya aku yang ini itu apa bisa tidak gak nggak ga kak dong ya sudah udah udh belum blm gimana gmn bagaimana kenapa knp berapa brp mau ingin untuk dengan di ke dari kok sih deh nya kalau kalo juga tolong mohon terima kasih makasih kapan mana ada sama tapi lagi'.split(
    ' ',
  ),
  es: 'el la los las mi mis es esta estoy como cuando donde por para quiero puedo tengo hay una un con pero gracias hola usted tu su del al tienen pedido necesito cuanto'.split(
    ' ',
  ),
  pt: 'o os as meu minha voce vc nao e esta estou como quando onde para quero posso tenho tem uma um com mas obrigado ola seu sua do da dos das ao pedido preciso quanto'.split(
    ' ',
  ),
  // Recognised only so that German is not mistaken for one of the four; it maps to the default.
  other:
    'der die das und ist nicht ich wie was wer warum bitte mit sie ein eine zu auf fur den dem ihr wir mir mich sind'.split(
      ' ',
    ),
};

/**
 * Chat noise that every language writes alike: laughter ("haha", "wkwk", "jaja", "kkk", "rsrs", "lol"),
 * interjections ("hmm", "wow", "oh") and "ok", as folded words (letter runs are at most two long). A
 * message of nothing else names no language: read by its trigrams, "wkwk" was Portuguese and "lol"
 * Spanish, so an Indonesian chat that laughed got its reply in Portuguese.
 */
const NEUTRAL_WORD =
  /^(?:(?:ha|he|hi|wk|ja|je|rs){2,}h?|kk|lol|lmao|xd|omg|hm+|mm|o+h|a+h|wow|ok|okk|okay|oke|okey|p|pp)$/;

const MARKER_WEIGHT = 1.5;
// Built once, not in place: see the note on the patterns in normalize.ts.
const NOT_LETTERS = /[^\p{L}]+/gu;

function trigrams(text: string): string[] {
  const letters = ` ${foldText(text).replace(NOT_LETTERS, ' ').trim()} `;
  const grams: string[] = [];
  for (let i = 0; i + 3 <= letters.length; i++) grams.push(letters.slice(i, i + 3));
  return grams;
}

export interface LanguageDetector {
  /** ISO 639-1 code among the supported ones, or undefined when unsure ("ok", "👍") or another language. */
  identify(text: string): string | undefined;
  /** True when the text is clearly in a language none of the supported ones (German, for now). */
  isUnsupported(text: string): boolean;
}

/** Trigram counts of one language: what the detector learns, and what a classifier snapshot stores. */
export interface LanguageTable {
  readonly lang: string;
  readonly counts: ReadonlyMap<string, number>;
  readonly total: number;
}

/** Counts trigrams per supported language in example text (the profile's examples plus the built-in corpus). */
export function countLanguageTables(
  samples: Readonly<Record<string, readonly string[]>>,
  supported: readonly string[],
): LanguageTable[] {
  return supported
    .filter((l) => (samples[l]?.length ?? 0) > 0)
    .map((lang) => {
      const counts = new Map<string, number>();
      let total = 0;
      for (const text of samples[lang] ?? []) {
        for (const g of trigrams(text)) {
          counts.set(g, (counts.get(g) ?? 0) + 1);
          total++;
        }
      }
      return { lang, counts, total };
    });
}

/** A detector over counted tables (freshly counted, or restored from a snapshot). */
export function languageDetector(tables: readonly LanguageTable[]): LanguageDetector {
  const langs = tables.map((t) => t.lang);
  const vocabulary = new Set(tables.flatMap((t) => [...t.counts.keys()])).size + 1;
  const markerSets = new Map(
    [...langs, 'other'].map((l) => [l, new Set(MARKERS[l] ?? [])] as const),
  );

  // Each trigram's log-count in every table, looked up once per trigram instead of once per table
  // (the same logarithms, summed in the same order, so the scores are the ones counted live).
  const logCounts = new Map<string, Float64Array>();
  for (const [i, table] of tables.entries()) {
    for (const [g, count] of table.counts) {
      let row = logCounts.get(g);
      if (row === undefined) {
        row = new Float64Array(tables.length);
        logCounts.set(g, row);
      }
      row[i] = Math.log(count + 1);
    }
  }
  const denominators = tables.map((t) => Math.log(t.total + vocabulary));
  const otherMarkers = new Set(MARKERS.other);
  const servedMarkers = new Set(langs.flatMap((l) => MARKERS[l] ?? []));
  return {
    isUnsupported(full: string): boolean {
      const words = foldText(full.length > 400 ? full.slice(0, 400) : full)
        .split(NOT_LETTERS)
        .filter(Boolean);
      let other = 0;
      let served = 0;
      for (const w of words) {
        if (otherMarkers.has(w)) other++;
        else if (servedMarkers.has(w)) served++;
      }
      return other >= 2 && other > served;
    },
    identify(full: string): string | undefined {
      // The opening of a message tells its language; reading all of a long paste only costs time.
      const text = full.length > 200 ? full.slice(0, 200) : full;
      const grams = trigrams(text);
      const words = foldText(text).split(NOT_LETTERS).filter(Boolean);
      if (grams.length < 3 || words.every((w) => NEUTRAL_WORD.test(w))) return undefined;
      const sums = new Float64Array(tables.length);
      for (const g of grams) {
        const row = logCounts.get(g);
        for (let i = 0; i < tables.length; i++)
          sums[i] = (sums[i] as number) + ((row?.[i] ?? 0) - (denominators[i] as number));
      }
      const scores = new Map<string, number>();
      // Per-trigram average, so that long and short texts weigh the marker votes alike.
      for (const [i, table] of tables.entries())
        scores.set(table.lang, (sums[i] as number) / grams.length);
      const votes = new Map<string, number>();
      for (const w of words) {
        for (const [lang, set] of markerSets) {
          if (set.has(w)) votes.set(lang, (votes.get(lang) ?? 0) + 1);
        }
      }
      const otherVotes = votes.get('other') ?? 0;
      let best: string | undefined;
      let bestScore = Number.NEGATIVE_INFINITY;
      let bestVotes = 0;
      for (const [lang, score] of scores) {
        const v = votes.get(lang) ?? 0;
        const s = score + (MARKER_WEIGHT * v) / Math.max(1, Math.sqrt(words.length));
        if (s > bestScore) {
          bestScore = s;
          best = lang;
          bestVotes = v;
        }
      }
      if (otherVotes >= 2 && otherVotes > bestVotes) return undefined;
      return best;
    },
  };
}
