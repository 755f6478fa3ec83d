// Builders for normalised inbound messages and statuses (what ingress puts on the queue).
import type {
  InboundContent,
  InboundMessage,
  StatusUpdate,
  UserIdentity,
} from '../../lambda/core/inbound.ts';

/** 2026-03-02T10:00:00Z, a Monday well after every policy date. */
export const NOW = Date.parse('2026-03-02T10:00:00Z');
export const PHONE_NUMBER_ID = '106540352242922';

let counter = 0;

export function inboundMessage(
  content: InboundContent,
  overrides: Partial<Omit<InboundMessage, 'content'>> & { user?: UserIdentity } = {},
): InboundMessage {
  counter += 1;
  const timestamp = overrides.timestamp ?? Math.floor(NOW / 1000) - 2;
  return {
    kind: 'message',
    transport: 'cloud_api',
    wamid: `wamid.in.${counter}`,
    businessPhoneNumberId: PHONE_NUMBER_ID,
    user: { key: '6281234567890', waId: '6281234567890' },
    timestamp,
    receivedAt: timestamp * 1000 + 500,
    ...overrides,
    content,
  };
}

export function textMessage(
  body: string,
  overrides: Partial<Omit<InboundMessage, 'content'>> = {},
): InboundMessage {
  return inboundMessage({ type: 'text', body }, overrides);
}

export function statusUpdate(overrides: Partial<StatusUpdate> = {}): StatusUpdate {
  return {
    kind: 'status',
    transport: 'cloud_api',
    messageId: 'wamid.out.1',
    status: 'delivered',
    timestamp: Math.floor(NOW / 1000),
    receivedAt: NOW,
    businessPhoneNumberId: PHONE_NUMBER_ID,
    recipientKey: '6281234567890',
    errors: [],
    ...overrides,
  };
}
