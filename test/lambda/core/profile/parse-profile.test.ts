import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  ProfileError,
  parseProfile,
  toTrainingSet,
} from '../../../../lambda/core/profile/parse-profile.ts';
import { EXAMPLE_PROFILE_PATH } from '../../../support/profiles.ts';
import { SHARED_DIR } from '../../../support/shared-dir.ts';

const VALID = `name: Tiny Bikes
languages: [en, id]
defaultLanguage: en
timezone: Asia/Jakarta
textRetention: redacted
escalation: { en: "Call us", id: "Telepon kami" }
refusal: { en: "Only bikes", id: "Hanya sepeda" }
nonText: { en: "Text please", id: "Teks saja" }
intents:
  - id: repair_booking
    title: { en: "Book a repair", id: "Servis" }
    examples:
      en: ["book a repair"]
      id: ["mau servis"]
    answer: { en: "Come by", id: "Datang saja" }
  - id: talk_to_human
    handoff: true
    title: { en: "Talk to us" }
    examples: { en: ["human"] }
    answer: { en: "Sure" }
`;

function issuesOf(text: string): { path: string; line: number; message: string }[] {
  try {
    parseProfile(text, 'bikes.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(ProfileError);
    return [...(error as ProfileError).issues];
  }
  throw new Error('expected a ProfileError');
}

describe('parseProfile', () => {
  it.each([
    ['shop', `${SHARED_DIR}/eval/profiles/shop.yaml`, 14],
    ['bank', `${SHARED_DIR}/eval/profiles/bank.yaml`, 19],
  ])('loads the shared %s profile unchanged', (_, path, intents) => {
    // shared/ sits beside the clone on developer machines and in CI: a missing file is a failure.
    expect(parseProfile(readFileSync(path, 'utf8'), path).intents).toHaveLength(intents);
  });

  it('loads the example profile: 10 intents, ~6 examples per intent and language, one handoff', () => {
    const profile = parseProfile(readFileSync(EXAMPLE_PROFILE_PATH, 'utf8'), 'example-shop.yaml');
    expect(profile.intents).toHaveLength(10);
    expect(profile.intents.filter((intent) => intent.handoff)).toHaveLength(1);
    for (const intent of profile.intents) {
      expect(Object.keys(intent.examples).sort()).toEqual(['en', 'es', 'id', 'pt']);
      for (const examples of Object.values(intent.examples))
        expect(examples.length).toBeGreaterThanOrEqual(6);
    }
  });

  it('reads JSON too', () => {
    const json = JSON.stringify(parseProfile(VALID, 'bikes.yaml'));
    expect(parseProfile(json, 'bikes.json').name).toBe('Tiny Bikes');
  });

  it.each([
    [
      'a title over 24 characters',
      VALID.replace('"Book a repair"', '"Book a repair for your bicycle"'),
      'intents.0.title.en',
      11,
      /<=24/,
    ],
    [
      'an unknown retention',
      VALID.replace('textRetention: redacted', 'textRetention: everything'),
      'textRetention',
      5,
      /none|redacted/,
    ],
    [
      'a default language not in languages',
      VALID.replace('defaultLanguage: en', 'defaultLanguage: pt'),
      'defaultLanguage',
      3,
      /one of languages/,
    ],
    [
      'a missing field under an intent',
      VALID.replace('    answer: { en: "Sure" }\n', ''),
      'intents.1.answer',
      16,
      /expected record/,
    ],
    [
      'a missing top-level field',
      VALID.replace('timezone: Asia/Jakarta\n', ''),
      'timezone',
      1,
      /expected string/,
    ],
    [
      'a duplicate intent id',
      VALID.replace('id: talk_to_human', 'id: repair_booking'),
      'intents.1.id',
      16,
      /duplicate/,
    ],
    [
      'an empty example list',
      VALID.replace('id: ["mau servis"]', 'id: []'),
      'intents.0.examples.id',
      14,
      /too small|>=1/i,
    ],
    [
      'a mis-indented language under an intent',
      VALID.replace(
        '      id: ["mau servis"]\n',
        '      id: ["mau servis"]\n    es: ["arreglo"]\n',
      ),
      'intents.0',
      15,
      /unrecognized key/i,
    ],
    ['a threshold above 1', `${VALID}threshold: 1.5\n`, 'threshold', 21, /<=1/],
  ])('reports %s with its path and line', (_, text, path, line, message) => {
    const issues = issuesOf(text);
    const issue = issues.find((candidate) => candidate.path === path);
    expect(issue, JSON.stringify(issues)).toBeDefined();
    expect(issue?.line).toBe(line);
    expect(issue?.message).toMatch(message);
  });

  it('reports YAML syntax errors with their line', () => {
    const issues = issuesOf('name: x\nlanguages: [en\nfoo: : bar\n');
    expect(issues[0]?.line).toBeGreaterThanOrEqual(2);
  });

  it('names the file and the lines in the error message', () => {
    expect(() => parseProfile(VALID.replace('timezone: Asia/Jakarta\n', ''), 'bikes.yaml')).toThrow(
      /bikes\.yaml:1 timezone/,
    );
  });
});

describe('toTrainingSet', () => {
  it('keeps the intents, languages, threshold and negatives', () => {
    const profile = parseProfile(
      `${VALID}threshold: 0.7\nnegatives: { en: ["write a poem"] }\n`,
      'bikes.yaml',
    );
    expect(toTrainingSet(profile)).toEqual({
      languages: ['en', 'id'],
      defaultLanguage: 'en',
      threshold: 0.7,
      intents: [
        {
          id: 'repair_booking',
          examples: { en: ['book a repair'], id: ['mau servis'] },
          context: { en: ['Book a repair', 'Come by'], id: ['Servis', 'Datang saja'] },
        },
        {
          id: 'talk_to_human',
          examples: { en: ['human'] },
          context: { en: ['Talk to us', 'Sure'] },
        },
      ],
      negatives: { en: ['write a poem'] },
    });
  });
});
