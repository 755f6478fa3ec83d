// The shape every benchmark section returns and bench/results.json stores.
import type { MachineInfo } from './machine.ts';

export const SECTION_NAMES = [
  'bundle',
  'ingress',
  'responder',
  'dynamodb',
  'classifier',
  'load',
  'cost',
  'reliability',
] as const;
export type SectionName = (typeof SECTION_NAMES)[number];

export interface Table {
  readonly title: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly (string | number | null)[])[];
}

export interface TargetCheck {
  readonly target: string;
  readonly met: boolean;
  /** The measured value against the target, e.g. `412 KB vs ≤ 350 KB (+18%)`. */
  readonly detail: string;
  /** Why it is missed and what would close it. */
  readonly note?: string;
}

export interface SectionOutput {
  /** One paragraph: what was measured, how, against which baseline. */
  readonly method: string;
  /** The section's key figures, each with its same-run baseline and the ratio, for the top of the report. */
  readonly headline?: readonly string[];
  readonly tables: readonly Table[];
  readonly targets?: readonly TargetCheck[];
  readonly notes?: readonly string[];
  /** Figures other sections (the cost model) read. */
  readonly data: Readonly<Record<string, unknown>>;
}

export type SectionResult =
  | ({ readonly status: 'ok'; readonly durationMs: number } & SectionOutput)
  | { readonly status: 'skipped'; readonly durationMs: number; readonly reason: string };

export interface BenchResults {
  readonly generatedAt: string;
  readonly machine: MachineInfo;
  readonly sections: Partial<
    Record<
      SectionName,
      SectionResult & {
        readonly measuredAt: string;
        /** 1-minute load average before and after the section (2 cores: above 2 means contention). */
        readonly loadAvg1m?: readonly [number, number];
      }
    >
  >;
}

export interface BenchContext {
  /** Results of the sections that ran before this one in this run (or the previous file with --only). */
  readonly previous: BenchResults['sections'];
  /** The repository root. */
  readonly root: string;
  /** Progress lines for the person running the bench (stderr: stdout belongs to the handlers). */
  log(message: string): void;
}

export type Section = (ctx: BenchContext) => Promise<SectionOutput>;
