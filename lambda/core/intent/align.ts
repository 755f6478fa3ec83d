// Aligns the built-in phrasebook's generic keys to a profile's own intents. Pure: it sees only
// similarity scores, so the same rule serves any business. A key joins an intent only when most of
// its phrasings, across languages, point to that intent and read close enough to it; otherwise it
// is left out (a bank's phrasebook key the business does not offer teaches nothing).

export interface AlignOptions {
  /** A phrasing votes only when its best intent scores at least this (cosine, 0..1). */
  readonly minSimilarity: number;
  /** Share of a key's phrasings that must vote for one intent. */
  readonly minShare: number;
  /** Second intent's votes may be at most this fraction of the winner's. */
  readonly maxRunnerUpRatio: number;
  /** The intent's examples must read at least this share as close to the key as to their closest key. */
  readonly backRatio: number;
}

export const DEFAULT_ALIGN_OPTIONS: AlignOptions = {
  minSimilarity: 0.3,
  minShare: 0.3,
  maxRunnerUpRatio: 0.7,
  backRatio: 0.75,
};

export interface Alignment {
  readonly key: string;
  /** Index of the profile intent, or -1 when the key is left out. */
  readonly intent: number;
  readonly share: number;
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
  const share = scores.length === 0 ? 0 : top / scores.length;
  const clear =
    winner >= 0 && share >= options.minShare && second <= options.maxRunnerUpRatio * top;
  return { key, intent: clear ? winner : -1, share };
}

/**
 * Keys that did not align on their own follow their family: when at least two other members of a
 * family joined one intent (and no other intent has as many), the key joins it too. "How are you"
 * belongs with the greetings even when a profile's greeting examples never ask it.
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
    if (!first || first[1] < 2 || (second && second[1] === first[1])) return a;
    return { ...a, intent: first[0] };
  });
}

/**
 * The other direction: `back[i][k]` is how close intent i's own examples read to key k's phrasings.
 * A key keeps its intent only when it is among the keys that intent's examples read closest to
 * (at least `ratio` of the best key's score). A profile without a greeting intent so keeps
 * "hello" from joining whatever intent happens to be nearest.
 */
export function confirmBack(
  alignments: readonly Alignment[],
  back: readonly ArrayLike<number>[],
  ratio: number,
): Alignment[] {
  const best = back.map((row) => {
    let m = 0;
    for (let k = 0; k < row.length; k++) m = Math.max(m, row[k] as number);
    return m;
  });
  return alignments.map((a, k) => {
    if (a.intent < 0) return a;
    const score = (back[a.intent] as ArrayLike<number>)[k] as number;
    return score >= ratio * (best[a.intent] as number) ? a : { ...a, intent: -1 };
  });
}
