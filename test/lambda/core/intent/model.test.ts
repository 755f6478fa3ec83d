import { describe, expect, it } from 'vitest';
import {
  complementNaiveBayes,
  naiveBayesOdds,
  type Sample,
  SoftmaxModel,
} from '../../../../lambda/core/intent/model.ts';

// Feature columns of the small vocabulary below.
const ACCOUNT = 0;
const OPEN = 1;
const PIN = 2;
const CLOSE = 3;

const sample = (label: number, features: number[], weight = 1): Sample => ({
  indices: Int32Array.from(features),
  values: Float64Array.from(features.map(() => 1)),
  label,
  weight,
});

/** Class 0 has many samples, class 1 two, class 2 three; "account" is in all of them. */
const samples: Sample[] = [
  ...Array.from({ length: 12 }, () => sample(0, [ACCOUNT, OPEN])),
  ...Array.from({ length: 6 }, () => sample(0, [ACCOUNT])),
  sample(1, [PIN, ACCOUNT]),
  sample(1, [PIN]),
  ...Array.from({ length: 3 }, () => sample(2, [CLOSE, ACCOUNT])),
];

const weightOf = (w: Float64Array, feature: number, label: number, classes = 3) =>
  w[feature * classes + label] as number;

describe('complementNaiveBayes', () => {
  it('weighs a feature towards the class whose samples hold it', () => {
    // Act
    const w = complementNaiveBayes(samples, 4, 3, 0.01);
    // Assess
    expect(weightOf(w, PIN, 1)).toBeGreaterThan(weightOf(w, PIN, 0));
    expect(weightOf(w, PIN, 1)).toBeGreaterThan(weightOf(w, PIN, 2));
    expect(weightOf(w, CLOSE, 2)).toBeGreaterThan(weightOf(w, CLOSE, 0));
  });

  it('centres each feature on zero over the classes', () => {
    // Act
    const w = complementNaiveBayes(samples, 4, 3, 0.01);
    // Assess
    for (let f = 0; f < 4; f++) {
      const sum = weightOf(w, f, 0) + weightOf(w, f, 1) + weightOf(w, f, 2);
      expect(Math.abs(sum)).toBeLessThan(1e-12);
    }
  });

  it('does not give the class with the most samples the word every class shares', () => {
    // Prepare: a message with the small class's word beside the shared one
    const model = new SoftmaxModel(3, complementNaiveBayes(samples, 4, 3, 0.01));
    // Act
    const p = model.probabilities(Int32Array.from([PIN, ACCOUNT]), Float64Array.from([1, 1]));
    // Assess
    expect(p[1]).toBeGreaterThan(p[0] as number);
    expect(p[1]).toBeGreaterThan(p[2] as number);
  });

  it('counts a sample weight as that many copies and a negative value as none', () => {
    // Prepare
    const copies = [...samples, sample(1, [PIN]), sample(1, [PIN])];
    const weighted = [...samples, sample(1, [PIN], 2)];
    const negative = [
      ...samples,
      { ...sample(0, [PIN]), values: Float64Array.from([-1]) } satisfies Sample,
    ];
    // Act & Assess
    expect(complementNaiveBayes(weighted, 4, 3, 0.01)).toEqual(
      complementNaiveBayes(copies, 4, 3, 0.01),
    );
    expect(complementNaiveBayes(negative, 4, 3, 0.01)).toEqual(
      complementNaiveBayes(samples, 4, 3, 0.01),
    );
  });

  it('gives no weight to a column no sample holds, and such columns change nothing else', () => {
    // Act
    const narrow = complementNaiveBayes(samples, 4, 3, 0.01);
    const wide = complementNaiveBayes(samples, 9, 3, 0.01);
    // Assess
    expect(wide.subarray(0, narrow.length)).toEqual(narrow);
    expect([...wide.subarray(narrow.length)].every((x) => x === 0)).toBe(true);
  });
});

describe('naiveBayesOdds', () => {
  // Class 0 "in", and the reference class 1 "out": "pin" only in, "close" only out, "account" in both.
  const twoClasses: Sample[] = [
    ...Array.from({ length: 5 }, () => sample(0, [ACCOUNT, PIN])),
    ...Array.from({ length: 5 }, () => sample(1, [ACCOUNT, CLOSE])),
  ];

  it('reads a feature of class 0 as positive, of class 1 as negative, and one both hold evenly as 0', () => {
    // Act
    const odds = naiveBayesOdds(twoClasses, 5, 1, 0.01);
    // Assess
    expect(odds[PIN]).toBeGreaterThan(1);
    expect(odds[CLOSE]).toBeLessThan(-1);
    expect(odds[ACCOUNT]).toBeCloseTo(0, 12);
    expect(odds[OPEN]).toBe(0);
    expect(odds[4]).toBe(0);
  });

  it('is the difference of the smoothed log-likelihoods of the two classes', () => {
    // Prepare: three features hold counts (pin 5, account 10, close 5 over a mass of 20)
    const smoothing = 0.5;
    const p = (count: number, mass: number) =>
      Math.log((smoothing + count) / (smoothing * 3 + mass));
    // Act
    const odds = naiveBayesOdds(twoClasses, 4, 1, smoothing);
    // Assess
    expect(odds[PIN]).toBeCloseTo(p(5, 10) - p(0, 10), 12);
    expect(odds[CLOSE]).toBeCloseTo(p(0, 10) - p(5, 10), 12);
  });

  it('gives each class its own column against the reference class', () => {
    // Prepare: classes 0 and 1 against the reference 2; "open" only in class 0, "pin" only in 1
    const three: Sample[] = [
      sample(0, [ACCOUNT, OPEN]),
      sample(1, [ACCOUNT, PIN]),
      sample(2, [ACCOUNT, CLOSE]),
    ];
    // Act
    const odds = naiveBayesOdds(three, 4, 2, 0.01);
    // Assess
    expect(odds).toHaveLength(8);
    expect(odds[OPEN * 2 + 0]).toBeGreaterThan(1);
    expect(odds[OPEN * 2 + 1]).toBeCloseTo(0, 12);
    expect(odds[PIN * 2 + 1]).toBeGreaterThan(1);
    expect(odds[CLOSE * 2 + 0]).toBeLessThan(-1);
    expect(odds[ACCOUNT * 2 + 0]).toBeCloseTo(0, 12);
  });
});
