// `scoped-responder decisions`: the decision log, newest first, from the running local server, the local
// data under .local/ when no server runs, or a deployed table (--table, through DecisionQuery).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoDbDecisionQuery } from '../../lambda/adapters/dynamodb-decision-query.ts';
import { type DecisionRecord, OUTCOMES } from '../../lambda/core/decision.ts';
import { hashUserKey } from '../../lambda/core/user-hash.ts';
import type { Command } from '../cli.ts';
import {
  callLocal,
  localServerUrl,
  runCommand,
  ServerUnavailableError,
  UsageError,
} from '../runtime/cli-support.ts';
import {
  type DecisionFilter,
  filterDecisions,
  parseSince,
  scanDecisions,
} from '../runtime/decision-feed.ts';
import {
  DEPLOYED_OPTIONS_HELP,
  deployedDocumentClient,
  resolveSalt,
} from '../runtime/deployed-support.ts';
import { embeddedClient, startEmbeddedDynamoDb } from '../runtime/embedded-dynamodb.ts';
import { LOCAL_DATA_DIR, LOCAL_SECRETS, LOCAL_TABLE_NAME } from '../runtime/local-defaults.ts';
import { formatDecisionLine } from '../runtime/pretty-log.ts';

const help = `Usage: scoped-responder decisions [options]

Lists decision records, newest first: outcome, intent, confidence, policy rule, latency.
Reads the running local server (npm start); when none runs, the data kept under ${LOCAL_DATA_DIR}/;
with --table, a deployed table.

Options:
  --since <t>          only decisions from then on: 30m, 1h, 2d or an ISO instant (default 1d)
  --outcome <o>        one of: ${OUTCOMES.join(', ')}
  --reason <r>         only decisions with this reason, e.g. assistant_task, no_intent, handoff_requested
                       (with --table, among the --limit newest per day and outcome the index returns)
  --user <key>         one chat: phone digits or BSUID (hashed with the salt before lookup)
  --limit <n>          at most n records (default 50)
  --json               print the records as JSON
  --url <url>          local server (default http://localhost:$PORT, PORT default 3000)
${DEPLOYED_OPTIONS_HELP}
  -h, --help           this text

Examples:
  npx scoped-responder decisions --since 1h --outcome refused_out_of_scope
  npx scoped-responder decisions --since 7d --reason assistant_task
  npx scoped-responder decisions --table ScopedResponder-Decisions --since 2d --salt "$SALT" --json`;

const DAY_MS = 86_400_000;

export const command: Command = {
  summary: 'List decision records (local server, .local data, or --table)',
  help,
  run: (argv) =>
    runCommand(help, async () => {
      const { values, positionals } = parseArgs({
        args: [...argv],
        options: {
          since: { type: 'string' },
          outcome: { type: 'string' },
          reason: { type: 'string' },
          user: { type: 'string' },
          limit: { type: 'string' },
          json: { type: 'boolean' },
          url: { type: 'string' },
          table: { type: 'string' },
          region: { type: 'string' },
          salt: { type: 'string' },
          'secret-arn': { type: 'string' },
        },
        allowPositionals: true,
        strict: true,
      });
      if (positionals.length > 0) throw new UsageError(`unexpected argument ${positionals[0]}`);
      if (values.outcome && !(OUTCOMES as readonly string[]).includes(values.outcome)) {
        throw new UsageError(`--outcome: one of ${OUTCOMES.join(', ')}`);
      }
      const limit = Number(values.limit ?? 50);
      if (!Number.isInteger(limit) || limit <= 0)
        throw new UsageError('--limit: a positive integer');
      const sinceText = values.since ?? '1d';
      let since: number;
      try {
        since = parseSince(sinceText, Date.now());
      } catch (error) {
        throw new UsageError((error as Error).message);
      }
      const user = values.user?.trim().replace(/^\+/, '');
      const reason = values.reason?.trim() || undefined;

      let records: DecisionRecord[];
      let source: string;
      if (values.table) {
        records = await fromTable(values.table, { ...values, since, limit, user, reason });
        source = `table ${values.table}`;
      } else {
        const base = localServerUrl(values.url);
        try {
          const query = new URLSearchParams({ since: sinceText, limit: String(limit) });
          if (values.outcome) query.set('outcome', values.outcome);
          if (reason) query.set('reason', reason);
          if (user) query.set('user', user);
          records = await callLocal<DecisionRecord[]>(base, `/_local/decisions?${query}`);
          source = base;
        } catch (error) {
          const stored = join(LOCAL_DATA_DIR, 'dynalite');
          if (!(error instanceof ServerUnavailableError) || values.url || !existsSync(stored))
            throw error;
          const salt =
            values.salt ?? process.env.USER_HASH_SALT?.trim() ?? LOCAL_SECRETS.userHashSalt;
          records = await fromLocalData({
            since,
            limit,
            ...(values.outcome ? { outcome: values.outcome } : {}),
            ...(reason ? { reason } : {}),
            ...(user ? { userHash: hashUserKey(salt, user) } : {}),
          });
          source = `${stored} (no server running)`;
        }
      }

      if (values.json) {
        process.stdout.write(`${JSON.stringify(records, null, 2)}\n`);
        return 0;
      }
      for (const record of records)
        process.stdout.write(`${formatDecisionLine(record, undefined)}\n`);
      process.stdout.write(
        `${records.length} decision(s) since ${new Date(since).toISOString()} from ${source}\n`,
      );
      return 0;
    }),
};

async function fromLocalData(filter: DecisionFilter): Promise<DecisionRecord[]> {
  const db = await startEmbeddedDynamoDb({ mode: 'dynalite', dataDir: LOCAL_DATA_DIR });
  const raw = embeddedClient(db.endpoint);
  try {
    const client = DynamoDBDocumentClient.from(raw);
    return filterDecisions(await scanDecisions(client, LOCAL_TABLE_NAME), filter);
  } finally {
    raw.destroy();
    await db.stop();
  }
}

async function fromTable(
  table: string,
  options: {
    readonly since: number;
    readonly limit: number;
    readonly user: string | undefined;
    readonly outcome?: string | undefined;
    readonly reason?: string | undefined;
    readonly region?: string | undefined;
    readonly salt?: string | undefined;
    readonly 'secret-arn'?: string | undefined;
  },
): Promise<DecisionRecord[]> {
  const query = new DynamoDbDecisionQuery({
    client: deployedDocumentClient(options.region),
    tableName: table,
  });
  if (options.user) {
    const userHash = hashUserKey(await resolveSalt(options), options.user);
    const records = await query.byUser(userHash, { since: options.since, limit: options.limit });
    return filterDecisions(records, {
      ...(options.outcome ? { outcome: options.outcome } : {}),
      ...(options.reason ? { reason: options.reason } : {}),
      limit: options.limit,
    });
  }
  // The index is by day and outcome: one query per day in range and outcome asked for.
  const outcomes = options.outcome ? [options.outcome] : [...OUTCOMES];
  const days: string[] = [];
  for (let day = Math.floor(options.since / DAY_MS) * DAY_MS; day <= Date.now(); day += DAY_MS) {
    days.push(new Date(day).toISOString().slice(0, 10));
  }
  const batches = await Promise.all(
    days.flatMap((day) =>
      outcomes.map((outcome) => query.byDay(day, outcome, { limit: options.limit })),
    ),
  );
  // The index has no reason in its key: a reason filters the records each query returned.
  return filterDecisions(batches.flat(), {
    since: options.since,
    limit: options.limit,
    ...(options.reason ? { reason: options.reason } : {}),
  });
}
