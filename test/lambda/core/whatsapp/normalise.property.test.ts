import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toQueueItems } from '../../../../lambda/core/whatsapp/normalise.ts';
import { buildTextWebhook } from '../../../support/signed-webhook.ts';

const OPTIONS = { transport: 'cloud_api', receivedAt: 0, trackDelivery: true } as const;

describe('toQueueItems (properties)', () => {
  it('never throws on any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        toQueueItems(value, OPTIONS);
      }),
    );
  });

  it('keeps every valid message whatever junk sits next to it in the batch', () => {
    fc.assert(
      fc.property(fc.array(fc.jsonValue(), { maxLength: 5 }), fc.nat(3), (junk, at) => {
        // Prepare: three valid messages with junk spliced in
        const payload = JSON.parse(buildTextWebhook(3, { users: 2 }));
        const messages: unknown[] = payload.entry[0].changes[0].value.messages;
        messages.splice(Math.min(at, messages.length), 0, ...junk);

        // Act
        const result = toQueueItems(payload, OPTIONS);

        // Assess
        const wamids = result.items.flatMap((item) =>
          item.kind === 'message' ? [item.wamid] : [],
        );
        for (const id of ['wamid.bench.0', 'wamid.bench.1', 'wamid.bench.2']) {
          expect(wamids).toContain(id);
        }
      }),
    );
  });

  it('turns any unknown type into exactly one unsupported item', () => {
    const known = new Set([
      'text',
      'image',
      'audio',
      'video',
      'document',
      'sticker',
      'location',
      'contacts',
      'interactive',
      'button',
      'reaction',
      'order',
      'system',
      'edit',
      'revoke',
      'unsupported',
    ]);
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 20 }).filter((type) => !known.has(type)),
        fc.jsonValue(),
        (type, body) => {
          const payload = JSON.parse(buildTextWebhook(1));
          const message = payload.entry[0].changes[0].value.messages[0];
          delete message.text;
          message.type = type;
          message[type] = body;
          const [item] = toQueueItems(payload, OPTIONS).items;
          expect(item?.kind === 'message' && item.content.type).toBe('unsupported');
        },
      ),
    );
  });
});
