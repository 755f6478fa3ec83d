// Scope classifier for the responder's scope gate: trains, from a profile's TrainingSet and the
// built-in out-of-scope corpus, an intent model and an in/out scope model (logistic regression over
// hashed word, character and concept features), and combines the scope probability with the
// similarity to the nearest profile example into one calibrated confidence. The built-in phrasebook
// (generic customer-service phrasings) is aligned to the profile's intents and widens their
// vocabulary; the phrasebook domains the business does not work in become weak negatives.
import type { IntentClassifier, IntentPrediction, TrainingSet } from '../ports.ts';
import { DEFAULT_SCOPE_THRESHOLD } from '../scope.ts';
import {
  type AlignOptions,
  alignPhrasebook,
  DEFAULT_ALIGN_OPTIONS,
  type PhrasebookAlignment,
  type Views,
} from './align.ts';
import { OUT_OF_SCOPE_CORPUS } from './corpus/index.ts';
import {
  combineGroups,
  DEFAULT_FEATURE_OPTIONS,
  extractFeatures as extract,
  extractGroups,
  type FeatureOptions,
  type FeatureVector,
} from './features.ts';
import { canonicalJson, hashText } from './hash.ts';
import { countLanguageTables, type LanguageTable, languageDetector } from './language.ts';
import {
  DEFAULT_TRAIN_OPTIONS,
  FeatureIndex,
  type Sample,
  SoftmaxModel,
  seededRandom,
  type TrainOptions,
  trainSoftmax,
} from './model.ts';
import { PHRASEBOOK } from './phrasebook/index.ts';
import {
  type ColumnPostings,
  columnPostings,
  mean,
  nearestCosine,
  similarityIndex,
  squaredNorm,
} from './similarity.ts';

/** Bump when features, model or training change in a way that changes predictions. */
export const CLASSIFIER_ALGORITHM = 'scope-lr-3';

/** Label of the built-in and profile negatives while samples are gathered; never returned as an intent. */
const OUT = '__out__';

export interface Tuning {
  /** Noisy copies made of each profile example. */
  readonly augmentCopies: number;
  readonly augmentWeight: number;
  /** A `service:` domain is dropped when its mean similarity to the profile exceeds the general sections' by this. */
  readonly domainMargin: number;
  /** Built-in negatives at least this similar to a profile example are dropped (they would contradict it). */
  readonly conflictSimilarity: number;
  readonly train: TrainOptions;
  /** Feature scales of the scope model and the nearest-example similarity. */
  readonly features: FeatureOptions;
  /** Feature scales of the intent model. */
  readonly intentFeatures: FeatureOptions;
  /** Out-of-scope mass in the scope model, as a multiple of the whole in-scope mass. */
  readonly scopeOutRatio: number;
  /** Raw score = pIn^(1-w) × pIntent^w. */
  readonly intentWeight: number;
  /** Raw score weight of the similarity to the nearest profile example: pIn^(1-s) × sim^s. */
  readonly similarityWeight: number;
  /** Raw score factor for text in a language the profile does not serve. */
  readonly unsupportedLanguageFactor: number;
  /** Weight of each clause of an intent's title and answer (TrainingSet context) in the intent model. */
  readonly contextWeight: number;
  /** Weight of those clauses as in-scope samples in the scope model (0: not used there). */
  readonly contextScopeWeight: number;
  /** The raw score that maps to the gate's default threshold (chosen on the dev split). */
  readonly operatingPoint: number;
  /** How phrasebook keys are matched to the profile's intents. */
  readonly align: AlignOptions;
  /** Weight of an aligned phrasebook phrasing in the intent model (0: phrasebook unused). */
  readonly phrasebookWeight: number;
  /** Weight of an aligned phrasing as an in-scope sample in the scope model. */
  readonly phrasebookScopeWeight: number;
  /** A phrasebook domain is the business's own when its closeness is within this of the closest domain's. */
  readonly phrasebookDomainMargin: number;
  /** ...and at least this close on average (a profile too small to tell its domain uses `common` only). */
  readonly phrasebookDomainFloor: number;
  /** Weight of the other domains' phrasings among the built-in negatives (0: not used). */
  readonly phrasebookForeignWeight: number;
  /** Whether aligned phrasings count as neighbours in the nearest-example similarity. */
  readonly phrasebookNeighbours: boolean;
}

const defaultTuning: Tuning = {
  augmentCopies: 2,
  augmentWeight: 0.5,
  domainMargin: 0.15,
  conflictSimilarity: 0.5,
  train: { ...DEFAULT_TRAIN_OPTIONS, epochs: 5, l2: 1e-4 },
  features: DEFAULT_FEATURE_OPTIONS,
  intentFeatures: { ...DEFAULT_FEATURE_OPTIONS, conceptScale: 1.5, conceptLexicon: 'broad' },
  scopeOutRatio: 0.5,
  intentWeight: 0.2,
  similarityWeight: 0.4,
  unsupportedLanguageFactor: 0.5,
  contextWeight: 0.3,
  contextScopeWeight: 0.3,
  operatingPoint: 0.66,
  align: DEFAULT_ALIGN_OPTIONS,
  phrasebookWeight: 0.5,
  phrasebookScopeWeight: 0.5,
  phrasebookNeighbours: true,
  phrasebookDomainMargin: 0.04,
  phrasebookDomainFloor: 0.35,
  phrasebookForeignWeight: 0.3,
};

/** The gate's rule, shared with the eval CLI: a prediction is answered when it names an intent at or above the threshold. */
export function isAnswered(prediction: IntentPrediction, threshold: number): boolean {
  return prediction.intent !== null && prediction.confidence >= threshold;
}

const CORPUS_HASH = hashText(
  canonicalJson({ corpus: OUT_OF_SCOPE_CORPUS, phrasebook: PHRASEBOOK }),
);

/** Version of the classifier a TrainingSet yields: changes with the profile, the corpus and the algorithm. */
export function classifierVersion(set: TrainingSet): string {
  // `context` is read explicitly: toTrainingSet keeps it out of the set's enumerable shape.
  const context = canonicalJson(set.intents.map((i) => i.context ?? null));
  return `${CLASSIFIER_ALGORITHM}+${hashText(`${canonicalJson(set)}|${context}|${CORPUS_HASH}|${canonicalJson(defaultTuning)}`)}`;
}

/**
 * Maps the raw score onto 0..1 so that the chosen operating point lands on the scope gate's default
 * threshold (DEFAULT_SCOPE_THRESHOLD): a profile without `threshold` gets the measured trade-off, and a profile that
 * sets one moves along the same monotone scale.
 */
export function calibrate(raw: number, operatingPoint: number): number {
  const mid = DEFAULT_SCOPE_THRESHOLD;
  return raw <= operatingPoint
    ? (mid * raw) / operatingPoint
    : mid + ((1 - mid) * (raw - operatingPoint)) / (1 - operatingPoint);
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

/** An answer or title cut into clauses: each reads more like a customer's short message than the whole. */
function clauses(text: string): string[] {
  return text
    .split(/[.!?;:()]+(?:\s+|$)|;\s*|,\s+(?=\p{L})/u)
    .map((c) => c.trim())
    .filter((c) => c.split(/\s+/).length >= 2);
}

function addText(byLanguage: Record<string, string[]>, lang: string, text: string): void {
  const list = byLanguage[lang] ?? [];
  if (list.length === 0) byLanguage[lang] = list;
  list.push(text);
}

export type { PhrasebookAlignment } from './align.ts';

/** A trained classifier, with what the phrasebook contributed (for tests and the eval CLI). */
export interface TrainedClassifier extends IntentClassifier {
  readonly phrasebook: PhrasebookAlignment;
  /** What it classifies with: snapshot.ts stores it, so a cold start can restore rather than train. */
  readonly state: ClassifierState;
}

const cache = new Map<string, TrainedClassifier>();

/**
 * Trains (or returns the cached) classifier for a TrainingSet. Deterministic: the same set gives
 * the same model and version.
 */
export function trainClassifier(set: TrainingSet): TrainedClassifier {
  const version = classifierVersion(set);
  const cached = cache.get(version);
  if (cached) return cached;
  const classifier = build(set, version);
  cache.set(version, classifier);
  return classifier;
}

/** Trains with explicit tuning, uncached: for experiments and the benchmark, not the responder. */
export function trainClassifierWith(set: TrainingSet, tuning: Partial<Tuning>): TrainedClassifier {
  return build(set, `${classifierVersion(set)}-experiment`, { ...defaultTuning, ...tuning });
}

function build(
  set: TrainingSet,
  version: string,
  tuning: Tuning = defaultTuning,
): TrainedClassifier {
  // Two views of every text from one extraction: the scope view (words and characters first) and
  // the intent view (concepts weigh more, so paraphrases and other languages share features).
  const views = (text: string): Views => {
    const groups = extractGroups(text, tuning.features.maxGram);
    return {
      scope: combineGroups(groups, tuning.features),
      intent: combineGroups(groups, tuning.intentFeatures),
    };
  };
  const labels = [...set.intents.map((i) => i.id), OUT];
  const outLabel = labels.length - 1;
  const random = seededRandom(0x5c09e);
  const index = new FeatureIndex();
  type Pending = { scope: FeatureVector; intent: FeatureVector; label: number; weight: number };
  const pending: Pending[] = [];
  /** The profile's own examples (pending without their noisy copies). */
  const examples: Pending[] = [];
  const positives: FeatureVector[] = [];
  const languageText: Record<string, string[]> = {};

  for (const [label, intent] of set.intents.entries()) {
    for (const [lang, texts] of Object.entries(intent.examples)) {
      for (const text of texts) {
        addText(languageText, lang, text);
        const v = views(text);
        positives.push(v.scope);
        const example = { ...v, label, weight: 1 };
        examples.push(example);
        pending.push(example);
        for (let k = 0; k < tuning.augmentCopies; k++) {
          pending.push({ ...views(augment(text, random)), label, weight: tuning.augmentWeight });
        }
      }
    }
  }

  // Titles and answers: the business's own vocabulary for each intent, as weak samples, one per clause.
  const context: Pending[] = [];
  for (const [label, intent] of set.intents.entries()) {
    for (const texts of Object.values(intent.context ?? {})) {
      for (const text of texts) {
        for (const clause of clauses(text)) context.push({ ...views(clause), label, weight: 1 });
      }
    }
  }

  // Phrasebook: each generic key joins the profile intent its phrasings read closest to, or stays
  // out; the other businesses' domains become weak negatives.
  const phrasebook: Pending[] = [];
  const foreign: { features: FeatureVector; weight: number }[] = [];
  let alignment: PhrasebookAlignment = { domains: [], keys: [] };
  if (tuning.phrasebookWeight > 0 || tuning.phrasebookScopeWeight > 0) {
    const aligned = alignPhrasebook(
      set,
      [...examples, ...context], // examples (not their noisy copies), titles, answers
      views,
      (text) => extract(text, tuning.features),
      {
        align: tuning.align,
        domainMargin: tuning.phrasebookDomainMargin,
        domainFloor: tuning.phrasebookDomainFloor,
      },
    );
    alignment = aligned.summary;
    for (const k of aligned.keys) {
      if (k.intent === null) {
        for (const features of k.negatives)
          foreign.push({ features, weight: tuning.phrasebookForeignWeight });
        continue;
      }
      for (const [i, v] of k.views.entries()) {
        const phrase = k.phrases[i] as { lang: string; text: string };
        addText(languageText, phrase.lang, phrase.text);
        phrasebook.push({ ...v, label: k.intent, weight: 1 });
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
        const groups = extractGroups(text, tuning.features.maxGram);
        const features = combineGroups(groups, tuning.features);
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
  const negatives: { features: FeatureVector; weight: number }[] = [];
  for (const c of corpus) {
    addText(languageText, c.lang, c.text);
    if (dropped.has(c.section)) continue;
    // A single line that reads like one of the business's own examples would contradict it.
    if (c.closeness >= tuning.conflictSimilarity) continue;
    negatives.push({ features: c.features, weight: 1 });
  }
  negatives.push(...foreign.filter((f) => f.weight > 0));
  for (const texts of Object.values(set.negatives ?? {})) {
    for (const text of texts)
      negatives.push({ features: extract(text, tuning.features), weight: 1 });
  }

  for (const p of [...pending, ...context, ...phrasebook]) {
    index.add(p.scope);
    index.add(p.intent);
  }
  for (const n of negatives) index.add(n.features);

  // Two models: which intent (profile examples, plus titles and answers at a low weight), and
  // whether the message is in scope at all (every profile example against the corpus, balanced by
  // mass). Pooling the intents gives the scope model far more positives than any one intent has.
  const intentSamples: Sample[] = [
    ...pending.map((p) => ({ ...index.sparse(p.intent), label: p.label, weight: p.weight })),
    ...(tuning.contextWeight > 0
      ? context.map((p) => ({
          ...index.sparse(p.intent),
          label: p.label,
          weight: tuning.contextWeight,
        }))
      : []),
  ];
  if (tuning.phrasebookWeight > 0) {
    for (const p of phrasebook) {
      intentSamples.push({
        ...index.sparse(p.intent),
        label: p.label,
        weight: tuning.phrasebookWeight,
      });
    }
  }
  const intentModel = trainSoftmax(intentSamples, index.size, outLabel, tuning.train);
  const inMass = pending.reduce((a, p) => a + p.weight, 0);
  const outMass = negatives.reduce((a, n) => a + n.weight, 0);
  const scale = (tuning.scopeOutRatio * inMass) / Math.max(1e-9, outMass);
  const scopeSamples: Sample[] = [
    ...pending.map((p) => ({ ...index.sparse(p.scope), label: 0, weight: p.weight })),
    ...(tuning.contextScopeWeight > 0
      ? context.map((p) => ({
          ...index.sparse(p.scope),
          label: 0,
          weight: tuning.contextScopeWeight,
        }))
      : []),
    ...phrasebook.map((p) => ({
      ...index.sparse(p.scope),
      label: 0,
      weight: tuning.phrasebookScopeWeight,
    })),
    ...negatives.map((n) => ({ ...index.sparse(n.features), label: 1, weight: n.weight * scale })),
  ].filter((s) => s.weight > 0);
  const scopeModel = trainSoftmax(scopeSamples, index.size, 2, tuning.train);

  return classifierFrom(
    {
      version,
      labels: set.intents.map((i) => i.id),
      defaultLanguage: set.defaultLanguage,
      phrasebook: alignment,
      columns: index.columns(),
      intentWeights: intentModel.weights,
      scopeWeights: scopeModel.weights,
      neighbours: columnPostings(
        tuning.phrasebookNeighbours ? [...positives, ...phrasebook.map((p) => p.scope)] : positives,
        (hash) => index.columnOf(hash),
        index.size,
      ),
      languages: countLanguageTables(languageText, set.languages),
    },
    tuning,
  );
}

/**
 * Everything classify() reads, and nothing training needed only for itself: what a snapshot stores
 * (snapshot.ts), so that a classifier restored from it predicts exactly as the trained one.
 */
export interface ClassifierState {
  readonly version: string;
  /** The profile's intent ids, in the intent model's class order. */
  readonly labels: readonly string[];
  readonly defaultLanguage: string;
  readonly phrasebook: PhrasebookAlignment;
  /** Feature hash of each model column. */
  readonly columns: Int32Array;
  /** Intent model, row-major: column × label. */
  readonly intentWeights: Float64Array;
  /** Scope model, row-major: column × (in, out). */
  readonly scopeWeights: Float64Array;
  /** Scope views of the profile's examples and aligned phrasings: the nearest-example check. */
  readonly neighbours: ColumnPostings;
  readonly languages: readonly LanguageTable[];
}

/** The classifier a state describes (trained now, or restored), with the tuning it was trained with. */
export function classifierFrom(
  state: ClassifierState,
  tuning: Tuning = defaultTuning,
): TrainedClassifier {
  const index = FeatureIndex.fromColumns(state.columns);
  const intentModel = new SoftmaxModel(state.labels.length, state.intentWeights);
  const scopeModel = new SoftmaxModel(2, state.scopeWeights);
  const neighbours = nearestCosine(state.neighbours);
  const languages = languageDetector(state.languages);
  const { labels } = state;
  return {
    version: state.version,
    phrasebook: state.phrasebook,
    state,
    classify(text: string): IntentPrediction {
      const groups = extractGroups(text, tuning.features.maxGram);
      const scope = combineGroups(groups, tuning.features);
      const s = index.sparse(scope);
      const t = index.sparse(combineGroups(groups, tuning.intentFeatures));
      const pi = intentModel.probabilities(t.indices, t.values);
      const pIn = scopeModel.probabilities(s.indices, s.values)[0] as number;
      let best = 0;
      for (let c = 1; c < pi.length; c++) if ((pi[c] as number) > (pi[best] as number)) best = c;
      let second = 0;
      for (let c = 0; c < pi.length; c++)
        if (c !== best) second = Math.max(second, pi[c] as number);
      const pBest = pi[best] as number;
      let raw = pIn ** (1 - tuning.intentWeight) * pBest ** tuning.intentWeight;
      if (tuning.similarityWeight > 0) {
        const similarity = neighbours(s.indices, s.values, squaredNorm(scope));
        raw = raw ** (1 - tuning.similarityWeight) * similarity ** tuning.similarityWeight;
      }
      if (languages.isUnsupported(text)) raw *= tuning.unsupportedLanguageFactor;
      return {
        // No intent when the scope model finds "out" likelier than "in"; between that and the
        // threshold the gate sees a low-confidence intent (its `below_threshold` reason).
        intent: pIn >= 0.5 ? (labels[best] as string) : null,
        confidence: calibrate(raw, tuning.operatingPoint),
        margin: pBest - second,
        language: languages.detect(text, state.defaultLanguage),
        classifierVersion: state.version,
      };
    },
  };
}
