// Cosine similarity through an inverted index over sparse feature vectors: the nearest-example check
// of every message and the phrasebook's alignment at training both use it.
import { BIAS, type FeatureVector } from './features.ts';

export function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;
}

/** Maximum cosine similarity of a vector to any of `targets` (bias excluded), through an inverted index. */
export function similarityIndex(targets: readonly FeatureVector[]): (v: FeatureVector) => number {
  const cosines = cosineIndex(targets);
  return (v) => {
    const c = cosines(v);
    let best = 0;
    for (let i = 0; i < c.length; i++) best = Math.max(best, c[i] as number);
    return best;
  };
}

/** Cosine similarity of a vector to each of `targets` (bias excluded), through an inverted index. The array is reused. */
export function cosineIndex(targets: readonly FeatureVector[]): (v: FeatureVector) => Float64Array {
  const lists = new Map<number, { at: number[]; value: number[] }>();
  const norms = new Float64Array(targets.length);
  for (const [at, t] of targets.entries()) {
    for (const [k, value] of t) {
      if (k === BIAS) continue;
      norms[at] = (norms[at] as number) + value * value;
      const list = lists.get(k) ?? { at: [], value: [] };
      if (list.at.length === 0) lists.set(k, list);
      list.at.push(at);
      list.value.push(value);
    }
  }
  // Typed arrays: this runs on every message, over postings of a few hundred entries.
  const postings = new Map<number, { at: Int32Array; value: Float64Array }>();
  for (const [k, l] of lists) {
    postings.set(k, { at: Int32Array.from(l.at), value: Float64Array.from(l.value) });
  }
  const dots = new Float64Array(targets.length);
  return (v) => {
    dots.fill(0);
    let norm = 0;
    for (const [k, value] of v) {
      if (k === BIAS) continue;
      norm += value * value;
      const p = postings.get(k);
      if (p === undefined) continue;
      for (let i = 0; i < p.at.length; i++) {
        const at = p.at[i] as number;
        dots[at] = (dots[at] as number) + value * (p.value[i] as number);
      }
    }
    for (let i = 0; i < dots.length; i++) {
      const d = dots[i] as number;
      dots[i] = d > 0 ? d / Math.sqrt(norm * (norms[i] as number)) : 0;
    }
    return dots;
  };
}

/**
 * Cosine postings by model column: each column's (target, value) entries, in target order. The
 * nearest-example check of every message reads them with the message's column indices (no map
 * lookups), and a classifier snapshot stores them as they are, so a cold start builds nothing.
 */
export interface ColumnPostings {
  /** Column c's entries are at [offsets[c], offsets[c + 1]). */
  readonly offsets: Int32Array;
  readonly targets: Int32Array;
  readonly values: Float32Array;
  /** Squared norm of each target (bias excluded; features without a column included). */
  readonly norms: Float64Array;
}

/**
 * Postings of `targets` over the columns `columnOf` knows (`columns` of them). A column found in more
 * than `maxTargets` targets gets no postings: it then adds nothing to any cosine's dot product (the
 * norms still count it).
 */
export function columnPostings(
  targets: readonly FeatureVector[],
  columnOf: (feature: number) => number | undefined,
  columns: number,
  maxTargets = Number.POSITIVE_INFINITY,
): ColumnPostings {
  const counts = new Int32Array(columns + 1);
  const norms = new Float64Array(targets.length);
  for (const [at, t] of targets.entries()) {
    for (const [k, value] of t) {
      if (k === BIAS) continue;
      norms[at] = (norms[at] as number) + value * value;
      const c = columnOf(k);
      if (c !== undefined) counts[c + 1] = (counts[c + 1] as number) + 1;
    }
  }
  for (let c = 1; c <= columns; c++) if ((counts[c] as number) > maxTargets) counts[c] = 0;
  const offsets = new Int32Array(columns + 1);
  for (let c = 0; c < columns; c++)
    offsets[c + 1] = (offsets[c] as number) + (counts[c + 1] as number);
  const fill = offsets.slice(0, columns);
  const entries = offsets[columns] as number;
  const at = new Int32Array(entries);
  const values = new Float32Array(entries);
  for (const [t, target] of targets.entries()) {
    for (const [k, value] of target) {
      if (k === BIAS) continue;
      const c = columnOf(k);
      if (c === undefined || (counts[c + 1] as number) === 0) continue;
      const i = fill[c] as number;
      at[i] = t;
      values[i] = value;
      fill[c] = i + 1;
    }
  }
  return { offsets, targets: at, values, norms };
}

/**
 * Maximum cosine of a message to any target: `indices`/`values` are its known columns (from
 * FeatureIndex.sparse), `norm` its squared norm over all its features but the bias. With `found`,
 * the nearest target's index is written there too (-1 when no target shares a feature).
 */
export function nearestCosine(
  p: ColumnPostings,
): (indices: Int32Array, values: Float64Array, norm: number, found?: { target: number }) => number {
  const dots = new Float64Array(p.norms.length);
  const { offsets, targets, values: weights, norms } = p;
  // The nearest target maximises dot² / norm (for a positive dot), so the square root is taken once.
  const inverse = norms.map((n) => (n > 0 ? 1 / n : 0));
  return (indices, values, norm, found) => {
    dots.fill(0);
    for (let i = 0; i < indices.length; i++) {
      const c = indices[i] as number;
      const value = values[i] as number;
      const end = offsets[c + 1] as number;
      for (let e = offsets[c] as number; e < end; e++) {
        const at = targets[e] as number;
        dots[at] = (dots[at] as number) + value * (weights[e] as number);
      }
    }
    let best = 0;
    let nearest = -1;
    for (let i = 0; i < dots.length; i++) {
      const d = dots[i] as number;
      if (d <= 0) continue;
      const ratio = d * d * (inverse[i] as number);
      if (ratio > best) {
        best = ratio;
        nearest = i;
      }
    }
    if (found !== undefined) found.target = nearest;
    return nearest < 0
      ? 0
      : (dots[nearest] as number) / Math.sqrt(norm * (norms[nearest] as number));
  };
}

/** Squared norm of a feature vector, bias excluded. */
export function squaredNorm(v: FeatureVector): number {
  let norm = 0;
  for (const [k, value] of v) if (k !== BIAS) norm += value * value;
  return norm;
}
