import { describe, expect, it } from 'vitest';
import { detectConsentCommand, evaluateConsent } from '../../../lambda/core/consent.ts';

const text = (body: string) => ({ type: 'text' as const, body });

describe('detectConsentCommand', () => {
  it.each([
    ['STOP', 'opt_out', 'en'],
    ['stop', 'opt_out', 'en'],
    ['  Stop!  ', 'opt_out', 'en'],
    ['UNSUBSCRIBE.', 'opt_out', 'en'],
    ['berhenti', 'opt_out', 'id'],
    ['Batal  Langganan', 'opt_out', 'id'],
    ['PARAR', 'opt_out', 'pt'],
    ['sair', 'opt_out', 'pt'],
    ['START', 'opt_in', 'en'],
    ['mulai', 'opt_in', 'id'],
    ['Empezar', 'opt_in', 'es'],
    ['COMEÇAR', 'opt_in', 'pt'],
    ['começar!', 'opt_in', 'pt'],
  ])('%j → %s (%s)', (body, kind, language) => {
    expect(detectConsentCommand(text(body))).toEqual({ kind, language });
  });

  it.each([
    'stop sending me the wrong size',
    'how do I unsubscribe?',
    'start my order',
    'stopp',
    '',
  ])('ignores %j (not the whole message)', (body) => {
    expect(detectConsentCommand(text(body))).toBeUndefined();
  });

  it.each([
    [{ type: 'button' as const, payload: 'Unsubscribe', text: 'Unsubscribe' }, 'opt_out'],
    [{ type: 'button' as const, text: 'Stop promotions' }, 'opt_out'],
    [{ type: 'button' as const, payload: 'UNSUBSCRIBE' }, 'opt_out'],
    [{ type: 'button' as const, payload: 'resume', text: 'START' }, 'opt_in'],
  ])('reads template quick-reply buttons %j', (content, kind) => {
    expect(detectConsentCommand(content)?.kind).toBe(kind);
  });

  it('ignores other buttons and non-text content', () => {
    expect(detectConsentCommand({ type: 'button', payload: 'order_tracking' })).toBeUndefined();
    expect(
      detectConsentCommand({ type: 'media', mediaType: 'image', caption: 'STOP' }),
    ).toBeUndefined();
  });
});

describe('evaluateConsent', () => {
  const optOut = { kind: 'opt_out' as const, language: 'id' };
  const optIn = { kind: 'opt_in' as const, language: 'es' };
  it.each([
    [
      'STOP while opted in: confirm',
      optOut,
      false,
      { kind: 'opt_out', confirm: true, language: 'id' },
    ],
    [
      'STOP again: no second confirmation',
      optOut,
      true,
      { kind: 'opt_out', confirm: false, language: 'id' },
    ],
    ['START while opted out: opt in', optIn, true, { kind: 'opt_in', language: 'es' }],
    ['START while opted in: nothing special', optIn, false, { kind: 'pass' }],
    ['anything while opted out: silence', undefined, true, { kind: 'suppressed' }],
    ['anything while opted in: pass', undefined, false, { kind: 'pass' }],
  ])('%s', (_, command, optedOut, verdict) => {
    expect(evaluateConsent(command, { optedOut })).toEqual(verdict);
  });
});
