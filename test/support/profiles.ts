// Loads the repo's example profile and builds small inline profiles for tests.
import { readFileSync } from 'node:fs';
import { parseProfile } from '../../lambda/core/profile/parse-profile.ts';
import type { Profile } from '../../lambda/core/profile/profile-schema.ts';

export const EXAMPLE_PROFILE_PATH = new URL('../../profiles/example-shop.yaml', import.meta.url);
export const POLICY_PACK_PATH = new URL('../../policy/meta-ai-providers.yaml', import.meta.url);

export function exampleProfile(): Profile {
  return parseProfile(readFileSync(EXAMPLE_PROFILE_PATH, 'utf8'), 'profiles/example-shop.yaml');
}

/** A two-language, three-intent profile whose texts tests can match exactly. */
export function tinyProfile(overrides: Partial<Profile> = {}): Profile {
  return {
    name: 'Tiny Bikes',
    languages: ['en', 'id'],
    defaultLanguage: 'en',
    timezone: 'Asia/Jakarta',
    textRetention: 'redacted',
    escalation: { en: 'ESCALATION-EN', id: 'ESCALATION-ID' },
    refusal: { en: 'REFUSAL-EN', id: 'REFUSAL-ID' },
    nonText: { en: 'NONTEXT-EN', id: 'NONTEXT-ID' },
    intents: [
      {
        id: 'repair_booking',
        title: { en: 'Book a repair', id: 'Servis sepeda' },
        examples: { en: ['book a repair'], id: ['mau servis'] },
        answer: { en: 'REPAIR-EN', id: 'REPAIR-ID' },
      },
      {
        id: 'opening_hours',
        title: { en: 'Opening hours' },
        examples: { en: ['when are you open'] },
        answer: { en: 'HOURS-EN' },
      },
      {
        id: 'talk_to_human',
        handoff: true,
        title: { en: 'Talk to us', id: 'Chat admin' },
        examples: { en: ['human please'], id: ['mau sama admin'] },
        answer: { en: 'HANDOFF-ANSWER-EN', id: 'HANDOFF-ANSWER-ID' },
      },
    ],
    ...overrides,
  };
}
