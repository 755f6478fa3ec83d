// The suite's figures (messages sent, faults injected, lost, doubled, fuzz cases, rejections), merged per area
// into bench/reliability.json on a full run. Test files run in parallel worker processes, so each one merges
// its own area under a lock directory; a file left by an earlier run is replaced, not merged into.
import { mkdirSync, readFileSync, renameSync, rmdirSync, statSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FULL } from './reliability-harness.ts';

export const REPORT_PATH = join(
  dirname(fileURLToPath(import.meta.url)),
  '../../bench/reliability.json',
);

/** The totals every area may contribute to. */
export const TOTAL_KEYS = [
  'messagesSent',
  'faultsInjected',
  'lost',
  'doubled',
  'fuzzCases',
  'rejections',
] as const;

export type AreaFigures = Partial<Record<(typeof TOTAL_KEYS)[number], number>> &
  Record<string, unknown>;

interface Report {
  runId: string;
  scale: string;
  updatedAt: string;
  totals: Record<string, number>;
  areas: Record<string, AreaFigures>;
}

// Every worker of one vitest run is a child of the same vitest process.
const RUN_ID = `${hostname()}-${process.ppid}`;

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function withLock(fn: () => void): void {
  const lock = `${REPORT_PATH}.lock`;
  for (let attempt = 0; ; attempt++) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // A lock older than 30 s belongs to a worker that died holding it.
      try {
        if (Date.now() - statSync(lock).mtimeMs > 30_000) rmdirSync(lock);
      } catch {
        // gone already
      }
      if (attempt > 500) throw new Error(`could not lock ${lock}`);
      sleepSync(10);
    }
  }
  try {
    fn();
  } finally {
    rmdirSync(lock);
  }
}

/** Merges one area's figures into bench/reliability.json (full runs only; the sample writes nothing). */
export function recordFigures(area: string, figures: AreaFigures): void {
  if (!FULL) return;
  withLock(() => {
    let report: Report | undefined;
    try {
      report = JSON.parse(readFileSync(REPORT_PATH, 'utf8')) as Report;
    } catch {
      report = undefined;
    }
    if (report?.runId !== RUN_ID) {
      report = { runId: RUN_ID, scale: 'full', updatedAt: '', totals: {}, areas: {} };
    }
    report.areas[area] = figures;
    const totals: Record<string, number> = {};
    for (const key of TOTAL_KEYS) {
      totals[key] = Object.values(report.areas).reduce(
        (sum, entry) => sum + (typeof entry[key] === 'number' ? (entry[key] as number) : 0),
        0,
      );
    }
    report.totals = totals;
    report.updatedAt = new Date().toISOString();
    const temporary = `${REPORT_PATH}.${process.pid}.tmp`;
    writeFileSync(temporary, `${JSON.stringify(report, null, 2)}\n`);
    renameSync(temporary, REPORT_PATH);
  });
}
