// `scoped-responder profile check <file>`: validates a business profile with the same loader the responder
// uses, and prints each problem with its field path and line.
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { trainClassifier } from '../../lambda/core/intent/classifier.ts';
import {
  ProfileError,
  parseProfile,
  toTrainingSet,
} from '../../lambda/core/profile/parse-profile.ts';
import type { Command } from '../cli.ts';
import { printProfileIssues, runCommand, UsageError } from '../runtime/cli-support.ts';

const help = `Usage: scoped-responder profile check <file>

Validates a business profile (YAML or JSON) with the responder's own loader. Prints every problem as
<file>:<line> <field path>: <message> and exits 1; prints a summary and exits 0 when the profile is valid.

Example:
  npx scoped-responder profile check profiles/example-shop.yaml`;

export const command: Command = {
  summary: 'Validate a business profile (profile check <file>)',
  help,
  run: (argv) =>
    runCommand(help, async () => {
      const { positionals } = parseArgs({ args: [...argv], allowPositionals: true, strict: true });
      const [action, file, ...extra] = positionals;
      if (action !== 'check' || !file || extra.length > 0) {
        throw new UsageError('expected: profile check <file>');
      }
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch (error) {
        throw new Error(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? error}`);
      }
      try {
        const profile = parseProfile(text, file);
        // Training is what the responder does next at cold start; a profile it cannot train on is not valid.
        trainClassifier(toTrainingSet(profile));
        const examples = profile.intents.reduce(
          (sum, intent) =>
            sum + Object.values(intent.examples).reduce((n, list) => n + list.length, 0),
          0,
        );
        process.stdout.write(
          `${file}: OK — "${profile.name}", ${profile.intents.length} intents, ${examples} examples, ` +
            `languages ${profile.languages.join(', ')} (default ${profile.defaultLanguage})\n`,
        );
        return 0;
      } catch (error) {
        if (!(error instanceof ProfileError)) throw error;
        printProfileIssues(file, error.issues);
        return 1;
      }
    }),
};
