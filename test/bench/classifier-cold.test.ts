import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { EXAMPLE_PROFILE_PATH } from '../support/profiles.ts';

const script = fileURLToPath(new URL('../../bench/classifier-cold.ts', import.meta.url));
const run = (args: string[]) =>
  JSON.parse(
    execFileSync(process.execPath, ['--import', 'tsx', script, ...args], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  ) as { ms: number; heapMb: number; peakRssMb: number };

describe('bench/classifier-cold.ts', () => {
  it('reports the memory baseline without building a classifier', () => {
    // `none` needs no snapshot file to exist: it never reads the path past warming the cache.
    const figures = run(['none', fileURLToPath(EXAMPLE_PROFILE_PATH), script]);
    expect(figures.ms).toBe(0);
    // The resident set holds the heap and more (code, buffers).
    expect(figures.peakRssMb).toBeGreaterThan(figures.heapMb);
  });

  it('names its modes when given another', () => {
    expect(() => run(['guess', fileURLToPath(EXAMPLE_PROFILE_PATH), script])).toThrow(
      /train\|restore\|none/,
    );
  });
});
