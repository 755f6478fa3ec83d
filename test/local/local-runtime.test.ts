import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { signPayload } from '../../lambda/core/whatsapp/signature.ts';
import type { LocalRuntime } from '../../local/runtime/local-runtime.ts';
import { buildWebhookPayload } from '../../local/runtime/simulated-webhook.ts';
import {
  decisionOf,
  getJson,
  postJson,
  repliesTo,
  sendListReply,
  sendText,
  startTestRuntime,
} from './support/local-server.ts';

const BUDI = { waId: '6281234567890', name: 'Budi' };
const SARI = { userId: 'ID.5830174629384756102', username: 'sari.ngopi' };

describe('Local runtime: HTTP server end to end (dynalite, in memory)', () => {
  let runtime: LocalRuntime;
  let lines: string[];

  beforeAll(async () => {
    ({ runtime, lines } = await startTestRuntime());
  });

  afterAll(async () => {
    await runtime?.stop();
  });

  it('answers a scoped question sent through /_local/send and logs the decision', async () => {
    // Act
    const sent = await sendText(runtime, BUDI, 'where are my beans? ordered last week');
    const record = await decisionOf(runtime, sent.wamid);
    const replies = await repliesTo(runtime, sent.wamid);

    // Assess
    expect(sent.webhookStatus).toBe(200);
    expect(record).toMatchObject({ outcome: 'answered', intent: 'order_tracking', attempts: 1 });
    expect(record.policyRuleId).toBeTruthy();
    expect(replies).toHaveLength(1);
    expect(replies[0]?.body).toMatchObject({ to: `+${BUDI.waId}`, type: 'text' });
    expect(lines.some((line) => line.includes('answered') && line.includes('+62…7890'))).toBe(true);
    expect(lines.join('\n')).not.toContain(BUDI.waId);
  });

  it('refuses an out-of-scope request of a username-only user with the menu list', async () => {
    // Act
    const sent = await sendText(runtime, SARI, 'write me a poem about the sea');
    const record = await decisionOf(runtime, sent.wamid);
    const [reply] = await repliesTo(runtime, sent.wamid);

    // Assess
    expect(record.outcome).toBe('refused_out_of_scope');
    expect(reply?.body).toMatchObject({ recipient: SARI.userId, type: 'interactive' });
    const interactive = reply?.body.interactive as {
      type: string;
      action: { sections: { rows: { id: string }[] }[] };
    };
    expect(interactive.type).toBe('list');
    const rowIds = interactive.action.sections.flatMap((section) => section.rows.map((r) => r.id));
    expect(rowIds).toContain('roastery_visit');
  });

  it("answers a tap on a menu row (interactive list_reply) with that intent's answer", async () => {
    // Act
    const sent = await sendListReply(runtime, BUDI, {
      id: 'roastery_visit',
      title: 'Visit the roastery',
    });
    const record = await decisionOf(runtime, sent.wamid);
    const replies = await repliesTo(runtime, sent.wamid);

    // Assess
    expect(record).toMatchObject({
      outcome: 'answered',
      intent: 'roastery_visit',
      inputType: 'interactive',
    });
    expect(replies[0]?.body.type).toBe('text');
  });

  it('answers 401 to a webhook with a wrong signature and enqueues nothing', async () => {
    // Prepare
    const { payload, wamid } = buildWebhookPayload(
      BUDI,
      { type: 'text', text: 'hi' },
      {
        timestampSeconds: Math.floor(Date.now() / 1000),
      },
    );
    const raw = JSON.stringify(payload);

    // Act
    const response = await fetch(runtime.webhookUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-hub-signature-256': signPayload(raw, 'wrong'),
      },
      body: raw,
    });
    await runtime.idle();
    const records = await getJson<{ wamid: string }[]>(runtime, '/_local/decisions');

    // Assess
    expect(response.status).toBe(401);
    expect(records.some((record) => record.wamid === wamid)).toBe(false);
    expect(lines.some((line) => line.includes('ingress: request refused'))).toBe(true);
  });

  it('answers the subscription handshake with the challenge', async () => {
    // Act
    const response = await fetch(
      `${runtime.webhookUrl}?hub.mode=subscribe&hub.verify_token=local-verify-token&hub.challenge=8675309`,
    );

    // Assess
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('8675309');
  });

  it('filters decisions by outcome and user, and reports metrics', async () => {
    // Act
    const refused = await getJson<{ outcome: string }[]>(
      runtime,
      '/_local/decisions?outcome=refused_out_of_scope',
    );
    const budi = await getJson<{ userHash: string }[]>(
      runtime,
      `/_local/decisions?user=${BUDI.waId}`,
    );
    const metrics = await getJson<{
      total: number;
      byOutcome: Record<string, number>;
      refusalRate: number;
    }>(runtime, '/_local/metrics');

    // Assess
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.every((record) => record.outcome === 'refused_out_of_scope')).toBe(true);
    expect(budi.length).toBeGreaterThanOrEqual(2);
    expect(new Set(budi.map((record) => record.userHash)).size).toBe(1);
    expect(metrics.total).toBe(
      Object.values(metrics.byOutcome).reduce((sum, count) => sum + count, 0),
    );
    expect(metrics.refusalRate).toBeGreaterThan(0);
  });

  it('keeps a chat silent during an agent handoff and answers again after resume', async () => {
    // Prepare
    const user = { waId: '393401234567' };
    await postJson(runtime, '/_local/handoff', { user: user.waId, minutes: 30 });

    // Act
    const during = await sendText(runtime, user, 'where are my beans?');
    const duringRecord = await decisionOf(runtime, during.wamid);
    const duringReplies = await repliesTo(runtime, during.wamid);
    await postJson(runtime, '/_local/resume', { user: user.waId });
    const after = await sendText(runtime, user, 'where are my beans?');
    const afterRecord = await decisionOf(runtime, after.wamid);

    // Assess
    expect(duringRecord.outcome).toBe('handoff_active');
    expect(duringReplies).toHaveLength(0);
    expect(afterRecord.outcome).toBe('answered');
  });

  it('redelivers a message whose reply failed at the Graph API, and answers on the next delivery', async () => {
    // Prepare: the sender retries 131000 itself three times, so three failures fail the whole delivery.
    await postJson(runtime, '/_local/graph/fail', { count: 3, code: 131000 });

    // Act
    const sent = await sendText(runtime, BUDI, 'do you ship to Surabaya?');
    const record = await decisionOf(runtime, sent.wamid, (r) => r.outcome === 'answered');
    const replies = await repliesTo(runtime, sent.wamid);

    // Assess
    expect(record.attempts).toBe(2);
    expect(replies).toHaveLength(1);
  });

  it('clears decisions and outbox on POST /_local/reset', async () => {
    // Act
    await postJson(runtime, '/_local/reset', {});
    const records = await getJson<unknown[]>(runtime, '/_local/decisions');
    const outbox = await getJson<unknown[]>(runtime, '/_local/outbox');
    const sent = await sendText(runtime, BUDI, 'where are my beans?');
    const record = await decisionOf(runtime, sent.wamid);

    // Assess
    expect(records).toEqual([]);
    expect(outbox).toEqual([]);
    expect(record.outcome).toBe('answered');
  });
});

describe('Local runtime: dead-letter queue', () => {
  it('moves a message to the local DLQ after maxReceiveCount failed deliveries and redrives it', async () => {
    // Prepare
    const { runtime } = await startTestRuntime({ maxReceiveCount: 2, visibilityTimeoutMs: 20 });
    try {
      // Two deliveries of three sender attempts each.
      await postJson(runtime, '/_local/graph/fail', { count: 6, code: 131000 });

      // Act
      const sent = await sendText(runtime, BUDI, 'where are my beans?');
      const dead = await vi.waitFor(
        async () => {
          const letters = await getJson<{ receiveCount: number }[]>(runtime, '/_local/dlq');
          if (letters.length === 0) throw new Error('not dead-lettered yet');
          return letters;
        },
        { timeout: 20_000, interval: 50 },
      );
      const failed = await decisionOf(runtime, sent.wamid);
      const { moved } = await postJson<{ moved: number }>(runtime, '/_local/dlq/redrive', {});
      const answered = await decisionOf(runtime, sent.wamid, (r) => r.outcome === 'answered');

      // Assess
      expect(dead).toEqual([expect.objectContaining({ receiveCount: 2 })]);
      expect(failed.outcome).toBe('failed');
      expect(moved).toBe(1);
      expect(answered.attempts).toBe(3);
    } finally {
      await runtime.stop();
    }
  });
});
