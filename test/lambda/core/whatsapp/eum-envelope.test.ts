import { describe, expect, it } from 'vitest';
import { eumEntryOf } from '../../../../lambda/core/whatsapp/eum-envelope.ts';

const entry = { id: '102030405060708', changes: [] };

describe('eumEntryOf', () => {
  it('decodes the entry from its JSON string', () => {
    const message = JSON.stringify({
      context: { MetaWabaIds: [{ wabaId: '102030405060708', arn: 'arn:aws:social-messaging:x' }] },
      whatsAppWebhookEntry: JSON.stringify(entry),
      aws_account_id: '123456789012',
      message_timestamp: '2026-11-25T04:00:00.000000000Z',
    });
    expect(eumEntryOf(message)).toEqual({ ok: true, entry });
  });

  it('accepts an entry that is already an object', () => {
    expect(eumEntryOf(JSON.stringify({ whatsAppWebhookEntry: entry }))).toEqual({
      ok: true,
      entry,
    });
  });

  it.each([
    ['a non-JSON SNS message', 'hello', 'SNS message is not JSON'],
    ['a message without the entry', '{"detail":{}}', 'no whatsAppWebhookEntry'],
    [
      'an entry that is not JSON',
      '{"whatsAppWebhookEntry":"{nope"}',
      'whatsAppWebhookEntry is not JSON',
    ],
  ])('refuses %s', (_, message, reason) => {
    expect(eumEntryOf(message)).toEqual({ ok: false, reason });
  });
});
