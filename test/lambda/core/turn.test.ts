import { describe, expect, it } from 'vitest';
import {
  isTurnSettled,
  localisePlan,
  planTurn,
  refuseWithoutGeneralAnswer,
  type TurnVerdicts,
} from '../../../lambda/core/turn.ts';

const claimed = { kind: 'claimed', attempts: 1 } as const;
const open = { open: true, lastInboundAt: 0 } as const;
const closed = { open: false, lastInboundAt: 0 } as const;
const base: TurnVerdicts = {
  dedupe: claimed,
  consent: { kind: 'pass' },
  handoff: { kind: 'inactive' },
  window: open,
};

describe('planTurn', () => {
  it.each<[string, TurnVerdicts, object]>([
    [
      'redelivery of a finished decision',
      { dedupe: { kind: 'duplicate' } },
      { outcome: 'duplicate', reason: 'redelivery', write: 'duplicate' },
    ],
    [
      'claim still in progress',
      { dedupe: { kind: 'in_progress' } },
      { outcome: 'duplicate', reason: 'claim_in_progress', write: 'duplicate' },
    ],
    [
      'interrupted attempt',
      { dedupe: { kind: 'interrupted' } },
      { outcome: 'failed', reason: 'interrupted_unknown_send_state', write: 'finish' },
    ],
    [
      'config error',
      { configError: 'x', dedupe: claimed },
      { outcome: 'failed', reason: 'config_error', write: 'finish' },
    ],
    [
      'opt-out',
      { ...base, consent: { kind: 'opt_out', confirm: true, language: 'id' } },
      {
        outcome: 'opted_out',
        reason: 'opt_out_keyword',
        reply: { kind: 'opt_out_confirmation', language: 'id' },
        write: 'finish',
      },
    ],
    [
      'repeated opt-out',
      { ...base, consent: { kind: 'opt_out', confirm: false, language: 'id' } },
      { outcome: 'opted_out', reason: 'already_opted_out', write: 'finish' },
    ],
    [
      'opt-in',
      { ...base, consent: { kind: 'opt_in', language: 'pt' } },
      {
        outcome: 'answered',
        reason: 'opt_in_keyword',
        reply: { kind: 'opt_in_confirmation', language: 'pt' },
        write: 'finish',
      },
    ],
    [
      'opted out',
      { ...base, consent: { kind: 'suppressed' } },
      { outcome: 'opted_out', reason: 'opted_out', write: 'finish' },
    ],
    [
      'handoff by agent',
      { ...base, handoff: { kind: 'active', until: 1, by: 'agent' } },
      { outcome: 'handoff_active', reason: 'handoff_by_agent', write: 'finish' },
    ],
    [
      'answer',
      { ...base, scope: { kind: 'answer', intent: 'a' } },
      {
        outcome: 'answered',
        reason: 'in_scope',
        reply: { kind: 'answer', language: 'en', intent: 'a' },
        write: 'finish',
      },
    ],
    [
      'handoff request',
      { ...base, scope: { kind: 'handoff', intent: 'h' } },
      {
        outcome: 'answered',
        reason: 'handoff_requested',
        reply: { kind: 'handoff', language: 'en', intent: 'h' },
        startHandoff: true,
        write: 'finish',
      },
    ],
    [
      'general',
      { ...base, scope: { kind: 'general' } },
      {
        outcome: 'general_answered',
        reason: 'general_allowed',
        reply: { kind: 'general_answer', language: 'en' },
        write: 'finish',
      },
    ],
    [
      'out of scope',
      { ...base, scope: { kind: 'refuse', reason: 'below_threshold' } },
      {
        outcome: 'refused_out_of_scope',
        reason: 'below_threshold',
        reply: { kind: 'refusal', language: 'en' },
        write: 'finish',
      },
    ],
    [
      'policy failure',
      { ...base, scope: { kind: 'refuse', reason: 'policy_error' } },
      {
        outcome: 'refused_policy',
        reason: 'policy_error',
        reply: { kind: 'refusal', language: 'en' },
        write: 'finish',
      },
    ],
    [
      'non-text',
      { ...base, scope: { kind: 'non_text' } },
      {
        outcome: 'unsupported',
        reason: 'non_text_input',
        reply: { kind: 'non_text', language: 'en' },
        write: 'finish',
      },
    ],
    [
      'reaction',
      { ...base, scope: { kind: 'ignore', reason: 'reaction' } },
      { outcome: 'unsupported', reason: 'reaction', write: 'finish' },
    ],
    [
      'no scope verdict: no reply',
      base,
      { outcome: 'refused_out_of_scope', reason: 'no_scope_verdict', write: 'finish' },
    ],
    [
      'window closed',
      { ...base, window: closed, scope: { kind: 'answer', intent: 'a' } },
      { outcome: 'window_closed', reason: 'window_closed', write: 'finish' },
    ],
    [
      'window closed, handoff still starts',
      { ...base, window: closed, scope: { kind: 'handoff', intent: 'h' } },
      { outcome: 'window_closed', reason: 'window_closed', startHandoff: true, write: 'finish' },
    ],
    [
      'window closed without a reply due',
      { ...base, window: closed, scope: { kind: 'ignore', reason: 'revoke' } },
      { outcome: 'unsupported', reason: 'revoke', write: 'finish' },
    ],
  ])('%s', (_, verdicts, plan) => {
    expect(planTurn(verdicts, 'en', false)).toEqual(plan);
  });

  it('sends the window template when the profile has one, but never in answer to STOP', () => {
    const answer = { ...base, window: closed, scope: { kind: 'answer', intent: 'a' } } as const;
    expect(planTurn(answer, 'id', true).reply).toEqual({ kind: 'template', language: 'id' });
    const stop = {
      ...base,
      window: closed,
      consent: { kind: 'opt_out', confirm: true, language: 'en' },
    } as const;
    expect(planTurn(stop, 'en', true)).toEqual({
      outcome: 'window_closed',
      reason: 'window_closed',
      write: 'finish',
    });
  });
});

describe('isTurnSettled', () => {
  it.each<[string, TurnVerdicts, boolean]>([
    ['nothing yet', {}, false],
    ['claimed', { dedupe: claimed }, false],
    ['duplicate', { dedupe: { kind: 'duplicate' } }, true],
    ['config error', { configError: 'x' }, true],
    ['consent pass', { dedupe: claimed, consent: { kind: 'pass' } }, false],
    ['opted out', { dedupe: claimed, consent: { kind: 'suppressed' } }, true],
    [
      'handoff active',
      { dedupe: claimed, handoff: { kind: 'active', until: 1, by: 'user' } },
      true,
    ],
  ])('%s', (_, verdicts, settled) => {
    expect(isTurnSettled(verdicts)).toBe(settled);
  });
});

describe('localisePlan', () => {
  const plan = { outcome: 'opted_out', reason: 'opt_out_keyword', write: 'finish' } as const;
  it.each([
    ['a language the profile speaks', 'id', 'id'],
    ['one it does not', 'pt', 'en'],
  ])('keeps the reply in %s', (_, language, expected) => {
    const localised = localisePlan(
      { ...plan, reply: { kind: 'opt_out_confirmation', language } },
      ['en', 'id'],
      'en',
    );
    expect(localised.reply?.language).toBe(expected);
  });

  it('leaves a plan without reply alone', () => {
    expect(localisePlan(plan, ['en'], 'en')).toBe(plan);
  });
});

describe('refuseWithoutGeneralAnswer', () => {
  it('turns a general answer into a refusal and leaves other plans alone', () => {
    const general = {
      outcome: 'general_answered',
      reason: 'general_allowed',
      reply: { kind: 'general_answer', language: 'id' },
      write: 'finish',
    } as const;
    expect(refuseWithoutGeneralAnswer(general)).toEqual({
      outcome: 'refused_out_of_scope',
      reason: 'general_answerer_error',
      reply: { kind: 'refusal', language: 'id' },
      write: 'finish',
    });
    const answer = { outcome: 'answered', reason: 'in_scope', write: 'finish' } as const;
    expect(refuseWithoutGeneralAnswer(answer)).toBe(answer);
  });
});
