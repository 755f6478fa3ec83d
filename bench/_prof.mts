import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { trainClassifier } from '../lambda/core/intent/classifier.ts';
import { loadTrainingSet } from '../local/commands/eval.ts';

const E = '/work/shared/eval';
const p = process.env.P ?? 'bank';
const c = trainClassifier(await loadTrainingSet(join(E, 'profiles', `${p}.yaml`)));
const all: { text: string }[] = [];
for (const n of [`${p}_in`, `${p}_out`, `${p}_nearmiss`, 'general_out', 'jailbreak_out'])
  for (const line of readFileSync(join(E, 'dev', `${n}.jsonl`), 'utf8').split('\n'))
    if (line.trim()) all.push(JSON.parse(line));
for (let r = 0; r < 3; r++) for (const l of all) c.classify(l.text);
const lat: [number, string][] = [];
for (const l of all) {
  let f = Infinity;
  for (let k = 0; k < 5; k++) {
    const t = performance.now();
    c.classify(l.text);
    f = Math.min(f, (performance.now() - t) * 1000);
  }
  lat.push([f, l.text]);
}
lat.sort((a, b) => a[0] - b[0]);
console.log(
  'p50',
  lat[Math.floor(lat.length * 0.5)]![0].toFixed(0),
  'p99',
  lat[Math.floor(lat.length * 0.99)]![0].toFixed(0),
);
const slow = lat.slice(Math.floor(lat.length * 0.97)).map((x) => x[1]);
if (process.env.SLOW) {
  const t0 = performance.now();
  for (let r = 0; r < 300; r++) for (const t of slow) c.classify(t);
  console.log(
    'slow us per',
    (((performance.now() - t0) * 1000) / 300 / slow.length).toFixed(1),
    slow.length,
  );
}
