// `npm run bench`: runs each benchmark section on its own, records a section that cannot run as `skipped`
// with the reason (never drops it), and writes bench/results.json and bench/RESULTS.md.
// `--only <section>` runs one section and keeps the others' last results from results.json.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { writeProgress } from './lib/capture.ts';
import { machineInfo } from './lib/machine.ts';
import { renderMarkdown } from './lib/report.ts';
import { round } from './lib/stats.ts';
import {
  type BenchResults,
  SECTION_NAMES,
  type Section,
  type SectionName,
  type SectionResult,
} from './lib/types.ts';

const ROOT = join(import.meta.dirname, '..');
const RESULTS_JSON = join(ROOT, 'bench', 'results.json');
const RESULTS_MD = join(ROOT, 'bench', 'RESULTS.md');

function parseArgs(argv: readonly string[]): { only: SectionName[] } {
  const only: SectionName[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value =
      arg === '--only' ? argv[++i] : arg?.startsWith('--only=') ? arg.slice(7) : undefined;
    if (arg === '--only' || arg?.startsWith('--only=')) {
      for (const name of (value ?? '').split(',')) {
        if (!(SECTION_NAMES as readonly string[]).includes(name)) {
          throw new Error(`unknown section "${name}"; one of: ${SECTION_NAMES.join(', ')}`);
        }
        only.push(name as SectionName);
      }
    }
  }
  return { only };
}

function log(message: string): void {
  writeProgress(`[bench] ${message}\n`);
}

function readPrevious(): BenchResults['sections'] {
  if (!existsSync(RESULTS_JSON)) return {};
  try {
    return (JSON.parse(readFileSync(RESULTS_JSON, 'utf8')) as BenchResults).sections ?? {};
  } catch {
    return {};
  }
}

async function runSection(
  name: SectionName,
  previous: BenchResults['sections'],
): Promise<SectionResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  let section: Section;
  try {
    // Imported here, not at the top: a section whose modules are missing must not stop the others.
    const module = (await import(`./sections/${name}.ts`)) as { run: Section };
    section = module.run;
  } catch (error) {
    return {
      status: 'skipped',
      durationMs: elapsed(),
      reason: `module not loadable: ${describe(error)}`,
    };
  }
  try {
    const output = await section({
      previous,
      root: ROOT,
      log: (message) => log(`${name}: ${message}`),
    });
    return { status: 'ok', durationMs: elapsed(), ...output };
  } catch (error) {
    return { status: 'skipped', durationMs: elapsed(), reason: `threw: ${describe(error)}` };
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? ` (cause: ${error.cause.message})` : '';
    return `${error.message.split('\n').slice(0, 3).join(' ')}${cause}`;
  }
  return String(error);
}

async function main(): Promise<void> {
  const { only } = parseArgs(process.argv.slice(2));
  const names = only.length > 0 ? SECTION_NAMES.filter((n) => only.includes(n)) : SECTION_NAMES;
  const kept = only.length > 0 ? readPrevious() : {};
  const sections: BenchResults['sections'] & Record<string, unknown> = { ...kept };
  const runStarted = performance.now();
  for (const name of names) {
    log(`${name}: start`);
    // Other work on the machine shows in the tails: the load average says how busy it was.
    const loadBefore = loadavg()[0] ?? 0;
    const result = await runSection(name, sections);
    const loadAvg1m: [number, number] = [round(loadBefore), round(loadavg()[0] ?? 0)];
    sections[name] = { ...result, measuredAt: new Date().toISOString(), loadAvg1m };
    log(
      `${name}: ${result.status} in ${(result.durationMs / 1000).toFixed(1)} s${
        result.status === 'skipped' ? ` (${result.reason})` : ''
      }`,
    );
  }
  const results: BenchResults = {
    generatedAt: new Date().toISOString(),
    machine: machineInfo(),
    sections,
  };
  writeFileSync(RESULTS_JSON, `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(RESULTS_MD, renderMarkdown(results));
  log(
    `wrote bench/results.json and bench/RESULTS.md in ${((performance.now() - runStarted) / 1000).toFixed(1)} s`,
  );
}

await main();
// Handler modules keep SDK clients and timers alive; the results are written, so end here.
process.exit(0);
