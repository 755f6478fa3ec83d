// `scoped-responder profile check <file>`: validates a business profile with the same loader the responder
// uses, and prints each problem with its field path and line.
import { parseArgs } from 'node:util';
import {
  type ClassifierState,
  PERSON_KEY,
  trainClassifier,
} from '../../lambda/core/intent/classifier.ts';
import {
  ProfileError,
  parseProfile,
  toTrainingSet,
} from '../../lambda/core/profile/parse-profile.ts';
import type { Profile } from '../../lambda/core/profile/profile-schema.ts';
import type { Command } from '../cli.ts';
import {
  printProfileIssues,
  readTextFile,
  runCommand,
  UsageError,
} from '../runtime/cli-support.ts';

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
      const text = await readTextFile(file);
      try {
        const profile = parseProfile(text, file);
        // Training is what the deploy does next (at bundling); a profile it cannot train on is not valid.
        const classifier = trainClassifier(toTrainingSet(profile));
        const examples = profile.intents.reduce(
          (sum, intent) =>
            sum + Object.values(intent.examples).reduce((n, list) => n + list.length, 0),
          0,
        );
        process.stdout.write(
          `${file}: OK — "${profile.name}", ${profile.intents.length} intents, ${examples} examples, ` +
            `languages ${profile.languages.join(', ')} (default ${profile.defaultLanguage})\n\n` +
            `${describeProfileCoverage(profile, classifier.state).join('\n')}\n`,
        );
        return 0;
      } catch (error) {
        if (!(error instanceof ProfileError)) throw error;
        printProfileIssues(file, error.issues);
        return 1;
      }
    }),
};

/** Below this many examples in a served language, an intent is flagged: examples are the largest lever. */
export const FEW_EXAMPLES = 5;

/**
 * What the classifier will know of each intent: examples per served language, and the built-in
 * phrasebook keys that joined it (docs/classifier.md). A key joined to the wrong intent, or an intent
 * with none and few examples, is where more examples pay off most.
 */
export function describeProfileCoverage(
  profile: Profile,
  trained: Pick<ClassifierState, 'phrasebook' | 'textWorkInScope'>,
): string[] {
  const { phrasebook } = trained;
  const joined = new Map<string, string[]>();
  for (const k of phrasebook.keys) {
    if (k.intent !== null) joined.set(k.intent, [...(joined.get(k.intent) ?? []), k.key]);
  }
  const width = Math.max(...profile.intents.map((i) => i.id.length));
  const lines = [`phrasebook domains: ${phrasebook.domains.join(', ')}`];
  const few = new Map<string, number>();
  for (const intent of profile.intents) {
    const counts = profile.languages.map((lang) => {
      const n = intent.examples[lang]?.length ?? 0;
      if (n < FEW_EXAMPLES) few.set(lang, (few.get(lang) ?? 0) + 1);
      return `${lang} ${n}`;
    });
    const keys = joined.get(intent.id) ?? [];
    lines.push(
      `  ${intent.id.padEnd(width)}  examples ${counts.join(', ')}; phrasebook: ${keys.length > 0 ? keys.join(', ') : 'none (only its examples back it)'}`,
    );
  }
  lines.push(...describeRules(profile, trained));
  const unused = phrasebook.keys.filter((k) => k.intent === null).map((k) => k.key);
  if (unused.length > 0) lines.push(`not joined to any intent: ${unused.join(', ')}`);
  const unbacked = profile.intents.filter((i) => !joined.has(i.id)).length;
  if (unbacked > 0) {
    // Such an intent is scored against its own, lower operating point (Tuning.operatingPointWithoutPhrasebook),
    // and nothing but its examples tells its messages from general requests.
    lines.push(
      `intents no phrasebook key joined: ${unbacked} of ${profile.intents.length} (answered from their examples alone; give them more examples, in customers' own words)`,
    );
  }
  if (few.size > 0) {
    const perLanguage = [...few].map(([lang, n]) => `${n} of ${profile.intents.length} in ${lang}`);
    lines.push(
      `intents with fewer than ${FEW_EXAMPLES} examples: ${perLanguage.join(', ')} (more examples in customers' own words help most)`,
    );
  }
  return lines;
}

/**
 * What the two rules of the classifier will do for this profile (docs/classifier.md): where a request
 * for a person goes, and whether a request for text work is refused or, the business doing such work,
 * scored as any message.
 */
function describeRules(
  profile: Profile,
  trained: Pick<ClassifierState, 'phrasebook' | 'textWorkInScope'>,
): string[] {
  const person = trained.phrasebook.keys.find((k) => k.key === PERSON_KEY)?.intent ?? null;
  const handsOver = profile.intents.find((i) => i.id === person)?.handoff === true;
  return [
    person === null
      ? 'requests for a person: left to the score, as no intent took the talk-to-a-person key (give your handoff intent examples such as "I want to talk to a person")'
      : `requests for a person: go to ${person}${handsOver ? ', which hands the chat over' : ' (not handoff: true, so its answer is sent and the bot stays on)'}`,
    trained.textWorkInScope
      ? 'requests for text work (translate, rewrite, write): scored as any message, because an example asks for such work'
      : 'requests for text work (translate, rewrite, write): refused by rule (reason assistant_task)',
  ];
}
