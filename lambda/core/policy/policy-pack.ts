// The policy pack: versioned, dated rules about what the bot may answer, loaded from YAML and validated
// so that a malformed pack is caught at load (the responder then refuses: fail closed).

import { parse as parseYaml } from 'yaml';
import * as z from 'zod';
import type { Posture } from '../decision.ts';

/** An instant with an explicit offset: "2026-01-15" alone would be read in whatever zone the host runs. */
const INSTANT_WITH_OFFSET =
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

const instant = z
  .string()
  .regex(INSTANT_WITH_OFFSET, 'must be an ISO instant with an explicit UTC offset (Z or ±hh:mm)')
  .refine((value) => !Number.isNaN(Date.parse(value)), 'not a valid date');

const callingCode = z.string().regex(/^[1-9]\d{0,2}$/, 'a country calling code, 1-3 digits');

const ruleSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lowercase letters, digits and dashes'),
    version: z.string().min(1),
    effectiveFrom: instant,
    /** Exclusive end; absent = open-ended. */
    effectiveUntil: instant.optional(),
    jurisdictions: z.array(callingCode).min(1).optional(),
    posture: z.enum(['general_allowed', 'scoped_only']),
    /** An exemption applies only when the operator lists its id in POLICY_EXEMPTIONS. */
    optInExemption: z.boolean().default(false),
    source: z.string().min(1),
    note: z.string().optional(),
  })
  .strict()
  .refine(
    (rule) =>
      rule.effectiveUntil === undefined ||
      Date.parse(rule.effectiveUntil) > Date.parse(rule.effectiveFrom),
    { message: 'effectiveUntil must be after effectiveFrom', path: ['effectiveUntil'] },
  );

export const policyPackSchema = z
  .object({
    pack: z.string().min(1),
    version: z.string().min(1),
    rules: z.array(ruleSchema).min(1),
  })
  .strict()
  .refine((pack) => new Set(pack.rules.map((rule) => rule.id)).size === pack.rules.length, {
    message: 'rule ids must be unique',
    path: ['rules'],
  });

export interface PolicyRule {
  readonly id: string;
  readonly version: string;
  readonly effectiveFrom: number;
  readonly effectiveUntil?: number;
  readonly jurisdictions?: readonly string[];
  readonly posture: Posture;
  readonly optInExemption: boolean;
  readonly source: string;
}

export interface PolicyPack {
  readonly pack: string;
  readonly version: string;
  readonly rules: readonly PolicyRule[];
}

export class PolicyPackError extends Error {
  override readonly name = 'PolicyPackError';
  constructor(
    readonly issues: readonly string[],
    options?: ErrorOptions,
  ) {
    super(`[scoped-responder] invalid policy pack: ${issues.join('; ')}`, options);
  }
}

export function parsePolicyPack(text: string): PolicyPack {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (error) {
    throw new PolicyPackError([`not YAML: ${(error as Error).message}`], { cause: error });
  }
  const result = policyPackSchema.safeParse(raw);
  if (!result.success) {
    throw new PolicyPackError(
      result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`),
    );
  }
  return {
    pack: result.data.pack,
    version: result.data.version,
    rules: result.data.rules.map((rule) => ({
      id: rule.id,
      version: rule.version,
      effectiveFrom: Date.parse(rule.effectiveFrom),
      ...(rule.effectiveUntil === undefined
        ? {}
        : { effectiveUntil: Date.parse(rule.effectiveUntil) }),
      ...(rule.jurisdictions === undefined ? {} : { jurisdictions: rule.jurisdictions }),
      posture: rule.posture,
      optInExemption: rule.optInExemption,
      source: rule.source,
    })),
  };
}
