// The responder's classifier at cold start: restored from the snapshot file the bundling wrote next to
// the handler (`scoped-responder train`), or trained from the profile when there is no snapshot, or it
// cannot be read, or it was trained on another profile or classifier build. A stale snapshot must
// never classify for a profile it was not trained on, so any doubt means training: slower, never wrong.
import { readFileSync } from 'node:fs';
import {
  classifierVersion,
  type TrainedClassifier,
  trainClassifier,
} from '../core/intent/classifier.ts';
import { restoreClassifier } from '../core/intent/snapshot.ts';
import type { TrainingSet } from '../core/ports.ts';

export interface LoadedClassifier {
  readonly classifier: TrainedClassifier;
  readonly source: 'snapshot' | 'trained';
  /** Why the snapshot was not used (absent when it was, or when none was configured). */
  readonly snapshotProblem?: string;
  /** Wall time of the restore or the training. */
  readonly ms: number;
}

export function loadClassifier(
  set: TrainingSet,
  snapshotPath: string | undefined,
): LoadedClassifier {
  const started = performance.now();
  let snapshotProblem: string | undefined;
  if (snapshotPath !== undefined) {
    try {
      const classifier = restoreClassifier(readFileSync(snapshotPath), classifierVersion(set));
      return { classifier, source: 'snapshot', ms: performance.now() - started };
    } catch (error) {
      snapshotProblem =
        (error as NodeJS.ErrnoException).code === 'ENOENT'
          ? `no snapshot at ${snapshotPath}`
          : (error as Error).message;
    }
  }
  const classifier = trainClassifier(set);
  return {
    classifier,
    source: 'trained',
    ...(snapshotProblem === undefined ? {} : { snapshotProblem }),
    ms: performance.now() - started,
  };
}
