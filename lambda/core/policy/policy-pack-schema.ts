// The policy pack's contract, without a file format: the schema, the validated document and its conversion
// to the PolicyPack the gate reads. No YAML here, so the responder's bundle (which reads the pack as JSON
// written at synth) does not carry a YAML parser; policy-pack.ts adds the YAML reading for synth and tools.

// zod/mini (functional API): the same parser as the classic API at a fraction of its bundle size (stack
// notes §5); zod-messages.ts installs the English messages the classic entry point installed.
import * as z from 'zod/mini';
import '../zod-messages.ts';
import type { Posture } from '../decision.ts';

/** An instant with an explicit offset: "2026-01-15" alone would be read in whatever zone the host runs. */
const INSTANT_WITH_OFFSET =
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

const instant = z.string().check(
  z.regex(INSTANT_WITH_OFFSET, 'must be an ISO instant with an explicit UTC offset (Z or ±hh:mm)'),
  z.refine((value) => !Number.isNaN(Date.parse(value)), 'not a valid date'),
);

const callingCode = z
  .string()
  .check(z.regex(/^[1-9]\d{0,2}$/, 'a country calling code, 1-3 digits'));

const ruleSchema = z
  .strictObject({
    id: z.string().check(z.regex(/^[a-z0-9][a-z0-9-]*$/, 'lowercase letters, digits and dashes')),
    version: z.string().check(z.minLength(1)),
    effectiveFrom: instant,
    /** Exclusive end; absent = open-ended. */
    effectiveUntil: z.optional(instant),
    jurisdictions: z.optional(z.array(callingCode).check(z.minLength(1))),
    posture: z.enum(['general_allowed', 'scoped_only']),
    /** An exemption applies only when the operator lists its id in POLICY_EXEMPTIONS. */
    optInExemption: z._default(z.boolean(), false),
    source: z.string().check(z.minLength(1)),
    note: z.optional(z.string()),
  })
  .check(
    z.refine(
      (rule) =>
        rule.effectiveUntil === undefined ||
        Date.parse(rule.effectiveUntil) > Date.parse(rule.effectiveFrom),
      { message: 'effectiveUntil must be after effectiveFrom', path: ['effectiveUntil'] },
    ),
  );

export const policyPackSchema = z
  .strictObject({
    pack: z.string().check(z.minLength(1)),
    version: z.string().check(z.minLength(1)),
    rules: z.array(ruleSchema).check(z.minLength(1)),
  })
  .check(
    z.refine((pack) => new Set(pack.rules.map((rule) => rule.id)).size === pack.rules.length, {
      message: 'rule ids must be unique',
      path: ['rules'],
    }),
  );

/** A pack as written (instants as text, defaults filled in): what lib/ bundles as policy.json. */
export type PolicyPackDocument = z.output<typeof policyPackSchema>;

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

/** Validates a decoded pack (from YAML or JSON); every problem is reported with its field path. */
export function checkPolicyPackDocument(raw: unknown): PolicyPackDocument {
  const result = policyPackSchema.safeParse(raw);
  if (!result.success) {
    throw new PolicyPackError(
      result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`),
    );
  }
  return result.data;
}

/** The gate's view of a validated pack: instants as epoch milliseconds. */
export function toPolicyPack(document: PolicyPackDocument): PolicyPack {
  return {
    pack: document.pack,
    version: document.version,
    rules: document.rules.map((rule) => ({
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
