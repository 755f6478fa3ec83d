// Readable local output: one coloured line per decision, and a masked form of user keys. Lambda logs stay
// Powertools JSON; this is only for the laptop, where a human watches the terminal.
import pc from 'picocolors';
import type { DecisionRecord, Outcome } from '../../lambda/core/decision.ts';

/** Keeps the country part and the last four characters: enough to tell test users apart, not to dial. */
export function maskUserKey(key: string): string {
  const bsuid = /^([A-Z]{2})\.(.+)$/.exec(key);
  if (bsuid?.[1] && bsuid[2]) return `${bsuid[1]}.…${bsuid[2].slice(-4)}`;
  const digits = key.replace(/^\+/, '');
  if (digits.length <= 4) return '…';
  return `+${digits.slice(0, 2)}…${digits.slice(-4)}`;
}

const OUTCOME_COLOURS: Record<Outcome, (text: string) => string> = {
  answered: pc.green,
  general_answered: pc.cyan,
  refused_out_of_scope: pc.yellow,
  refused_policy: pc.magenta,
  opted_out: pc.gray,
  handoff_active: pc.blue,
  window_closed: pc.gray,
  duplicate: pc.dim,
  unsupported: pc.gray,
  failed: pc.red,
};

export function formatDecisionLine(record: DecisionRecord, user: string | undefined): string {
  const time = record.decidedAt.slice(11, 19);
  const colour = OUTCOME_COLOURS[record.outcome] ?? ((text: string) => text);
  const confidence =
    record.confidence === undefined ? '' : pc.dim(` ${record.confidence.toFixed(2)}`);
  const latency = record.latencyMs === undefined ? '' : `${record.latencyMs} ms`;
  return [
    pc.dim(time),
    (user ?? `#${record.userHash.slice(0, 8)}`).padEnd(14),
    colour(record.outcome.padEnd(20)),
    `${whatOrWhy(record)}${confidence}`.padEnd(28),
    pc.dim(record.policyRuleId ?? ''),
    latency,
    record.attempts > 1 ? pc.yellow(`attempt ${record.attempts}`) : '',
  ]
    .filter(Boolean)
    .join('  ');
}

/**
 * The intent a message was answered with; for any other outcome, why (the reason), with the intent
 * the classifier leaned to when there was one: "assistant_task", "below_threshold (payment)". A
 * refusal's reason is what a developer watching the terminal asks first.
 */
function whatOrWhy(record: DecisionRecord): string {
  if (record.outcome === 'answered' || record.outcome === 'general_answered')
    return record.intent ?? '-';
  return record.intent ? `${record.reason} (${record.intent})` : record.reason;
}
