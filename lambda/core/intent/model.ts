// Multinomial logistic regression trained by seeded SGD: small, deterministic and fast enough to
// train at cold start on a few thousand short texts.
import type { FeatureVector } from './features.ts';

export interface Sample {
  readonly indices: Int32Array;
  readonly values: Float64Array;
  readonly label: number;
  readonly weight: number;
}

export interface TrainOptions {
  readonly epochs: number;
  readonly learningRate: number;
  /** L2 penalty per sample step. */
  readonly l2: number;
  readonly seed: number;
}

export const DEFAULT_TRAIN_OPTIONS: TrainOptions = {
  epochs: 8,
  learningRate: 0.5,
  l2: 1e-5,
  seed: 20260115,
};

/** Maps feature names to columns; features never seen in training have no column. */
export class FeatureIndex {
  readonly #columns = new Map<number, number>();

  get size(): number {
    return this.#columns.size;
  }

  /** An index with these feature hashes as its columns, in order (restoring a snapshot). */
  static fromColumns(hashes: Int32Array): FeatureIndex {
    const index = new FeatureIndex();
    for (const h of hashes) index.#columns.set(h, index.#columns.size);
    return index;
  }

  /** The column of a feature hash, if it has one. */
  columnOf(hash: number): number | undefined {
    return this.#columns.get(hash);
  }

  /** The feature hash of each column, in column order. */
  columns(): Int32Array {
    const out = new Int32Array(this.#columns.size);
    for (const [hash, column] of this.#columns) out[column] = hash;
    return out;
  }

  add(features: FeatureVector): void {
    for (const k of features.keys()) {
      if (!this.#columns.has(k)) this.#columns.set(k, this.#columns.size);
    }
  }

  /** Known features only; the vector's norm still counted unknown ones, which shrinks scores of unfamiliar text. */
  sparse(features: FeatureVector): { indices: Int32Array; values: Float64Array } {
    // Typed arrays sized for the worst case and cut once: this runs for every training sample and
    // every message, and intermediate JS arrays were a large share of training's garbage.
    const idx = new Int32Array(features.size);
    const val = new Float64Array(features.size);
    let n = 0;
    for (const [k, v] of features) {
      const c = this.#columns.get(k);
      if (c !== undefined) {
        idx[n] = c;
        val[n] = v;
        n++;
      }
    }
    return n === features.size
      ? { indices: idx, values: val }
      : { indices: idx.slice(0, n), values: val.slice(0, n) };
  }
}

/** mulberry32: a tiny seeded PRNG, so that training order (and so the model) is reproducible. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class SoftmaxModel<W extends Float64Array | Float32Array = Float64Array> {
  constructor(
    readonly classes: number,
    /** Row-major: feature column × class. */
    readonly weights: W,
  ) {}

  scores(indices: Int32Array, values: Float64Array): Float64Array {
    const k = this.classes;
    // A local: the field is read once, not once per weight (the models hold Float32 and Float64
    // weights, so the load is not one shape either).
    const weights = this.weights;
    const out = new Float64Array(k);
    for (let i = 0; i < indices.length; i++) {
      const base = (indices[i] as number) * k;
      const v = values[i] as number;
      for (let c = 0; c < k; c++) out[c] = (out[c] as number) + v * (weights[base + c] as number);
    }
    return out;
  }

  probabilities(indices: Int32Array, values: Float64Array): Float64Array {
    return softmax(this.scores(indices, values));
  }
}

export function softmax(scores: Float64Array): Float64Array {
  let max = Number.NEGATIVE_INFINITY;
  for (const s of scores) if (s > max) max = s;
  const out = new Float64Array(scores.length);
  let sum = 0;
  for (let c = 0; c < scores.length; c++) {
    const e = Math.exp((scores[c] as number) - max);
    out[c] = e;
    sum += e;
  }
  for (let c = 0; c < out.length; c++) out[c] = (out[c] as number) / sum;
  return out;
}

export function trainSoftmax(
  samples: readonly Sample[],
  features: number,
  classes: number,
  options: TrainOptions = DEFAULT_TRAIN_OPTIONS,
): SoftmaxModel {
  // Weights are stored as scale × raw so that the L2 shrink of every weight is one multiplication.
  const raw = new Float64Array(features * classes);
  let scale = 1;
  const random = seededRandom(options.seed);
  const order = samples.map((_, i) => i);
  const model = new SoftmaxModel(classes, raw);
  const z = new Float64Array(classes);
  // Per class, the gradient's (target − probability) of the current sample.
  const d = new Float64Array(classes);
  let step = 0;
  const totalSteps = options.epochs * samples.length;
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      const tmp = order[i] as number;
      order[i] = order[j] as number;
      order[j] = tmp;
    }
    for (const o of order) {
      const s = samples[o] as Sample;
      const rate = options.learningRate * (1 - step / totalSteps) + 1e-3;
      step++;
      if (classes === 2) {
        scale = binaryStep(raw, scale, s, rate, options.l2);
        continue;
      }
      // The sample's arrays in locals and (target − p) once per class: the samples come in several
      // object shapes, and reading them inside the loops made this loop about twice as slow (the same
      // arithmetic, so the weights are bit for bit the same).
      const indices = s.indices;
      const values = s.values;
      const n = indices.length;
      z.fill(0);
      for (let i = 0; i < n; i++) {
        const base = (indices[i] as number) * classes;
        const v = values[i] as number;
        for (let c = 0; c < classes; c++) z[c] = (z[c] as number) + v * (raw[base + c] as number);
      }
      let max = Number.NEGATIVE_INFINITY;
      for (let c = 0; c < classes; c++) {
        z[c] = (z[c] as number) * scale;
        if ((z[c] as number) > max) max = z[c] as number;
      }
      let sum = 0;
      for (let c = 0; c < classes; c++) {
        const e = Math.exp((z[c] as number) - max);
        d[c] = e;
        sum += e;
      }
      for (let c = 0; c < classes; c++) d[c] = (c === s.label ? 1 : 0) - (d[c] as number) / sum;
      scale *= 1 - rate * options.l2;
      const g = (rate * s.weight) / scale;
      for (let i = 0; i < n; i++) {
        const base = (indices[i] as number) * classes;
        const v = (values[i] as number) * g;
        for (let c = 0; c < classes; c++)
          raw[base + c] = (raw[base + c] as number) + v * (d[c] as number);
      }
      if (scale < 1e-6) {
        for (let i = 0; i < raw.length; i++) raw[i] = (raw[i] as number) * scale;
        scale = 1;
      }
    }
  }
  for (let i = 0; i < raw.length; i++) raw[i] = (raw[i] as number) * scale;
  return model;
}

/**
 * Complement naive Bayes (Rennie et al. 2003) as linear weights in SoftmaxModel's layout (feature
 * column × class), each feature's row centred on its mean over the classes so that adding the result
 * to a logistic model's weights shifts only how the classes compare. A class's weight for a feature is
 * how rare the feature is in every *other* class's samples: estimated from the complement, a class
 * with few samples gets as steady an estimate as one with many, where the logistic model lets the
 * intents with the most training mass (the ones several phrasebook keys joined) win shared words.
 * Negative feature values count as 0; `smoothing` is the additive (Lidstone) count per feature.
 * A feature no sample holds gets no weight.
 */
export function complementNaiveBayes(
  samples: readonly Sample[],
  features: number,
  classes: number,
  smoothing: number,
): Float64Array {
  const { counts, mass, rows, vocabulary } = classCounts(samples, features, classes);
  let total = 0;
  for (const m of mass) total += m;
  // log(a / b) as log a − log b, with log b per class and log a once per feature wherever the class
  // holds none of it (most features are held by one or two intents): a log for each feature and
  // class took a sixth of the bank's training.
  const byClass = Float64Array.from(mass, (m) => Math.log(smoothing * vocabulary + total - m));
  const weights = new Float64Array(features * classes);
  for (let f = 0; f < features; f++) {
    const row = rows[f] as number;
    if (row === 0) continue;
    const base = f * classes;
    const none = Math.log(smoothing + row);
    let mean = 0;
    for (let c = 0; c < classes; c++) {
      const n = counts[base + c] as number;
      const w = (n === 0 ? -none : -Math.log(smoothing + row - n)) + (byClass[c] as number);
      weights[base + c] = w;
      mean += w;
    }
    mean /= classes;
    for (let c = 0; c < classes; c++) weights[base + c] = (weights[base + c] as number) - mean;
  }
  return weights;
}

/**
 * Each feature's weighted count per class (negative values count as 0), each class's mass, each
 * feature's total, and the vocabulary: the features the samples hold, not the index's columns (which
 * other models' samples share), so that an unused column changes neither a weight nor the smoothing.
 */
function classCounts(
  samples: readonly Sample[],
  features: number,
  classes: number,
): { counts: Float64Array; mass: Float64Array; rows: Float64Array; vocabulary: number } {
  const counts = new Float64Array(features * classes);
  const mass = new Float64Array(classes);
  for (const s of samples) {
    // In locals, as in trainSoftmax: the samples come in several shapes.
    const { indices, values, weight, label } = s;
    for (let i = 0; i < indices.length; i++) {
      const v = Math.max(0, values[i] as number) * weight;
      const at = (indices[i] as number) * classes + label;
      counts[at] = (counts[at] as number) + v;
      mass[label] = (mass[label] as number) + v;
    }
  }
  const rows = new Float64Array(features);
  let vocabulary = 0;
  for (let f = 0; f < features; f++) {
    let row = 0;
    for (let c = 0; c < classes; c++) row += counts[f * classes + c] as number;
    rows[f] = row;
    if (row > 0) vocabulary++;
  }
  return { counts, mass, rows, vocabulary };
}

/**
 * Naive Bayes log-count ratios against a reference class, per feature column and class: log p(feature
 * | class c) − log p(feature | reference), for the classes 0..classes−1; samples labelled `classes`
 * are the reference. Row-major like SoftmaxModel (column × class). Smoothed as complementNaiveBayes
 * smooths, over the features the samples hold (the others get 0). Summed over a text's features it
 * is naive Bayes's log-odds of class c against the reference, without the prior: where a logistic
 * model's L2 keeps the weight of a feature that a few samples hold small, this gives it the full
 * weight of its counts.
 */
export function naiveBayesOdds(
  samples: readonly Sample[],
  features: number,
  classes: number,
  smoothing: number,
): Float64Array {
  const width = classes + 1;
  const { counts, mass, rows, vocabulary } = classCounts(samples, features, width);
  // As in complementNaiveBayes: the denominators' logs per class, a count of 0's log once.
  const byClass = Float64Array.from(mass, (m) => Math.log(smoothing * vocabulary + m));
  const none = Math.log(smoothing);
  const logP = (n: number, c: number) =>
    (n === 0 ? none : Math.log(smoothing + n)) - (byClass[c] as number);
  const odds = new Float64Array(features * classes);
  for (let f = 0; f < features; f++) {
    if ((rows[f] as number) === 0) continue;
    const reference = logP(counts[f * width + classes] as number, classes);
    for (let c = 0; c < classes; c++)
      odds[f * classes + c] = logP(counts[f * width + c] as number, c) - reference;
  }
  return odds;
}

/**
 * One SGD step of a two-class model: the general step's arithmetic, in the same order, with the
 * class loops unrolled (the scope model trains on several thousand samples; this halves its time).
 * Returns the new weight scale.
 */
function binaryStep(raw: Float64Array, scale: number, s: Sample, rate: number, l2: number): number {
  const indices = s.indices;
  const values = s.values;
  const n = indices.length;
  let z0 = 0;
  let z1 = 0;
  for (let i = 0; i < n; i++) {
    const base = (indices[i] as number) * 2;
    const v = values[i] as number;
    z0 += v * (raw[base] as number);
    z1 += v * (raw[base + 1] as number);
  }
  z0 *= scale;
  z1 *= scale;
  const max = Math.max(z0, z1);
  const e0 = Math.exp(z0 - max);
  const e1 = Math.exp(z1 - max);
  const sum = e0 + e1;
  const p0 = e0 / sum;
  const p1 = e1 / sum;
  let next = scale * (1 - rate * l2);
  const g = (rate * s.weight) / next;
  const t0 = s.label === 0 ? 1 : 0;
  const t1 = s.label === 1 ? 1 : 0;
  for (let i = 0; i < n; i++) {
    const base = (indices[i] as number) * 2;
    const v = (values[i] as number) * g;
    raw[base] = (raw[base] as number) + v * (t0 - p0);
    raw[base + 1] = (raw[base + 1] as number) + v * (t1 - p1);
  }
  if (next < 1e-6) {
    for (let i = 0; i < raw.length; i++) raw[i] = (raw[i] as number) * next;
    next = 1;
  }
  return next;
}
