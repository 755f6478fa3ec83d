// Classifier: calls the classifier engineer's bench/classifier.ts (our classifier and NLP.js trained on the
// same profile and scored on the same dev files) and lays the two side by side.
import { benchClassifier, type EngineFigures } from '../classifier.ts';
import { ratio, round } from '../lib/stats.ts';
import type { BenchContext, SectionOutput } from '../lib/types.ts';

const pct = (share: number | null): number | null => (share === null ? null : round(share * 100));

export async function run(ctx: BenchContext): Promise<SectionOutput> {
  ctx.log('training and scoring both engines on both profiles');
  const result = await benchClassifier();
  const rows: (string | number | null)[][] = [];
  const fileRows: (string | number | null)[][] = [];
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
          : `restore the ${cold.snapshotMb} MB snapshot`,
        m.ms,
        m.runsMs.join(' / '),
        m.heapMb,
        train ? ratio(m.ms, train.ms) : null,
      ]);
    }
  }
  const coldHeadline = Object.entries(result.coldStart).map(([profile, cold]) => {
    const [train, restore] = (['train', 'restore'] as const).map((mode) =>
      cold.modes.find((m) => m.mode === mode),
    );
    return `cold start (${profile}): classifier restored from its ${cold.snapshotMb} MB snapshot in ${restore?.ms} ms vs trained in ${train?.ms} ms (×${train && restore ? ratio(restore.ms, train.ms) : '?'})`;
  });
  const headline = Object.entries(result.profiles).map(([profile, engines]) => {
    const ours = engines.find((e) => e.engine === 'scoped-responder');
    const nlp = engines.find((e) => e.engine === 'nlpjs');
    if (!ours || !nlp) return `${profile}: one engine missing`;
    return `${profile}: p50 ${ours.latencyUs.p50} µs / p99 ${ours.latencyUs.p99} µs, train ${ours.trainMs} ms, in-scope answered ${pct(ours.overall.inAnswered)}%, out-of-scope refused ${pct(ours.overall.outRefused)}% — NLP.js p50 ${nlp.latencyUs.p50} µs / p99 ${nlp.latencyUs.p99} µs, train ${nlp.trainMs} ms, ${pct(nlp.overall.inAnswered)}% / ${pct(nlp.overall.outRefused)}% (×${ratio(ours.latencyUs.p50, nlp.latencyUs.p50)} p50)`;
  });
  return {
    headline: [...headline, ...coldHeadline],
    method:
      'bench/classifier.ts (benchClassifier): for the bank and shop profiles, each engine is trained on ' +
      'the profile examples plus the built-in out-of-scope corpus, then classifies every line of the ' +
      'profile dev files and the shared general/jailbreak files (/work/shared/eval/dev), one at a time. ' +
      'Baseline: NLP.js 4 on the same data in the same run. Heap is measured in the bench process after ' +
      'training, so it includes what earlier sections loaded: compare the two engines, not the absolute value.',
    tables: [
      {
        title: 'Per classification, training and accuracy (all dev lines of the profile)',
        columns: [
          'profile',
          'engine',
          'p50 µs',
          'p99 µs',
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
          'Cold start: the classifier ready in a fresh process (bench/classifier-cold.ts, median of 3; module loading excluded)',
        columns: ['profile', 'how', 'ms', 'runs ms', 'heap MB', 'ratio to training'],
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
    ],
    data: { ...result, ourWorstP50Us: ourP50 },
  };
}

function row(profile: string, e: EngineFigures): (string | number | null)[] {
  return [
    profile,
    e.engine,
    e.latencyUs.p50,
    e.latencyUs.p99,
    e.trainMs,
    e.heapUsedMb,
    pct(e.overall.inAnswered),
    pct(e.overall.intentAccuracy),
    pct(e.overall.outRefused),
  ];
}
