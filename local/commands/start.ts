// `npm start` / `scoped-responder start`: the whole responder on a laptop, with the browser simulator.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pc from 'picocolors';
import type { Command } from '../cli.ts';
import { runCommand, UsageError } from '../runtime/cli-support.ts';
import type { DynamoDbMode } from '../runtime/embedded-dynamodb.ts';
import { OffsetClock, parseInstant } from '../runtime/local-clock.ts';
import {
  DEFAULT_POLICY,
  DEFAULT_PORT,
  DEFAULT_PROFILE,
  LOCAL_DATA_DIR,
  localSecretsFrom,
} from '../runtime/local-defaults.ts';
import { type LocalRuntime, startLocalRuntime } from '../runtime/local-runtime.ts';

const help = `Usage: scoped-responder start [options]        (npm start -- [options])

Runs the responder on this machine: an embedded DynamoDB, an in-process FIFO queue, a fake Graph API and
the same ingress and responder handlers Lambda runs, plus a chat simulator at http://localhost:<port>/.

Options (environment variable in brackets):
  --port <n>          HTTP port [PORT] (default ${DEFAULT_PORT})
  --profile <file>    business profile [PROFILE] (default ${DEFAULT_PROFILE})
  --policy <file>     policy pack [POLICY_PATH] (default ${DEFAULT_POLICY})
  --exemptions <ids>  comma-separated opt-in policy exemptions [POLICY_EXEMPTIONS]
  --now <instant>     start the clock at this ISO instant (it then runs in real time), to see the policy
                      switch at an effective date, e.g. --now 2026-01-14T23:59:30Z
  --ddb <mode>        dynalite (default, in-process) or local (DynamoDB Local, needs Java 17)
  --memory            keep nothing: no data under ${LOCAL_DATA_DIR}/
  --host <host>       interface to listen on (default 127.0.0.1)
  --verbose           also print the handlers' info logs
  -h, --help          this text

Secrets [WHATSAPP_APP_SECRET, WHATSAPP_VERIFY_TOKEN, WHATSAPP_ACCESS_TOKEN, USER_HASH_SALT] default to
local-only values printed at startup.`;

export const command: Command = {
  summary: 'Run the responder locally with the browser simulator (npm start)',
  help,
  run: (argv) =>
    runCommand(help, async () => {
      const { values, positionals } = parseArgs({
        args: [...argv],
        options: {
          port: { type: 'string' },
          profile: { type: 'string' },
          policy: { type: 'string' },
          exemptions: { type: 'string' },
          now: { type: 'string' },
          ddb: { type: 'string' },
          memory: { type: 'boolean' },
          host: { type: 'string' },
          verbose: { type: 'boolean' },
        },
        allowPositionals: true,
        strict: true,
      });
      if (positionals.length > 0) throw new UsageError(`unexpected argument ${positionals[0]}`);
      const env = process.env;
      const port = Number(values.port ?? env.PORT ?? DEFAULT_PORT);
      if (!Number.isInteger(port) || port < 0 || port > 65_535)
        throw new UsageError('--port: 0-65535');
      const ddb = (values.ddb ?? 'dynalite') as DynamoDbMode;
      if (ddb !== 'dynalite' && ddb !== 'local') throw new UsageError('--ddb: dynalite or local');
      let startAt: number | undefined;
      if (values.now) {
        try {
          startAt = parseInstant(values.now);
        } catch (error) {
          throw new UsageError((error as Error).message);
        }
      }
      const profilePath = values.profile ?? env.PROFILE?.trim() ?? DEFAULT_PROFILE;
      if (!existsSync(profilePath)) throw new Error(`profile not found: ${profilePath}`);
      const policyPath = values.policy ?? env.POLICY_PATH?.trim() ?? DEFAULT_POLICY;
      const exemptions = (values.exemptions ?? env.POLICY_EXEMPTIONS ?? '')
        .split(',')
        .map((id) => id.trim())
        .filter(Boolean);
      const { secrets, fromEnv } = localSecretsFrom(env);
      const dataDir = values.memory
        ? undefined
        : join(LOCAL_DATA_DIR, ddb === 'local' ? 'dynamodb-local' : '');
      const clock = new OffsetClock(startAt);
      const print = (line: string) => process.stdout.write(`${line}\n`);

      const runtime = await startLocalRuntime({
        port,
        ...(values.host ? { host: values.host } : {}),
        secrets,
        profilePath,
        policyPath,
        policyExemptions: exemptions,
        ddb,
        dataDir,
        clock,
        print,
        verbose: values.verbose ?? false,
      }).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'EADDRINUSE') throw error;
        throw new Error(`port ${port} is in use: try PORT=${port + 1} npm start (or --port)`, {
          cause: error,
        });
      });
      if (startAt !== undefined) clock.startAt(startAt);
      print(
        banner(runtime, { fromEnv, profilePath, policyPath, exemptions, clock, dataDir, secrets }),
      );

      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      print(pc.dim('stopping…'));
      await runtime.stop();
      return 0;
    }),
};

function banner(
  runtime: LocalRuntime,
  info: {
    fromEnv: readonly string[];
    profilePath: string;
    policyPath: string;
    exemptions: readonly string[];
    clock: OffsetClock;
    dataDir: string | undefined;
    secrets: { appSecret: string; verifyToken: string };
  },
): string {
  const label = (text: string) => pc.dim(text.padEnd(14));
  const origin = (name: string) =>
    info.fromEnv.includes(name)
      ? pc.dim(`(from ${name})`)
      : pc.yellow('(local default, not a real secret)');
  const secretShown = (name: string, value: string) =>
    info.fromEnv.includes(name) ? `${value.slice(0, 2)}…${value.slice(-2)}` : value;
  const storage =
    info.dataDir === undefined
      ? 'in memory (--memory): nothing is kept'
      : `data kept in ${info.dataDir || LOCAL_DATA_DIR}/ (--memory to keep nothing)`;
  return [
    '',
    pc.bold(pc.green('scoped-responder is running locally')),
    '',
    `${label('Simulator')}${pc.cyan(runtime.url)}`,
    `${label('Webhook')}${runtime.webhookUrl}`,
    `${label('App secret')}${secretShown('WHATSAPP_APP_SECRET', info.secrets.appSecret)} ${origin('WHATSAPP_APP_SECRET')}`,
    `${label('Verify token')}${secretShown('WHATSAPP_VERIFY_TOKEN', info.secrets.verifyToken)} ${origin('WHATSAPP_VERIFY_TOKEN')}`,
    `${label('Profile')}${info.profilePath} ${pc.dim(`("${runtime.profile.name}", ${runtime.profile.intents.length} intents)`)}`,
    `${label('Policy')}${info.policyPath} ${pc.dim(`(${runtime.policy.pack} ${runtime.policy.version}${info.exemptions.length ? `, exemptions: ${info.exemptions.join(', ')}` : ''})`)}`,
    `${label('Clock')}${new Date(info.clock.now()).toISOString()}${info.clock.shifted ? pc.yellow(' (--now: shifted, runs in real time)') : ''}`,
    `${label('DynamoDB')}${runtime.db.mode === 'local' ? 'DynamoDB Local (Java)' : 'dynalite (in-process)'}, ${storage}`,
    `${label('Graph API')}fake, outbox at ${runtime.url}/_local/outbox`,
    '',
    `${pc.dim('Replay a payload:')}   npx scoped-responder replay <payload.json>`,
    `${pc.dim('Decisions:')}          npx scoped-responder decisions --since 1h   (or ${runtime.url}/_local/decisions)`,
    `${pc.dim('Stop:')}               Ctrl-C`,
    '',
    pc.dim(
      'time      user            outcome               intent, or why              rule  latency',
    ),
  ].join('\n');
}
