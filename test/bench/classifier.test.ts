import { describe, expect, it } from 'vitest';
import {
  afterStatement,
  type Engine,
  runEngine,
  withContext,
  withGluedPair,
  withPleasantries,
  withReference,
  withSlip,
} from '../../bench/classifier.ts';
import type { TrainingSet } from '../../lambda/core/ports.ts';
import type { EvalLine } from '../../local/commands/eval.ts';

/** Levenshtein distance, with adjacent swaps counted as one edit. */
function edits(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) {
      const row = d[i] as number[];
      const up = d[i - 1] as number[];
      row[j] = Math.min(
        (up[j] as number) + 1,
        (row[j - 1] as number) + 1,
        (up[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        row[j] = Math.min(row[j] as number, ((d[i - 2] as number[])[j - 2] as number) + 1);
    }
  return (d[a.length] as number[])[b.length] as number;
}

describe('typing noise for the classifier bench', () => {
  const text = 'where is my order it has not arrived yet';

  it('makes one slip in one word, the same for the same seed', () => {
    for (let seed = 0; seed < 40; seed++) {
      const noisy = withSlip(text, seed);
      expect(noisy).toBe(withSlip(text, seed));
      expect(noisy.split(' ')).toHaveLength(9);
      // A swap of two equal letters or a doubled letter still changes the text by one edit at most.
      expect(edits(text, noisy)).toBeLessThanOrEqual(1);
    }
    const changed = Array.from({ length: 40 }, (_, seed) => withSlip(text, seed)).filter(
      (t) => t !== text,
    );
    expect(changed.length).toBeGreaterThan(30);
  });

  it('leaves a text without a word of four letters as it is', () => {
    expect(withSlip('ok thx', 3)).toBe('ok thx');
  });

  it('glues exactly one pair of neighbouring words', () => {
    for (let seed = 0; seed < 20; seed++) {
      const glued = withGluedPair(text, seed);
      expect(glued.split(' ')).toHaveLength(8);
      expect(glued.replaceAll(' ', '')).toBe(text.replaceAll(' ', ''));
    }
    expect(withGluedPair('hello', 1)).toBe('hello');
  });

  it('wraps a line in a greeting and a thanks of its language, English for others', () => {
    expect(withPleasantries('paket saya belum sampai', 0, 'id')).toMatch(
      /^(Halo|Selamat pagi|Permisi) .*paket saya belum sampai .*(makasih|terima kasih)/,
    );
    expect(withPleasantries('wo ist meine Bestellung', 1, 'de')).toMatch(
      /^(Hi|Hello|Hey).*(thank|Thank)/,
    );
    expect(withPleasantries('x', 4, 'es')).toBe(withPleasantries('x', 4, 'es'));
  });

  it('follows a line with a reference of its language, English for others', () => {
    expect(withReference('paket saya belum sampai', 2, 'id')).toMatch(
      /^paket saya belum sampai.*(pesanan|resi|rekening).*\d/,
    );
    expect(withReference('wo ist meine Bestellung', 3, 'de')).toMatch(
      /^wo ist meine Bestellung.*(order|invoice|Account|tracking).*\d/i,
    );
    expect(withReference('x', 4, 'pt')).toBe(withReference('x', 4, 'pt'));
  });

  it('puts a context sentence of its language before or after a line, as a sentence of its own', () => {
    const placed = Array.from({ length: 8 }, (_, seed) =>
      withContext('where is my order', seed, 'en'),
    );
    // Both sides occur, and the line gets a full stop when it comes first.
    expect(placed.some((t) => t.startsWith('where is my order. '))).toBe(true);
    expect(placed.some((t) => t.endsWith(' where is my order'))).toBe(true);
    expect(withContext('paket saya belum sampai', 0, 'id')).toMatch(/(Saya|Ini|Kemarin) /);
    expect(withContext('x', 5, 'de')).toBe(withContext('x', 5, 'de'));
  });

  it("puts a customer's statement of its language before a line", () => {
    expect(afterStatement('quien gano el mundial', 1, 'es')).toMatch(
      /^(Ayer|Mi pago) .*\. quien gano el mundial$/,
    );
    expect(afterStatement('x', 2, 'fr')).toMatch(/^(I|My) .*\. x$/);
  });
});

describe('runEngine', () => {
  it('times a second pass after the warm-up, and keeps the first pass apart', async () => {
    const lines: EvalLine[] = ['a', 'b', 'c', 'd', 'e'].map((text, i) => ({
      text,
      lang: 'en',
      expect: 'in',
      intent: 'x',
      source: `test.jsonl:${i + 1}`,
    }));
    let calls = 0;
    const engine: Engine = {
      name: 'scoped-responder',
      async train() {
        return async () => {
          // The first pass (three calls per line) is slow, as unoptimised code is; later calls are not.
          if (++calls <= 3 * lines.length) {
            const until = performance.now() + 3;
            while (performance.now() < until);
          }
          return { answered: true, intent: 'x' };
        };
      },
    };
    const set = { intents: [], negatives: [] } as unknown as TrainingSet;
    const figures = await runEngine(engine, set, { in: lines });
    expect(figures.latencyUs.firstPassP99).toBeGreaterThanOrEqual(3000);
    expect(figures.latencyUs.p99).toBeLessThan(3000);
    // Three calls per line on the first pass, 2,000 warm-up calls, three timed passes of three calls
    // per line, then one call per line for each of the six noisy variants.
    const n = lines.length;
    expect(calls).toBe(3 * n + 2000 + 3 * 3 * n + 6 * n);
    expect(figures.overall.inAnswered).toBe(1);
    expect(figures.overall.intentAccuracy).toBe(1);
  });
});
