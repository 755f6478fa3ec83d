import { describe, expect, it } from 'vitest';
import { answerHandshake, isSameSecret } from '../../../../lambda/core/whatsapp/verify-token.ts';

const TOKEN = 'my-verify-token';

describe('answerHandshake', () => {
  it('returns the challenge for subscribe with the right token', () => {
    expect(
      answerHandshake({ mode: 'subscribe', verifyToken: TOKEN, challenge: '1158201444' }, TOKEN),
    ).toBe('1158201444');
  });

  it.each([
    ['a wrong token', { mode: 'subscribe', verifyToken: 'nope', challenge: '1' }],
    ['a token prefix', { mode: 'subscribe', verifyToken: TOKEN.slice(0, -1), challenge: '1' }],
    ['no token', { mode: 'subscribe', challenge: '1' }],
    ['another mode', { mode: 'unsubscribe', verifyToken: TOKEN, challenge: '1' }],
    ['no mode', { verifyToken: TOKEN, challenge: '1' }],
    ['no challenge', { mode: 'subscribe', verifyToken: TOKEN }],
    ['an empty challenge', { mode: 'subscribe', verifyToken: TOKEN, challenge: '' }],
    ['markup in the challenge', { mode: 'subscribe', verifyToken: TOKEN, challenge: '<b>1</b>' }],
  ])('refuses %s', (_, query) => {
    expect(answerHandshake(query, TOKEN)).toBeUndefined();
  });

  it('refuses everything when no verify token is configured', () => {
    expect(answerHandshake({ mode: 'subscribe', verifyToken: '', challenge: '1' }, '')).toBe(
      undefined,
    );
  });
});

describe('isSameSecret', () => {
  it.each([
    ['abc', 'abc', true],
    ['abc', 'abd', false],
    ['abc', 'abcd', false],
    ['', 'a', false],
    ['é', 'é', true],
  ])('compares %j and %j as %s', (a, b, same) => {
    expect(isSameSecret(a, b)).toBe(same);
  });
});
