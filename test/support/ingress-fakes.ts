// In-memory ports for the ingress functions (tests, local runtime, benchmarks).
import type { QueueItem } from '../../lambda/core/inbound.ts';
import type {
  Clock,
  QueuePublisher,
  RejectedPayloadStore,
  SecretSource,
  WhatsAppSecrets,
} from '../../lambda/core/ports.ts';

export class InMemoryQueuePublisher implements QueuePublisher {
  readonly items: QueueItem[] = [];
  /** Calls to publish, each with the items it was given. */
  readonly calls: QueueItem[][] = [];
  /** When set, the next publish calls throw this error instead of enqueueing. */
  failWith: Error | undefined;

  async publish(items: readonly QueueItem[]): Promise<void> {
    this.calls.push([...items]);
    if (this.failWith) throw this.failWith;
    this.items.push(...items);
  }
}

export class InMemoryRejectedPayloadStore implements RejectedPayloadStore {
  readonly kept: { body: string; reason: string; receivedAt: number }[] = [];
  failWith: Error | undefined;

  async keep(payload: { body: string; reason: string; receivedAt: number }): Promise<void> {
    if (this.failWith) throw this.failWith;
    this.kept.push({ ...payload });
  }
}

export const TEST_SECRETS: WhatsAppSecrets = {
  appSecret: 'test-app-secret',
  accessToken: 'test-access-token',
  verifyToken: 'test-verify-token',
  userHashSalt: 'test-user-hash-salt',
};

/** A SecretSource whose answer the test can change (or break) between requests. */
export class MutableSecretSource implements SecretSource {
  constructor(public secrets: WhatsAppSecrets | Error = TEST_SECRETS) {}

  async get(): Promise<WhatsAppSecrets> {
    if (this.secrets instanceof Error) throw this.secrets;
    return this.secrets;
  }
}

export function fixedClock(now = 1_764_043_500_000): Clock {
  return { now: () => now };
}
