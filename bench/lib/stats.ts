// Timing helpers for the benchmarks: sequential loops on one thread (= one core), percentiles by rank.

export interface Summary {
  readonly n: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
  readonly mean: number;
}

/** Nearest-rank percentile of already sorted samples. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}

export function summarize(samples: readonly number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  const mean = sorted.reduce((a, b) => a + b, 0) / Math.max(1, sorted.length);
  return {
    n: sorted.length,
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? Number.NaN,
    mean,
  };
}

export function median(samples: readonly number[]): number {
  return percentile(
    [...samples].sort((a, b) => a - b),
    50,
  );
}

export interface LoopResult {
  /** Per-call latency, ms. */
  readonly latency: Summary;
  /** Calls per second over the whole timed loop (sequential: what one core sustains). */
  readonly perSecond: number;
  readonly totalMs: number;
}

/**
 * Runs `fn` `warmup` times untimed (JIT, caches), then `iterations` times one after the other, timing each.
 * `fn` gets the iteration index so callers can vary ids (dedupe would otherwise short-circuit).
 */
export async function timeLoop(
  fn: (i: number) => Promise<unknown> | unknown,
  options: { readonly iterations: number; readonly warmup: number },
): Promise<LoopResult> {
  for (let i = 0; i < options.warmup; i++) await fn(-1 - i);
  const samples = new Array<number>(options.iterations);
  const started = process.hrtime.bigint();
  for (let i = 0; i < options.iterations; i++) {
    const t0 = process.hrtime.bigint();
    await fn(i);
    samples[i] = Number(process.hrtime.bigint() - t0) / 1e6;
  }
  const totalMs = Number(process.hrtime.bigint() - started) / 1e6;
  return {
    latency: summarize(samples),
    perSecond: (options.iterations / totalMs) * 1000,
    totalMs,
  };
}

/** Rounds for reports: 3 significant digits, at most 3 decimals. */
export function round(value: number, digits = 3): number {
  if (!Number.isFinite(value)) return value;
  if (value === 0) return 0;
  const magnitude = Math.floor(Math.log10(Math.abs(value)));
  const decimals = Math.max(0, Math.min(6, digits - 1 - magnitude));
  return Number(value.toFixed(decimals));
}

export function ratio(value: number, baseline: number): number {
  return baseline === 0 ? Number.NaN : round(value / baseline);
}
