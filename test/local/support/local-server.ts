// Starts the local runtime for a test (in memory, free port) and offers the calls the tests make against
// it: send as a simulated user, wait for the decision of a wamid, read the outbox.
import { vi } from 'vitest';
import type { DecisionRecord } from '../../../lambda/core/decision.ts';
import type { OutboxEntry } from '../../../local/runtime/fake-graph-api.ts';
import { OffsetClock } from '../../../local/runtime/local-clock.ts';
import {
  DEFAULT_POLICY,
  DEFAULT_PROFILE,
  LOCAL_SECRETS,
} from '../../../local/runtime/local-defaults.ts';
import { type LocalRuntime, startLocalRuntime } from '../../../local/runtime/local-runtime.ts';
import type { SimulatedUser } from '../../../local/runtime/simulated-webhook.ts';

export async function startTestRuntime(
  options: { readonly visibilityTimeoutMs?: number; readonly maxReceiveCount?: number } = {},
): Promise<{ runtime: LocalRuntime; lines: string[] }> {
  const lines: string[] = [];
  const runtime = await startLocalRuntime({
    port: 0,
    secrets: LOCAL_SECRETS,
    profilePath: DEFAULT_PROFILE,
    policyPath: DEFAULT_POLICY,
    ddb: 'dynalite',
    dataDir: undefined,
    clock: new OffsetClock(),
    visibilityTimeoutMs: options.visibilityTimeoutMs ?? 50,
    ...(options.maxReceiveCount === undefined ? {} : { maxReceiveCount: options.maxReceiveCount }),
    print: (line) => lines.push(line),
  });
  return { runtime, lines };
}

export async function getJson<T>(runtime: LocalRuntime, path: string): Promise<T> {
  const response = await fetch(`${runtime.url}${path}`);
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return (await response.json()) as T;
}

export async function postJson<T>(runtime: LocalRuntime, path: string, body: unknown): Promise<T> {
  const response = await fetch(`${runtime.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

export interface SendResult {
  readonly wamid: string;
  readonly webhookStatus: number;
  readonly userHash: string;
}

export function sendText(runtime: LocalRuntime, user: SimulatedUser, text: string) {
  return postJson<SendResult>(runtime, '/_local/send', { user, text });
}

export function sendListReply(
  runtime: LocalRuntime,
  user: SimulatedUser,
  row: { id: string; title: string },
  contextId?: string,
) {
  return postJson<SendResult>(runtime, '/_local/send', {
    user,
    reply: { type: 'list_reply', ...row, ...(contextId ? { contextId } : {}) },
  });
}

/** Polls /_local/decisions until the wamid's decision is there: the responder runs asynchronously. */
export async function decisionOf(
  runtime: LocalRuntime,
  wamid: string,
  predicate: (record: DecisionRecord) => boolean = () => true,
): Promise<DecisionRecord> {
  return vi.waitFor(
    async () => {
      const records = await getJson<DecisionRecord[]>(runtime, '/_local/decisions');
      const record = records.find((candidate) => candidate.wamid === wamid);
      if (!record || !predicate(record)) throw new Error(`no matching decision for ${wamid} yet`);
      return record;
    },
    { timeout: 20_000, interval: 50 },
  );
}

/** Successful sends that quote (reply to) the given inbound wamid. */
export async function repliesTo(runtime: LocalRuntime, wamid: string): Promise<OutboxEntry[]> {
  const outbox = await getJson<OutboxEntry[]>(runtime, '/_local/outbox');
  return outbox.filter(
    (entry) =>
      entry.status === 200 &&
      (entry.body.context as { message_id?: string } | undefined)?.message_id === wamid,
  );
}
