import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadClassifierSnapshot } from '../../../lambda/adapters/classifier-snapshot-file.ts';
import { trainClassifier } from '../../../lambda/core/intent/classifier.ts';
import { encodeSnapshot, SnapshotError } from '../../../lambda/core/intent/snapshot.ts';
import type { TrainingSet } from '../../../lambda/core/ports.ts';

const hours: TrainingSet = {
  languages: ['en'],
  defaultLanguage: 'en',
  intents: [
    { id: 'hours', examples: { en: ['When are you open?', 'What are your opening hours?'] } },
    { id: 'returns', examples: { en: ['How do I return an item?', 'I want a refund'] } },
  ],
};

describe('loadClassifierSnapshot', () => {
  const dir = mkdtempSync(join(tmpdir(), 'scoped-responder-snapshot-'));
  const path = join(dir, 'classifier.bin');
  writeFileSync(path, encodeSnapshot(trainClassifier(hours).state));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('restores the snapshot trained on the same profile', () => {
    // Act
    const loaded = loadClassifierSnapshot(hours, path);

    // Assess
    expect(loaded.classifier.version).toBe(trainClassifier(hours).version);
    expect(loaded.classifier.classify('when do you open').intent).toBe('hours');
    expect(loaded.ms).toBeGreaterThan(0);
  });

  it('refuses the snapshot of a profile that has changed since (an intent renamed)', () => {
    // Prepare
    const renamed: TrainingSet = {
      ...hours,
      intents: hours.intents.map((i) => (i.id === 'hours' ? { ...i, id: 'opening_hours' } : i)),
    };

    // Act + Assess: a stale model would answer with an id the profile no longer has.
    expect(() => loadClassifierSnapshot(renamed, path)).toThrow(/trained on another profile/);
  });

  it.each([
    ['no path is configured', undefined, /CLASSIFIER_PATH is not set/],
    [
      'the file is missing',
      join(dir, 'absent.bin'),
      /cannot read the classifier snapshot .*ENOENT/,
    ],
  ])('throws a SnapshotError when %s', (_name, where, message) => {
    expect(() => loadClassifierSnapshot(hours, where)).toThrow(SnapshotError);
    expect(() => loadClassifierSnapshot(hours, where)).toThrow(message);
  });

  it('throws a SnapshotError for a file that is not a snapshot', () => {
    // Prepare
    const garbage = join(dir, 'garbage.bin');
    writeFileSync(garbage, 'not a model');

    // Act + Assess
    expect(() => loadClassifierSnapshot(hours, garbage)).toThrow('not a classifier snapshot');
  });
});
