// `scoped-responder resume <user>`: ends an agent handoff so the bot answers the chat again.
import { parseArgs } from 'node:util';
import type { Command } from '../cli.ts';
import { runCommand, UsageError } from '../runtime/cli-support.ts';
import { DEPLOYED_OPTIONS_HELP } from '../runtime/deployed-support.ts';
import { changeHandoff, HANDOFF_ARG_OPTIONS } from './handoff.ts';

const help = `Usage: scoped-responder resume <user> [options]

Ends a handoff started by \`scoped-responder handoff\` (or by the user asking for a human): the bot
answers the chat again. <user> is the chat's key: phone digits or the BSUID.

Options:
  --url <url>          local server (default http://localhost:$PORT, PORT default 3000)
${DEPLOYED_OPTIONS_HELP}
  -h, --help           this text`;

export const command: Command = {
  summary: 'End a handoff: the bot answers the chat again',
  help,
  run: (argv) =>
    runCommand(help, async () => {
      const { values, positionals } = parseArgs({
        args: [...argv],
        options: HANDOFF_ARG_OPTIONS,
        allowPositionals: true,
        strict: true,
      });
      const [user, ...extra] = positionals;
      if (!user || extra.length > 0) throw new UsageError('resume takes exactly one user key');
      return changeHandoff({ user, minutes: null, values });
    }),
};
