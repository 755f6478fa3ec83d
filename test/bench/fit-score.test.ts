import { describe, expect, it } from 'vitest';
import { fitLogistic, operatingPoint, toScoreWeights } from '../../bench/fit-score.ts';
import { SCORE_TERMS } from '../../lambda/core/intent/classifier.ts';

describe('fitLogistic', () => {
  it('recovers the direction and rough size of a known logistic model', () => {
    // Prepare: y = 1 when 2·a − b + noise > 0.5, on a fixed grid (deterministic).
    const x: number[][] = [];
    const y: number[] = [];
    for (let i = 0; i < 40; i++) {
      for (let j = 0; j < 40; j++) {
        const a = i / 20 - 1;
        const b = j / 10 - 2;
        x.push([a, b]);
        y.push(2 * a - b + Math.sin(i * 7 + j * 3) * 0.3 > 0.5 ? 1 : 0);
      }
    }

    // Act
    const { weights, bias } = fitLogistic(x, y, { l2: 0, iterations: 3000, rate: 0.5 });

    // Assess: the boundary 2a − b = 0.5, up to scale.
    const [wa, wb] = weights as [number, number];
    expect(wa).toBeGreaterThan(0);
    expect(wb).toBeLessThan(0);
    expect(wa / -wb).toBeCloseTo(2, 0);
    expect(-bias / wa).toBeCloseTo(0.25, 1);
  });

  it('gives ScoreWeights keyed like the score terms', () => {
    const w = toScoreWeights({ weights: SCORE_TERMS.map((_, i) => i + 0.123456), bias: -1 });
    expect(Object.keys(w)).toEqual([...SCORE_TERMS, 'bias']);
    expect(w.logPIn).toBe(0.1235);
    expect(w.bias).toBe(-1);
  });
});

describe('operatingPoint', () => {
  it('refuses the given share of the scores, midway between the last refused and the first answered', () => {
    const scores = Array.from({ length: 100 }, (_, i) => i); // 0..99
    const op = operatingPoint(scores, 0.98);
    expect(op).toBe(97.5);
    expect(scores.filter((s) => s < op).length / scores.length).toBe(0.98);
  });
});
