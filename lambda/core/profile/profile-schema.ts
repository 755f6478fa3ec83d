// The business profile: what the bot may answer, in which languages, and how it refuses and escalates.
// Operators write it in YAML (or JSON); this schema is its contract.
import * as z from 'zod';

/** WhatsApp list-row title limit: intent titles are shown as rows of the refusal menu. */
export const LIST_ROW_TITLE_MAX = 24;

const language = z.string().regex(/^[a-z]{2}$/, 'an ISO 639-1 language code such as en');
const text = z.string().trim().min(1);
const byLanguage = z.record(language, text);

const intentSchema = z
  .object({
    id: z.string().regex(/^[a-z][a-z0-9_]*$/, 'lowercase letters, digits and underscores'),
    handoff: z.boolean().optional(),
    title: z.record(language, text.max(LIST_ROW_TITLE_MAX)),
    examples: z.record(language, z.array(text).min(1)),
    answer: byLanguage,
  })
  // Strict, unlike the profile itself: a mis-indented language under an intent must not vanish silently.
  .strict();

export const profileSchema = z
  .object({
    name: text,
    languages: z.array(language).min(1),
    defaultLanguage: language,
    timezone: text,
    threshold: z.number().min(0).max(1).optional(),
    escalation: byLanguage,
    refusal: byLanguage,
    /** Reply to photos, voice notes, locations, contacts. Optional: the refusal menu by default. */
    nonText: byLanguage.optional(),
    /** `menu` (default): the refusal menu with the nonText text as its body; `text`: the text alone. */
    nonTextMode: z.enum(['menu', 'text']).optional(),
    textRetention: z.enum(['none', 'redacted']),
    intents: z.array(intentSchema).min(1),
    /** Business-specific out-of-scope examples for the classifier. */
    negatives: z.record(language, z.array(text)).optional(),
    /** Sent when the 24 h window is closed; free-form replies are impossible then. */
    windowTemplate: z.object({ name: text, language: text }).strict().optional(),
    /** Intent ids shown in the refusal menu, in order (WhatsApp allows at most 10 rows). */
    menuIntents: z.array(z.string()).min(1).max(10).optional(),
    optOutConfirmation: byLanguage.optional(),
    optInConfirmation: byLanguage.optional(),
  })
  .loose()
  .superRefine((profile, ctx) => {
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
  });

export type Profile = z.infer<typeof profileSchema>;
export type ProfileIntent = Profile['intents'][number];
