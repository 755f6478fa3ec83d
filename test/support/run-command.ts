// Runs a CLI command in-process and captures what it writes: the local/commands tests' shared harness.
import { vi } from 'vitest';
import type { Command } from '../../local/cli.ts';

/** The command's exit code and its stdout and stderr. */
export async function runCommandCapturing(
  command: Command,
  argv: readonly string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    stdout += String(chunk);
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    stderr += String(chunk);
    return true;
  });
  try {
    const code = await command.run(argv);
    return { code, stdout, stderr };
  } finally {
    vi.restoreAllMocks();
  }
}
