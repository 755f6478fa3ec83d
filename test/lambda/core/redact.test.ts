import { describe, expect, it } from 'vitest';
import { REDACTED_TEXT_MAX, redactText, retainText } from '../../../lambda/core/redact.ts';

describe('redactText', () => {
  it.each([
    ['my order KL-2291 please', 'my order KL-#### please'],
    ['call me on +62 812 3456 7890', 'call me on +## ### #### ####'],
    ['mail budi.s@example.co.id now', 'mail [email] now'],
    ['card ٤٥٦', 'card ###'],
    ['no numbers here', 'no numbers here'],
  ])('%j → %j', (text, redacted) => {
    expect(redactText(text)).toBe(redacted);
  });

  it('truncates to the maximum, counting characters not UTF-16 units', () => {
    const long = '☕'.repeat(500);
    const result = redactText(long);
    expect(Array.from(result)).toHaveLength(REDACTED_TEXT_MAX);
    expect(result.endsWith('…')).toBe(true);
  });
});

describe('retainText', () => {
  it.each([
    ['none', 'order 12', undefined],
    ['redacted', 'order 12', 'order ##'],
    ['redacted', undefined, undefined],
  ] as const)('%s keeps %j as %j', (retention, text, kept) => {
    expect(retainText(text, retention)).toBe(kept);
  });
});
