import { describe, expect, it } from 'vitest';
import { BIAS } from '../../../../lambda/core/intent/features.ts';
import {
  columnPostings,
  cosineIndex,
  mean,
  nearestCosine,
  similarityIndex,
} from '../../../../lambda/core/intent/similarity.ts';

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

describe('columnPostings and nearestCosine', () => {
  // Features 7, 9 and 11 are columns 0, 1 and 2; feature 5 has no column.
  const columns = new Map([
    [7, 0],
    [9, 1],
    [11, 2],
  ]);
  const columnOf = (feature: number) => columns.get(feature);
  const targets = [
    vector([
      [BIAS, 1],
      [7, 3],
      [9, 4],
    ]),
    vector([
      [7, 1],
      [11, 1],
      [5, 1],
    ]),
  ];
  const query = (entries: [number, number][]) => {
    const known = entries.filter(([k]) => columnOf(k) !== undefined);
    return [
      Int32Array.from(known.map(([k]) => columnOf(k) as number)),
      Float64Array.from(known.map(([, value]) => value)),
      entries.reduce((a, [, value]) => a + value * value, 0),
    ] as const;
  };

  it('gives the best cosine over the targets, their features without a column counting in their norms', () => {
    const nearest = nearestCosine(columnPostings(targets, columnOf, 3));
    expect(
      nearest(
        ...query([
          [7, 3],
          [9, 4],
        ]),
      ),
    ).toBeCloseTo(1, 12);
    // Second target: dot 1, norms 1 and 3.
    expect(nearest(...query([[11, 1]]))).toBeCloseTo(1 / Math.sqrt(3), 12);
    expect(nearest(...query([[5, 1]]))).toBe(0);
  });

  it('leaves out a column found in more targets than allowed: it adds to no dot product', () => {
    // Column 0 (feature 7) is in both targets; allowed in one at most, it has no postings.
    const postings = columnPostings(targets, columnOf, 3, 1);
    expect([...postings.offsets]).toEqual([0, 0, 1, 2]);
    const nearest = nearestCosine(postings);
    expect(nearest(...query([[7, 1]]))).toBe(0);
    // The norms still count it: 4 / sqrt(1 * 25) for the first target.
    expect(nearest(...query([[9, 1]]))).toBeCloseTo(4 / 5, 12);
  });
});
