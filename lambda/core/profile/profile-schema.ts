// The business profile: what the bot may answer, in which languages, and how it refuses and escalates.
// Operators write it in YAML (or JSON); this schema is its contract.
// zod/mini (functional API): the same parser as the classic API at a fraction of its bundle size (stack
// notes §5); zod-messages.ts installs the English messages the classic entry point installed.
import * as z from 'zod/mini';
import '../zod-messages.ts';

/** WhatsApp list-row title limit: intent titles are shown as rows of the refusal menu. */
export const LIST_ROW_TITLE_MAX = 24;

const language = z.string().check(z.regex(/^[a-z]{2}$/, 'an ISO 639-1 language code such as en'));
const text = z.string().check(z.trim(), z.minLength(1));
const byLanguage = z.record(language, text);

// Strict, unlike the profile itself: a mis-indented language under an intent must not vanish silently.
const intentSchema = z.strictObject({
  id: z.string().check(z.regex(/^[a-z][a-z0-9_]*$/, 'lowercase letters, digits and underscores')),
  handoff: z.optional(z.boolean()),
  title: z.record(language, text.check(z.maxLength(LIST_ROW_TITLE_MAX))),
  examples: z.record(language, z.array(text).check(z.minLength(1))),
  answer: byLanguage,
});

export const profileSchema = z
  .looseObject({
    name: text,
    languages: z.array(language).check(z.minLength(1)),
    defaultLanguage: language,
    timezone: text,
    threshold: z.optional(z.number().check(z.gte(0), z.lte(1))),
    escalation: byLanguage,
    refusal: byLanguage,
    /** Reply to photos, voice notes, locations, contacts. Optional: the refusal menu by default. */
    nonText: z.optional(byLanguage),
    /** `menu` (default): the refusal menu with the nonText text as its body; `text`: the text alone. */
    nonTextMode: z.optional(z.enum(['menu', 'text'])),
    textRetention: z.enum(['none', 'redacted']),
    intents: z.array(intentSchema).check(z.minLength(1)),
    /** Business-specific out-of-scope examples for the classifier. */
    negatives: z.optional(z.record(language, z.array(text))),
    /** Sent when the 24 h window is closed; free-form replies are impossible then. */
    windowTemplate: z.optional(z.strictObject({ name: text, language: text })),
    /** Intent ids shown in the refusal menu, in order (WhatsApp allows at most 10 rows). */
    menuIntents: z.optional(z.array(z.string()).check(z.minLength(1), z.maxLength(10))),
    optOutConfirmation: z.optional(byLanguage),
    optInConfirmation: z.optional(byLanguage),
  })
  .check(
    z.superRefine((profile, ctx) => {
      if (!profile.languages.includes(profile.defaultLanguage)) {
        ctx.addIssue({
          code: 'custom',
          path: ['defaultLanguage'],
          message: `must be one of languages (${profile.languages.join(', ')})`,
        });
      }
      // Replies fall back to the default language, so it must exist wherever a reply is rendered.
      for (const field of ['escalation', 'refusal', 'nonText'] as const) {
        const texts = profile[field];
        if (texts !== undefined && texts[profile.defaultLanguage] === undefined) {
          ctx.addIssue({
            code: 'custom',
            path: [field, profile.defaultLanguage],
            message: `missing text in the default language (${profile.defaultLanguage})`,
          });
        }
      }
      const seen = new Set<string>();
      profile.intents.forEach((intent, index) => {
        if (seen.has(intent.id)) {
          ctx.addIssue({
            code: 'custom',
            path: ['intents', index, 'id'],
            message: `duplicate intent id ${intent.id}`,
          });
        }
        seen.add(intent.id);
        for (const field of ['title', 'answer'] as const) {
          if (intent[field][profile.defaultLanguage] === undefined) {
            ctx.addIssue({
              code: 'custom',
              path: ['intents', index, field, profile.defaultLanguage],
              message: `missing text in the default language (${profile.defaultLanguage})`,
            });
          }
        }
      });
      profile.menuIntents?.forEach((id, index) => {
        if (!seen.has(id)) {
          ctx.addIssue({
            code: 'custom',
            path: ['menuIntents', index],
            message: `unknown intent id ${id}`,
          });
        }
      });
    }),
  );

export type Profile = z.infer<typeof profileSchema>;
export type ProfileIntent = Profile['intents'][number];
