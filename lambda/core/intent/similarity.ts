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
