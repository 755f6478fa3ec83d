import { describe, expect, it } from 'vitest';
import { BIAS } from '../../../../lambda/core/intent/features.ts';
import { cosineIndex, mean, similarityIndex } from '../../../../lambda/core/intent/similarity.ts';

const vector = (entries: [number, number][]) => new Map<number, number>(entries);

describe('cosineIndex', () => {
  const targets = [
    vector([
      [BIAS, 1],
      [7, 3],
      [9, 4],
    ]),
    vector([
      [BIAS, 1],
      [11, 1],
    ]),
  ];

  it('gives the cosine to every target, leaving the bias out', () => {
    // The query shares direction with the first target only; the shared bias must not count.
    const c = cosineIndex(targets)(
      vector([
        [BIAS, 1],
        [7, 6],
        [9, 8],
      ]),
    );
    expect(c[0]).toBeCloseTo(1, 12);
    expect(c[1]).toBe(0);
  });

  it('scores a partly shared vector between 0 and 1', () => {
    const c = cosineIndex(targets)(
      vector([
        [7, 3],
        [11, 4],
      ]),
    );
    expect(c[0]).toBeCloseTo((3 * 3) / (5 * 5), 12);
    expect(c[1]).toBeCloseTo(4 / 5, 12);
  });
});

describe('similarityIndex and mean', () => {
  it('gives the best cosine over the targets, 0 for nothing shared', () => {
    const best = similarityIndex([vector([[3, 1]]), vector([[4, 1]])]);
    expect(best(vector([[4, 2]]))).toBeCloseTo(1, 12);
    expect(best(vector([[5, 1]]))).toBe(0);
  });

  it('averages, with 0 for no values', () => {
    expect(mean([1, 2, 6])).toBe(3);
    expect(mean([])).toBe(0);
  });
});
