import { describe, expect, it } from 'vitest';
import { emitMetrics } from '../../../lambda/middleware/emit-metrics.ts';
import { logDecision } from '../../../lambda/middleware/log-decision.ts';
import { FixedClock, graphError, InMemoryDecisionLog } from '../../support/in-memory-ports.ts';
import { NOW, textMessage } from '../../support/inbound-messages.ts';
import { claimedState, runMiddlewares } from '../../support/middy-harness.ts';
import { RecordingLogger, RecordingMetrics } from '../../support/recording-observability.ts';

function setup() {
  const decisions = new InMemoryDecisionLog();
  const metrics = new RecordingMetrics();
  const logger = new RecordingLogger();
  const sleeps: number[] = [];
  const chain = [
    logDecision({
      decisions,
      clock: new FixedClock(NOW),
      textRetention: 'redacted',
      retentionDays: 90,
      maxReceiveCount: 3,
      logger,
      metrics,
      sleep: async (ms) => {
        sleeps.push(ms);
      },
    }),
    emitMetrics({ metrics, maxReceiveCount: 3 }),
  ];
  return { decisions, metrics, logger, sleeps, chain };
}

describe('logDecision', () => {
  it('writes the decision after the handler planned the turn', async () => {
    const { decisions, chain } = setup();
    const message = textMessage('hi 123');
    const state = claimedState('a'.repeat(32), message);
    state.text = 'hi 123';
    await runMiddlewares(chain, message, {
      state,
      handler: async (_, context) => {
        context.responder.plan = { outcome: 'unsupported', reason: 'reaction', write: 'finish' };
      },
    });
    expect(decisions.records()).toEqual([
      expect.objectContaining({
        outcome: 'unsupported',
        reason: 'reaction',
        text: 'hi ###',
        decidedAt: new Date(NOW).toISOString(),
      }),
    ]);
  });

  it('logs each decision as a "decision" line with its outcome and reason (the dashboard counts refusals by them)', async () => {
    const { logger, chain } = setup();
    const message = textMessage('translate this to french: hello');
    await runMiddlewares(chain, message, {
      state: claimedState('a'.repeat(32), message),
      handler: async (_, context) => {
        context.responder.plan = {
          outcome: 'refused_out_of_scope',
          reason: 'assistant_task',
          write: 'finish',
        };
      },
    });
    expect(logger.lines).toContainEqual({
      level: 'info',
      message: 'decision',
      extra: [{ wamid: message.wamid, outcome: 'refused_out_of_scope', reason: 'assistant_task' }],
    });
  });

  it('writes a failed decision when the handler throws, then lets the error through', async () => {
    const { decisions, metrics, chain } = setup();
    const message = textMessage('hi');
    const state = claimedState('a'.repeat(32), message);
    await expect(
      runMiddlewares(chain, message, {
        state,
        receiveCount: 3,
        handler: async () => {
          throw graphError(131016, 503);
        },
      }),
    ).rejects.toThrow(/131016/);
    expect(decisions.records()[0]).toMatchObject({
      outcome: 'failed',
      reason: 'graph_131016',
      retryable: true,
      deadLettered: true,
    });
    expect(metrics.named('Decisions')[0]?.dimensions).toEqual({ outcome: 'failed' });
    expect(metrics.named('GraphApiErrors').map((point) => point.dimensions)).toEqual([
      {},
      { code: '131016' },
    ]);
  });

  it('writes nothing without a ref (the salt could not be read)', async () => {
    const { decisions, chain } = setup();
    await expect(
      runMiddlewares(chain, textMessage('hi'), {
        handler: async () => {
          throw new Error('secrets');
        },
      }),
    ).rejects.toThrow('secrets');
    expect(decisions.calls).toEqual([]);
  });

  it('notes a duplicate on the existing record instead of a second decision', async () => {
    const { decisions, chain } = setup();
    const message = textMessage('hi');
    await runMiddlewares(chain, message, {
      state: claimedState('a'.repeat(32), message),
      handler: async (_, context) => {
        context.responder.plan = { outcome: 'duplicate', reason: 'redelivery', write: 'duplicate' };
      },
    });
    expect(decisions.calls.map((call) => call.op)).toEqual(['recordDuplicate']);
  });

  it('retries a failed decision write in place', async () => {
    const { decisions, sleeps, chain } = setup();
    decisions.failNext('finish', new Error('throttled'));
    const message = textMessage('hi');
    await runMiddlewares(chain, message, {
      state: claimedState('a'.repeat(32), message),
      handler: async (_, context) => {
        context.responder.plan = { outcome: 'unsupported', reason: 'revoke', write: 'finish' };
      },
    });
    expect(decisions.calls.map((call) => call.op)).toEqual(['finish', 'finish']);
    expect(sleeps).toEqual([100]);
  });

  it('keeps an answered message consumed when its decision cannot be written, and counts it', async () => {
    const { decisions, metrics, logger, chain } = setup();
    for (let i = 0; i < 3; i++) decisions.failNext('finish', new Error('ddb down'));
    const message = textMessage('hi');
    await runMiddlewares(chain, message, {
      state: claimedState('a'.repeat(32), message),
      handler: async (_, context) => {
        context.responder.plan = { outcome: 'answered', reason: 'in_scope', write: 'finish' };
        context.responder.sent = { messageId: 'wamid.OUT', at: NOW };
      },
    });
    expect(decisions.calls.map((call) => call.op)).toEqual(['finish', 'finish', 'finish']);
    expect(metrics.named('DecisionWriteFailures')).toHaveLength(1);
    expect(logger.lines).toContainEqual(
      expect.objectContaining({
        level: 'error',
        message: 'decision not recorded after the reply was sent',
      }),
    );
  });

  it('counts a failing decision write once and rethrows it after three attempts', async () => {
    const { decisions, metrics, chain } = setup();
    for (let i = 0; i < 3; i++) decisions.failNext('finish', new Error('ddb down'));
    const message = textMessage('hi');
    await expect(
      runMiddlewares(chain, message, {
        state: claimedState('a'.repeat(32), message),
        handler: async (_, context) => {
          context.responder.plan = { outcome: 'unsupported', reason: 'revoke', write: 'finish' };
        },
      }),
    ).rejects.toThrow('ddb down');
    expect(decisions.calls.map((call) => call.op)).toEqual(['finish', 'finish', 'finish']);
    expect(metrics.named('Decisions')).toHaveLength(1);
  });
});
