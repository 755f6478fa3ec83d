// Aligns the built-in phrasebook's generic keys to a profile's own intents (pure: features and
// cosines in, alignment out). The rules see only similarity scores, so the same rule serves any
// business. A key joins an intent only when most of its phrasings, across languages, point to that
// intent and the intent's examples read close to the key too; otherwise it is left out (a bank's
// phrasebook key the business does not offer teaches nothing).
import type { TrainingSet } from '../ports.ts';
import type { FeatureVector } from './features.ts';
import { GENERIC_DOMAINS, PHRASE_FAMILIES, phrasesByKey } from './phrasebook/index.ts';
import { cosineIndex, mean } from './similarity.ts';

/** The domain every business shares (greetings, thanks, talk to a person): it never tells a business's trade. */
export const COMMON_DOMAIN = 'common';

export interface AlignOptions {
  /** A phrasing votes only when its best intent scores at least this (cosine, 0..1). */
  readonly minSimilarity: number;
  /** Share of a key's phrasings that must vote for one intent. */
  readonly minShare: number;
  /** Second intent's votes may be at most this fraction of the winner's. */
  readonly maxRunnerUpRatio: number;
  /** The intent's examples must read at least this share as close to the key as to their closest key… */
  readonly backRatio: number;
  /**
   * …and at least this close at all (mean cosine). The ratio alone is relative: a profile in no
   * trade domain has only the common keys, and a dental clinic's toothache intent, whose examples
   * read 0.151 close to "goodbye" and 0.177 to the closest common key, took the goodbyes and then
   * the greetings with them. The bank's, the shop's and the roaster's joins all read closer.
   */
  readonly backFloor: number;
  /**
   * A key whose name the profile's id for an intent spells out ("card_damaged" in
   * "lost_stolen_damaged_card") joins that intent when its phrasings gave it at least this share of
   * the winner's votes.
   */
  readonly namedRatio: number;
}

export const DEFAULT_ALIGN_OPTIONS: AlignOptions = {
  minSimilarity: 0.3,
  minShare: 0.25,
  maxRunnerUpRatio: 0.8,
  backRatio: 0.75,
  backFloor: 0.2,
  namedRatio: 0.3,
};

export interface Alignment {
  readonly key: string;
  /** Index of the profile intent, or -1 when the key is left out. */
  readonly intent: number;
  readonly share: number;
  /** The intent its phrasings' votes chose before any check (-1: no clear winner). */
  readonly voted?: number;
}

/**
 * For one key: `scores[p][i]` is phrasing p's similarity to intent i. Returns the intent the key
 * joins, or -1.
 */
export function alignKey(
  key: string,
  scores: readonly ArrayLike<number>[],
  intents: number,
  options: AlignOptions = DEFAULT_ALIGN_OPTIONS,
  named = -1,
): Alignment {
  const votes = new Float64Array(intents);
  for (const row of scores) {
    let best = -1;
    let bestScore = options.minSimilarity;
    for (let i = 0; i < intents; i++) {
      const s = row[i] as number;
      if (s >= bestScore) {
        best = i;
        bestScore = s;
      }
    }
    if (best >= 0) votes[best] = (votes[best] as number) + 1;
  }
  let winner = -1;
  let top = 0;
  let second = 0;
  for (let i = 0; i < intents; i++) {
    const v = votes[i] as number;
    if (v > top) {
      second = top;
      top = v;
      winner = i;
    } else if (v > second) second = v;
  }
  if (named >= 0 && top > 0 && (votes[named] as number) >= options.namedRatio * top) {
    return { key, intent: named, share: (votes[named] as number) / scores.length, voted: named };
  }
  const share = scores.length === 0 ? 0 : top / scores.length;
  const clear =
    winner >= 0 && share >= options.minShare && second <= options.maxRunnerUpRatio * top;
  return { key, intent: clear ? winner : -1, share, voted: clear ? winner : -1 };
}

/** Words of a key's name or an intent id: "banking/card_damaged" → card, damaged. */
function nameWords(name: string): string[] {
  return name
    .slice(name.indexOf('/') + 1)
    .toLowerCase()
    .split(/[^a-z]+/)
    .filter((w) => w.length > 0);
}

/** The one intent whose id holds every word of the key's name, or -1. */
export function namedIntent(key: string, set: TrainingSet): number {
  const words = nameWords(key);
  const matches = set.intents.flatMap((intent, i) => {
    const id = new Set(nameWords(intent.id));
    return words.every((w) => id.has(w)) ? [i] : [];
  });
  return matches.length === 1 ? (matches[0] as number) : -1;
}

/**
 * Keys that did not align on their own follow their family: when at least two other members of a
 * family joined one intent (and no other intent has as many), the key joins it too. "How are you"
 * belongs with the greetings even when a profile's greeting examples never ask it. One member is
 * enough when the key's own phrasings voted for that intent: a "greetings and thanks" intent whose
 * examples mostly say goodbye fails the back-check for "hello", though its phrasings point there.
 */
export function followFamilies(
  alignments: readonly Alignment[],
  families: readonly (readonly string[])[],
): Alignment[] {
  const byKey = new Map(alignments.map((a) => [a.key, a]));
  return alignments.map((a) => {
    if (a.intent >= 0) return a;
    const family = families.find((f) => f.includes(a.key));
    if (!family) return a;
    const counts = new Map<number, number>();
    for (const member of family) {
      const m = byKey.get(member);
      if (member === a.key || !m || m.intent < 0) continue;
      counts.set(m.intent, (counts.get(m.intent) ?? 0) + 1);
    }
    const ranked = [...counts].sort((x, y) => y[1] - x[1]);
    const [first, second] = ranked;
    if (!first || (second && second[1] === first[1])) return a;
    // Its own phrasings chose that intent too (the back-check turned it down: an intent covering
    // several topics reads far from each): one member is then enough.
    const need = a.voted === first[0] ? 1 : 2;
    if (first[1] < need) return a;
    return { ...a, intent: first[0] };
  });
}

/**
 * The other direction: `back[i][k]` is how close intent i's own examples read to key k's phrasings.
 * A key keeps its intent only when it is among the keys that intent's examples read closest to
 * (at least `ratio` of the best key's score) and at least `floor` close. A profile without a
 * greeting intent so keeps "hello" from joining whatever intent happens to be nearest.
 */
export function confirmBack(
  alignments: readonly Alignment[],
  back: readonly ArrayLike<number>[],
  ratio: number,
  floor = 0,
): Alignment[] {
  const best = back.map((row) => {
    let m = 0;
    for (let k = 0; k < row.length; k++) m = Math.max(m, row[k] as number);
    return m;
  });
  return alignments.map((a, k) => {
    if (a.intent < 0) return a;
    const score = (back[a.intent] as ArrayLike<number>)[k] as number;
    return score >= ratio * (best[a.intent] as number) && score >= floor ? a : { ...a, intent: -1 };
  });
}

/** How the phrasebook meets a profile (a part of the classifier's Tuning). */
export interface PhrasebookOptions {
  readonly align: AlignOptions;
  /** A domain is the profile's own when no other trade's closeness is within this of its own… */
  readonly domainMargin: number;
  /** …and its closeness is at least this (a profile too small to tell its trade uses `common` only). */
  readonly domainFloor: number;
}

/** The two feature views of a text (classifier.ts). */
export type Views = { scope: FeatureVector; intent: FeatureVector };

/** Which phrasebook domains a profile works in, and the intent each of their keys joined (null: none). */
export interface PhrasebookAlignment {
  readonly domains: readonly string[];
  readonly keys: readonly { readonly key: string; readonly intent: string | null }[];
}

/**
 * The profile's own trade, from each trade domain's closeness to it (`common` is not a trade and is
 * always the profile's own): the closest one, if it is close at all (a profile too small to tell its
 * trade has none) and clearly closer than every other trade (a profile about as close to two trades
 * is in neither: a dental clinic once read banking 0.411 and retail 0.376, which is everyday words).
 * A generic domain near the closest trade is no rival: its requests overlap every trade's (a coffee
 * roaster reads retail 0.561 and hospitality 0.522, a dental clinic appointments 0.542 and
 * hospitality 0.507).
 */
export function ownTrade(
  closeness: ReadonlyMap<string, number>,
  options: Pick<PhrasebookOptions, 'domainMargin' | 'domainFloor'>,
): string | undefined {
  let first: string | undefined;
  let closest = Number.NEGATIVE_INFINITY;
  for (const [d, c] of closeness) {
    if (d !== COMMON_DOMAIN && c > closest) {
      first = d;
      closest = c;
    }
  }
  if (first === undefined || closest < options.domainFloor) return undefined;
  for (const [d, c] of closeness) {
    if (d === COMMON_DOMAIN || d === first || GENERIC_DOMAINS.has(d)) continue;
    if (c >= closest - options.domainMargin) return undefined;
  }
  return first;
}

/** The mean of the largest 1/`part` of `values` (at least one of them). */
function meanOfClosest(values: readonly number[], part: number): number {
  const sorted = [...values].sort((a, b) => b - a);
  return mean(sorted.slice(0, Math.ceil(sorted.length / part)));
}

/** The phrasings that tell a profile's domains: every this many of each key's (see below). */
const SAMPLE_EVERY = 3;

/**
 * Aligns the phrasebook to a profile. A phrasing's score for an intent is its best cosine (intent
 * view) to that intent's examples, titles and answers. The profile's own domains are those whose
 * phrasings read, on average, about as close as the closest domain's and not far off in absolute
 * terms (`common` always counts). Within them a key joins the intent most of its phrasings point to,
 * if that intent's own examples also read close to the key (both directions), or else the
 * intent its family joined. Everything is computed from the profile; nothing names a profile.
 */
export function alignPhrasebook(
  set: TrainingSet,
  targets: readonly { intent: FeatureVector; label: number }[],
  views: (text: string) => Views,
  scopeOf: (text: string) => FeatureVector,
  options: PhrasebookOptions,
): {
  summary: PhrasebookAlignment;
  keys: {
    key: string;
    own: boolean;
    intent: number | null;
    phrases: { lang: string; text: string }[];
    views: Views[];
    negatives: FeatureVector[];
  }[];
} {
  const cosines = cosineIndex(targets.map((t) => t.intent));
  const intents = set.intents.length;
  const all = [...phrasesByKey()];
  // nearest[t * keys + k]: the best cosine of target t to any phrasing of key k. Cosine is
  // symmetric, so one pass over the phrasings serves both directions of the alignment.
  const nearest = new Float64Array(targets.length * all.length);
  const rowOf = (v: Views, n: number): Float64Array => {
    const c = cosines(v.intent);
    const row = new Float64Array(intents);
    for (let t = 0; t < c.length; t++) {
      const o = (targets[t] as { label: number }).label;
      const value = c[t] as number;
      row[o] = Math.max(row[o] as number, value);
      const at = t * all.length + n;
      nearest[at] = Math.max(nearest[at] as number, value);
    }
    return row;
  };
  // The domains are told from every third phrasing of each key (the whole phrasebook would cost
  // three times as much at cold start); the keys of the own domains are then read in full, and the
  // foreign ones as negatives, each reading the sample's views again rather than the text.
  const sampled = (i: number) => i % SAMPLE_EVERY === 0;
  const keys = all.map(([key, phrases], n) => {
    const sample = phrases.filter((_, i) => sampled(i));
    const vs = sample.map((p) => views(p.text));
    const rows = vs.map((v) => rowOf(v, n));
    // A key's closeness: how close the closer half of its sampled phrasings read to the profile.
    // Each key also holds indirect wordings ("the little light on the box is blinking orange") that
    // read far from any business's examples; with them in the mean, a second round of such
    // phrasings took the internet provider's telecom from 0.593 to 0.547, within the margin of
    // banking (0.512). The closer half says whether the profile holds the key's vocabulary.
    const closeness = meanOfClosest(
      rows.map((r) => Math.max(...r)),
      2,
    );
    return { key, n, domain: key.slice(0, key.indexOf('/')), phrases, vs, rows, closeness };
  });
  const domains = new Map<string, number[]>();
  for (const k of keys) domains.set(k.domain, [...(domains.get(k.domain) ?? []), k.closeness]);
  // A domain's closeness: the mean of its closest third of keys. A business offers part of its
  // trade (a clinic books and prices visits, it does not sell gift cards), and over all keys the
  // everyday words ("my", "how much", "when can I") made every trade read 0.35-0.45 close to any
  // profile: a dental clinic read banking 0.411 and retail 0.376, counted as both, and joined bank
  // transfer fees to its prices and parcel delays to its aftercare. By the closest third (and each
  // key's closer half): bank 0.706 banking / 0.613 telecom / 0.612 retail, shop 0.732 retail /
  // 0.582 banking, coffee roaster 0.653 retail / 0.549 banking, dental clinic 0.644 appointments /
  // 0.557 banking, beach hotel 0.671 hospitality / 0.586 retail, internet provider 0.689 telecom /
  // 0.584 banking; profiles of two or three intents 0.46-0.54 at most.
  const closenessOf = new Map([...domains].map(([d, v]) => [d, meanOfClosest(v, 3)] as const));
  const of = (d: string) => closenessOf.get(d) as number;
  const tradeDomains = [...domains.keys()].filter((d) => d !== COMMON_DOMAIN);
  const closest = Math.max(...tradeDomains.map(of));
  const near = (d: string) => of(d) >= closest - options.domainMargin;
  const trade = ownTrade(closenessOf, options);
  const own = new Set([COMMON_DOMAIN, ...(trade === undefined ? [] : [trade])]);
  // Foreign: clearly farther than the closest trade; their phrasings teach refusals, except the
  // generic domains, whose requests other trades hear too (GENERIC_DOMAINS).
  const foreign = new Set(tradeDomains.filter((d) => !near(d) && !GENERIC_DOMAINS.has(d)));
  for (const k of keys) {
    if (!own.has(k.domain)) continue;
    // Read the rest of the key's phrasings, in their original order.
    const vs: Views[] = [];
    const rows: Float64Array[] = [];
    for (const [i, p] of k.phrases.entries()) {
      if (sampled(i)) {
        vs.push(k.vs[i / SAMPLE_EVERY] as Views);
        rows.push(k.rows[i / SAMPLE_EVERY] as Float64Array);
      } else {
        const v = views(p.text);
        vs.push(v);
        rows.push(rowOf(v, k.n));
      }
    }
    k.vs = vs;
    k.rows = rows;
  }
  const mine = keys.filter((k) => own.has(k.domain));
  // From the intents' side: how close each intent's examples read to each key's phrasings.
  const back = set.intents.map(() => new Float64Array(mine.length));
  const counts = new Float64Array(intents);
  for (const [t, target] of targets.entries()) {
    const row = back[target.label] as Float64Array;
    for (const [m, k] of mine.entries()) {
      row[m] = (row[m] as number) + (nearest[t * all.length + k.n] as number);
    }
    counts[target.label] = (counts[target.label] as number) + 1;
  }
  for (const [i, row] of back.entries()) {
    for (let m = 0; m < row.length; m++)
      row[m] = (row[m] as number) / Math.max(1, counts[i] as number);
  }
  const alignments = followFamilies(
    confirmBack(
      mine.map((k) => alignKey(k.key, k.rows, intents, options.align, namedIntent(k.key, set))),
      back,
      options.align.backRatio,
      options.align.backFloor,
    ),
    PHRASE_FAMILIES,
  );
  const joined = new Map(alignments.map((a) => [a.key, a.intent]));
  const result = keys.map((k) => {
    const at = joined.get(k.key) ?? -1;
    return {
      key: k.key,
      own: own.has(k.domain),
      intent: at >= 0 ? at : null,
      phrases: k.phrases,
      views: own.has(k.domain) ? k.vs : [],
      // Other businesses' phrasings serve only as negatives: the scope view is all they need.
      negatives: foreign.has(k.domain)
        ? k.phrases.map((p, i) =>
            sampled(i) ? (k.vs[i / SAMPLE_EVERY] as Views).scope : scopeOf(p.text),
          )
        : [],
    };
  });
  return {
    summary: {
      domains: [...own].sort(),
      keys: result
        .filter((k) => k.own)
        .map((k) => ({
          key: k.key,
          intent: k.intent === null ? null : (set.intents[k.intent]?.id ?? null),
        })),
    },
    keys: result,
  };
}
