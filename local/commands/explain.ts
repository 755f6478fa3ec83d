// `scoped-responder explain`: why the scope gate answers or refuses a message. A business tuning its
// profile asks this of every surprising decision ("why was 'where is my parcel' refused?"): the eval
// CLI measures a whole file, this reads one message at a time, with the intents that were weighed,
// the nearest example and the phrasebook keys behind the intent.
import { parseArgs } from 'node:util';
import {
  type Description,
  isAnswered,
  trainClassifier,
} from '../../lambda/core/intent/classifier.ts';
import type { Command } from '../cli.ts';
import { readTrainingSet, runCommand, UsageError } from '../runtime/cli-support.ts';
import { gateThreshold } from './eval.ts';

const help = `Usage: scoped-responder explain --profile <file> [--json] [<message> ...]

Trains the scope classifier for a business profile (YAML or JSON) and tells, for each message, what
the scope gate decides and why: answered with which intent, or refused (below the threshold, or read
as out of scope); the intents weighed, best first; the nearest profile example or phrasebook
phrasing; the phrasebook keys that joined the intent. Without messages, reads one per line from
standard input.

  --json   print a JSON array, one object per message

Examples:
  npx scoped-responder explain --profile profiles/example-shop.yaml "where is my parcel?"
  cat messages.txt | npx scoped-responder explain --profile profiles/example-shop.yaml --json`;

/** One message's explanation, as --json prints it. */
export interface Explanation extends Description {
  readonly text: string;
  readonly threshold: number;
  readonly answered: boolean;
}

const fixed = (v: number) => v.toFixed(2);
const quoted = (text: string) =>
  JSON.stringify(text.length > 90 ? `${text.slice(0, 87)}...` : text);

/** The decision in words: what the gate does with the message, and the rule that decided it. */
function verdict(e: Explanation): string {
  const { prediction: p } = e;
  const language = `language ${p.language}${p.languageDetected ? '' : ' (not detected: the profile default)'}`;
  if (p.rule === 'assistant_task') {
    return `refused by rule: asks for work on a text (translate, summarise, rewrite, write), reason assistant_task; ${language}`;
  }
  if (p.rule === 'person_asked' && e.answered) {
    return `answered by rule: asks for a person, handed to ${p.intent}; ${language}`;
  }
  if (e.answered) {
    return `answered: ${p.intent}, confidence ${fixed(p.confidence)} ≥ threshold ${fixed(e.threshold)}; ${language}`;
  }
  if (p.intent !== null) {
    return `refused: below the threshold, ${p.intent} at confidence ${fixed(p.confidence)} < ${fixed(e.threshold)}; ${language}`;
  }
  return `refused: read as out of scope (best intent ${e.ranking[0]?.intent ?? 'none'}, confidence ${fixed(p.confidence)}); ${language}`;
}

/** The readable form: a few indented lines per message. */
export function renderExplanation(e: Explanation): string {
  const s = e.signals;
  const lines = [quoted(e.text), `  ${verdict(e)}`];
  lines.push(
    `  read: ${e.reading === e.text ? 'the whole message' : `the sentence ${quoted(e.reading)}`}`,
  );
  lines.push(
    `  intents weighed: ${e.ranking.map((r) => `${r.intent} (intent model ${fixed(r.probability)})`).join(', ')}`,
  );
  if (e.nearest !== null) {
    const from =
      e.nearest.source === 'example' ? 'profile example' : `phrasebook ${e.nearest.source}`;
    lines.push(
      `  nearest: ${fixed(e.nearest.cosine)} ${quoted(e.nearest.text)} (${e.nearest.intent}, ${from})`,
    );
  }
  lines.push(
    `  in scope: scope model ${fixed(s.pIn)}, naive Bayes odds ${s.bayesOdds >= 0 ? '+' : ''}${s.bayesOdds.toFixed(1)}, ` +
      `nearest example ${fixed(s.similarity)}, nearest refusal ${fixed(s.outSimilarity)}`,
  );
  const intent = e.prediction.intent ?? e.ranking[0]?.intent;
  lines.push(
    e.keys.length > 0
      ? `  phrasebook keys joined to ${intent}: ${e.keys.join(', ')}`
      : `  no phrasebook key joined ${intent}: only its examples, title and answer teach it`,
  );
  lines.push(
    e.prediction.rule === 'assistant_task'
      ? `  to answer such messages: only if the business itself does this work, add such a request to an intent's examples (the rule is then off for the profile)`
      : e.answered
        ? `  to refuse such messages instead: add the message to the profile's negatives; to answer them with another intent: add it to that intent's examples`
        : `  to answer such messages: add the message (or a few like it) to the right intent's examples`,
  );
  return lines.join('\n');
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export const command: Command = {
  summary: 'Tell why the scope gate answers or refuses a message',
  help,
  run: (argv) =>
    runCommand(help, async () => {
      const { values, positionals } = parseArgs({
        args: [...argv],
        options: { profile: { type: 'string' }, json: { type: 'boolean', default: false } },
        allowPositionals: true,
        strict: true,
      });
      if (!values.profile)
        throw new UsageError('expected: explain --profile <file> [<message> ...]');
      const set = await readTrainingSet(values.profile);
      if (set === undefined) return 1;
      const texts =
        positionals.length > 0
          ? positionals
          : (await readStdin()).split('\n').filter((line) => line.trim().length > 0);
      if (texts.length === 0) throw new UsageError('no message to explain');
      const classifier = trainClassifier(set);
      const threshold = gateThreshold(set);
      const explanations: Explanation[] = texts.map((text) => {
        const d = classifier.describe(text);
        return { text, threshold, answered: isAnswered(d.prediction, threshold), ...d };
      });
      process.stdout.write(
        values.json
          ? `${JSON.stringify(explanations)}\n`
          : `${explanations.map(renderExplanation).join('\n\n')}\n`,
      );
      return 0;
    }),
};
