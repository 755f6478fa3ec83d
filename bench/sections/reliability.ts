// Reliability: lays out the figures the reliability suite (`npm run test:reliability`, test/reliability/)
// merged into bench/reliability.json on its last full run. The suite attacks the running system; this
// section only reports what it counted, so run the suite before the bench to refresh them.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchContext, SectionOutput } from '../lib/types.ts';

interface ReliabilityReport {
  readonly scale: string;
  readonly updatedAt: string;
  readonly totals: Readonly<Record<string, number>>;
  readonly areas: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

const TOTALS: readonly [string, string][] = [
  ['messagesSent', 'messages sent'],
  ['faultsInjected', 'faults injected'],
  ['lost', 'lost'],
  ['doubled', 'doubled'],
  ['fuzzCases', 'fuzz cases'],
  ['rejections', 'requests rejected (signature, size, JSON)'],
];

/** Scalar figures of an area, nested objects flattened one level (`scenario.figure`). */
function figuresOf(area: Readonly<Record<string, unknown>>): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(area)) {
    if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') {
      parts.push(`${key} ${value}`);
    } else if (value && typeof value === 'object') {
      const inner = Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => typeof v !== 'object')
        .map(([k, v]) => `${k} ${v}`);
      if (inner.length > 0) parts.push(`${key}: ${inner.join(', ')}`);
    }
  }
  return parts.join('; ');
}

export async function run(ctx: BenchContext): Promise<SectionOutput> {
  const path = join(ctx.root, 'bench', 'reliability.json');
  if (!existsSync(path)) {
    throw new Error('bench/reliability.json is missing: run `npm run test:reliability` first');
  }
  const report = JSON.parse(readFileSync(path, 'utf8')) as ReliabilityReport;
  ctx.log(`figures of the ${report.scale} run at ${report.updatedAt}`);
  const total = (key: string) => report.totals[key] ?? 0;
  return {
    method:
      `Figures of the reliability suite's last ${report.scale} run (${report.updatedAt}), read from ` +
      'bench/reliability.json: duplicate storms, Graph API and DynamoDB faults, poison messages, fuzzing, ' +
      'signature attacks, prompt injection and a privacy sweep, run through the real handlers and the ' +
      'local runtime against dynalite and DynamoDB Local. The baseline for lost and doubled is zero: ' +
      'every message sent is accounted for by a reply or a terminal decision.',
    headline: [
      `${total('messagesSent')} messages sent, ${total('faultsInjected')} faults injected: ` +
        `${total('lost')} lost, ${total('doubled')} doubled; ${total('fuzzCases')} fuzz cases, ` +
        `${total('rejections')} requests rejected`,
    ],
    tables: [
      {
        title: 'Totals',
        columns: ['figure', 'count'],
        rows: TOTALS.map(([key, label]) => [label, total(key)]),
      },
      {
        title: 'By area',
        columns: ['area', 'figures'],
        rows: Object.entries(report.areas).map(([name, area]) => [name, figuresOf(area)]),
      },
    ],
    targets: [
      {
        target: 'nothing lost, nothing doubled under the reliability suite',
        met: total('lost') === 0 && total('doubled') === 0,
        detail: `${total('lost')} lost, ${total('doubled')} doubled of ${total('messagesSent')}`,
      },
    ],
    data: { totals: report.totals },
  };
}
