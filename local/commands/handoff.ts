// `scoped-responder handoff <user>`: an agent takes over a chat; the bot stays silent until the pause ends
// or `resume` ends it. Local server by default, or a deployed table with --table.
import { parseArgs } from 'node:util';
import { DynamoDbConversationStore } from '../../lambda/adapters/dynamodb-conversation-store.ts';
import { planHandoff } from '../../lambda/core/handoff.ts';
import { hashUserKey } from '../../lambda/core/user-hash.ts';
import type { Command } from '../cli.ts';
import { callLocal, localServerUrl, runCommand, UsageError } from '../runtime/cli-support.ts';
import {
  DEPLOYED_OPTIONS_HELP,
  deployedDocumentClient,
  resolveSalt,
} from '../runtime/deployed-support.ts';
import { maskUserKey } from '../runtime/pretty-log.ts';

const help = `Usage: scoped-responder handoff <user> [options]

Hands a chat to a human agent: the responder records handoff_active and sends nothing until the pause
ends (or \`scoped-responder resume <user>\`). <user> is the chat's key: phone digits or the BSUID.

Options:
  --minutes <n>        length of the pause (default 60)
  --url <url>          local server (default http://localhost:$PORT, PORT default 3000)
${DEPLOYED_OPTIONS_HELP}
  -h, --help           this text`;

export const HANDOFF_ARG_OPTIONS = {
  url: { type: 'string' },
  table: { type: 'string' },
  region: { type: 'string' },
  salt: { type: 'string' },
  'secret-arn': { type: 'string' },
} as const;

interface HandoffArgs {
  readonly user: string;
  /** null resumes. */
  readonly minutes: number | null;
  readonly values: {
    readonly url?: string | undefined;
    readonly table?: string | undefined;
    readonly region?: string | undefined;
    readonly salt?: string | undefined;
    readonly 'secret-arn'?: string | undefined;
  };
}

/** Shared with `resume`: the same write, with `until` null. */
export async function changeHandoff({ user, minutes, values }: HandoffArgs): Promise<number> {
  const key = user.trim().replace(/^\+/, '');
  if (values.table) {
    const salt = await resolveSalt(values);
    const store = new DynamoDbConversationStore({
      client: deployedDocumentClient(values.region),
      tableName: values.table,
    });
    const now = Date.now();
    const until = minutes === null ? null : planHandoff('agent', now, minutes).until;
    await store.setHandoff(hashUserKey(salt, key), until, 'agent', now);
    report(key, until === null ? null : new Date(until).toISOString(), values.table);
    return 0;
  }
  const base = localServerUrl(values.url);
  const result = await callLocal<{ handoffUntil: string | null }>(
    base,
    minutes === null ? '/_local/resume' : '/_local/handoff',
    { method: 'POST', body: { user: key, ...(minutes === null ? {} : { minutes }) } },
  );
  report(key, result.handoffUntil, base);
  return 0;
}

function report(key: string, until: string | null, where: string): void {
  process.stdout.write(
    until === null
      ? `${maskUserKey(key)}: handoff ended, the bot answers again (${where})\n`
      : `${maskUserKey(key)}: handed to an agent until ${until} (${where})\n`,
  );
}

export const command: Command = {
  summary: 'Hand a chat to a human agent (the bot stays silent)',
  help,
  run: (argv) =>
    runCommand(help, async () => {
      const { values, positionals } = parseArgs({
        args: [...argv],
        options: { ...HANDOFF_ARG_OPTIONS, minutes: { type: 'string' } },
        allowPositionals: true,
        strict: true,
      });
      const [user, ...extra] = positionals;
      if (!user || extra.length > 0) throw new UsageError('handoff takes exactly one user key');
      const minutes = Number(values.minutes ?? 60);
      if (!Number.isFinite(minutes) || minutes <= 0) {
        throw new UsageError('--minutes: a positive number');
      }
      return changeHandoff({ user, minutes, values });
    }),
};
