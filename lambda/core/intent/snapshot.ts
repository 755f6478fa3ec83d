// Classifier snapshots: a trained classifier's state as bytes. The responder's bundling writes one
// (`scoped-responder train`), and a cold start restores it in milliseconds instead of training for
// seconds on Lambda's share of a core; the responder carries no training code or data at all. Pure:
// state in, bytes out, and back.
//
// Layout: "SRCS", a uint32 format number, a uint32 header length, the JSON header, then the binary
// sections the header lists, each starting on an 8-byte boundary. Each section keeps the type the state
// holds, so a restored classifier gives the very confidences the trained one gives. The scope model
// stays float64 (its probability is compared with 0.5); the intent model, the nearest-example postings
// and the two per-intent naive Bayes matrices are float32 once trained, for their size (the state
// already holds them so, and the bench's 11,641 texts decide as at float64).
import type { TrainingSet } from '../ports.ts';
import {
  CLASSIFIER_ALGORITHM,
  type ClassifierState,
  classifierFrom,
  type TrainedClassifier,
  trainingSetHash,
} from './classify.ts';
import type { LanguageTable } from './language.ts';
import type { ColumnPostings } from './similarity.ts';

const MAGIC = 'SRCS';
/** Bump when the layout changes; an older snapshot is then refused rather than misread. */
export const SNAPSHOT_FORMAT = 9;

type SectionType = 'u8' | 'i32' | 'f32' | 'f64';

/** The state's small fields as they are, its language tables as arrays, and the sections that follow. */
type Header = Pick<
  ClassifierState,
  | 'version'
  | 'trainingSet'
  | 'settings'
  | 'labels'
  | 'defaultLanguage'
  | 'phrasebook'
  | 'textWorkInScope'
> & {
  readonly languages: readonly { lang: string; total: number; grams: string[]; counts: number[] }[];
  readonly sections: readonly { name: string; type: SectionType; length: number }[];
};

/** A snapshot that cannot be read, or was written for another profile or classifier build. */
export class SnapshotError extends Error {
  override readonly name = 'SnapshotError';
}

const BYTES: Record<SectionType, number> = { u8: 1, i32: 4, f32: 4, f64: 8 };
type SectionData = Uint8Array | Int32Array | Float32Array | Float64Array;

function typeOf(data: SectionData): SectionType {
  if (data instanceof Uint8Array) return 'u8';
  if (data instanceof Int32Array) return 'i32';
  return data instanceof Float32Array ? 'f32' : 'f64';
}

function padded(n: number): number {
  return Math.ceil(n / 8) * 8;
}

/** The classifier's state as bytes. */
export function encodeSnapshot(state: ClassifierState): Uint8Array {
  const sections: { name: string; data: SectionData }[] = [
    { name: 'columns', data: state.columns },
    { name: 'intentWeights', data: state.intentWeights },
    { name: 'bayesWeights', data: state.bayesWeights },
    { name: 'scopeWeights', data: state.scopeWeights },
    { name: 'scopeBayes', data: state.scopeBayes },
    { name: 'charColumns', data: state.charColumns },
    { name: 'intentOdds', data: state.intentOdds },
    { name: 'neighbourOffsets', data: state.neighbours.offsets },
    { name: 'neighbourTargets', data: state.neighbours.targets },
    { name: 'neighbourValues', data: state.neighbours.values },
    { name: 'neighbourNorms', data: state.neighbours.norms },
    { name: 'outNeighbourOffsets', data: state.outNeighbours.offsets },
    { name: 'outNeighbourTargets', data: state.outNeighbours.targets },
    { name: 'outNeighbourValues', data: state.outNeighbours.values },
    { name: 'outNeighbourNorms', data: state.outNeighbours.norms },
  ];
  const header: Header = {
    version: state.version,
    trainingSet: state.trainingSet,
    settings: state.settings,
    labels: state.labels,
    defaultLanguage: state.defaultLanguage,
    phrasebook: state.phrasebook,
    textWorkInScope: state.textWorkInScope,
    languages: state.languages.map((t) => ({
      lang: t.lang,
      total: t.total,
      grams: [...t.counts.keys()],
      counts: [...t.counts.values()],
    })),
    sections: sections.map((s) => ({
      name: s.name,
      type: typeOf(s.data),
      length: s.data.length,
    })),
  };
  const json = new TextEncoder().encode(JSON.stringify(header));
  const start = padded(12 + json.length);
  const size = sections.reduce((a, s) => a + padded(s.data.byteLength), start);
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  out.set(new TextEncoder().encode(MAGIC), 0);
  view.setUint32(4, SNAPSHOT_FORMAT, true);
  view.setUint32(8, json.length, true);
  out.set(json, 12);
  let offset = start;
  for (const s of sections) {
    // Typed arrays are little-endian on every platform Lambda and Node run on (x86_64, arm64).
    out.set(new Uint8Array(s.data.buffer, s.data.byteOffset, s.data.byteLength), offset);
    offset += padded(s.data.byteLength);
  }
  return out;
}

/** Reads a snapshot back into a state; throws SnapshotError on anything but a whole, known snapshot. */
export function decodeSnapshot(bytes: Uint8Array): ClassifierState {
  if (bytes.length < 12 || new TextDecoder().decode(bytes.subarray(0, 4)) !== MAGIC) {
    throw new SnapshotError('not a classifier snapshot');
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const format = view.getUint32(4, true);
  if (format !== SNAPSHOT_FORMAT) {
    throw new SnapshotError(`snapshot format ${format}; this build reads ${SNAPSHOT_FORMAT}`);
  }
  const headerLength = view.getUint32(8, true);
  if (12 + headerLength > bytes.length) throw new SnapshotError('snapshot truncated in its header');
  let header: Header;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + headerLength))) as Header;
  } catch (error) {
    throw new SnapshotError(`snapshot header unreadable: ${(error as Error).message}`);
  }
  const data = new Map<string, SectionData>();
  let offset = padded(12 + headerLength);
  for (const s of header.sections) {
    const byteLength = s.length * BYTES[s.type];
    if (offset + byteLength > bytes.length)
      throw new SnapshotError(`snapshot truncated in ${s.name}`);
    // A copy, aligned: the file's buffer need not be 8-byte aligned where this section starts. (Not
    // bytes.slice: on a Node Buffer that is a view into the same memory, not a copy.)
    const copy = new Uint8Array(bytes.subarray(offset, offset + byteLength)).buffer;
    const Type = { u8: Uint8Array, i32: Int32Array, f32: Float32Array, f64: Float64Array }[s.type];
    if (Type === undefined) throw new SnapshotError(`snapshot section ${s.name} of unknown type`);
    data.set(s.name, new Type(copy));
    offset += padded(byteLength);
  }
  const section = <T extends SectionData>(name: string, type: new () => T): T => {
    const d = data.get(name);
    if (!(d instanceof type)) throw new SnapshotError(`snapshot has no ${name}`);
    return d;
  };
  const columns = section('columns', Int32Array);
  const intentWeights = section('intentWeights', Float32Array);
  const bayesWeights = section('bayesWeights', Float32Array);
  const scopeWeights = section('scopeWeights', Float64Array);
  const scopeBayes = section('scopeBayes', Float64Array);
  const charColumns = section('charColumns', Uint8Array);
  const intentOdds = section('intentOdds', Float32Array);
  if (
    scopeBayes.length !== columns.length ||
    charColumns.length !== columns.length ||
    intentOdds.length !== columns.length * header.labels.length ||
    intentWeights.length !== columns.length * header.labels.length ||
    bayesWeights.length !== intentWeights.length ||
    scopeWeights.length !== columns.length * 2
  ) {
    throw new SnapshotError('snapshot weights do not match its columns and labels');
  }
  const postings = (prefix: string, what: string): ColumnPostings => {
    const p = {
      offsets: section(`${prefix}Offsets`, Int32Array),
      targets: section(`${prefix}Targets`, Int32Array),
      values: section(`${prefix}Values`, Float32Array),
      norms: section(`${prefix}Norms`, Float64Array),
    };
    if (
      p.offsets.length !== columns.length + 1 ||
      p.offsets[columns.length] !== p.targets.length ||
      p.targets.length !== p.values.length ||
      p.targets.some((t) => t < 0 || t >= p.norms.length)
    ) {
      throw new SnapshotError(`snapshot ${what} do not add up`);
    }
    return p;
  };
  const neighbours = postings('neighbour', 'neighbours');
  const outNeighbours = postings('outNeighbour', 'out-of-scope neighbours');
  const languages: LanguageTable[] = header.languages.map((t) => ({
    lang: t.lang,
    total: t.total,
    counts: new Map(t.grams.map((g, i) => [g, t.counts[i] as number])),
  }));
  return {
    version: header.version,
    trainingSet: header.trainingSet,
    settings: header.settings,
    labels: header.labels,
    defaultLanguage: header.defaultLanguage,
    phrasebook: header.phrasebook,
    textWorkInScope: header.textWorkInScope,
    columns,
    intentWeights,
    bayesWeights,
    scopeWeights,
    scopeBayes,
    charColumns,
    intentOdds,
    neighbours,
    outNeighbours,
    languages,
  };
}

/**
 * The classifier in a snapshot, when it was trained by this algorithm on exactly this training set
 * (the profile's examples, languages, negatives, titles and answers). A snapshot of another profile
 * or algorithm is refused, never used. The built-in corpus and phrasebook are not checked here: the
 * responder does not carry them, and its snapshot is written by the same bundling as its code.
 */
export function restoreClassifier(bytes: Uint8Array, set: TrainingSet): TrainedClassifier {
  const state = decodeSnapshot(bytes);
  if (!state.version.startsWith(`${CLASSIFIER_ALGORITHM}+`)) {
    throw new SnapshotError(
      `snapshot is of classifier ${state.version}, this build runs ${CLASSIFIER_ALGORITHM}`,
    );
  }
  if (state.trainingSet !== trainingSetHash(set)) {
    throw new SnapshotError(
      `snapshot ${state.version} was trained on another profile (training set ${state.trainingSet}, this profile's ${trainingSetHash(set)})`,
    );
  }
  return classifierFrom(state);
}
