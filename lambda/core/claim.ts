// Reads the decision log's claim result as a dedupe verdict.
import type { ClaimResult } from './ports.ts';
import type { DedupeVerdict } from './turn.ts';

/** Meta redelivers for up to 7 days; the claim doubles as the dedupe record, so it must outlive that. */
export const MIN_RETENTION_DAYS = 8;

/**
 * An unfinished claim younger than the function timeout may belong to an attempt still running; an older
 * one belongs to an attempt that died between claim and finish, possibly after sending. Neither is
 * answered again (at most once); only the second is recorded as a failure.
 */
export function evaluateClaim(
  claim: ClaimResult,
  now: number,
  functionTimeoutMs: number,
): DedupeVerdict {
  if (claim.status === 'claimed') return { kind: 'claimed', attempts: claim.attempts };
  if (claim.existing === 'finished') return { kind: 'duplicate' };
  if (claim.claimedAt !== undefined && now - claim.claimedAt > functionTimeoutMs) {
    return { kind: 'interrupted' };
  }
  return { kind: 'in_progress' };
}

/** TTL attribute value, epoch seconds; never shorter than Meta's redelivery period. */
export function expiresAtOf(now: number, retentionDays: number): number {
  return Math.floor(now / 1000) + Math.max(retentionDays, MIN_RETENTION_DAYS) * 86_400;
}
