import { describe, expect, it } from 'vitest';
import { PolicyPackError, parsePolicyPack } from '../../../../lambda/core/policy/policy-pack.ts';

const rule = (fields: string): string => `pack: t\nversion: "1"\nrules:\n  - ${fields}\n`;

describe('parsePolicyPack', () => {
  it('converts instants with offsets to epoch ms and defaults optInExemption to false', () => {
    const pack = parsePolicyPack(
      rule(
        '{ id: r, version: "1", effectiveFrom: "2025-12-24T00:00:00+01:00", jurisdictions: ["39"], posture: general_allowed, source: s }',
      ),
    );
    expect(pack.rules[0]).toEqual({
      id: 'r',
      version: '1',
      effectiveFrom: Date.parse('2025-12-23T23:00:00Z'),
      jurisdictions: ['39'],
      posture: 'general_allowed',
      optInExemption: false,
      source: 's',
    });
  });

  it.each([
    [
      'an instant without offset',
      '{ id: r, version: "1", effectiveFrom: "2026-01-15T00:00:00", posture: scoped_only, source: s }',
      /explicit UTC offset/,
    ],
    [
      'a date only',
      '{ id: r, version: "1", effectiveFrom: "2026-01-15", posture: scoped_only, source: s }',
      /explicit UTC offset/,
    ],
    [
      'an unknown posture',
      '{ id: r, version: "1", effectiveFrom: "2026-01-15T00:00:00Z", posture: anything, source: s }',
      /posture/,
    ],
    [
      'a missing source',
      '{ id: r, version: "1", effectiveFrom: "2026-01-15T00:00:00Z", posture: scoped_only }',
      /source/,
    ],
    [
      'a bad calling code',
      '{ id: r, version: "1", effectiveFrom: "2026-01-15T00:00:00Z", jurisdictions: ["+39"], posture: scoped_only, source: s }',
      /jurisdictions/,
    ],
    [
      'an end before the start',
      '{ id: r, version: "1", effectiveFrom: "2026-01-15T00:00:00Z", effectiveUntil: "2026-01-01T00:00:00Z", posture: scoped_only, source: s }',
      /effectiveUntil/,
    ],
    [
      'an unknown field',
      '{ id: r, version: "1", effectiveFrom: "2026-01-15T00:00:00Z", posture: scoped_only, source: s, extra: 1 }',
      /extra/,
    ],
  ])('rejects %s', (_, fields, message) => {
    expect(() => parsePolicyPack(rule(fields))).toThrow(message);
  });

  it('rejects duplicate rule ids and text that is not YAML', () => {
    const twice =
      'pack: t\nversion: "1"\nrules:\n' +
      '  - { id: r, version: "1", effectiveFrom: "2026-01-15T00:00:00Z", posture: scoped_only, source: s }\n'.repeat(
        2,
      );
    expect(() => parsePolicyPack(twice)).toThrow(/unique/);
    expect(() => parsePolicyPack('rules: [')).toThrow(PolicyPackError);
  });
});
