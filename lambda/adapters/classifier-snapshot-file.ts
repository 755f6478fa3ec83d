// The responder's classifier at cold start: restored from the snapshot file the bundling wrote next to
// the handler (`scoped-responder train`). The responder does not train: it carries neither the
// training code nor the built-in corpus and phrasebook, so a missing, unreadable or mismatched snapshot
// is an error, and the handler fails closed (every message refused and logged as a classifier error)
// rather than classify with a model trained on another profile.
import { readFileSync } from 'node:fs';
import type { TrainedClassifier } from '../core/intent/classify.ts';
import { restoreClassifier, SnapshotError } from '../core/intent/snapshot.ts';
import type { TrainingSet } from '../core/ports.ts';

export interface LoadedClassifier {
  readonly classifier: TrainedClassifier;
  /** Wall time of the read and the restore. */
  readonly ms: number;
}

/** Reads and restores the snapshot; throws SnapshotError when there is none or it does not fit `set`. */
export function loadClassifierSnapshot(
  set: TrainingSet,
  snapshotPath: string | undefined,
): LoadedClassifier {
  if (snapshotPath === undefined) {
    throw new SnapshotError('no classifier snapshot configured (CLASSIFIER_PATH is not set)');
  }
  const started = performance.now();
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(snapshotPath);
  } catch (error) {
    throw new SnapshotError(
      `cannot read the classifier snapshot ${snapshotPath}: ${(error as NodeJS.ErrnoException).code ?? error}`,
      { cause: error },
    );
  }
  const classifier = restoreClassifier(bytes, set);
  return { classifier, ms: performance.now() - started };
}
