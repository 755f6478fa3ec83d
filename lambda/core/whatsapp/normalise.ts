// Turns a WhatsApp webhook payload (Cloud API) or one relayed entry (End User Messaging Social) into the
// queue items of inbound.ts. Every entry × change × item is parsed on its own; what cannot be used is
// counted and described in `notes` (paths, field names and error codes only: never content or identifiers).

import type * as z from 'zod/mini';
import type {
  DeliveryStatus,
  InboundContent,
  InboundMessage,
  MediaType,
  MessageContext,
  QueueItem,
  Referral,
  StatusUpdate,
  Transport,
  UserIdentity,
  WhatsAppError,
} from '../inbound.ts';
import { chatKeyOf } from '../queue-message.ts';
import {
  buttonPayloadSchema,
  changeSchema,
  contactSchema,
  contactsPayloadSchema,
  type contextSchema,
  editPayloadSchema,
  entrySchema,
  envelopeSchema,
  errorSchema,
  interactivePayloadSchema,
  locationPayloadSchema,
  mediaPayloadSchema,
  messageBaseSchema,
  messagesValueSchema,
  orderPayloadSchema,
  reactionPayloadSchema,
  type referralSchema,
  revokePayloadSchema,
  statusSchema,
  systemPayloadSchema,
  textPayloadSchema,
  unsupportedPayloadSchema,
  type WebhookContact,
  type WebhookMessageBase,
  type WebhookStatus,
} from './webhook-schema.ts';

export interface NormaliseOptions {
  readonly transport: Transport;
  /** When ingress accepted the webhook, epoch milliseconds. */
  readonly receivedAt: number;
  /** Also enqueue sent/delivered/read/played; failures are always enqueued. */
  readonly trackDelivery: boolean;
}

export interface NormaliseCounts {
  /** Inbound messages turned into queue items. */
  messages: number;
  /** Status updates turned into queue items. */
  statuses: number;
  /** Valid statuses the responder does not need (tracking off, or an unknown status value). */
  statusesDropped: number;
  /** Changes whose `field` is not `messages`. */
  ignoredFields: number;
  /** Entries, changes, messages or statuses that did not parse. */
  invalidItems: number;
  /** Messages with neither a BSUID nor a phone number: they cannot be answered. */
  unidentifiedMessages: number;
  /** Top-level `value.errors[]` (system, app or account errors). */
  valueErrors: number;
  /** Messages or statuses repeated within the same payload (kept once). */
  duplicates: number;
}

export interface NormaliseResult {
  /** In payload order, with each user's items sorted by their timestamp (stable). */
  readonly items: QueueItem[];
  readonly counts: NormaliseCounts;
  /** Log-safe notes on what was skipped: paths, field names, error codes. */
  readonly notes: string[];
  /** Set when the payload is not a WhatsApp envelope at all (then `items` is empty). */
  readonly invalidEnvelope?: string;
}

const DELIVERY_STATUSES: ReadonlySet<string> = new Set<DeliveryStatus>([
  'sent',
  'delivered',
  'read',
  'failed',
  'played',
]);

const MEDIA_TYPES: ReadonlySet<string> = new Set<MediaType>([
  'image',
  'audio',
  'video',
  'document',
  'sticker',
]);

function emptyCounts(): NormaliseCounts {
  return {
    messages: 0,
    statuses: 0,
    statusesDropped: 0,
    ignoredFields: 0,
    invalidItems: 0,
    unidentifiedMessages: 0,
    valueErrors: 0,
    duplicates: 0,
  };
}

/** Where a zod error points, without its message (messages may quote the input). */
function describeIssues(error: z.core.$ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || '(root)'}:${issue.code}`)
    .join(',');
}

/** A full Cloud API webhook body (already JSON-parsed). */
export function toQueueItems(payload: unknown, options: NormaliseOptions): NormaliseResult {
  const envelope = envelopeSchema.safeParse(payload);
  if (!envelope.success) {
    return {
      items: [],
      counts: emptyCounts(),
      notes: [],
      invalidEnvelope: `not a WhatsApp webhook envelope (${describeIssues(envelope.error)})`,
    };
  }
  return entriesToQueueItems(envelope.data.entry, options);
}

/** Entries as in `entry[]`; End User Messaging Social relays one at a time. */
export function entriesToQueueItems(
  entries: readonly unknown[],
  options: NormaliseOptions,
): NormaliseResult {
  const collector = new Collector(options);
  entries.forEach((entry, index) => {
    collector.entry(entry, `entry[${index}]`);
  });
  return { items: orderPerUser(collector.items), counts: collector.counts, notes: collector.notes };
}

class Collector {
  readonly items: QueueItem[] = [];
  readonly counts = emptyCounts();
  readonly notes: string[] = [];
  // Meta may repeat an item inside one batch; the queue would drop the copy anyway, this keeps counts honest.
  private readonly seen = new Set<string>();

  constructor(private readonly options: NormaliseOptions) {}

  /** False (and a note) when the same message or status already appeared in this payload. */
  private isFirst(key: string, path: string): boolean {
    if (this.seen.has(key)) {
      this.counts.duplicates += 1;
      this.notes.push(`duplicate ${path}`);
      return false;
    }
    this.seen.add(key);
    return true;
  }

  private invalid(path: string, error?: z.core.$ZodError): void {
    this.counts.invalidItems += 1;
    this.notes.push(error ? `invalid ${path} (${describeIssues(error)})` : `invalid ${path}`);
  }

  entry(raw: unknown, path: string): void {
    const entry = entrySchema.safeParse(raw);
    if (!entry.success) {
      this.invalid(path, entry.error);
      return;
    }
    entry.data.changes.forEach((change, index) => {
      this.change(change, entry.data.id, `${path}.changes[${index}]`);
    });
  }

  private change(raw: unknown, wabaId: string | undefined, path: string): void {
    const change = changeSchema.safeParse(raw);
    if (!change.success) {
      this.invalid(path, change.error);
      return;
    }
    if (change.data.field !== 'messages') {
      this.counts.ignoredFields += 1;
      this.notes.push(`ignored field ${change.data.field.slice(0, 64)}`);
      return;
    }
    const value = messagesValueSchema.safeParse(change.data.value);
    if (!value.success) {
      this.invalid(`${path}.value`, value.error);
      return;
    }
    const { metadata, contacts = [], messages = [], statuses = [], errors = [] } = value.data;
    const business = { businessPhoneNumberId: metadata.phone_number_id, wabaId };

    if (errors.length > 0) {
      this.counts.valueErrors += errors.length;
      const codes = parseErrors(errors).map((e) => e.code);
      this.notes.push(`value errors at ${path}: codes ${codes.join(',') || 'unknown'}`);
    }
    const knownContacts = contacts.flatMap((c) => {
      const parsed = contactSchema.safeParse(c);
      return parsed.success ? [parsed.data] : [];
    });
    messages.forEach((message, index) => {
      this.message(message, knownContacts, business, `${path}.value.messages[${index}]`);
    });
    statuses.forEach((status, index) => {
      this.status(status, business, `${path}.value.statuses[${index}]`);
    });
  }

  private message(
    raw: unknown,
    contacts: readonly WebhookContact[],
    business: { businessPhoneNumberId: string; wabaId: string | undefined },
    path: string,
  ): void {
    const base = messageBaseSchema.safeParse(raw);
    if (!base.success) {
      this.invalid(path, base.error);
      return;
    }
    if (!this.isFirst(`m:${base.data.id}`, path)) return;
    const user = resolveUser(base.data, contacts);
    if (!user) {
      this.counts.unidentifiedMessages += 1;
      this.notes.push(`dropped ${path}: no user_id or phone number`);
      return;
    }
    const payload = (raw as Record<string, unknown>)[base.data.type];
    const message: InboundMessage = {
      kind: 'message',
      transport: this.options.transport,
      wamid: base.data.id,
      businessPhoneNumberId: business.businessPhoneNumberId,
      ...(business.wabaId ? { wabaId: business.wabaId } : {}),
      user,
      timestamp: base.data.timestamp,
      receivedAt: this.options.receivedAt,
      content: toContent(base.data, payload),
      ...optional('context', toContext(base.data.context)),
      ...optional('referral', toReferral(base.data.referral)),
    };
    this.counts.messages += 1;
    this.items.push(message);
  }

  private status(raw: unknown, business: { businessPhoneNumberId: string }, path: string): void {
    const parsed = statusSchema.safeParse(raw);
    if (!parsed.success) {
      this.invalid(path, parsed.error);
      return;
    }
    const status = parsed.data;
    if (!this.isFirst(`s:${status.id}:${status.status}`, path)) return;
    if (!isWanted(status, this.options.trackDelivery)) {
      this.counts.statusesDropped += 1;
      return;
    }
    this.counts.statuses += 1;
    this.items.push(toStatusUpdate(status, business.businessPhoneNumberId, this.options));
  }
}

function isWanted(status: WebhookStatus, trackDelivery: boolean): boolean {
  if (!DELIVERY_STATUSES.has(status.status)) return false;
  return status.status === 'failed' || trackDelivery;
}

function toStatusUpdate(
  status: WebhookStatus,
  businessPhoneNumberId: string,
  options: NormaliseOptions,
): StatusUpdate {
  const recipientKey = status.recipient_user_id ?? status.recipient_id;
  return {
    kind: 'status',
    transport: options.transport,
    messageId: status.id,
    status: status.status as DeliveryStatus,
    timestamp: status.timestamp,
    receivedAt: options.receivedAt,
    businessPhoneNumberId,
    ...optional('recipientKey', recipientKey),
    ...optional('callbackData', status.biz_opaque_callback_data),
    errors: parseErrors(status.errors ?? []),
    ...optional('pricingCategory', status.pricing?.category),
    ...optional('billable', status.pricing?.billable),
  };
}

/** BSUID first (Meta may omit the phone number since 2026), else the phone number; both are kept. */
function resolveUser(
  message: WebhookMessageBase,
  contacts: readonly WebhookContact[],
): UserIdentity | undefined {
  const hasOwnId = message.from !== undefined || message.from_user_id !== undefined;
  const contact =
    contacts.find(
      (c) =>
        (message.from_user_id !== undefined && c.user_id === message.from_user_id) ||
        (message.from !== undefined && c.wa_id === message.from),
    ) ?? (!hasOwnId && contacts.length === 1 ? contacts[0] : undefined);
  const userId = message.from_user_id ?? contact?.user_id;
  const waId = message.from ?? contact?.wa_id;
  const key = userId ?? waId;
  if (!key) return undefined;
  return {
    key,
    ...optional('waId', waId),
    ...optional('userId', userId),
    ...optional('parentUserId', message.from_parent_user_id ?? contact?.parent_user_id),
    ...optional('username', contact?.profile?.username),
    ...optional('profileName', contact?.profile?.name),
  };
}

function toContent(base: WebhookMessageBase, payload: unknown): InboundContent {
  const errors = base.errors ?? [];
  if (base.type === 'unsupported') {
    // Meta names what it could not deliver in `unsupported.type` (e.g. `edit`, `poll_creation`).
    const inner = unsupportedPayloadSchema.safeParse(payload);
    return unsupported((inner.success && inner.data.type) || 'unsupported', errors);
  }
  return typedContent(base.type, payload) ?? unsupported(base.type, errors);
}

function unsupported(originalType: string, errors: readonly unknown[]): InboundContent {
  return {
    type: 'unsupported',
    originalType: originalType.slice(0, 64),
    errors: parseErrors(errors),
  };
}

/** The content for a known type whose payload parses; undefined means "treat as unsupported". */
function typedContent(type: string, payload: unknown): InboundContent | undefined {
  if (MEDIA_TYPES.has(type)) {
    const media = mediaPayloadSchema.safeParse(payload);
    if (!media.success) return undefined;
    const m = media.data;
    return {
      type: 'media',
      mediaType: type as MediaType,
      ...optional('mediaId', m.id),
      ...optional('mimeType', m.mime_type),
      ...optional('caption', m.caption),
      ...optional('filename', m.filename),
      ...optional('voice', type === 'audio' ? m.voice : undefined),
      ...optional('animated', type === 'sticker' ? m.animated : undefined),
    };
  }
  switch (type) {
    case 'text': {
      const parsed = textPayloadSchema.safeParse(payload);
      return parsed.success ? { type: 'text', body: parsed.data.body } : undefined;
    }
    case 'location': {
      const parsed = locationPayloadSchema.safeParse(payload);
      if (!parsed.success) return undefined;
      const { latitude, longitude, name, address } = parsed.data;
      return {
        type: 'location',
        ...optional('latitude', latitude),
        ...optional('longitude', longitude),
        ...optional('name', name),
        ...optional('address', address),
      };
    }
    case 'contacts': {
      const parsed = contactsPayloadSchema.safeParse(payload);
      return parsed.success ? { type: 'contacts', count: parsed.data.length } : undefined;
    }
    case 'interactive':
      return interactiveContent(payload);
    case 'button': {
      const parsed = buttonPayloadSchema.safeParse(payload);
      if (!parsed.success) return undefined;
      return {
        type: 'button',
        ...optional('payload', parsed.data.payload),
        ...optional('text', parsed.data.text),
      };
    }
    case 'reaction': {
      const parsed = reactionPayloadSchema.safeParse(payload);
      if (!parsed.success) return undefined;
      // Removal arrives without `emoji` (or, in some captures, with an empty one).
      return {
        type: 'reaction',
        ...optional('messageId', parsed.data.message_id),
        ...optional('emoji', parsed.data.emoji || undefined),
      };
    }
    case 'order': {
      const parsed = orderPayloadSchema.safeParse(payload);
      if (!parsed.success) return undefined;
      return {
        type: 'order',
        ...optional('catalogId', parsed.data.catalog_id),
        itemCount: parsed.data.product_items?.length ?? 0,
        ...optional('text', parsed.data.text),
      };
    }
    case 'system':
      return systemContent(payload);
    case 'edit': {
      const parsed = editPayloadSchema.safeParse(payload);
      if (!parsed.success) return undefined;
      return {
        type: 'edit',
        ...optional('originalMessageId', parsed.data.original_message_id),
        ...optional('body', parsed.data.message?.text?.body),
      };
    }
    case 'revoke': {
      const parsed = revokePayloadSchema.safeParse(payload);
      if (!parsed.success) return undefined;
      return { type: 'revoke', ...optional('originalMessageId', parsed.data.original_message_id) };
    }
    default:
      return undefined;
  }
}

function interactiveContent(payload: unknown): InboundContent | undefined {
  const parsed = interactivePayloadSchema.safeParse(payload);
  if (!parsed.success) return undefined;
  const { type, button_reply, list_reply, nfm_reply } = parsed.data;
  if (type === 'button_reply' && button_reply) {
    return {
      type: 'interactive',
      replyKind: 'button_reply',
      ...optional('id', button_reply.id),
      ...optional('title', button_reply.title),
    };
  }
  if (type === 'list_reply' && list_reply) {
    return {
      type: 'interactive',
      replyKind: 'list_reply',
      ...optional('id', list_reply.id),
      ...optional('title', list_reply.title),
      ...optional('description', list_reply.description),
    };
  }
  if (type === 'nfm_reply' && nfm_reply) {
    return {
      type: 'interactive',
      replyKind: 'nfm_reply',
      ...optional('title', nfm_reply.name),
      ...optional('description', nfm_reply.body),
      ...optional('responseJson', nfm_reply.response_json),
    };
  }
  return { type: 'interactive', replyKind: 'unknown' };
}

function systemContent(payload: unknown): InboundContent | undefined {
  const parsed = systemPayloadSchema.safeParse(payload);
  if (!parsed.success) return undefined;
  const s = parsed.data;
  return {
    type: 'system',
    systemType: s.type ?? 'unknown',
    ...optional('body', s.body),
    ...optional('newWaId', s.new_wa_id ?? (s.type === 'user_changed_number' ? s.wa_id : undefined)),
    ...optional('previousUserId', s.previous_user_id),
    ...optional('newUserId', s.new_user_id ?? s.user_id),
  };
}

function toContext(context: z.infer<typeof contextSchema> | undefined): MessageContext | undefined {
  if (!context) return undefined;
  const product = context.referred_product;
  const result: MessageContext = {
    ...optional('repliedToId', context.id),
    ...optional('forwarded', context.forwarded),
    ...optional('frequentlyForwarded', context.frequently_forwarded),
    ...(product
      ? {
          referredProduct: {
            ...optional('catalogId', product.catalog_id),
            ...optional('productRetailerId', product.product_retailer_id),
          },
        }
      : {}),
  };
  return Object.keys(result).length > 0 ? result : undefined;
}

function toReferral(referral: z.infer<typeof referralSchema> | undefined): Referral | undefined {
  if (!referral) return undefined;
  return {
    ...optional('sourceType', referral.source_type),
    ...optional('sourceId', referral.source_id),
    ...optional('sourceUrl', referral.source_url),
    ...optional('headline', referral.headline),
    ...optional('body', referral.body),
    ...optional('ctwaClid', referral.ctwa_clid),
  };
}

/** Errors as Meta sends them; entries that are not error objects are skipped. */
export function parseErrors(errors: readonly unknown[]): WhatsAppError[] {
  return errors.flatMap((raw) => {
    const parsed = errorSchema.safeParse(raw);
    if (!parsed.success) return [];
    const { code, title, message, error_data } = parsed.data;
    return [
      {
        code,
        ...optional('title', title),
        ...optional('message', message),
        ...optional('details', error_data?.details),
      },
    ];
  });
}

/**
 * Keeps every item in its payload slot but sorts the items of each chat among themselves by timestamp
 * (stable): Meta batches and retries do not guarantee order, and one FIFO group must see them in order.
 */
export function orderPerUser(items: readonly QueueItem[]): QueueItem[] {
  const slots = new Map<string, number[]>();
  items.forEach((item, index) => {
    const key = chatKeyOf(item);
    const list = slots.get(key);
    if (list) list.push(index);
    else slots.set(key, [index]);
  });
  const ordered = [...items];
  for (const indexes of slots.values()) {
    // Array.prototype.sort is stable (ES2019), so equal timestamps keep payload order.
    const sorted = indexes
      .map((index) => items[index] as QueueItem)
      .sort((a, b) => a.timestamp - b.timestamp);
    indexes.forEach((slot, i) => {
      ordered[slot] = sorted[i] as QueueItem;
    });
  }
  return ordered;
}

/** `{ [key]: value }` when value is defined, else `{}`: keeps absent fields out of the queue JSON. */
function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
