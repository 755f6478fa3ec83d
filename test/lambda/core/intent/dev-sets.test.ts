// Regression guard on the shared dev split: floors a little under the figures measured when this was
// written (docs/classifier.md), so a change that loses ground fails here. Accuracy only, no timing.
// The split lives in the project's shared folder beside the repository; without it this test fails.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  afterStatement,
  WITHOUT_DOMAIN,
  withContext,
  withPleasantries,
  withReference,
} from '../../../../bench/classifier.ts';
import {
  isAnswered,
  trainClassifier,
  trainClassifierWith,
} from '../../../../lambda/core/intent/classifier.ts';
import { OUT_OF_SCOPE_CORPUS } from '../../../../lambda/core/intent/corpus/index.ts';
import { PHRASEBOOK } from '../../../../lambda/core/intent/phrasebook/index.ts';
import { gateThreshold, loadTrainingSet, parseEvalLines } from '../../../../local/commands/eval.ts';
import { SHARED_DIR } from '../../../support/shared-dir.ts';

const EVAL = join(SHARED_DIR, 'eval');

interface Floors {
  readonly inAnswered: number;
  readonly intentAccuracy: number;
  readonly ownOutRefused: number;
  /** In-scope lines with a context sentence before or after them (bench/classifier.ts withContext). */
  readonly contextAnswered: number;
  /** Out-of-scope lines after a customer's statement: mixed messages (afterStatement). */
  readonly mixedRefused: number;
  /** English out-of-scope lines with one of the profile's words after them ("… card", "… order"). */
  readonly stuffedRefused: number;
}

/** The word a keyword-stuffed line ends with, per profile. */
const STUFFING: Record<string, string> = { bank: 'card', shop: 'order' };

const floors: Record<string, Floors> = {
  // measured (scope-lr-9): in 0.912 / accuracy 0.831 / out 0.994 (0.915 / 0.810 before the
  // damaged-card key joined the intent its id names; scope-lr-8: 0.870 / 0.755 / 0.997;
  // scope-lr-5: 0.852 / 0.746 / 0.988; scope-lr-4: 0.843 / 0.746 / 0.991)
  bank: {
    inAnswered: 0.88,
    intentAccuracy: 0.8,
    ownOutRefused: 0.99,
    contextAnswered: 0.86,
    mixedRefused: 0.975,
    stuffedRefused: 0.5,
  },
  // measured (scope-lr-9): in 0.901 / accuracy 0.821 / out 0.970 (scope-lr-8: 0.840 / 0.772 / 0.967;
  // scope-lr-5: 0.772 / 0.710 / 0.973; scope-lr-4: 0.753 / 0.685 / 0.975)
  shop: {
    inAnswered: 0.87,
    intentAccuracy: 0.79,
    ownOutRefused: 0.96,
    contextAnswered: 0.82,
    mixedRefused: 0.95,
    stuffedRefused: 0.63,
  },
};

const FILES = [
  'profiles/bank.yaml',
  'profiles/shop.yaml',
  ...['bank_in', 'bank_out', 'shop_in', 'shop_out', 'general_out', 'jailbreak_out'].map(
    (f) => `dev/${f}.jsonl`,
  ),
];

describe('scope classifier on the dev split', () => {
  it('finds the dev split in the shared folder', () => {
    expect(FILES.filter((f) => !existsSync(join(EVAL, f)))).toEqual([]);
  });

  it.each(Object.keys(floors))('keeps its measured rates for the %s profile', async (name) => {
    // Prepare
    const set = await loadTrainingSet(join(EVAL, 'profiles', `${name}.yaml`));
    const classifier = trainClassifier(set);
    const threshold = gateThreshold(set);
    const read = (file: string) =>
      parseEvalLines(readFileSync(join(EVAL, 'dev', `${file}.jsonl`), 'utf8'), file);
    const refused = (file: string) => {
      const lines = read(file).filter((l) => l.expect === 'out');
      return (
        lines.filter((l) => !isAnswered(classifier.classify(l.text), threshold)).length /
        lines.length
      );
    };
    // Act
    const ins = read(`${name}_in`);
    const predictions = ins.map((l) => ({ line: l, p: classifier.classify(l.text) }));
    const answered = predictions.filter((x) => isAnswered(x.p, threshold));
    // Assess
    const floor = floors[name] as Floors;
    expect(answered.length / ins.length).toBeGreaterThanOrEqual(floor.inAnswered);
    expect(
      answered.filter((x) => x.p.intent === x.line.intent).length / ins.length,
    ).toBeGreaterThanOrEqual(floor.intentAccuracy);
    expect(refused(`${name}_out`)).toBeGreaterThanOrEqual(floor.ownOutRefused);
    // measured (scope-lr-8): 1.000 (bank), 0.993 (shop)
    expect(refused('general_out')).toBeGreaterThanOrEqual(0.98);
    // measured: 1.000 (bank and shop)
    expect(refused('jailbreak_out')).toBeGreaterThanOrEqual(0.98);
    const outs = ['general_out', 'jailbreak_out', `${name}_out`].flatMap((f) =>
      read(f).filter((l) => l.expect === 'out'),
    );
    // The share of lines answered once `noise` (a bench/classifier.ts generator) has changed them.
    const answeredWith = (
      lines: readonly { text: string; lang: string }[],
      noise: (text: string, seed: number, lang: string) => string,
    ) =>
      lines.filter((l, i) => isAnswered(classifier.classify(noise(l.text, i, l.lang)), threshold))
        .length / lines.length;
    // The same out-of-scope lines inside "Hi there! … Thanks a lot." (scope-lr-4 refused 0.652 / 0.595
    // of them, answering them as greetings; scope-lr-5 0.991 / 0.980).
    expect(1 - answeredWith(outs, withPleasantries)).toBeGreaterThanOrEqual(floor.ownOutRefused);
    // And followed by an order, invoice or account reference ("… Order number 48213."): before the
    // reference cut 0.848 / 0.682 were refused, the shop answering them as order questions.
    expect(1 - answeredWith(outs, withReference)).toBeGreaterThanOrEqual(floor.ownOutRefused);
    // A context sentence beside a line ("I'm asking from my phone at the airport."): before
    // scope-lr-7 it diluted the request, and only 0.70 (bank) / 0.39 (shop) of the in-scope lines
    // were answered with one (scope-lr-8: 0.852 / 0.790; scope-lr-9: 0.897 / 0.858). Out-of-scope
    // lines with one are still refused.
    expect(answeredWith(ins, withContext)).toBeGreaterThanOrEqual(floor.contextAnswered);
    expect(1 - answeredWith(outs, withContext)).toBeGreaterThanOrEqual(floor.ownOutRefused);
    // A mixed message: a statement a customer could make, then an out-of-scope request ("I paid for
    // my order with my card yesterday. Who won the world cup?"). Its request decides: before
    // scope-lr-7 0.955 (bank) / 0.915 (shop) were refused, then 0.986 / 0.964 (scope-lr-8: 0.987 /
    // 0.959; scope-lr-9: 0.993 / 0.968).
    expect(1 - answeredWith(outs, afterStatement)).toBeGreaterThanOrEqual(floor.mixedRefused);
    // Keyword stuffing: a general request with a domain word after it ("who won the world cup card").
    // A known weakness: scope-lr-8 refused 0.309 (bank, "card") and 0.560 (shop, "order") of the
    // English lines; the naive Bayes odds in the score raised that to 0.634 / 0.690 (scope-lr-9).
    const english = ['general_out', `${name}_out`].flatMap((f) =>
      read(f).filter((l) => l.expect === 'out' && l.lang === 'en'),
    );
    const stuffed = (text: string) => `${text.replace(/[.?!]*$/, '')} ${STUFFING[name]}`;
    expect(1 - answeredWith(english, stuffed)).toBeGreaterThanOrEqual(floor.stuffedRefused);
  });

  // The profiles as a business outside the phrasebook's domains is trained (a clinic, a hotel): its
  // own examples and the common keys only. At the operating point of a profile with a domain, 0.432
  // (bank) / 0.512 (shop) of the in-scope lines were answered and 0.998 / 0.997 of the out-of-scope
  // ones refused; with the operating point fitted for this regime, 0.634 / 0.663 and 0.989 / 0.985.
  it.each([
    ['bank', 0.6],
    ['shop', 0.62],
  ])(
    'answers a business without a phrasebook domain at its own operating point (%s)',
    async (name, floor) => {
      // Prepare
      const set = await loadTrainingSet(join(EVAL, 'profiles', `${name}.yaml`));
      const classifier = trainClassifierWith(set, WITHOUT_DOMAIN);
      const threshold = gateThreshold(set);
      const lines = ['_in', '_out'].flatMap((suffix) =>
        parseEvalLines(
          readFileSync(join(EVAL, 'dev', `${name}${suffix}.jsonl`), 'utf8'),
          `${name}${suffix}`,
        ),
      );
      // Act
      const answered = (expect: 'in' | 'out') => {
        const ls = lines.filter((l) => l.expect === expect);
        return (
          ls.filter((l) => isAnswered(classifier.classify(l.text), threshold)).length / ls.length
        );
      };
      // Assess
      expect(classifier.phrasebook.domains).toEqual(['common']);
      expect(answered('in')).toBeGreaterThanOrEqual(floor);
      expect(1 - answered('out')).toBeGreaterThanOrEqual(0.975);
    },
  );

  it('holds no built-in line that nearly copies a dev line (the split stays unseen)', () => {
    // Token Jaccard similarity ≥ 0.6 counts as a near copy; such phrasebook lines were removed.
    const tokens = (text: string) =>
      new Set(
        text
          .toLowerCase()
          .normalize('NFD')
          .replace(/[\u0300-\u036f]/g, '')
          .match(/[a-z0-9]+/g) ?? [],
      );
    const dev = readdirSync(join(EVAL, 'dev')).flatMap((f) =>
      parseEvalLines(readFileSync(join(EVAL, 'dev', f), 'utf8'), f).map((l) => tokens(l.text)),
    );
    const builtIn = [
      ...Object.values(PHRASEBOOK).flatMap((book) => Object.values(book).flat()),
      ...Object.values(OUT_OF_SCOPE_CORPUS).flatMap((sections) => Object.values(sections).flat()),
    ];
    const copies = builtIn.filter((line) => {
      const t = tokens(line);
      return dev.some((d) => {
        let shared = 0;
        for (const w of t) if (d.has(w)) shared++;
        return shared / (t.size + d.size - shared) >= 0.6;
      });
    });
    expect(copies).toEqual([]);
  });
});
