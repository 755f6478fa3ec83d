// The responder's JSON reader of the policy pack: the document lib/ writes at synth reads back to the
// same pack, with the same checks as the YAML reader.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parsePolicyPackJson } from '../../../../lambda/core/policy/load-policy-json.ts';
import {
  PolicyPackError,
  parsePolicyPack,
  parsePolicyPackDocument,
} from '../../../../lambda/core/policy/policy-pack.ts';
import { POLICY_PACK_PATH } from '../../../support/profiles.ts';

const yaml = readFileSync(POLICY_PACK_PATH, 'utf8');

describe('parsePolicyPackJson', () => {
  it('reads the bundled document back to the pack the YAML gives', () => {
    const json = JSON.stringify(parsePolicyPackDocument(yaml), null, 2);
    expect(parsePolicyPackJson(json)).toEqual(parsePolicyPack(yaml));
  });

  it('applies the same checks: an unknown field, a bad instant', () => {
    const document = parsePolicyPackDocument(yaml);
    const [first, ...rest] = document.rules;
    const withExtra = { ...document, rules: [{ ...first, extra: 1 }, ...rest] };
    expect(() => parsePolicyPackJson(JSON.stringify(withExtra))).toThrow(
      /rules\.0: Unrecognized key: "extra"/,
    );
    const undated = { ...document, rules: [{ ...first, effectiveFrom: '2026-01-15' }, ...rest] };
    expect(() => parsePolicyPackJson(JSON.stringify(undated))).toThrow(/explicit UTC offset/);
  });

  it('rejects text that is not JSON', () => {
    expect(() => parsePolicyPackJson(yaml)).toThrow(PolicyPackError);
    expect(() => parsePolicyPackJson(yaml)).toThrow(/not JSON/);
  });
});
