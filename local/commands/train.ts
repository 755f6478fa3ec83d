// `scoped-responder train`: trains the scope classifier for a profile and writes its snapshot. The
// responder's bundling runs it (lib/scoped-responder.ts), so that a cold start restores the model in
// milliseconds instead of training it on Lambda's share of a core.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { trainClassifier } from '../../lambda/core/intent/classifier.ts';
import { encodeSnapshot } from '../../lambda/core/intent/snapshot.ts';
import type { Command } from '../cli.ts';
import { readTrainingSet, runCommand, UsageError } from '../runtime/cli-support.ts';

const help = `Usage: scoped-responder train --profile <file> --out <snapshot.bin>

Trains the scope classifier for a business profile (YAML or JSON) and writes its snapshot. The
responder restores a snapshot at cold start when it was trained on the same profile and classifier
build, and trains from the profile otherwise. \`cdk synth\` and \`cdk deploy\` run this for you.

Example:
  npx scoped-responder train --profile profiles/example-shop.yaml --out /tmp/classifier.bin`;

export const command: Command = {
  summary: 'Train the classifier for a profile and write its snapshot',
  help,
  run: (argv) =>
    runCommand(help, async () => {
      const { values, positionals } = parseArgs({
        args: [...argv],
        options: { profile: { type: 'string' }, out: { type: 'string' } },
        allowPositionals: true,
        strict: true,
      });
      if (!values.profile || !values.out || positionals.length > 0) {
        throw new UsageError('expected: train --profile <file> --out <snapshot.bin>');
      }
      const set = await readTrainingSet(values.profile);
      if (set === undefined) return 1;
      const started = performance.now();
      const classifier = trainClassifier(set);
      const trainedMs = performance.now() - started;
      const bytes = encodeSnapshot(classifier.state);
      await mkdir(dirname(values.out), { recursive: true });
      await writeFile(values.out, bytes);
      process.stdout.write(
        `${values.out}: classifier ${classifier.version}, trained in ${Math.round(trainedMs)} ms, ` +
          `${(bytes.length / 1e6).toFixed(1)} MB\n`,
      );
      return 0;
    }),
};
