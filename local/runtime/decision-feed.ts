// Read side for the simulator and `decisions`: every decision in the local table, newest first, plus the
// metrics panel's numbers. A Scan is fine here (a laptop table holds a few hundred items); deployed tables
// are read through DecisionQuery instead (local/commands/decisions.ts).

import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { recordFromItem } from '../../lambda/adapters/dynamodb-decision-log.ts';
import type { DecisionRecord, Outcome } from '../../lambda/core/decision.ts';

export interface DecisionFilter {
  readonly outcome?: string;
  /** The decision's reason: `assistant_task`, `no_intent`, `handoff_requested`… */
  readonly reason?: string;
  readonly userHash?: string;
  /** Epoch ms: decisions decided at or after. */
  readonly since?: number;
  readonly limit?: number;
}

export async function scanDecisions(
  client: DynamoDBDocumentClient,
  tableName: string,
  filter: DecisionFilter = {},
): Promise<DecisionRecord[]> {
  const records: DecisionRecord[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const output = await client.send(
      new ScanCommand({
        TableName: tableName,
        ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      }),
    );
    for (const item of output.Items ?? []) {
      const record = recordFromItem(item);
      if (record) records.push(record);
    }
    startKey = output.LastEvaluatedKey;
  } while (startKey);
  return filterDecisions(records, filter);
}

export function filterDecisions(
  records: readonly DecisionRecord[],
  filter: DecisionFilter,
): DecisionRecord[] {
  return records
    .filter((record) => filter.outcome === undefined || record.outcome === filter.outcome)
    .filter((record) => filter.reason === undefined || record.reason === filter.reason)
    .filter((record) => filter.userHash === undefined || record.userHash === filter.userHash)
    .filter((record) => filter.since === undefined || Date.parse(record.decidedAt) >= filter.since)
    .sort((a, b) => b.decidedAt.localeCompare(a.decidedAt) || b.wamid.localeCompare(a.wamid))
    .slice(0, filter.limit ?? 500);
}

export interface DecisionMetrics {
  readonly total: number;
  readonly byOutcome: Partial<Record<Outcome, number>>;
  /** Refusals (out of scope and by policy) over all decisions, 0..1. */
  readonly refusalRate: number;
  /** Received → sent, ms, over decisions that sent a reply. */
  readonly latencyP50Ms: number | null;
  readonly latencyP99Ms: number | null;
}

export function computeMetrics(records: readonly DecisionRecord[]): DecisionMetrics {
  const byOutcome: Partial<Record<Outcome, number>> = {};
  for (const record of records) byOutcome[record.outcome] = (byOutcome[record.outcome] ?? 0) + 1;
  const refused = (byOutcome.refused_out_of_scope ?? 0) + (byOutcome.refused_policy ?? 0);
  const latencies = records
    .map((record) => record.latencyMs)
    .filter((value): value is number => typeof value === 'number')
    .sort((a, b) => a - b);
  return {
    total: records.length,
    byOutcome,
    refusalRate: records.length === 0 ? 0 : refused / records.length,
    latencyP50Ms: percentile(latencies, 0.5),
    latencyP99Ms: percentile(latencies, 0.99),
  };
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(p * sorted.length)));
  return sorted[rank - 1] ?? null;
}

/** Parses `1h`, `30m`, `2d`, `45s` or an ISO instant into epoch ms. */
export function parseSince(value: string, now: number): number {
  const relative = /^(\d+)\s*([smhd])$/.exec(value.trim());
  if (relative?.[1] && relative[2]) {
    const unit = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }[
      relative[2] as 's' | 'm' | 'h' | 'd'
    ];
    return now - Number(relative[1]) * unit;
  }
  const time = Date.parse(value);
  if (Number.isNaN(time))
    throw new RangeError(`--since: expected 30m, 1h, 2d or an ISO instant, got ${value}`);
  return time;
}
