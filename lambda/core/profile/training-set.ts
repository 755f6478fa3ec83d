// What the classifier learns from a profile: the examples per intent and language, with the intent's title
// and answer as weak context (they carry the business's own vocabulary), and the profile's negatives.
import type { TrainingSet } from '../ports.ts';
import type { Profile } from './profile-schema.ts';

export function toTrainingSet(profile: Profile): TrainingSet {
  return {
    languages: profile.languages,
    defaultLanguage: profile.defaultLanguage,
    ...(profile.threshold === undefined ? {} : { threshold: profile.threshold }),
    intents: profile.intents.map((intent) => ({
      id: intent.id,
      examples: intent.examples,
      context: contextOf(intent.title, intent.answer),
    })),
    ...(profile.negatives === undefined ? {} : { negatives: profile.negatives }),
  };
}

function contextOf(
  title: Readonly<Record<string, string>>,
  answer: Readonly<Record<string, string>>,
): Record<string, string[]> {
  const context: Record<string, string[]> = {};
  for (const source of [title, answer]) {
    for (const [lang, text] of Object.entries(source))
      context[lang] = [...(context[lang] ?? []), text];
  }
  return context;
}
