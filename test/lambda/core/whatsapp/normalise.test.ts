import { describe, expect, it } from 'vitest';
import type { InboundMessage, QueueItem, StatusUpdate } from '../../../../lambda/core/inbound.ts';
import {
  entriesToQueueItems,
  type NormaliseOptions,
  orderPerUser,
  toQueueItems,
} from '../../../../lambda/core/whatsapp/normalise.ts';
import { buildTextWebhook } from '../../../support/signed-webhook.ts';
import { readWhatsAppFixture } from '../../../support/whatsapp-fixtures.ts';

const RECEIVED_AT = 1_764_043_500_000;
const OPTIONS: NormaliseOptions = {
  transport: 'cloud_api',
  receivedAt: RECEIVED_AT,
  trackDelivery: false,
};
const PHONE_NUMBER_ID = '109876543210987';
const WA = '15551230001';

function fixture(name: string): unknown {
  return JSON.parse(readWhatsAppFixture(name));
}

function onlyMessage(name: string): InboundMessage {
  const result = toQueueItems(fixture(name), OPTIONS);
  expect(result.items).toHaveLength(1);
  const [item] = result.items;
  expect(item?.kind).toBe('message');
  return item as InboundMessage;
}

describe('toQueueItems', () => {
  it.each([
    ['text', { type: 'text', body: 'What are your opening hours?' }],
    [
      'image',
      {
        type: 'media',
        mediaType: 'image',
        mediaId: '1003383421387256',
        mimeType: 'image/jpeg',
        caption: 'The damaged box',
      },
    ],
    [
      'audio',
      {
        type: 'media',
        mediaType: 'audio',
        mediaId: '1003383421387257',
        mimeType: 'audio/mpeg',
        voice: false,
      },
    ],
    [
      'voice',
      {
        type: 'media',
        mediaType: 'audio',
        mediaId: '1003383421387258',
        mimeType: 'audio/ogg; codecs=opus',
        voice: true,
      },
    ],
    [
      'video',
      {
        type: 'media',
        mediaType: 'video',
        mediaId: '1003383421387259',
        mimeType: 'video/mp4',
        caption: 'Unboxing',
      },
    ],
    [
      'document',
      {
        type: 'media',
        mediaType: 'document',
        mediaId: '1003383421387260',
        mimeType: 'application/pdf',
        caption: 'My invoice',
        filename: 'invoice-2026-11.pdf',
      },
    ],
    [
      'sticker',
      {
        type: 'media',
        mediaType: 'sticker',
        mediaId: '1003383421387261',
        mimeType: 'image/webp',
        animated: true,
      },
    ],
    [
      'location',
      {
        type: 'location',
        latitude: 37.4834,
        longitude: -122.1484,
        name: 'Example Store',
        address: '1 Example Street, Springfield',
      },
    ],
    ['contacts', { type: 'contacts', count: 2 }],
    [
      'interactive-button-reply',
      {
        type: 'interactive',
        replyKind: 'button_reply',
        id: 'opening_hours',
        title: 'Opening hours',
      },
    ],
    [
      'interactive-list-reply',
      {
        type: 'interactive',
        replyKind: 'list_reply',
        id: 'order_status',
        title: 'Order status',
        description: 'Where is my parcel?',
      },
    ],
    [
      'interactive-nfm-reply',
      {
        type: 'interactive',
        replyKind: 'nfm_reply',
        title: 'flow',
        description: 'Sent',
        responseJson: '{"flow_token":"fixture-token","order_id":"A-1001"}',
      },
    ],
    ['button', { type: 'button', payload: 'STOP_PROMOTIONS', text: 'Unsubscribe' }],
    [
      'reaction',
      { type: 'reaction', messageId: 'wamid.MTU1NTEyMzAwMDEtMDkwMi1maXh0dXJl', emoji: '👍' },
    ],
    ['reaction-removed', { type: 'reaction', messageId: 'wamid.MTU1NTEyMzAwMDEtMDkwMi1maXh0dXJl' }],
    [
      'order',
      {
        type: 'order',
        catalogId: '1537000000000001',
        itemCount: 2,
        text: 'Please deliver on Friday',
      },
    ],
    [
      'system-user-changed-number',
      {
        type: 'system',
        systemType: 'user_changed_number',
        body: 'User A changed from 15551230001 to 15551239999',
        newWaId: '15551239999',
      },
    ],
    [
      'system-user-changed-user-id',
      {
        type: 'system',
        systemType: 'user_changed_user_id',
        body: 'User A changed their user id',
        previousUserId: 'US.20481234567890123456',
        newUserId: 'US.20489999999999999999',
      },
    ],
    [
      'system-customer-identity-changed',
      {
        type: 'system',
        systemType: 'customer_identity_changed',
        body: "A user's identity changed",
      },
    ],
    [
      'edit',
      {
        type: 'edit',
        originalMessageId: 'wamid.MTU1NTEyMzAwMDEtMDAwMS1maXh0dXJl',
        body: 'What are your opening hours on Sunday?',
      },
    ],
    ['revoke', { type: 'revoke', originalMessageId: 'wamid.MTU1NTEyMzAwMDEtMDAyMS1maXh0dXJl' }],
    [
      'unsupported',
      {
        type: 'unsupported',
        originalType: 'poll_creation',
        errors: [
          {
            code: 131051,
            title: 'Message type unknown',
            message: 'Message type unknown',
            details: 'Message type is currently not supported.',
          },
        ],
      },
    ],
  ])('normalises the %s fixture', (name, content) => {
    // Act
    const message = onlyMessage(name);

    // Assess
    expect(message.content).toEqual(content);
    expect(message).toMatchObject({
      kind: 'message',
      transport: 'cloud_api',
      businessPhoneNumberId: PHONE_NUMBER_ID,
      wabaId: '102030405060708',
      receivedAt: RECEIVED_AT,
    });
    expect(message.wamid).toMatch(/^wamid\./);
    expect(Number.isInteger(message.timestamp)).toBe(true);
  });

  it('keeps the phone number, profile name and key of a classic contact', () => {
    const message = onlyMessage('text');
    expect(message.user).toEqual({ key: WA, waId: WA, profileName: 'Alex Example' });
    expect(message.timestamp).toBe(1_764_043_201);
  });

  it('keys a BSUID-only user by the BSUID and keeps parent id and username', () => {
    const message = onlyMessage('bsuid-only');
    expect(message.user).toEqual({
      key: 'US.20481234567890123456',
      userId: 'US.20481234567890123456',
      parentUserId: 'US.ENT.99887766554433221100',
      username: '@robin.example',
      profileName: 'Robin',
    });
  });

  it('keys by the BSUID when both a BSUID and a phone number are present', () => {
    // Prepare
    const payload = fixture('text') as {
      entry: { changes: { value: { messages: Record<string, unknown>[] } }[] }[];
    };
    const message = payload.entry[0]?.changes[0]?.value.messages[0] as Record<string, unknown>;
    message.from_user_id = 'US.1234';

    // Act
    const [item] = toQueueItems(payload, OPTIONS).items as InboundMessage[];

    // Assess
    expect(item?.user).toMatchObject({ key: 'US.1234', userId: 'US.1234', waId: WA });
  });

  it('keys a system message without contacts by its from field', () => {
    expect(onlyMessage('system-user-changed-number').user).toEqual({ key: WA, waId: WA });
  });

  it.each([
    ['context-reply', { repliedToId: 'wamid.MTU1NTEyMzAwMDEtMDkwMy1maXh0dXJl' }],
    [
      'context-referred-product',
      {
        repliedToId: 'wamid.MTU1NTEyMzAwMDEtMDkwNC1maXh0dXJl',
        referredProduct: { catalogId: '1537000000000001', productRetailerId: 'SKU-001' },
      },
    ],
    ['interactive-button-reply', { repliedToId: 'wamid.MTU1NTEyMzAwMDEtMDkwMC1maXh0dXJl' }],
  ])('keeps the context of %s', (name, context) => {
    expect(onlyMessage(name).context).toEqual(context);
  });

  it('marks forwarded and frequently forwarded messages', () => {
    const items = toQueueItems(fixture('context-forwarded'), OPTIONS).items as InboundMessage[];
    expect(items.map((item) => item.context)).toEqual([
      { forwarded: true },
      { frequentlyForwarded: true },
    ]);
  });

  it('keeps a click-to-WhatsApp referral', () => {
    const message = onlyMessage('referral');
    expect(message.content).toEqual({ type: 'text', body: 'Is this still available?' });
    expect(message.referral).toEqual({
      sourceType: 'ad',
      sourceId: '120200000000001',
      sourceUrl: 'https://fb.me/fixture-ad',
      headline: 'Winter sale',
      body: '20% off boots',
      ctwaClid: 'ARAkLkA8rmlFeiCktEJQ-fixture',
    });
  });

  it('decodes escaped unicode, emoji and slashes in text', () => {
    const message = onlyMessage('unicode-emoji');
    expect(message.content).toEqual({
      type: 'text',
      body: 'äöå ¿Dónde está mi pedido? 😀📦 see https://example.com/track?id=1 <b> 100% @shop @home',
    });
    expect(message.user.profileName).toBe('François 💻');
  });

  it('turns an unknown type into unsupported without losing the next message', () => {
    // Act
    const result = toQueueItems(fixture('unknown-type'), OPTIONS);

    // Assess
    expect(result.items.map((item) => (item as InboundMessage).content)).toEqual([
      { type: 'unsupported', originalType: 'hologram', errors: [] },
      { type: 'text', body: 'And a normal one' },
    ]);
    expect(result.counts.invalidItems).toBe(0);
  });

  it('turns a known type with a malformed payload into unsupported', () => {
    // Prepare
    const payload = fixture('text') as {
      entry: { changes: { value: { messages: Record<string, unknown>[] } }[] }[];
    };
    const message = payload.entry[0]?.changes[0]?.value.messages[0] as Record<string, unknown>;
    message.text = { body: 42 };

    // Act
    const [item] = toQueueItems(payload, OPTIONS).items as InboundMessage[];

    // Assess
    expect(item?.content).toEqual({ type: 'unsupported', originalType: 'text', errors: [] });
  });

  it('reads an empty emoji as a removed reaction', () => {
    // Prepare
    const payload = fixture('reaction') as {
      entry: { changes: { value: { messages: { reaction: { emoji?: string } }[] } }[] }[];
    };
    const message = payload.entry[0]?.changes[0]?.value.messages[0];
    if (message) message.reaction.emoji = '';

    // Act
    const [item] = toQueueItems(payload, OPTIONS).items as InboundMessage[];

    // Assess
    expect(item?.content).toEqual({
      type: 'reaction',
      messageId: 'wamid.MTU1NTEyMzAwMDEtMDkwMi1maXh0dXJl',
    });
  });

  it('drops and counts a message with neither a BSUID nor a phone number', () => {
    const result = toQueueItems(fixture('no-user'), OPTIONS);
    expect(result.items).toEqual([]);
    expect(result.counts.unidentifiedMessages).toBe(1);
    expect(result.notes.join('\n')).not.toContain('Who am I');
  });

  describe('statuses', () => {
    it('enqueues a failure with its errors even when delivery is not tracked', () => {
      // Act
      const result = toQueueItems(fixture('status-failed'), OPTIONS);

      // Assess
      expect(result.items).toEqual([
        {
          kind: 'status',
          transport: 'cloud_api',
          messageId: 'wamid.MTU1NTEyMzAwMDEtMDkwNS1maXh0dXJl',
          status: 'failed',
          timestamp: 1_764_043_213,
          receivedAt: RECEIVED_AT,
          businessPhoneNumberId: PHONE_NUMBER_ID,
          recipientKey: 'US.20481234567890123456',
          callbackData:
            'U#0123456789abcdef0123456789abcdef|M#1764043201#wamid.MTU1NTEyMzAwMDEtMDAwMS1maXh0dXJl',
          errors: [
            {
              code: 131047,
              title: 'Re-engagement message',
              message: 'Re-engagement message',
              details:
                'Message failed to send because more than 24 hours have passed since the customer last replied to this number.',
            },
          ],
        } satisfies StatusUpdate,
      ]);
    });

    it.each(['status-sent', 'status-delivered', 'status-read'])(
      'drops and counts %s when delivery is not tracked',
      (name) => {
        const result = toQueueItems(fixture(name), OPTIONS);
        expect(result.items).toEqual([]);
        expect(result.counts.statusesDropped).toBe(1);
      },
    );

    it.each([
      ['status-sent', 'sent', 'service', false],
      ['status-delivered', 'delivered', 'service', false],
      ['status-read', 'read', undefined, undefined],
    ])('enqueues %s when delivery is tracked', (name, status, category, billable) => {
      // Act
      const result = toQueueItems(fixture(name), { ...OPTIONS, trackDelivery: true });

      // Assess
      expect(result.items).toHaveLength(1);
      const item = result.items[0] as StatusUpdate;
      expect(item).toMatchObject({ kind: 'status', status, errors: [] });
      expect(item.pricingCategory).toBe(category);
      expect(item.billable).toBe(billable);
    });

    it('keys the recipient by phone number when Meta sent no BSUID', () => {
      // Prepare
      const payload = fixture('status-failed') as {
        entry: { changes: { value: { statuses: Record<string, unknown>[] } }[] }[];
      };
      delete payload.entry[0]?.changes[0]?.value.statuses[0]?.recipient_user_id;

      // Act
      const [item] = toQueueItems(payload, OPTIONS).items as StatusUpdate[];

      // Assess
      expect(item?.recipientKey).toBe(WA);
    });

    it('drops an unknown status value', () => {
      const payload = fixture('status-read') as {
        entry: { changes: { value: { statuses: Record<string, unknown>[] } }[] }[];
      };
      const status = payload.entry[0]?.changes[0]?.value.statuses[0] as Record<string, unknown>;
      status.status = 'deleted';
      const result = toQueueItems(payload, { ...OPTIONS, trackDelivery: true });
      expect(result.items).toEqual([]);
      expect(result.counts.statusesDropped).toBe(1);
    });
  });

  it('counts top-level value errors and logs only their codes', () => {
    const result = toQueueItems(fixture('value-errors'), OPTIONS);
    expect(result.items).toEqual([]);
    expect(result.counts.valueErrors).toBe(1);
    expect(result.notes.some((note) => note.includes('130429'))).toBe(true);
  });

  it('ignores and counts fields other than messages', () => {
    const result = toQueueItems(fixture('account-update'), OPTIONS);
    expect(result.items).toEqual([]);
    expect(result.counts.ignoredFields).toBe(1);
    expect(result.notes).toEqual(['ignored field account_update']);
  });

  it('reads every entry, change and item of a batch, each user in timestamp order', () => {
    // Act
    const result = toQueueItems(fixture('multi-entry-batch'), OPTIONS);

    // Assess: payload order, except that user B's two messages are swapped into timestamp order
    const summary = result.items.map((item) =>
      item.kind === 'message'
        ? `${item.user.key}:${(item.content as { body: string }).body}`
        : `status:${item.status}`,
    );
    expect(summary).toEqual([
      '15551230001:a1',
      '15551230002:b1',
      '15551230002:b2',
      '15551230001:a2',
      'status:failed',
      'US.30001112223334445556:c1',
      '15551230001:a3',
    ]);
    expect(result.counts).toEqual({
      messages: 6,
      statuses: 1,
      statusesDropped: 1,
      ignoredFields: 1,
      invalidItems: 1,
      unidentifiedMessages: 0,
      valueErrors: 0,
      duplicates: 0,
    });
    expect(result.notes).toContain('ignored field account_alerts');
    expect(
      result.notes.some((note) => note.includes('entry[0].changes[0].value.messages[3]')),
    ).toBe(true);
    const second = result.items[5] as InboundMessage;
    expect(second.businessPhoneNumberId).toBe('109876543219999');
    expect(second.wabaId).toBe('102030405069999');
  });

  it.each([
    ['null', null],
    ['an array', []],
    ['another object type', { object: 'page', entry: [] }],
    ['an envelope without entries', { object: 'whatsapp_business_account' }],
  ])('reports %s as an invalid envelope', (_, payload) => {
    const result = toQueueItems(payload, OPTIONS);
    expect(result.items).toEqual([]);
    expect(result.invalidEnvelope).toMatch(/not a WhatsApp webhook envelope/);
  });

  it('counts a malformed entry, change and value but keeps the valid ones', () => {
    // Prepare
    const good = JSON.parse(buildTextWebhook(1)).entry[0];
    const payload = {
      object: 'whatsapp_business_account',
      entry: [
        { id: 'x' },
        { id: 'y', changes: [{ value: {} }, { field: 'messages', value: { metadata: {} } }] },
        good,
      ],
    };

    // Act
    const result = toQueueItems(payload, OPTIONS);

    // Assess
    expect(result.items).toHaveLength(1);
    expect(result.counts.invalidItems).toBe(3);
  });

  it('keeps a message or status repeated within one payload once', () => {
    // Prepare
    const payload = fixture('multi-entry-batch') as {
      entry: { changes: { value: { messages?: unknown[]; statuses?: unknown[] } }[] }[];
    };
    const first = payload.entry[0]?.changes[0]?.value;
    const statuses = payload.entry[0]?.changes[2]?.value;
    first?.messages?.push(first.messages[0]);
    statuses?.statuses?.push(statuses.statuses[0]);

    // Act
    const result = toQueueItems(payload, OPTIONS);

    // Assess
    expect(result.counts).toMatchObject({ messages: 6, statuses: 1, duplicates: 2 });
    expect(result.items).toHaveLength(7);
  });

  it('survives hostile shapes without throwing', () => {
    const hostile = [
      { object: 'whatsapp_business_account', entry: [null, 1, 'x', { changes: [null] }] },
      {
        object: 'whatsapp_business_account',
        entry: [
          {
            changes: [
              {
                field: 'messages',
                value: {
                  metadata: { phone_number_id: '1' },
                  messages: [null, { id: 'w', timestamp: 'soon', type: 'text' }, 5],
                  statuses: [{}, null],
                  contacts: 'nope',
                },
              },
            ],
          },
        ],
      },
    ];
    for (const payload of hostile) {
      expect(() => toQueueItems(payload, OPTIONS)).not.toThrow();
    }
  });

  it('tags items from End User Messaging Social with their transport', () => {
    const entry = JSON.parse(readWhatsAppFixture('text')).entry[0];
    const result = entriesToQueueItems([entry], { ...OPTIONS, transport: 'eum_social' });
    expect(result.items[0]?.transport).toBe('eum_social');
  });
});

describe('orderPerUser', () => {
  function text(key: string, timestamp: number, body: string): QueueItem {
    return {
      kind: 'message',
      transport: 'cloud_api',
      wamid: `wamid.${body}`,
      businessPhoneNumberId: '1',
      user: { key },
      timestamp,
      receivedAt: 0,
      content: { type: 'text', body },
    };
  }

  it('sorts each user by timestamp, keeps slots and equal timestamps in payload order', () => {
    // Prepare
    const items = [
      text('a', 5, 'a5'),
      text('b', 3, 'b3'),
      text('a', 1, 'a1'),
      text('a', 5, 'a5bis'),
      text('b', 2, 'b2'),
    ];

    // Act
    const ordered = orderPerUser(items).map((item) => (item as InboundMessage).wamid);

    // Assess
    expect(ordered).toEqual(['wamid.a1', 'wamid.b2', 'wamid.a5', 'wamid.a5bis', 'wamid.b3']);
  });
});
