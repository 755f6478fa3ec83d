// Scope classifier for the responder's scope gate: trains, from a profile's TrainingSet and the
// built-in out-of-scope corpus, an intent model and an in/out scope model (logistic regression over
// hashed word, character and concept features), and combines the scope probability with the
// similarity to the nearest profile example into one calibrated confidence. The built-in phrasebook
// (generic customer-service phrasings) is aligned to the profile's intents and widens their
// vocabulary; the phrasebook domains the business does not work in become weak negatives.
import type { TrainingSet } from '../ports.ts';
import {
  type AlignOptions,
  alignPhrasebook,
  DEFAULT_ALIGN_OPTIONS,
  type PhrasebookAlignment,
  type Views,
} from './align.ts';
import {
  CLASSIFIER_ALGORITHM,
  classifierFrom,
  type NeighbourText,
  type ScoringSettings,
  type TrainedClassifier,
  trainingSetHash,
} from './classify.ts';
import { READING_CODE_HASH } from './code-hash.ts';
import { OUT_OF_SCOPE_CORPUS } from './corpus/index.ts';
import {
  combineGroups,
  DEFAULT_FEATURE_OPTIONS,
  extractGroups,
  type FeatureGroups,
  type FeatureVector,
} from './features.ts';
import { canonicalJson, hashText } from './hash.ts';
import { countLanguageTables } from './language.ts';
import {
  complementNaiveBayes,
  DEFAULT_TRAIN_OPTIONS,
  FeatureIndex,
  naiveBayesOdds,
  type Sample,
  seededRandom,
  type TrainOptions,
  trainSoftmax,
} from './model.ts';
import { PHRASEBOOK } from './phrasebook/index.ts';
import { columnPostings, mean, similarityIndex } from './similarity.ts';
import { textWorkInScope } from './task.ts';

/** Label of the built-in and profile negatives while samples are gathered; never returned as an intent. */
const OUT = '__out__';

export interface Tuning extends ScoringSettings {
  /** Noisy copies made of each profile example. */
  readonly augmentCopies: number;
  readonly augmentWeight: number;
  /** A `service:` domain is dropped when its mean similarity to the profile exceeds the general sections' by this. */
  readonly domainMargin: number;
  /** Built-in negatives at least this similar to a profile example are dropped (they would contradict it). */
  readonly conflictSimilarity: number;
  readonly train: TrainOptions;
  /** Out-of-scope mass in the scope model, as a multiple of the whole in-scope mass. */
  readonly scopeOutRatio: number;
  /** Weight of each clause of an intent's title and answer (TrainingSet context) in the intent model. */
  readonly contextWeight: number;
  /** Weight of those clauses as in-scope samples in the scope model (0: not used there). */
  readonly contextScopeWeight: number;
  /** How phrasebook keys are matched to the profile's intents. */
  readonly align: AlignOptions;
  /** Weight of an aligned phrasebook phrasing in the intent model (0: phrasebook unused). */
  readonly phrasebookWeight: number;
  /** Weight of an aligned phrasing as an in-scope sample in the scope model. */
  readonly phrasebookScopeWeight: number;
  /** A phrasebook domain is the business's own when no other trade reads within this of it… */
  readonly phrasebookDomainMargin: number;
  /** …and it reads at least this close (the mean of its closest third of keys; align.ts). */
  readonly phrasebookDomainFloor: number;
  /** Weight of the other domains' phrasings among the built-in negatives (0: not used). */
  readonly phrasebookForeignWeight: number;
  /** Whether aligned phrasings count as neighbours in the nearest-example similarity. */
  readonly phrasebookNeighbours: boolean;
  /**
   * The nearest-refusal similarity leaves out features found in more than this share of the
   * out-of-scope lines: they are in most text ("the", "my", "-ing") and tell no line from another,
   * and their postings would be most of its cost.
   */
  readonly outNeighbourShare: number;
  /**
   * Complement naive Bayes (model.ts, `complementNaiveBayes`), with this additive smoothing per
   * feature, added at this weight to the intent model's scores when the intent is chosen (0: the
   * logistic model alone chooses).
   */
  readonly naiveBayes: { readonly weight: number; readonly smoothing: number };
  /** Additive smoothing of the naive Bayes odds in the score (`bayesOdds`, `charOdds`, `intentOdds`). */
  readonly oddsSmoothing: number;
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
  // Fitted on the dev split (both profiles; see docs/classifier.md, "Score").
  score: {
    logPIn: 0.6573,
    logPOut: -0.526,
    logPIntent: 0.6401,
    logSimilarity: 1.1583,
    similarity: 4.1387,
    logOutSimilarity: -0.2089,
    outSimilarity: -2.4607,
    bayesOdds: 0.2503,
    charOdds: 0.4567,
    intentOdds: 0.2139,
    margin: 1.1679,
    logWords: -0.1933,
    unsupportedLanguage: -0.6978,
    bias: -1.1056,
  },
  contextWeight: 0.3,
  contextScopeWeight: 0.3,
  operatingPoint: 0.199,
  // Fitted on the dev profiles with their domain left out (docs/classifier.md, "Intents no phrasebook key joined").
  operatingPointWithoutPhrasebook: -2.583,
  align: DEFAULT_ALIGN_OPTIONS,
  phrasebookWeight: 0.5,
  phrasebookScopeWeight: 0.5,
  phrasebookNeighbours: true,
  phrasebookDomainMargin: 0.04,
  phrasebookDomainFloor: 0.55,
  phrasebookForeignWeight: 0.3,
  outNeighbourShare: 0.125,
  naiveBayes: { weight: 0.6, smoothing: 0.003 },
  oddsSmoothing: 0.003,
};

/** The committed score weights and operating point (bench/fit-score.ts refits them on the dev split). */
export const defaultScoreWeights = defaultTuning.score;
export const defaultOperatingPoint = defaultTuning.operatingPoint;
export const defaultOperatingPointWithoutPhrasebook = defaultTuning.operatingPointWithoutPhrasebook;

const CORPUS_HASH = hashText(
  canonicalJson({ corpus: OUT_OF_SCOPE_CORPUS, phrasebook: PHRASEBOOK }),
);

/**
 * Version of the classifier a TrainingSet yields: changes with the profile, the corpus, the tuning,
 * the algorithm's name and the reading code itself (its word tables and rules, READING_CODE_HASH), so
 * a logged decision's version names the code that made it without a hand-bumped name.
 */
export function classifierVersion(set: TrainingSet): string {
  return `${CLASSIFIER_ALGORITHM}+${hashText(`${trainingSetHash(set)}|${CORPUS_HASH}|${canonicalJson(defaultTuning)}|${READING_CODE_HASH}`)}`;
}

/** Typing noise a customer makes: a dropped letter, swapped letters, a dropped word (or no noise). */
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
  } else if (kind === 2) {
    // A missing space is not simulated: classify splits an unknown glued run into known words, and a
    // glued pair learnt here would be known, so it would stop that split. This copy stays clean.
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
// Run-time parts, re-exported for the callers that train (CLI, bench, tests).
export {
  CLASSIFIER_ALGORITHM,
  type ClassifierState,
  calibrate,
  classifierFrom,
  type Description,
  intentsWithKeys,
  isAnswered,
  type NeighbourText,
  PERSON_KEY,
  SCORE_TERMS,
  type ScoreSignals,
  type ScoreWeights,
  type ScoringSettings,
  scoreOf,
  scoreTerms,
  type TrainedClassifier,
} from './classify.ts';

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
  // Every training text is read here, and the character n-grams among its features are noted: the
  // score weighs their part of the naive Bayes odds apart (classify.ts, `charColumns`).
  const charHashes = new Set<number>();
  const groupsOf = (text: string): FeatureGroups => {
    const groups = extractGroups(text, tuning.features.maxGram);
    for (const hash of groups.chars.keys()) charHashes.add(hash);
    return groups;
  };
  const extract = (text: string): FeatureVector => combineGroups(groupsOf(text), tuning.features);
  // Two views of every text from one extraction: the scope view (words and characters first) and
  // the intent view (concepts weigh more, so paraphrases and other languages share features).
  const views = (text: string): Views => {
    const groups = groupsOf(text);
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
  // The texts behind the nearest-example check, in its order, for `describe` (not stored in a snapshot).
  const neighbourTexts: NeighbourText[] = [];
  const languageText: Record<string, string[]> = {};

  for (const [label, intent] of set.intents.entries()) {
    for (const [lang, texts] of Object.entries(intent.examples)) {
      for (const text of texts) {
        addText(languageText, lang, text);
        const v = views(text);
        positives.push(v.scope);
        neighbourTexts.push({ text, intent: intent.id, source: 'example' });
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
  const phrasebookTexts: NeighbourText[] = [];
  const foreign: { features: FeatureVector; weight: number }[] = [];
  let alignment: PhrasebookAlignment = { domains: [], keys: [] };
  if (tuning.phrasebookWeight > 0 || tuning.phrasebookScopeWeight > 0) {
    const aligned = alignPhrasebook(
      set,
      [...examples, ...context], // examples (not their noisy copies), titles, answers
      views,
      extract,
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
        phrasebookTexts.push({
          text: phrase.text,
          intent: set.intents[k.intent]?.id as string,
          source: k.key,
        });
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
        const features = extract(text);
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
    for (const text of texts) negatives.push({ features: extract(text), weight: 1 });
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
  // A second opinion on which intent, from the same samples: the logistic model lets the intents
  // with the most training mass win the words they share with a smaller one (on the bank profile
  // "pin saya lupa untuk rekening tabungan" went to account services, which six phrasebook keys
  // joined, not to PIN & security); naive Bayes, estimated from each intent's complement, does not
  // favour the larger intents. It only chooses: summed over a message's features its scores are
  // surer than the logistic model's, and the score's intent signals stay the logistic model's.
  // Kept at float32, from training on: it takes part in choosing the intent, not in the score, and at
  // float64 it would add 8 MB to the bank's snapshot.
  const bayes = complementNaiveBayes(
    intentSamples,
    index.size,
    outLabel,
    tuning.naiveBayes.smoothing,
  );
  const bayesWeights = new Float32Array(bayes.length);
  for (let i = 0; i < bayes.length; i++)
    bayesWeights[i] = (bayes[i] as number) * tuning.naiveBayes.weight;
  const inMass = pending.reduce((a, p) => a + p.weight, 0);
  const outMass = negatives.reduce((a, n) => a + n.weight, 0);
  const scale = (tuning.scopeOutRatio * inMass) / Math.max(1e-9, outMass);
  // The scope view of every sample, made sparse once, with its intent (a negative: the label after the
  // last intent) and its weight there: the scope model and both naive Bayes odds read them.
  const inScope = (items: readonly Pending[], weight: (p: Pending) => number): Sample[] =>
    items.map((p) => ({ ...index.sparse(p.scope), label: p.label, weight: weight(p) }));
  const pendingScope = inScope(pending, (p) => p.weight);
  const phrasebookScope = inScope(phrasebook, () => tuning.phrasebookScopeWeight);
  const negativeScope: Sample[] = negatives.map((n) => ({
    ...index.sparse(n.features),
    label: outLabel,
    weight: n.weight,
  }));
  const scopeSamples: Sample[] = [
    ...[
      ...pendingScope,
      ...inScope(context, () => tuning.contextScopeWeight),
      ...phrasebookScope,
    ].map((x) => ({ ...x, label: 0 })),
    ...negativeScope.map((x) => ({ ...x, label: 1, weight: x.weight * scale })),
  ].filter((s) => s.weight > 0);
  const scopeModel = trainSoftmax(scopeSamples, index.size, 2, tuning.train);
  // The same in/out question, asked of naive Bayes on the same samples: it weighs a word that only a
  // few lines hold by its counts, where the logistic model's L2 keeps it small; the score weighs both.
  const scopeBayes = naiveBayesOdds(scopeSamples, index.size, 1, tuning.oddsSmoothing);
  // And asked of each intent apart (the named intent's lines against the out-of-scope ones, in the
  // scope view): a message can lean in scope on the pooled words of several intents and still read
  // like none of them. Float32, for the snapshot's size (4 MB for the bank), from training on, so a
  // restored classifier scores exactly as the trained one.
  const intentOdds = Float32Array.from(
    naiveBayesOdds(
      [...pendingScope, ...phrasebookScope, ...negativeScope],
      index.size,
      outLabel,
      tuning.oddsSmoothing,
    ),
  );

  const columns = index.columns();
  return classifierFrom(
    {
      version,
      trainingSet: trainingSetHash(set),
      settings: {
        features: tuning.features,
        intentFeatures: tuning.intentFeatures,
        score: tuning.score,
        operatingPoint: tuning.operatingPoint,
        operatingPointWithoutPhrasebook: tuning.operatingPointWithoutPhrasebook,
      },
      labels: set.intents.map((i) => i.id),
      defaultLanguage: set.defaultLanguage,
      phrasebook: alignment,
      textWorkInScope: textWorkInScope(
        set.intents.flatMap((i) => Object.values(i.examples).flat()),
      ),
      columns,
      intentWeights: Float32Array.from(intentModel.weights),
      bayesWeights,
      scopeWeights: scopeModel.weights,
      scopeBayes,
      charColumns: Uint8Array.from(columns, (hash) => (charHashes.has(hash) ? 1 : 0)),
      intentOdds,
      neighbours: columnPostings(
        tuning.phrasebookNeighbours ? [...positives, ...phrasebook.map((p) => p.scope)] : positives,
        (hash) => index.columnOf(hash),
        index.size,
      ),
      outNeighbours: columnPostings(
        negatives.map((n) => n.features),
        (hash) => index.columnOf(hash),
        index.size,
        Math.floor(tuning.outNeighbourShare * negatives.length),
      ),
      languages: countLanguageTables(languageText, set.languages),
    },
    tuning.phrasebookNeighbours ? [...neighbourTexts, ...phrasebookTexts] : neighbourTexts,
  );
}
