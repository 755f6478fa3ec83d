// Picks the policy rule that governs one message, by the message's own timestamp and the user's country.
import type { Posture } from '../decision.ts';
import type { PolicyPack, PolicyRule } from './policy-pack.ts';

export interface PolicyQuery {
  /** The message's own send time, epoch ms: a replay days late is judged by the rules of its day. */
  readonly instant: number;
  /** Country calling code, or undefined when the user's country is unknown. */
  readonly jurisdiction: string | undefined;
  /** Rule ids of opt-in exemptions the operator enabled. */
  readonly exemptions: readonly string[];
}

export interface PolicyVerdict {
  readonly ruleId: string;
  readonly version: string;
  readonly posture: Posture;
  readonly jurisdiction?: string;
  readonly instant: number;
}

export class PolicyEvaluationError extends Error {
  override readonly name = 'PolicyEvaluationError';
}

function isInForce(rule: PolicyRule, instant: number): boolean {
  return (
    rule.effectiveFrom <= instant &&
    (rule.effectiveUntil === undefined || instant < rule.effectiveUntil)
  );
}

function coversJurisdiction(rule: PolicyRule, jurisdiction: string | undefined): boolean {
  if (rule.jurisdictions === undefined) return true;
  return jurisdiction !== undefined && rule.jurisdictions.includes(jurisdiction);
}

/**
 * Precedence among the rules in force: a rule naming the user's country beats a global one (a national
 * suspension overrides the global terms), an enabled exemption beats a plain rule, then the latest
 * effective date wins (a newer version of the terms supersedes the older one).
 */
function precedence(a: PolicyRule, b: PolicyRule): number {
  const specific = Number(b.jurisdictions !== undefined) - Number(a.jurisdictions !== undefined);
  if (specific !== 0) return specific;
  const exemption = Number(b.optInExemption) - Number(a.optInExemption);
  if (exemption !== 0) return exemption;
  return b.effectiveFrom - a.effectiveFrom;
}

/** Throws when no rule covers the instant: the caller refuses (fail closed) rather than guess. */
export function evaluatePolicy(pack: PolicyPack, query: PolicyQuery): PolicyVerdict {
  const enabled = new Set(query.exemptions);
  const candidates = pack.rules
    .filter((rule) => !rule.optInExemption || enabled.has(rule.id))
    .filter((rule) => isInForce(rule, query.instant))
    .filter((rule) => coversJurisdiction(rule, query.jurisdiction))
    .sort(precedence);
  const rule = candidates[0];
  if (!rule) {
    throw new PolicyEvaluationError(
      `[scoped-responder] no policy rule in force at ${new Date(query.instant).toISOString()}`,
    );
  }
  return {
    ruleId: rule.id,
    version: rule.version,
    posture: rule.posture,
    ...(query.jurisdiction === undefined ? {} : { jurisdiction: query.jurisdiction }),
    instant: query.instant,
  };
}
