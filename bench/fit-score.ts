import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  defaultOperatingPoint,
  defaultOperatingPointWithoutPhrasebook,
  defaultScoreWeights,
  intentsWithKeys,
  SCORE_TERMS,
  type ScoreSignals,
  type ScoreWeights,
  scoreTerms,
  type Tuning,
  trainClassifierWith,
} from '../lambda/core/intent/classifier.ts';
import { loadTrainingSet } from '../local/commands/eval.ts';
import { readDevFiles, SHARED_EVAL, WITHOUT_DOMAIN } from './classifier.ts';

/** Share of the pooled out-of-scope lines the operating point refuses (about 98.7 %, as before). */
export const REFUSED_SHARE = 0.987;

export interface Row {
  readonly profile: string;
  readonly inScope: boolean;
  /** Named an intent at all (p_in ≥ 0.5), and the right one. */
  readonly named: boolean;
  readonly right: boolean;
  /** A phrasebook key joined the intent named: it is scored against `operatingPoint`, else the other point. */
  readonly backed: boolean;
  readonly terms: readonly number[];
}

/**
 * L2-regularised logistic regression by full-batch gradient descent on standardised inputs, the
 * weights returned on the raw inputs. Deterministic; small enough for a few thousand rows.
 */
export function fitLogistic(
  x: readonly (readonly number[])[],
  y: readonly number[],
  options: { l2: number; iterations: number; rate: number } = {
    l2: 0.01,
    iterations: 8000,
    rate: 0.2,
  },
): { weights: number[]; bias: number } {
  const n = x.length;
  const d = x[0]?.length ?? 0;
  const mean = Array.from({ length: d }, (_, j) => x.reduce((a, r) => a + (r[j] as number), 0) / n);
  const sd = Array.from({ length: d }, (_, j) => {
    const v = x.reduce((a, r) => a + ((r[j] as number) - (mean[j] as number)) ** 2, 0) / n;
    return Math.sqrt(v) + 1e-9;
  });
  const z = x.map((r) => r.map((v, j) => (v - (mean[j] as number)) / (sd[j] as number)));
  const w = new Array<number>(d).fill(0);
  let b = 0;
  for (let it = 0; it < options.iterations; it++) {
    const gw = new Array<number>(d).fill(0);
    let gb = 0;
    for (let i = 0; i < n; i++) {
      const row = z[i] as number[];
      let s = b;
      for (let j = 0; j < d; j++) s += (w[j] as number) * (row[j] as number);
      const g = 1 / (1 + Math.exp(-s)) - (y[i] as number);
      for (let j = 0; j < d; j++) gw[j] = (gw[j] as number) + g * (row[j] as number);
      gb += g;
    }
    for (let j = 0; j < d; j++) {
      w[j] =
        (w[j] as number) - options.rate * ((gw[j] as number) / n + options.l2 * (w[j] as number));
    }
    b -= options.rate * (gb / n);
  }
  const weights = w.map((v, j) => v / (sd[j] as number));
  const bias = b - w.reduce((a, v, j) => a + (v * (mean[j] as number)) / (sd[j] as number), 0);
  return { weights, bias };
}

/** Weights as ScoreWeights, rounded to 4 decimals as committed. */
export function toScoreWeights(fit: { weights: number[]; bias: number }): ScoreWeights {
  const round = (v: number) => Math.round(v * 1e4) / 1e4;
  const entries = SCORE_TERMS.map((k, j) => [k, round(fit.weights[j] as number)] as const);
  return { ...Object.fromEntries(entries), bias: round(fit.bias) } as ScoreWeights;
}

function scoreRow(row: Row, w: ScoreWeights): number {
  let s = w.bias;
  for (const [j, k] of SCORE_TERMS.entries()) s += w[k] * (row.terms[j] as number);
  return s;
}

/** The score at which `share` of the out-of-scope rows score lower: midway between two of them. */
export function operatingPoint(scores: readonly number[], share: number): number {
  const sorted = [...scores].sort((a, b) => b - a);
  const at = Math.floor((1 - share) * sorted.length);
  return ((sorted[at] as number) + (sorted[Math.max(0, at - 1)] as number)) / 2;
}

/** In-scope rows answered (and answered right) when 99 % of the profile's out-of-scope rows are refused. */
function at99(rows: readonly Row[], w: ScoreWeights): { answered: number; right: number } {
  // The most lenient threshold that refuses 99 %: answered means scoring above the highest refused line.
  const outs = rows
    .filter((r) => !r.inScope)
    .map((r) => scoreRow(r, w))
    .sort((a, b) => b - a);
  const threshold = outs[Math.floor(0.01 * outs.length)] as number;
  const ins = rows.filter((r) => r.inScope);
  const answered = ins.filter((r) => r.named && scoreRow(r, w) > threshold);
  return {
    answered: answered.length / ins.length,
    right: answered.filter((r) => r.right).length / ins.length,
  };
}

/** Each dev line's score terms, from the profile trained with `tuning` (default: as committed). */
export async function collectRows(
  evalDir = SHARED_EVAL,
  tuning: Partial<Tuning> = {},
): Promise<Record<'bank' | 'shop', Row[]>> {
  const out = { bank: [] as Row[], shop: [] as Row[] };
  for (const profile of ['bank', 'shop'] as const) {
    const classifier = trainClassifierWith(
      await loadTrainingSet(join(evalDir, 'profiles', `${profile}.yaml`)),
      tuning,
    );
    const backed = intentsWithKeys(classifier.phrasebook);
    for (const lines of Object.values(readDevFiles(profile, join(evalDir, 'dev')))) {
      for (const line of lines) {
        const { prediction, signals } = classifier.explain(line.text);
        const terms = scoreTerms(signals as ScoreSignals);
        out[profile].push({
          profile,
          inScope: line.expect === 'in',
          named: prediction.intent !== null,
          right: prediction.intent === line.intent,
          backed: prediction.intent !== null && backed.has(prediction.intent),
          terms: SCORE_TERMS.map((k) => terms[k]),
        });
      }
    }
  }
  return out;
}

/**
 * The point for the intents no phrasebook key joined that, with the backed intents at `point`,
 * refuses `share` of the out-of-scope rows: midway between two unbacked rows' scores.
 */
export function pointWithoutPhrasebook(
  rows: readonly Row[],
  w: ScoreWeights,
  point: number,
  share: number,
): number {
  const outs = rows.filter((r) => !r.inScope);
  const backedAnswered = outs.filter((r) => r.backed && r.named && scoreRow(r, w) >= point).length;
  const left = Math.floor((1 - share) * outs.length) - backedAnswered;
  const unbacked = outs
    .filter((r) => !r.backed)
    .map((r) => scoreRow(r, w))
    .sort((a, b) => b - a);
  if (unbacked.length === 0) return point;
  if (left <= 0) return (unbacked[0] as number) + 1e-3;
  if (left >= unbacked.length) return (unbacked[unbacked.length - 1] as number) - 1e-3;
  return ((unbacked[left] as number) + (unbacked[left - 1] as number)) / 2;
}

/** Share of the in-scope rows answered (and answered right) at the two operating points, and of the out-of-scope rows refused. */
function atPoint(
  rows: readonly Row[],
  w: ScoreWeights,
  point: number,
  without: number,
): { answered: number; right: number; refused: number } {
  const ins = rows.filter((r) => r.inScope);
  const outs = rows.filter((r) => !r.inScope);
  const answers = (r: Row) => r.named && scoreRow(r, w) >= (r.backed ? point : without);
  return {
    answered: ins.filter(answers).length / ins.length,
    right: ins.filter((r) => answers(r) && r.right).length / ins.length,
    refused: outs.filter((r) => !answers(r)).length / outs.length,
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const rows = await collectRows();
  // The same profiles as a business outside the phrasebook's domains is trained: their own examples
  // and the common keys only, so most intents have no phrasebook key. The weights are fitted on the
  // profiles as they are; those intents get their own operating point.
  const niche = await collectRows(SHARED_EVAL, WITHOUT_DOMAIN);
  const all = [...rows.bank, ...rows.shop];
  const fitWeights = (rs: Row[]) =>
    toScoreWeights(
      fitLogistic(
        rs.map((r) => r.terms),
        rs.map((r) => (r.inScope ? 1 : 0)),
      ),
    );
  const weights = fitWeights(all);
  const round3 = (v: number) => Math.round(v * 1e3) / 1e3;
  const op = operatingPoint(
    all.filter((r) => !r.inScope).map((r) => scoreRow(r, weights)),
    REFUSED_SHARE,
  );
  const without = (rs: Row[]) => pointWithoutPhrasebook(rs, weights, op, REFUSED_SHARE);
  const opWithout = without([...niche.bank, ...niche.shop]);
  const pct = (v: { answered: number; right: number }) =>
    `${v.answered.toFixed(3)} / ${v.right.toFixed(3)}`;
  const pt = (v: { answered: number; right: number; refused: number }) =>
    `${pct(v)} / ${v.refused.toFixed(3)}`;
  const w = defaultScoreWeights;
  const point = defaultOperatingPoint;
  const committed = defaultOperatingPointWithoutPhrasebook;
  const fromBank = without(niche.bank);
  const fromShop = without(niche.shop);
  process.stdout.write(
    `${JSON.stringify({ score: weights, operatingPoint: round3(op), operatingPointWithoutPhrasebook: round3(opWithout) }, null, 2)}\n\n` +
      'At 99 % refusal per profile (answered / right intent):\n' +
      `  committed weights:        bank ${pct(at99(rows.bank, w))}, shop ${pct(at99(rows.shop, w))}\n` +
      `  refitted on both:         bank ${pct(at99(rows.bank, weights))}, shop ${pct(at99(rows.shop, weights))}\n` +
      `  fitted on the other only: bank ${pct(at99(rows.bank, fitWeights(rows.shop)))}, shop ${pct(at99(rows.shop, fitWeights(rows.bank)))}\n` +
      `  (committed operating point ${point})\n` +
      'The profiles without their phrasebook domain (answered / right intent / refused):\n' +
      `  committed, unbacked intents at ${committed}:  bank ${pt(atPoint(niche.bank, w, point, committed))}, shop ${pt(atPoint(niche.shop, w, point, committed))}\n` +
      `  every intent at ${point}:                  bank ${pt(atPoint(niche.bank, w, point, point))}, shop ${pt(atPoint(niche.shop, w, point, point))}\n` +
      `  point from the other profile only:        bank ${pt(atPoint(niche.bank, weights, op, fromShop))} (${round3(fromShop)}), shop ${pt(atPoint(niche.shop, weights, op, fromBank))} (${round3(fromBank)})\n`,
  );
}
