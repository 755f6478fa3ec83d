import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { evaluatePolicy } from '../../../../lambda/core/policy/evaluate-policy.ts';
import { parsePolicyPack } from '../../../../lambda/core/policy/policy-pack.ts';

const pack = parsePolicyPack(
  readFileSync(new URL('../../../../policy/meta-ai-providers.yaml', import.meta.url), 'utf8'),
);
const at = (iso: string): number => Date.parse(iso);
const SECOND = 1000;

const NEW_PROVIDERS = at('2025-10-15T00:00:00Z');
const EXISTING_PROVIDERS = at('2026-01-15T00:00:00Z');
const ITALY = at('2025-12-24T00:00:00+01:00');
const BRAZIL = at('2026-01-12T00:00:00-03:00');

describe('evaluatePolicy (shipped pack)', () => {
  it.each([
    ['one second before the new-provider date', NEW_PROVIDERS - SECOND, 'scoped-default'],
    ['exactly at the new-provider date', NEW_PROVIDERS, 'ai-providers-new'],
    [
      'one second before the existing-provider date',
      EXISTING_PROVIDERS - SECOND,
      'ai-providers-new',
    ],
    ['exactly at the existing-provider date', EXISTING_PROVIDERS, 'ai-providers-existing'],
    ['long after', at('2026-11-25T00:00:00Z'), 'ai-providers-existing'],
  ])('selects %s → %s with no exemption enabled', (_, instant, ruleId) => {
    // Act
    const verdict = evaluatePolicy(pack, { instant, jurisdiction: '62', exemptions: [] });
    // Assess
    expect(verdict).toEqual({
      ruleId,
      version: '1',
      posture: 'scoped_only',
      jurisdiction: '62',
      instant,
    });
  });

  it.each([
    ['1 s before the grace starts', NEW_PROVIDERS - SECOND, 'scoped-default', 'scoped_only'],
    ['at the grace start', NEW_PROVIDERS, 'existing-provider-grace', 'general_allowed'],
    [
      '1 s before the grace ends',
      EXISTING_PROVIDERS - SECOND,
      'existing-provider-grace',
      'general_allowed',
    ],
    ['at the grace end (exclusive)', EXISTING_PROVIDERS, 'ai-providers-existing', 'scoped_only'],
  ])('with the existing-provider grace enabled: %s', (_, instant, ruleId, posture) => {
    const verdict = evaluatePolicy(pack, {
      instant,
      jurisdiction: '62',
      exemptions: ['existing-provider-grace'],
    });
    expect([verdict.ruleId, verdict.posture]).toEqual([ruleId, posture]);
  });

  it.each([
    // [name, exemption, jurisdiction, instant, enabled, expected rule, posture]
    [
      'Italy 1 s before',
      'it-agcm-interim-order',
      '39',
      ITALY - SECOND,
      true,
      'ai-providers-new',
      'scoped_only',
    ],
    [
      'Italy at the order',
      'it-agcm-interim-order',
      '39',
      ITALY,
      true,
      'it-agcm-interim-order',
      'general_allowed',
    ],
    [
      'Italy after Jan 15',
      'it-agcm-interim-order',
      '39',
      EXISTING_PROVIDERS,
      true,
      'it-agcm-interim-order',
      'general_allowed',
    ],
    [
      'Italy, exemption disabled',
      'it-agcm-interim-order',
      '39',
      ITALY,
      false,
      'ai-providers-new',
      'scoped_only',
    ],
    [
      'Italy exemption, Indonesian user',
      'it-agcm-interim-order',
      '62',
      ITALY,
      true,
      'ai-providers-new',
      'scoped_only',
    ],
    [
      'Italy exemption, unknown country',
      'it-agcm-interim-order',
      undefined,
      ITALY,
      true,
      'ai-providers-new',
      'scoped_only',
    ],
    [
      'Brazil 1 s before',
      'br-cade-preventive-measure',
      '55',
      BRAZIL - SECOND,
      true,
      'ai-providers-new',
      'scoped_only',
    ],
    [
      'Brazil at the measure',
      'br-cade-preventive-measure',
      '55',
      BRAZIL,
      true,
      'br-cade-preventive-measure',
      'general_allowed',
    ],
    [
      'Brazil after Jan 15',
      'br-cade-preventive-measure',
      '55',
      EXISTING_PROVIDERS,
      true,
      'br-cade-preventive-measure',
      'general_allowed',
    ],
    [
      'Brazil, exemption disabled',
      'br-cade-preventive-measure',
      '55',
      EXISTING_PROVIDERS,
      false,
      'ai-providers-existing',
      'scoped_only',
    ],
    [
      'Brazil exemption, Italian user',
      'br-cade-preventive-measure',
      '39',
      EXISTING_PROVIDERS,
      true,
      'ai-providers-existing',
      'scoped_only',
    ],
  ])('%s', (_, exemption, jurisdiction, instant, enabled, ruleId, posture) => {
    const verdict = evaluatePolicy(pack, {
      instant,
      jurisdiction,
      exemptions: enabled ? [exemption] : [],
    });
    expect([verdict.ruleId, verdict.posture]).toEqual([ruleId, posture]);
  });

  it('judges a late replay by its own timestamp, not by processing time', () => {
    // Prepare: sent one second before the existing-provider date, processed days later
    const sentAt = EXISTING_PROVIDERS - SECOND;
    // Act
    const verdict = evaluatePolicy(pack, {
      instant: sentAt,
      jurisdiction: '62',
      exemptions: ['existing-provider-grace'],
    });
    // Assess
    expect(verdict.ruleId).toBe('existing-provider-grace');
    expect(verdict.instant).toBe(sentAt);
  });

  it('omits the jurisdiction when unknown', () => {
    const verdict = evaluatePolicy(pack, {
      instant: NEW_PROVIDERS,
      jurisdiction: undefined,
      exemptions: [],
    });
    expect(verdict).not.toHaveProperty('jurisdiction');
  });

  it('throws when no rule is in force (fail closed)', () => {
    const partial = { ...pack, rules: pack.rules.filter((rule) => rule.id !== 'scoped-default') };
    expect(() =>
      evaluatePolicy(partial, {
        instant: NEW_PROVIDERS - SECOND,
        jurisdiction: '62',
        exemptions: [],
      }),
    ).toThrow(/no policy rule in force/);
  });

  it('prefers the latest effective rule among global ones', () => {
    const custom = parsePolicyPack(`
pack: t
version: "1"
rules:
  - { id: a, version: "1", effectiveFrom: "2026-01-01T00:00:00Z", posture: scoped_only, source: s }
  - { id: b, version: "2", effectiveFrom: "2026-02-01T00:00:00+07:00", posture: general_allowed, source: s }
`);
    expect(
      evaluatePolicy(custom, {
        instant: at('2026-01-31T17:00:00Z'),
        jurisdiction: '1',
        exemptions: [],
      }),
    ).toMatchObject({ ruleId: 'b', version: '2', posture: 'general_allowed' });
    expect(
      evaluatePolicy(custom, {
        instant: at('2026-01-31T16:59:59Z'),
        jurisdiction: '1',
        exemptions: [],
      }),
    ).toMatchObject({ ruleId: 'a' });
  });
});
