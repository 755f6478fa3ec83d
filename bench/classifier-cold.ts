// One cold start of the classifier, in a fresh process: `train` builds it from the profile (what a
// responder without a snapshot would have to do), `restore` reads the snapshot the bundling writes. Prints {"ms", "heapMb"} (module loading
// excluded: both modes load the same code). bench/classifier.ts runs it several times per mode.
import { readFileSync } from 'node:fs';
import { loadClassifierSnapshot } from '../lambda/adapters/classifier-snapshot-file.ts';
import { trainClassifier } from '../lambda/core/intent/classifier.ts';
import { loadTrainingSet } from '../local/commands/eval.ts';

const [mode, profilePath, snapshotPath] = process.argv.slice(2);
if ((mode !== 'train' && mode !== 'restore') || !profilePath || !snapshotPath) {
  throw new Error('usage: classifier-cold.ts train|restore <profile> <snapshot>');
}
const set = await loadTrainingSet(profilePath);
readFileSync(snapshotPath); // page cache warm for both modes: Lambda reads its code from local disk
const started = performance.now();
const loaded =
  mode === 'restore'
    ? loadClassifierSnapshot(set, snapshotPath)
    : { classifier: trainClassifier(set), ms: performance.now() - started };
loaded.classifier.classify('where is my order');
process.stdout.write(
  `${JSON.stringify({ ms: Math.round(loaded.ms), heapMb: Math.round(process.memoryUsage().heapUsed / 2 ** 20) })}\n`,
);
