// What of a user's message may be kept in the decision log: digits and e-mail addresses masked, truncated.

/** Keeps the item well under DynamoDB's 1 KB write unit together with the other attributes. */
export const REDACTED_TEXT_MAX = 200;

const EMAIL = /[^\s@]+@[^\s@]+\.[^\s@]+/gu;
const DIGIT = /\p{Nd}/gu;

/** Digits go first-class: card, account, phone and order numbers are all digit runs. */
export function redactText(text: string, max: number = REDACTED_TEXT_MAX): string {
  const masked = text.replace(EMAIL, '[email]').replace(DIGIT, '#');
  const chars = Array.from(masked);
  return chars.length <= max ? masked : `${chars.slice(0, max - 1).join('')}…`;
}

export type TextRetention = 'none' | 'redacted';

export function retainText(text: string | undefined, retention: TextRetention): string | undefined {
  if (text === undefined || retention === 'none') return undefined;
  return redactText(text);
}
