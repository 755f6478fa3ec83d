// Scope classifier: trains an IntentClassifier from a profile's TrainingSet plus the built-in
// out-of-scope corpus (as an explicit `__out__` class), for the responder's scope gate.
import type { IntentClassifier, IntentPrediction, TrainingSet } from '../ports.ts';
import { OUT_OF_SCOPE_CORPUS } from './corpus/index.ts';
import {
  BIAS,
  DEFAULT_FEATURE_OPTIONS,
  extractFeatures as extract,
  type FeatureOptions,
  type FeatureVector,
} from './features.ts';
import { canonicalJson, hashText } from './hash.ts';
import { trainLanguageDetector } from './language.ts';
import {
  DEFAULT_TRAIN_OPTIONS,
  FeatureIndex,
  type Sample,
  seededRandom,
  type TrainOptions,
  trainSoftmax,
} from './model.ts';

/** Bump when features, model or training change in a way that changes predictions. */
export const CLASSIFIER_ALGORITHM = 'scope-lr-1';

/** Used when the profile sets no threshold; chosen on the dev split (see docs/classifier.md). */
export const DEFAULT_THRESHOLD = 0.5;

/** Name of the out-of-scope class inside the model; never returned as an intent. */
const OUT = '__out__';

export interface Tuning {
  /** Noisy copies made of each profile example. */
  readonly augmentCopies: number;
  readonly augmentWeight: number;
  /** Total weight of the out-of-scope class, as a multiple of one intent's total weight. */
  readonly outMass: number;
  /** A `service:` domain is dropped when its mean similarity to the profile exceeds the general sections' by this. */
  readonly domainMargin: number;
  /** Built-in negatives at least this similar to a profile example are dropped (they would contradict it). */
  readonly conflictSimilarity: number;
  readonly train: TrainOptions;
  readonly features: FeatureOptions;
  /** `joint`: one model over intents + `__out__`. `twoStage`: an in/out scope model and an intent model. */
  readonly mode: 'joint' | 'twoStage';
  /** twoStage: out-of-scope mass as a multiple of the whole in-scope mass. */
  readonly scopeOutRatio: number;
  /** twoStage: confidence = pIn^(1-w) × pIntent^w. */
  readonly intentWeight: number;
}

const defaultTuning: Tuning = {
  augmentCopies: 3,
  augmentWeight: 0.5,
  outMass: 3,
  domainMargin: 0.15,
  conflictSimilarity: 0.5,
  train: DEFAULT_TRAIN_OPTIONS,
  features: DEFAULT_FEATURE_OPTIONS,
  mode: 'twoStage',
  scopeOutRatio: 1,
  intentWeight: 0,
};

/** The gate's rule, shared with the eval CLI: a prediction is answered when it names an intent at or above the threshold. */
export function isAnswered(prediction: IntentPrediction, threshold: number): boolean {
  return prediction.intent !== null && prediction.confidence >= threshold;
}

export function thresholdOf(set: TrainingSet): number {
  return set.threshold ?? DEFAULT_THRESHOLD;
}

const CORPUS_HASH = hashText(canonicalJson(OUT_OF_SCOPE_CORPUS));

/** Version of the classifier a TrainingSet yields: changes with the profile, the corpus and the algorithm. */
export function classifierVersion(set: TrainingSet): string {
  return `${CLASSIFIER_ALGORITHM}+${hashText(`${canonicalJson(set)}|${CORPUS_HASH}|${canonicalJson(defaultTuning)}`)}`;
}

/** Typing noise a customer makes: a dropped letter, swapped letters, a missing space, a dropped word. */
function augment(text: string, random: () => number): string {
  const words = text.split(/\s+/).filter(Boolean);
  if (words.length === 0) return text;
  const kind = Math.floor(random() * 4);
  const at = Math.floor(random() * words.length);
  const word = words[at] as string;
  if (kind === 0 && word.length >= 4) {
    const i = 1 + Math.floor(random() * (word.length - 2));
    words[at] = word.slice(0, i) + word.slice(i + 1);
  } else if (kind === 1 && word.length >= 4) {
    const i = 1 + Math.floor(random() * (word.length - 3));
    words[at] = word.slice(0, i) + word.charAt(i + 1) + word.charAt(i) + word.slice(i + 2);
  } else if (kind === 2 && words.length >= 2) {
    const i = Math.min(at, words.length - 2);
    words.splice(i, 2, `${words[i]}${words[i + 1]}`);
  } else if (words.length >= 4) {
    words.splice(at, 1);
  }
  return words.join(' ');
}

function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;
}

/** Maximum cosine similarity of a vector to any of `targets` (bias excluded), through an inverted index. */
function similarityIndex(targets: readonly FeatureVector[]): (v: FeatureVector) => number {
  const postings = new Map<number, { at: number; value: number }[]>();
  const norms = new Float64Array(targets.length);
  for (const [at, t] of targets.entries()) {
    for (const [k, value] of t) {
      if (k === BIAS) continue;
      norms[at] = (norms[at] as number) + value * value;
      let list = postings.get(k);
      if (!list) postings.set(k, (list = []));
      list.push({ at, value });
    }
  }
  const dots = new Float64Array(targets.length);
  return (v) => {
    dots.fill(0);
    let norm = 0;
    for (const [k, value] of v) {
      if (k === BIAS) continue;
      norm += value * value;
      for (const p of postings.get(k) ?? []) dots[p.at] = (dots[p.at] as number) + value * p.value;
    }
    let best = 0;
    for (let i = 0; i < dots.length; i++) {
      const d = dots[i] as number;
      if (d > 0) best = Math.max(best, d / Math.sqrt(norm * (norms[i] as number)));
    }
    return best;
  };
}

const cache = new Map<string, IntentClassifier>();

/**
 * Trains (or returns the cached) classifier for a TrainingSet. Deterministic: the same set gives
 * the same model and version.
 */
export function trainClassifier(set: TrainingSet): IntentClassifier {
  const version = classifierVersion(set);
  const cached = cache.get(version);
  if (cached) return cached;
  const classifier = build(set, version);
  cache.set(version, classifier);
  return classifier;
}

/** Trains with explicit tuning, uncached: for experiments and the benchmark, not the responder. */
export function trainClassifierWith(set: TrainingSet, tuning: Partial<Tuning>): IntentClassifier {
  return build(set, `${classifierVersion(set)}-experiment`, { ...defaultTuning, ...tuning });
}

function build(
  set: TrainingSet,
  version: string,
  tuning: Tuning = defaultTuning,
): IntentClassifier {
  const extractFeatures = (text: string) => extract(text, tuning.features);
  const labels = [...set.intents.map((i) => i.id), OUT];
  const outLabel = labels.length - 1;
  const random = seededRandom(0x5c09e);
  const index = new FeatureIndex();
  const pending: { features: FeatureVector; label: number; weight: number }[] = [];
  const positives: FeatureVector[] = [];
  const languageText: Record<string, string[]> = {};

  for (const [label, intent] of set.intents.entries()) {
    for (const [lang, texts] of Object.entries(intent.examples)) {
      for (const text of texts) {
        (languageText[lang] ??= []).push(text);
        const features = extractFeatures(text);
        positives.push(features);
        pending.push({ features, label, weight: 1 });
        for (let k = 0; k < tuning.augmentCopies; k++) {
          pending.push({
            features: extractFeatures(augment(text, random)),
            label,
            weight: tuning.augmentWeight,
          });
        }
      }
    }
  }

  // Built-in negatives come in sections. `service:<domain>` sections are other businesses' customer
  // service; a business that works in that domain (a bank, for `service:banking`) must not learn
  // them as refusals. A domain is dropped when its lines (all languages together) read clearly more
  // like the profile than the general-assistant sections do.
  const sim = similarityIndex(positives);
  const corpus = Object.entries(OUT_OF_SCOPE_CORPUS).flatMap(([lang, sections]) =>
    Object.entries(sections).flatMap(([section, texts]) =>
      texts.map((text) => {
        const features = extractFeatures(text);
        return { lang, section, text, features, closeness: sim(features) };
      }),
    ),
  );
  const general = corpus.filter((c) => !c.section.startsWith('service:'));
  const baseline = mean(general.map((c) => c.closeness));
  const byDomain = new Map<string, number[]>();
  for (const c of corpus) {
    if (!c.section.startsWith('service:')) continue;
    const list = byDomain.get(c.section) ?? [];
    list.push(c.closeness);
    byDomain.set(c.section, list);
  }
  const dropped = new Set(
    [...byDomain].filter(([, v]) => mean(v) >= baseline + tuning.domainMargin).map(([d]) => d),
  );
  for (const c of corpus) {
    (languageText[c.lang] ??= []).push(c.text);
    if (dropped.has(c.section)) continue;
    // A single line that reads like one of the business's own examples would contradict it.
    if (c.closeness >= tuning.conflictSimilarity) continue;
    pending.push({ features: c.features, label: outLabel, weight: 1 });
  }
  for (const texts of Object.values(set.negatives ?? {})) {
    for (const text of texts) {
      pending.push({ features: extractFeatures(text), label: outLabel, weight: 1 });
    }
  }

  // Balance: the corpus outnumbers any one intent's examples many times over; without reweighting
  // the model would learn "refuse" as the safe answer to everything.
  const mass = new Float64Array(labels.length);
  for (const p of pending) mass[p.label] = (mass[p.label] as number) + p.weight;
  let intentMass = 0;
  for (let c = 0; c < outLabel; c++) intentMass += mass[c] as number;
  const outScale =
    (tuning.outMass * intentMass) /
    Math.max(1, outLabel) /
    Math.max(1e-9, mass[outLabel] as number);
  for (const p of pending) if (p.label === outLabel) p.weight *= outScale;
  for (const p of pending) index.add(p.features);
  const samples: Sample[] = pending.map((p) => ({
    ...index.sparse(p.features),
    label: p.label,
    weight: p.weight,
  }));
  const languages = trainLanguageDetector(languageText, set.languages);
  const threshold = thresholdOf(set);
  if (tuning.mode === 'twoStage') {
    const intentModel = trainSoftmax(
      samples.filter((s) => s.label !== outLabel),
      index.size,
      outLabel,
      tuning.train,
    );
    let inMass = 0;
    let outMass = 0;
    for (const s of samples) {
      if (s.label === outLabel) outMass += s.weight;
      else inMass += s.weight;
    }
    const scale = (tuning.scopeOutRatio * inMass) / Math.max(1e-9, outMass);
    const scopeModel = trainSoftmax(
      samples.map((s) =>
        s.label === outLabel ? { ...s, label: 1, weight: s.weight * scale } : { ...s, label: 0 },
      ),
      index.size,
      2,
      tuning.train,
    );
    return {
      version,
      classify(text: string): IntentPrediction {
        const { indices, values } = index.sparse(extractFeatures(text));
        const pi = intentModel.probabilities(indices, values);
        const pIn = scopeModel.probabilities(indices, values)[0] as number;
        let best = 0;
        let second = 0;
        for (let c = 0; c < pi.length; c++) {
          const v = pi[c] as number;
          if (v > (pi[best] as number)) best = c;
        }
        for (let c = 0; c < pi.length; c++) {
          if (c !== best) second = Math.max(second, pi[c] as number);
        }
        const pBest = pi[best] as number;
        const confidence = pIn ** (1 - tuning.intentWeight) * pBest ** tuning.intentWeight;
        return {
          intent: confidence >= threshold ? (labels[best] as string) : null,
          confidence,
          margin: pBest - second,
          language: languages.detect(text, set.defaultLanguage),
          classifierVersion: version,
        };
      },
    };
  }
  const model = trainSoftmax(samples, index.size, labels.length, tuning.train);

  return {
    version,
    classify(text: string): IntentPrediction {
      const { indices, values } = index.sparse(extractFeatures(text));
      const p = model.probabilities(indices, values);
      let best = -1;
      let bestP = -1;
      let secondP = 0;
      for (let c = 0; c < labels.length; c++) {
        const v = p[c] as number;
        if (v > bestP) {
          secondP = Math.max(secondP, bestP);
          bestP = v;
          best = c;
        } else if (v > secondP) secondP = v;
      }
      const isIntent = best !== outLabel && bestP >= threshold;
      let topIntentP = 0;
      for (let c = 0; c < outLabel; c++) topIntentP = Math.max(topIntentP, p[c] as number);
      return {
        intent: isIntent ? (labels[best] as string) : null,
        confidence: best === outLabel ? topIntentP : bestP,
        margin: best === outLabel ? topIntentP - bestP : bestP - secondP,
        language: languages.detect(text, set.defaultLanguage),
        classifierVersion: version,
      };
    },
  };
}
