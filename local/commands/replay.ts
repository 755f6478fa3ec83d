// `scoped-responder replay <payload.json>`: signs a webhook payload as Meta does (HMAC over the file's raw
// bytes) and posts it, to the local server by default or to any webhook URL.
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { signPayload } from '../../lambda/core/whatsapp/signature.ts';
import type { Command } from '../cli.ts';
import { localServerUrl, runCommand, UsageError } from '../runtime/cli-support.ts';
import { LOCAL_SECRETS } from '../runtime/local-defaults.ts';

const help = `Usage: scoped-responder replay <payload.json> [options]

Signs a WhatsApp webhook payload with the app secret (X-Hub-Signature-256 over the file's exact bytes)
and POSTs it, as Meta would.

Options:
  --url <webhook>    where to post (default: http://localhost:$PORT/webhook, PORT default 3000)
  --secret <s>       app secret (default: $WHATSAPP_APP_SECRET, else the local default
                     "${LOCAL_SECRETS.appSecret}")
  -h, --help         this text

Example:
  npx scoped-responder replay test/fixtures/whatsapp/text.json`;

export const command: Command = {
  summary: 'Sign a webhook payload file and post it to the webhook',
  help,
  run: (argv) =>
    runCommand(help, async () => {
      const { values, positionals } = parseArgs({
        args: [...argv],
        options: { url: { type: 'string' }, secret: { type: 'string' } },
        allowPositionals: true,
        strict: true,
      });
      const [file, ...extra] = positionals;
      if (!file || extra.length > 0) throw new UsageError('replay takes exactly one payload file');
      const raw = await readFile(file);
      const secret =
        values.secret ?? (process.env.WHATSAPP_APP_SECRET?.trim() || LOCAL_SECRETS.appSecret);
      const url = values.url ?? `${localServerUrl(undefined)}/webhook`;
      let response: Response;
      try {
        response = await fetch(url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'x-hub-signature-256': signPayload(raw, secret),
            'user-agent': 'scoped-responder replay',
          },
          body: raw,
        });
      } catch (error) {
        throw new Error(`could not reach ${url} (is \`npm start\` running?)`, { cause: error });
      }
      const text = await response.text();
      process.stdout.write(
        `${response.status} ${response.statusText} from ${url}${text ? `: ${text.slice(0, 300)}` : ''}\n`,
      );
      return response.ok ? 0 : 1;
    }),
};
