// Entry point of `npx scoped-responder`: dispatches to one module per command in local/commands/.
import { pathToFileURL } from 'node:url';

export interface Command {
  /** One line for the command list. */
  readonly summary: string;
  /** Full `--help` text. */
  readonly help: string;
  /** Runs the command; resolves to the process exit code. */
  run(argv: readonly string[]): Promise<number>;
}

const commands: Record<string, () => Promise<{ command: Command }>> = {
  start: () => import('./commands/start.ts'),
  eval: () => import('./commands/eval.ts'),
  explain: () => import('./commands/explain.ts'),
  train: () => import('./commands/train.ts'),
  replay: () => import('./commands/replay.ts'),
  decisions: () => import('./commands/decisions.ts'),
  handoff: () => import('./commands/handoff.ts'),
  resume: () => import('./commands/resume.ts'),
  profile: () => import('./commands/profile.ts'),
  dlq: () => import('./commands/dlq.ts'),
};

async function usage(): Promise<string> {
  const lines = ['Usage: scoped-responder <command> [options]', '', 'Commands:'];
  for (const [name, load] of Object.entries(commands)) {
    const summary = await load().then(
      (m) => m.command.summary,
      () => '(not available)',
    );
    lines.push(`  ${name.padEnd(10)} ${summary}`);
  }
  lines.push('', 'Run `scoped-responder <command> --help` for the options of a command.');
  return lines.join('\n');
}

export async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${await usage()}\n`);
    return name ? 0 : 2;
  }
  const load = commands[name];
  if (!load) {
    process.stderr.write(`Unknown command: ${name}\n\n${await usage()}\n`);
    return 2;
  }
  const { command } = await load();
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(`${command.help}\n`);
    return 0;
  }
  return command.run(rest);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.exitCode = await main(process.argv.slice(2));
}
