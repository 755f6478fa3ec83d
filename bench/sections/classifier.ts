// Classifier: calls the classifier engineer's bench/classifier.ts (our classifier and NLP.js trained on the
// same profile and scored on the same dev files) and lays the two side by side.
import {
  benchClassifier,
  type EngineFigures,
  type FileFigures,
  OWN_SETS,
  WITHOUT_DOMAIN_ENGINE,
} from '../classifier.ts';
import { ratio, round } from '../lib/stats.ts';
import type { BenchContext, SectionOutput, TargetCheck } from '../lib/types.ts';
import { DEPLOYED } from './cost.ts';

const pct = (share: number | null): number | null => (share === null ? null : round(share * 100));

export async function run(ctx: BenchContext): Promise<SectionOutput> {
  ctx.log('training and scoring both engines on both profiles');
  const result = await benchClassifier();
  const rows: (string | number | null)[][] = [];
  const fileRows: (string | number | null)[][] = [];
  const noisyRows: (string | number | null)[][] = [];
  const contextRows: (string | number | null)[][] = [];
  let ourP50 = Number.NaN;
  for (const [profile, engines] of Object.entries(result.profiles)) {
    const ours = engines.find((e) => e.engine === 'scoped-responder');
    const nlp = engines.find((e) => e.engine === 'nlpjs');
    for (const e of engines) rows.push(row(profile, e));
    if (ours && nlp) {
      rows.push([
        profile,
        'ratio ours / NLP.js',
        ratio(ours.latencyUs.p50, nlp.latencyUs.p50),
        ratio(ours.latencyUs.p99, nlp.latencyUs.p99),
        ratio(ours.trainMs, nlp.trainMs),
        null,
        null,
        null,
        null,
      ]);
    }
    if (ours)
      ourP50 = Number.isNaN(ourP50) ? ours.latencyUs.p50 : Math.max(ourP50, ours.latencyUs.p50);
    for (const e of engines) {
      const { slip, glued, wrapped, referenced, context, statement } = e.noisy;
      noisyRows.push(
        noisyRow(profile, e, [slip, glued, wrapped, referenced], [wrapped, referenced]),
      );
      contextRows.push(noisyRow(profile, e, [context, statement], [context, statement]));
      for (const [file, f] of Object.entries(e.byFile)) {
        fileRows.push([
          profile,
          e.engine,
          file,
          f.n,
          pct(f.inAnswered),
          pct(f.intentAccuracy),
          pct(f.outRefused),
        ]);
      }
    }
  }
  const coldRows: (string | number | null)[][] = [];
  for (const [profile, cold] of Object.entries(result.coldStart)) {
    const train = cold.modes.find((m) => m.mode === 'train');
    for (const m of cold.modes) {
      coldRows.push([
        profile,
        m.mode === 'train'
          ? 'train from the profile'
          : m.mode === 'restore'
            ? `restore the ${cold.snapshotMb} MB snapshot`
            : 'no classifier (the same modules and profile loaded)',
        m.mode === 'none' ? null : m.ms,
        m.mode === 'none' ? null : m.runsMs.join(' / '),
        m.heapMb,
        m.peakRssMb,
        train && m.mode !== 'none' ? ratio(m.ms, train.ms) : null,
      ]);
    }
  }
  const coldHeadline = Object.entries(result.coldStart).map(([profile, cold]) => {
    const [train, restore, none] = (['train', 'restore', 'none'] as const).map((mode) =>
      cold.modes.find((m) => m.mode === mode),
    );
    return (
      `cold start (${profile}): classifier restored from its ${cold.snapshotMb} MB snapshot in ${restore?.ms} ms vs trained in ${train?.ms} ms (×${train && restore ? ratio(restore.ms, train.ms) : '?'}); ` +
      `peak RSS ${restore?.peakRssMb} MB restored vs ${none?.peakRssMb} MB without a classifier, of the responder's ${DEPLOYED.responderMemoryMb} MB`
    );
  });
  const headline = Object.entries(result.profiles).map(([profile, engines]) => {
    const ours = engines.find((e) => e.engine === 'scoped-responder');
    const nlp = engines.find((e) => e.engine === 'nlpjs');
    if (!ours || !nlp) return `${profile}: one engine missing`;
    return `${profile}: p50 ${ours.latencyUs.p50} µs / p99 ${ours.latencyUs.p99} µs, train ${ours.trainMs} ms, in-scope answered ${pct(ours.overall.inAnswered)}%, out-of-scope refused ${pct(ours.overall.outRefused)}% — NLP.js p50 ${nlp.latencyUs.p50} µs / p99 ${nlp.latencyUs.p99} µs, train ${nlp.trainMs} ms, ${pct(nlp.overall.inAnswered)}% / ${pct(nlp.overall.outRefused)}% (×${ratio(ours.latencyUs.p50, nlp.latencyUs.p50)} p50)`;
  });
  // Issue 5's targets are set on the dev split: the other profiles' own lines are reported only.
  const targets = Object.entries(result.profiles)
    .filter(([profile]) => !OWN_SETS.some((own) => own.name === profile))
    .flatMap(([profile, engines]) => {
      const ours = engines.find((e) => e.engine === 'scoped-responder');
      return ours ? classifierTargets(profile, ours) : [];
    });
  return {
    headline: [...headline, ...coldHeadline],
    targets,
    method:
      'bench/classifier.ts (benchClassifier): for the bank and shop profiles, each engine is trained on ' +
      'the profile examples plus the built-in out-of-scope corpus, then classifies every line of the ' +
      'profile dev files and the shared general/jailbreak files (/work/shared/eval/dev), one at a time. ' +
      'Ours runs as the Lambda runs it: lambda/core/intent/classifier.ts bundled and minified by esbuild with the target lib/ gives CDK (from tsx the same code classifies about 20 % slower, probably because tsx keeps top-level const, which V8 reads with a temporal-dead-zone check, where a bundle makes them var). ' +
      'Latency per line: the fastest of three calls, after 2,000 untimed calls cycled over the lines (the steady state of a warm Lambda, measured as `scoped-responder eval` measures it); p50 and p99 are the medians over three such passes, as one pass differs from the next by up to ±25 % on this shared machine. "p99 µs, first pass" is one pass before the warm-up, while the code is still being optimised. ' +
      'Baseline: NLP.js 4 on the same data in the same run. ' +
      `"${WITHOUT_DOMAIN_ENGINE}" is ours trained with every phrasebook domain but the common one left out, as a business outside banking and retail (a clinic, a hotel) is trained. ` +
      `${OWN_SETS.map((own) => `"${own.name}" is ${own.profile} on the lines written for it (${own.data})`).join('; ')}: not the dev split, and the targets are judged on the dev split only. ` +
      'Heap is measured in the bench process after ' +
      'training, so it includes what earlier sections loaded: compare the two engines, not the absolute value.',
    tables: [
      {
        title: 'Per classification, training and accuracy (all dev lines of the profile)',
        columns: [
          'profile',
          'engine',
          'p50 µs',
          'p99 µs',
          'p99 µs, first pass',
          'train ms',
          'heap MB after training',
          'in-scope answered %',
          'intent accuracy %',
          'out-of-scope refused %',
        ],
        rows,
      },
      {
        title:
          "Cold start: the classifier ready in a fresh process (bench/classifier-cold.ts, median of 3; module loading excluded from ms; peak RSS the largest of the 3, in a tsx process, so above a bundle's)",
        columns: ['profile', 'how', 'ms', 'runs ms', 'heap MB', 'peak RSS MB', 'ratio to training'],
        rows: coldRows,
      },
      {
        title: 'By dev file',
        columns: [
          'profile',
          'engine',
          'file',
          'lines',
          'in answered %',
          'intent accuracy %',
          'out refused %',
        ],
        rows: fileRows,
      },
      {
        title:
          'Typing noise, pleasantries and references: the in-scope lines again with one slip in one word (swap, drop, double or wrong letter) or one pair of words glued; every line inside a greeting and a thanks in its language ("Hi there! … Thanks a lot.", "Hi! Thanks for getting back to me. … Have a nice day.", "Halo kak, mau tanya. … Ditunggu ya kak, makasih"); every line followed by a reference ("… Order number 48213.", "… my order number is 48213", "… no resi JX8812345"; bench/classifier.ts withSlip, withGluedPair, withPleasantries, withReference; seeded, the same text for both engines)',
        columns: [
          'profile',
          'engine',
          'clean answered %',
          'clean intent accuracy %',
          'one slip answered %',
          'one slip intent accuracy %',
          'glued answered %',
          'glued intent accuracy %',
          'wrapped answered %',
          'wrapped intent accuracy %',
          'with a reference answered %',
          'with a reference intent accuracy %',
          'clean out-of-scope refused %',
          'wrapped out-of-scope refused %',
          'with a reference out-of-scope refused %',
        ],
        rows: noisyRows,
      },
      {
        title:
          'Context sentences and mixed messages: every line with a sentence that tells the situation and asks for nothing, before or after it ("I\'m asking from my phone at the airport.", "Ini pertama kali saya chat di sini."), and every line after a customer\'s statement about a payment, an order or an account ("I paid for my order with my card yesterday. <line>"; an out-of-scope line after it is a mixed message and must still be refused; bench/classifier.ts withContext, afterStatement; seeded, the same text for both engines)',
        columns: [
          'profile',
          'engine',
          'clean answered %',
          'clean intent accuracy %',
          'with context answered %',
          'with context intent accuracy %',
          'after a statement answered %',
          'after a statement intent accuracy %',
          'clean out-of-scope refused %',
          'with context out-of-scope refused %',
          'after a statement out-of-scope refused %',
        ],
        rows: contextRows,
      },
    ],
    data: { ...result, ourWorstP50Us: ourP50 },
  };
}

/**
 * A row of a noisy-text table: the clean answered and right-intent shares, then each variant's, the
 * clean out-of-scope refusal, then each out-of-scope variant's.
 */
function noisyRow(
  profile: string,
  e: EngineFigures,
  inScope: readonly FileFigures[],
  outOfScope: readonly FileFigures[],
): (string | number | null)[] {
  return [
    profile,
    e.engine,
    ...[e.overall, ...inScope].flatMap((f) => [pct(f.inAnswered), pct(f.intentAccuracy)]),
    ...[e.overall, ...outOfScope].map((f) => pct(f.outRefused)),
  ];
}

function row(profile: string, e: EngineFigures): (string | number | null)[] {
  return [
    profile,
    e.engine,
    e.latencyUs.p50,
    e.latencyUs.p99,
    e.latencyUs.firstPassP99,
    e.trainMs,
    e.heapUsedMb,
    pct(e.overall.inAnswered),
    pct(e.overall.intentAccuracy),
    pct(e.overall.outRefused),
  ];
}

/** Languages with fewer dev lines than this are reported, not judged (a handful of lines moves a rate by points). */
const MIN_LANG_LINES = 30;

/** Issue 5's targets for one profile, from our engine's figures. */
function classifierTargets(profile: string, e: EngineFigures): TargetCheck[] {
  const at = (share: number | null) => (share === null ? 'n/a' : `${pct(share)}%`);
  const rate = (
    target: string,
    share: number | null,
    floor: number,
    note: string,
  ): TargetCheck => ({
    target: `${profile}: ${target} ≥ ${floor * 100}%`,
    met: share !== null && share >= floor,
    detail: at(share),
    ...(share !== null && share >= floor ? {} : { note }),
  });
  const o = e.overall;
  const judged = Object.entries(e.byLang).filter(([, f]) => f.n >= MIN_LANG_LINES);
  const gaps = judged.flatMap(([lang, f]) => [
    ...(f.inAnswered !== null && o.inAnswered !== null
      ? [{ lang, what: 'answered', gap: (f.inAnswered - o.inAnswered) * 100 }]
      : []),
    ...(f.outRefused !== null && o.outRefused !== null
      ? [{ lang, what: 'refused', gap: (f.outRefused - o.outRefused) * 100 }]
      : []),
  ]);
  const worst = gaps.reduce((a, g) => (Math.abs(g.gap) > Math.abs(a.gap) ? g : a), {
    lang: '-',
    what: '-',
    gap: 0,
  });
  const small = Object.entries(e.byLang)
    .filter(([, f]) => f.n < MIN_LANG_LINES)
    .map(([lang, f]) => `${lang} ${f.n}`);
  const jailbreak = e.byFile.jailbreak_out?.outRefused ?? null;
  return [
    rate(
      'in-scope answered',
      o.inAnswered,
      0.97,
      'docs/classifier.md (Targets): few examples per intent against paraphrase-heavy dev lines',
    ),
    rate('intent accuracy', o.intentAccuracy, 0.92, 'docs/classifier.md (Targets)'),
    rate(
      'out of scope refused',
      o.outRefused,
      0.99,
      'one operating point for every profile: homonyms and other businesses sharing its words',
    ),
    rate('jailbreak set refused', jailbreak, 0.995, 'docs/classifier.md (Targets)'),
    {
      target: `${profile}: each language within 3 points of the overall rates`,
      met: Math.abs(worst.gap) <= 3,
      detail: `widest: ${worst.lang} ${worst.what} ${worst.gap >= 0 ? '+' : ''}${round(worst.gap)} points (languages with ≥ ${MIN_LANG_LINES} lines${small.length ? `; too few to judge: ${small.join(', ')}` : ''})`,
      ...(Math.abs(worst.gap) <= 3
        ? {}
        : { note: 'English paraphrases from public datasets vs short Indonesian chat lines' }),
    },
    {
      target: `${profile}: p99 ≤ 1 ms per classification`,
      met: e.latencyUs.p99 <= 1000,
      detail: `${e.latencyUs.p99} µs after a warm-up, as \`scoped-responder eval\` measures it (first pass, before it: ${e.latencyUs.firstPassP99} µs)`,
      ...(e.latencyUs.p99 <= 1000
        ? {}
        : {
            note: 'the p99 lines are long general-assistant pastes, read in full up to 48 tokens; runs of the same code spread by about 25 % on this shared machine: docs/classifier.md (Targets)',
          }),
    },
    {
      target: `${profile}: training ≤ 2 s`,
      met: e.trainMs <= 2000,
      detail: `${e.trainMs} ms in the bench process (the Lambda restores a snapshot instead)`,
      ...(e.trainMs <= 2000
        ? {}
        : {
            note: 'domain detection reads a third of every phrasebook domain; docs/classifier.md (Targets)',
          }),
    },
  ];
}
