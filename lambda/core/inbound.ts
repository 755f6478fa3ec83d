// The transport-independent message model: what ingress puts on the queue and the responder reads.
// Both WhatsApp Cloud API webhooks and AWS End User Messaging Social events normalise into these types,
// so nothing after ingress knows which door a message came through.

export type Transport = 'cloud_api' | 'eum_social';

/** Error object as Meta sends it in `errors[]` (webhook or Graph API). */
export interface WhatsAppError {
  readonly code: number;
  readonly title?: string;
  readonly message?: string;
  readonly details?: string;
}

/**
 * Who wrote to us. Since 2026 Meta may omit the phone number (`wa_id`/`from`) for users with a
 * username and send a business-scoped user id (BSUID) instead, so both are kept.
 */
export interface UserIdentity {
  /** Stable key for this chat: the BSUID when present, else the wa_id. */
  readonly key: string;
  /** Phone number as digits without '+', when Meta sent one. */
  readonly waId?: string;
  /** Business-scoped user id, e.g. `US.13491208655302741918`. */
  readonly userId?: string;
  readonly parentUserId?: string;
  readonly username?: string;
  /** Display name from `contacts[].profile.name`: personal data, never logged or stored. */
  readonly profileName?: string;
}

export type MediaType = 'image' | 'audio' | 'video' | 'document' | 'sticker';

export type InboundContent =
  | { readonly type: 'text'; readonly body: string }
  | {
      readonly type: 'interactive';
      readonly replyKind: 'button_reply' | 'list_reply' | 'nfm_reply' | 'unknown';
      /** The id we set on the button or list row (the intent id when the bot sent the menu). */
      readonly id?: string;
      readonly title?: string;
      readonly description?: string;
      /** Flows only: `response_json`, a JSON string. */
      readonly responseJson?: string;
    }
  | {
      /** Quick-reply button on a template (opt-out buttons arrive here). */
      readonly type: 'button';
      readonly payload?: string;
      readonly text?: string;
    }
  | {
      readonly type: 'media';
      readonly mediaType: MediaType;
      readonly mediaId?: string;
      readonly mimeType?: string;
      readonly caption?: string;
      readonly filename?: string;
      /** audio: a recorded voice note. */
      readonly voice?: boolean;
      /** sticker: animated webp. */
      readonly animated?: boolean;
    }
  | {
      readonly type: 'location';
      readonly latitude?: number;
      readonly longitude?: number;
      readonly name?: string;
      readonly address?: string;
    }
  | { readonly type: 'contacts'; readonly count: number }
  | {
      /** `emoji` absent means the user removed their reaction. */
      readonly type: 'reaction';
      readonly messageId?: string;
      readonly emoji?: string;
    }
  | {
      readonly type: 'order';
      readonly catalogId?: string;
      readonly itemCount: number;
      readonly text?: string;
    }
  | {
      readonly type: 'system';
      /** `user_changed_number`, `user_changed_user_id`, `customer_identity_changed`, or other. */
      readonly systemType: string;
      readonly body?: string;
      readonly newWaId?: string;
      readonly previousUserId?: string;
      readonly newUserId?: string;
    }
  | {
      readonly type: 'edit';
      readonly originalMessageId?: string;
      /** The edited text, when the edit carries a text body. */
      readonly body?: string;
    }
  | { readonly type: 'revoke'; readonly originalMessageId?: string }
  | {
      /** Meta's `unsupported` type, or any type this version does not know. */
      readonly type: 'unsupported';
      readonly originalType: string;
      readonly errors: readonly WhatsAppError[];
    };

export interface MessageContext {
  /** wamid of the message the user replied to or tapped (our menu, for interactive replies). */
  readonly repliedToId?: string;
  readonly forwarded?: boolean;
  readonly frequentlyForwarded?: boolean;
  readonly referredProduct?: { readonly catalogId?: string; readonly productRetailerId?: string };
}

/** Click-to-WhatsApp ad referral. */
export interface Referral {
  readonly sourceType?: string;
  readonly sourceId?: string;
  readonly sourceUrl?: string;
  readonly headline?: string;
  readonly body?: string;
  readonly ctwaClid?: string;
}

export interface InboundMessage {
  readonly kind: 'message';
  readonly transport: Transport;
  /** Meta's message id (wamid): the idempotency key. */
  readonly wamid: string;
  /** Meta's id of the business phone number that received it (route/tenant key). */
  readonly businessPhoneNumberId: string;
  readonly wabaId?: string;
  readonly user: UserIdentity;
  /** The message's own send time from Meta, Unix seconds. Policy and the 24 h window use this. */
  readonly timestamp: number;
  /** When ingress accepted the webhook, epoch milliseconds (for received→sent latency). */
  readonly receivedAt: number;
  readonly content: InboundContent;
  readonly context?: MessageContext;
  readonly referral?: Referral;
}

export type DeliveryStatus = 'sent' | 'delivered' | 'read' | 'failed' | 'played';

/** A status webhook for a message *we* sent. */
export interface StatusUpdate {
  readonly kind: 'status';
  readonly transport: Transport;
  /** wamid of our outbound message. */
  readonly messageId: string;
  readonly status: DeliveryStatus;
  /** Unix seconds. */
  readonly timestamp: number;
  readonly receivedAt: number;
  readonly businessPhoneNumberId: string;
  /** The recipient, keyed like UserIdentity.key (BSUID else phone), when Meta sent one. */
  readonly recipientKey?: string;
  /** Echo of `biz_opaque_callback_data` set on send: the responder stores its decision key there. */
  readonly callbackData?: string;
  readonly errors: readonly WhatsAppError[];
  readonly pricingCategory?: string;
  readonly billable?: boolean;
}

/** What travels through the FIFO queue, one per SQS message, as JSON. */
export type QueueItem = InboundMessage | StatusUpdate;

/** Version tag on the queue body, so a deploy can change the shape without misreading old messages. */
export const QUEUE_ITEM_VERSION = 1;

export interface QueueEnvelope {
  readonly v: typeof QUEUE_ITEM_VERSION;
  readonly item: QueueItem;
}
