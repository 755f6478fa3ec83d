// In-memory implementations of the responder's ports, for unit tests, the handler tests and benchmarks.
// They keep the adapters' semantics (the claim's dedupe rules, status ranking) without any I/O.
import type { DecisionRecord, DecisionRef } from '../../lambda/core/decision.ts';
import { decodeDecisionRef, encodeDecisionRef } from '../../lambda/core/decision-ref.ts';
import { GraphApiError } from '../../lambda/core/graph-errors.ts';
import type { DeliveryStatus } from '../../lambda/core/inbound.ts';
import type {
  ClaimResult,
  Clock,
  ConversationState,
  ConversationStore,
  DecisionLog,
  DecisionQuery,
  OutboundMessage,
  SecretSource,
  WhatsAppSecrets,
  WhatsAppSender,
} from '../../lambda/core/ports.ts';

export class FixedClock implements Clock {
  constructor(private current: number) {}
  now(): number {
    return this.current;
  }
  set(epochMs: number): void {
    this.current = epochMs;
  }
  advance(ms: number): void {
    this.current += ms;
  }
}

interface StoredDecision {
  ref: DecisionRef;
  state: 'claimed' | 'finished';
  claimedAt: number;
  attempts: number;
  expiresAt: number;
  record?: DecisionRecord;
  duplicates: number;
  /** The attempt holding an open claim. */
  attemptId?: string;
}

const STATUS_RANK: Readonly<Record<DeliveryStatus, number>> = {
  sent: 1,
  delivered: 2,
  read: 3,
  played: 3,
  failed: 4,
};

export class InMemoryDecisionLog implements DecisionLog, DecisionQuery {
  readonly items = new Map<string, StoredDecision>();
  /** Every call, in order, for assertions on what the chain wrote. */
  readonly calls: { op: 'claim' | 'finish' | 'recordDuplicate' | 'applyStatus'; key: string }[] =
    [];
  private failures: { op: 'claim' | 'finish'; error: Error }[] = [];

  /** The next call of `op` throws `error` (an outage of the table). */
  failNext(op: 'claim' | 'finish', error: Error = new Error('table unavailable')): void {
    this.failures.push({ op, error });
  }

  private takeFailure(op: 'claim' | 'finish'): void {
    const index = this.failures.findIndex((failure) => failure.op === op);
    if (index >= 0) {
      const [failure] = this.failures.splice(index, 1);
      throw failure?.error;
    }
  }

  async claim(
    ref: DecisionRef,
    at: number,
    expiresAt: number,
    attemptId: string,
  ): Promise<ClaimResult> {
    const key = encodeDecisionRef(ref);
    this.calls.push({ op: 'claim', key });
    this.takeFailure('claim');
    const existing = this.items.get(key);
    if (existing === undefined) {
      this.items.set(key, {
        ref,
        state: 'claimed',
        claimedAt: at,
        attempts: 1,
        expiresAt,
        duplicates: 0,
        attemptId,
      });
      return { status: 'claimed', attempts: 1 };
    }
    if (existing.state === 'claimed' && existing.attemptId === attemptId) {
      return { status: 'claimed', attempts: existing.attempts };
    }
    // A retryable failure sent nothing: the next delivery may try again.
    if (existing.state === 'finished' && existing.record?.retryable === true) {
      existing.state = 'claimed';
      existing.claimedAt = at;
      existing.attempts += 1;
      existing.expiresAt = expiresAt;
      existing.attemptId = attemptId;
      return { status: 'claimed', attempts: existing.attempts };
    }
    return { status: 'duplicate', existing: existing.state, claimedAt: existing.claimedAt };
  }

  async finish(record: DecisionRecord, expiresAt: number): Promise<void> {
    const key = encodeDecisionRef(record);
    this.calls.push({ op: 'finish', key });
    this.takeFailure('finish');
    const existing = this.items.get(key);
    this.items.set(key, {
      ref: { userHash: record.userHash, timestamp: record.timestamp, wamid: record.wamid },
      state: 'finished',
      claimedAt: existing?.claimedAt ?? Date.parse(record.decidedAt),
      attempts: record.attempts,
      expiresAt,
      record,
      duplicates: existing?.duplicates ?? 0,
    });
  }

  async recordDuplicate(ref: DecisionRef, _at: number): Promise<void> {
    const key = encodeDecisionRef(ref);
    this.calls.push({ op: 'recordDuplicate', key });
    const existing = this.items.get(key);
    if (existing) existing.duplicates += 1;
  }

  async applyStatus(
    callbackData: string,
    update: { readonly status: DeliveryStatus; readonly at: number; readonly errorCode?: number },
  ): Promise<boolean> {
    this.calls.push({ op: 'applyStatus', key: callbackData });
    const ref = decodeDecisionRef(callbackData);
    const stored = ref && this.items.get(encodeDecisionRef(ref));
    if (!stored?.record) return false;
    const current = stored.record.deliveryStatus;
    if (current !== undefined && STATUS_RANK[current] >= STATUS_RANK[update.status]) return true;
    stored.record = {
      ...stored.record,
      deliveryStatus: update.status,
      ...(update.errorCode === undefined ? {} : { deliveryErrorCode: update.errorCode }),
    };
    return true;
  }

  /** The finished record of a message, if any. */
  recordOf(ref: DecisionRef): DecisionRecord | undefined {
    return this.items.get(encodeDecisionRef(ref))?.record;
  }

  records(): DecisionRecord[] {
    return [...this.items.values()].flatMap((item) => (item.record ? [item.record] : []));
  }

  /** Seeds an unfinished claim, as a crashed attempt would leave it. */
  seedClaim(ref: DecisionRef, claimedAt: number): void {
    this.items.set(encodeDecisionRef(ref), {
      ref,
      state: 'claimed',
      claimedAt,
      attempts: 1,
      expiresAt: Math.floor(claimedAt / 1000) + 8 * 86_400,
      duplicates: 0,
    });
  }

  /** The latest message timestamp seen for a user (what the DynamoDB store derives from its query). */
  lastTimestampOf(userHash: string, excludeWamid?: string): number | undefined {
    const timestamps = [...this.items.values()]
      .filter((item) => item.ref.userHash === userHash && item.ref.wamid !== excludeWamid)
      .map((item) => item.ref.timestamp);
    return timestamps.length === 0 ? undefined : Math.max(...timestamps);
  }

  /** The reply language of the latest earlier finished message (what the DynamoDB store reads too). */
  lastLanguageOf(userHash: string, excludeWamid?: string): string | undefined {
    return [...this.items.values()]
      .filter((item) => item.ref.userHash === userHash && item.ref.wamid !== excludeWamid)
      .sort((a, b) => b.ref.timestamp - a.ref.timestamp)
      .find((item) => item.record?.language !== undefined)?.record?.language;
  }

  async byUser(
    userHash: string,
    options: { readonly since?: number; readonly limit?: number } = {},
  ): Promise<DecisionRecord[]> {
    return this.records()
      .filter((record) => record.userHash === userHash)
      .filter((record) => options.since === undefined || record.timestamp * 1000 >= options.since)
      .sort((a, b) => b.timestamp - a.timestamp)
      .slice(0, options.limit ?? Number.POSITIVE_INFINITY);
  }

  async byDay(
    day: string,
    outcome: string,
    options: { readonly limit?: number } = {},
  ): Promise<DecisionRecord[]> {
    return this.records()
      .filter((record) => record.decidedAt.startsWith(day) && record.outcome === outcome)
      .slice(0, options.limit ?? Number.POSITIVE_INFINITY);
  }
}

export class InMemoryConversationStore implements ConversationStore {
  readonly states = new Map<string, ConversationState>();
  readonly calls: { op: 'setOptOut' | 'setHandoff'; userHash: string; args: unknown[] }[] = [];

  /** With a decision log, `lastInboundAt` is derived from its claims, as the DynamoDB store does. */
  constructor(private readonly decisions?: InMemoryDecisionLog) {}

  readonly loads: { userHash: string; excludeWamid?: string }[] = [];

  async load(userHash: string, excludeWamid?: string): Promise<ConversationState> {
    this.loads.push({ userHash, ...(excludeWamid === undefined ? {} : { excludeWamid }) });
    const state = this.states.get(userHash) ?? { optedOut: false };
    const fromLog = this.decisions?.lastTimestampOf(userHash, excludeWamid);
    const lastInboundAt = Math.max(state.lastInboundAt ?? 0, fromLog ?? 0) || undefined;
    const lastLanguage =
      this.decisions?.lastLanguageOf(userHash, excludeWamid) ?? state.lastLanguage;
    return {
      ...state,
      ...(lastInboundAt === undefined ? {} : { lastInboundAt }),
      ...(lastLanguage === undefined ? {} : { lastLanguage }),
    };
  }

  async setOptOut(userHash: string, optedOut: boolean, at: number): Promise<void> {
    this.calls.push({ op: 'setOptOut', userHash, args: [optedOut, at] });
    this.states.set(userHash, { ...(this.states.get(userHash) ?? {}), optedOut });
  }

  async setHandoff(
    userHash: string,
    until: number | null,
    by: 'user' | 'agent',
    at: number,
  ): Promise<void> {
    this.calls.push({ op: 'setHandoff', userHash, args: [until, by, at] });
    const {
      handoffUntil: _until,
      handoffBy: _by,
      ...rest
    } = this.states.get(userHash) ?? {
      optedOut: false,
    };
    this.states.set(
      userHash,
      until === null ? rest : { ...rest, handoffUntil: until, handoffBy: by },
    );
  }

  /** Seeds a user's state directly. */
  seed(userHash: string, state: Partial<ConversationState>): void {
    this.states.set(userHash, { optedOut: false, ...this.states.get(userHash), ...state });
  }
}

export class RecordingWhatsAppSender implements WhatsAppSender {
  readonly sent: OutboundMessage[] = [];
  readonly reads: { businessPhoneNumberId: string; wamid: string }[] = [];
  private sendFailures: Error[] = [];
  private markReadFailure: Error | undefined;
  private counter = 0;

  /** The next send throws `error` (queue several for several sends). */
  failNextSend(error: Error): void {
    this.sendFailures.push(error);
  }

  failMarkRead(error: Error): void {
    this.markReadFailure = error;
  }

  async send(message: OutboundMessage): Promise<{ messageId: string; attempts: number }> {
    const failure = this.sendFailures.shift();
    if (failure) throw failure;
    this.sent.push(message);
    this.counter += 1;
    return { messageId: `wamid.out.${this.counter}`, attempts: 1 };
  }

  async markRead(businessPhoneNumberId: string, wamid: string): Promise<void> {
    if (this.markReadFailure) throw this.markReadFailure;
    this.reads.push({ businessPhoneNumberId, wamid });
  }
}

/** A Graph API error as the sender adapter throws it after giving up. */
export function graphError(code: number, httpStatus = 400, attempts = 1): GraphApiError {
  return new GraphApiError(`(#${code}) test`, { kind: 'graph', code, httpStatus, attempts });
}

export class StaticSecrets implements SecretSource {
  constructor(private readonly secrets: Partial<WhatsAppSecrets> = {}) {}
  async get(): Promise<WhatsAppSecrets> {
    return {
      appSecret: 'app-secret',
      accessToken: 'token',
      verifyToken: 'verify',
      userHashSalt: 'test-salt',
      ...this.secrets,
    };
  }
}
