// The responder's JSON reader of the profile: what lib/ writes at synth reads back to the same profile,
// and a broken file fails with field paths (the responder then fails closed).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  ProfileJsonError,
  parseProfileJson,
} from '../../../../lambda/core/profile/load-profile-json.ts';
import { parseProfile, toTrainingSet } from '../../../../lambda/core/profile/parse-profile.ts';
import { EXAMPLE_PROFILE_PATH } from '../../../support/profiles.ts';

const example = parseProfile(readFileSync(EXAMPLE_PROFILE_PATH, 'utf8'), 'example-shop.yaml');

describe('parseProfileJson', () => {
  it('reads the JSON lib/ bundles back to the profile validated at synth', () => {
    const json = `${JSON.stringify(example, null, 2)}\n`;
    const profile = parseProfileJson(json, '/var/task/profile.json');
    expect(profile).toEqual(example);
    expect(toTrainingSet(profile)).toEqual(toTrainingSet(example));
  });

  it('reports schema problems with their paths and the English messages', () => {
    const broken = { ...example, textRetention: 'everything', languages: [] };
    const read = () => parseProfileJson(JSON.stringify(broken), 'profile.json');
    expect(read).toThrow(ProfileJsonError);
    expect(read).toThrow(/textRetention: Invalid option: expected one of "none"\|"redacted"/);
    expect(read).toThrow(/languages: Too small: expected array to have >=1 items/);
  });

  it('rejects text that is not JSON, such as a YAML profile', () => {
    expect(() =>
      parseProfileJson(readFileSync(EXAMPLE_PROFILE_PATH, 'utf8'), 'profile.yaml'),
    ).toThrow(/invalid profile profile\.yaml: \(root\): not JSON/);
  });
});
