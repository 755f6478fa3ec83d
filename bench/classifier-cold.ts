// One cold start of the classifier, in a fresh process: `train` builds it from the profile (what a
// responder without a snapshot would have to do), `restore` reads the snapshot the bundling writes,
// `none` loads the same modules and the profile and builds no classifier (the memory baseline). Prints
// {"ms", "heapMb", "peakRssMb"} (module loading excluded from ms: every mode loads the same code).
// The peak resident set is what the responder's memory setting (512 MB) has to hold; the difference to
// `none` is the classifier's own. bench/classifier.ts runs it several times per mode.
import { readFileSync } from 'node:fs';
import { loadClassifierSnapshot } from '../lambda/adapters/classifier-snapshot-file.ts';
import { trainClassifier } from '../lambda/core/intent/classifier.ts';
import { loadTrainingSet } from '../local/commands/eval.ts';

const [mode, profilePath, snapshotPath] = process.argv.slice(2);
if ((mode !== 'train' && mode !== 'restore' && mode !== 'none') || !profilePath || !snapshotPath) {
  throw new Error('usage: classifier-cold.ts train|restore|none <profile> <snapshot>');
}
const set = await loadTrainingSet(profilePath);
readFileSync(snapshotPath); // page cache warm for both modes: Lambda reads its code from local disk
const started = performance.now();
const loaded =
  mode === 'restore'
    ? loadClassifierSnapshot(set, snapshotPath)
    : mode === 'train'
      ? { classifier: trainClassifier(set), ms: performance.now() - started }
      : undefined;
loaded?.classifier.classify('where is my order');
process.stdout.write(
  `${JSON.stringify({
    ms: Math.round(loaded?.ms ?? 0),
    heapMb: Math.round(process.memoryUsage().heapUsed / 2 ** 20),
    // maxRSS is in kilobytes.
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  })}\n`,
);
