import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadClassifier } from '../../../lambda/adapters/classifier-snapshot-file.ts';
import { trainClassifier } from '../../../lambda/core/intent/classifier.ts';
import { encodeSnapshot } from '../../../lambda/core/intent/snapshot.ts';
import type { TrainingSet } from '../../../lambda/core/ports.ts';

const hours: TrainingSet = {
  languages: ['en'],
  defaultLanguage: 'en',
  intents: [
    { id: 'hours', examples: { en: ['When are you open?', 'What are your opening hours?'] } },
    { id: 'returns', examples: { en: ['How do I return an item?', 'I want a refund'] } },
  ],
};
const renamed: TrainingSet = {
  ...hours,
  intents: [
    { ...(hours.intents[0] as TrainingSet['intents'][0]), id: 'opening_hours' },
    ...hours.intents.slice(1),
  ],
};

describe('loadClassifier (snapshot file)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'scoped-responder-snapshot-'));
  const path = join(dir, 'classifier.bin');
  writeFileSync(path, encodeSnapshot(trainClassifier(hours).state));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('restores the snapshot trained on the same profile', () => {
    // Act
    const loaded = loadClassifier(hours, path);

    // Assess
    expect(loaded.source).toBe('snapshot');
    expect(loaded.snapshotProblem).toBeUndefined();
    expect(loaded.classifier.classify('when do you open').intent).toBe('hours');
  });

  it('trains instead when the snapshot is of another profile, and says why', () => {
    // Act: the profile renamed an intent after the snapshot was written.
    const loaded = loadClassifier(renamed, path);

    // Assess: the trained classifier knows the new id; the stale snapshot would have answered `hours`.
    expect(loaded.source).toBe('trained');
    expect(loaded.snapshotProblem).toMatch(/^snapshot is of classifier .+, expected /);
    expect(loaded.classifier.classify('when do you open').intent).toBe('opening_hours');
  });

  it('trains instead when there is no snapshot file, or it is not a snapshot', () => {
    // Prepare
    const garbage = join(dir, 'garbage.bin');
    writeFileSync(garbage, 'not a model');

    // Act
    const missing = loadClassifier(hours, join(dir, 'absent.bin'));
    const unreadable = loadClassifier(hours, garbage);

    // Assess
    expect(missing).toMatchObject({
      source: 'trained',
      snapshotProblem: `no snapshot at ${join(dir, 'absent.bin')}`,
    });
    expect(unreadable).toMatchObject({
      source: 'trained',
      snapshotProblem: 'not a classifier snapshot',
    });
  });

  it('trains without comment when no snapshot is configured (local runs)', () => {
    const loaded = loadClassifier(hours, undefined);
    expect(loaded.source).toBe('trained');
    expect(loaded.snapshotProblem).toBeUndefined();
  });
});
