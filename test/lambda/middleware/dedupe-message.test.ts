import { describe, expect, it } from 'vitest';
import { hashUserKey } from '../../../lambda/core/user-hash.ts';
import { dedupeMessage } from '../../../lambda/middleware/dedupe-message.ts';
import { FixedClock, InMemoryDecisionLog, StaticSecrets } from '../../support/in-memory-ports.ts';
import { NOW, textMessage } from '../../support/inbound-messages.ts';
import { runMiddlewares } from '../../support/middy-harness.ts';

function setup() {
  const decisions = new InMemoryDecisionLog();
  const middleware = dedupeMessage({
    secrets: new StaticSecrets({ userHashSalt: 'pepper' }),
    decisions,
    clock: new FixedClock(NOW),
    retentionDays: 90,
    functionTimeoutMs: 30_000,
  });
  return { decisions, middleware };
}

describe('dedupeMessage', () => {
  it('claims a new message under the keyed hash of the user, with a TTL of the retention', async () => {
    const { decisions, middleware } = setup();
    const message = textMessage('hi');
    const state = await runMiddlewares([middleware], message);
    const userHash = hashUserKey('pepper', message.user.key);
    expect(state.ref).toEqual({ userHash, timestamp: message.timestamp, wamid: message.wamid });
    expect(state.verdicts.dedupe).toEqual({ kind: 'claimed', attempts: 1 });
    expect([...decisions.items.values()][0]?.expiresAt).toBe(NOW / 1000 + 90 * 86_400);
  });

  it('recognises a redelivery of a finished decision', async () => {
    const { decisions, middleware } = setup();
    const message = textMessage('hi');
    const first = await runMiddlewares([middleware], message);
    if (!first.ref) throw new Error('no ref');
    await decisions.finish(
      {
        ...first.ref,
        decisionId: 'd',
        transport: 'cloud_api',
        businessPhoneNumberId: 'p',
        inputType: 'text',
        receivedAt: '',
        decidedAt: '',
        intent: null,
        outcome: 'answered',
        reason: 'in_scope',
        replyKind: 'answer',
        attempts: 1,
      },
      0,
    );
    const second = await runMiddlewares([middleware], message);
    expect(second.verdicts.dedupe).toEqual({ kind: 'duplicate' });
  });

  it('throws when the secrets cannot be read (the queue retries; nothing to record)', async () => {
    const middleware = dedupeMessage({
      secrets: { get: () => Promise.reject(new Error('denied')) },
      decisions: new InMemoryDecisionLog(),
      clock: new FixedClock(NOW),
      retentionDays: 90,
      functionTimeoutMs: 30_000,
    });
    await expect(runMiddlewares([middleware], textMessage('hi'))).rejects.toThrow('denied');
  });
});
