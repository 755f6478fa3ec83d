// Ports: what the pure core needs from the outside world. Adapters in lambda/adapters implement them
// (named after their technology: DynamoDbDecisionLog implements DecisionLog), in-memory ones in
// test/support and local/ do the same for tests and the laptop runtime.
import type { DecisionRecord, DecisionRef } from './decision.ts';
import type { DeliveryStatus, QueueItem } from './inbound.ts';

/** Time comes in as a port so that tests, replays and `--now` can move it. Epoch milliseconds. */
export interface Clock {
  now(): number;
}

// ---------- ingress ----------

export interface QueuePublisher {
  /** Enqueues every item or throws: ingress answers 5xx on a throw so that Meta retries. */
  publish(items: readonly QueueItem[]): Promise<void>;
}

/** Keeps signed payloads that are JSON but not a WhatsApp envelope, for a human to inspect. */
export interface RejectedPayloadStore {
  keep(payload: {
    readonly body: string;
    readonly reason: string;
    readonly receivedAt: number;
  }): Promise<void>;
}

// ---------- responder ----------

export type ClaimResult =
  | { readonly status: 'claimed'; readonly attempts: number }
  | {
      readonly status: 'duplicate';
      /** `claimed`: an earlier attempt started and never finished (a crash, or still running). */
      readonly existing: 'claimed' | 'finished';
      readonly claimedAt?: number;
    };

export interface DecisionLog {
  /**
   * Atomically starts the decision record for a message (the dedupe write). Succeeds when no record
   * exists, or when the existing one is a retryable failure; otherwise reports a duplicate.
   * `attemptId` is unique to this processing attempt and stored with the claim: when the claim was applied
   * but its answer lost, the retried write finds its own id and still counts as claimed, instead of
   * mistaking the attempt for a duplicate and dropping the message.
   */
  claim(ref: DecisionRef, at: number, expiresAt: number, attemptId: string): Promise<ClaimResult>;
  /** Completes the record started by `claim` (one write). */
  finish(record: DecisionRecord, expiresAt: number): Promise<void>;
  /** Notes a redelivery on the existing record instead of writing a second decision. */
  recordDuplicate(ref: DecisionRef, at: number): Promise<void>;
  /**
   * Applies a delivery status to the decision whose ref was sent as `biz_opaque_callback_data`.
   * Keeps the highest status reached (sent < delivered < read; failed wins). false when no record matched.
   */
  applyStatus(
    callbackData: string,
    update: { readonly status: DeliveryStatus; readonly at: number; readonly errorCode?: number },
  ): Promise<boolean>;
}

export interface ConversationState {
  readonly optedOut: boolean;
  /** Epoch ms until which a human has the chat; the bot stays silent. */
  readonly handoffUntil?: number;
  readonly handoffBy?: 'user' | 'agent';
  /** The latest earlier inbound message's timestamp, Unix seconds (for the 24 h window on replays). */
  readonly lastInboundAt?: number;
  /**
   * The reply language of the latest earlier message that got one, among the two or three the state
   * query reads (for the reply to "ok" or "👍", which do not tell their own language).
   */
  readonly lastLanguage?: string;
}

export interface ConversationStore {
  /**
   * `excludeWamid`: the message being processed, whose own claim may already be stored; it is not an
   * earlier inbound message, so it never counts for `lastInboundAt`.
   */
  load(userHash: string, excludeWamid?: string): Promise<ConversationState>;
  setOptOut(userHash: string, optedOut: boolean, at: number): Promise<void>;
  /** `until` null ends the handoff. */
  setHandoff(
    userHash: string,
    until: number | null,
    by: 'user' | 'agent',
    at: number,
  ): Promise<void>;
}

/** Read side of the decision log, for the CLI, the local simulator and operators' scripts. */
export interface DecisionQuery {
  /** Newest first. `since`: epoch milliseconds, compared with the message's own timestamp. */
  byUser(
    userHash: string,
    options?: { readonly since?: number; readonly limit?: number },
  ): Promise<DecisionRecord[]>;
  byDay(
    day: string,
    outcome: string,
    options?: { readonly limit?: number },
  ): Promise<DecisionRecord[]>;
}

// ---------- sending ----------

export interface ListRow {
  readonly id: string;
  readonly title: string;
  readonly description?: string;
}

export type OutboundBody =
  | { readonly type: 'text'; readonly text: string }
  | {
      readonly type: 'list';
      readonly body: string;
      readonly button: string;
      readonly sections: readonly { readonly title: string; readonly rows: readonly ListRow[] }[];
      readonly footer?: string;
    }
  | {
      readonly type: 'buttons';
      readonly body: string;
      readonly buttons: readonly { readonly id: string; readonly title: string }[];
      readonly footer?: string;
    }
  | { readonly type: 'template'; readonly name: string; readonly language: string };

export interface OutboundMessage {
  readonly businessPhoneNumberId: string;
  /** Phone number (digits) when known, else the BSUID. */
  readonly to: { readonly waId?: string; readonly userId?: string };
  /** Quote the user's message (contextual reply). */
  readonly replyTo?: string;
  readonly body: OutboundBody;
  /** Sent as `biz_opaque_callback_data`; status webhooks echo it back. */
  readonly callbackData?: string;
}

export interface WhatsAppSender {
  /** Sends one message; retries retryable Graph errors itself and throws GraphApiError when it gives up. */
  send(
    message: OutboundMessage,
  ): Promise<{ readonly messageId: string; readonly attempts: number }>;
  /** Marks the inbound message read and shows the typing indicator (only when a reply follows). */
  markRead(businessPhoneNumberId: string, wamid: string): Promise<void>;
}

// ---------- classification ----------

export interface IntentPrediction {
  /** An intent id of the profile, or null when nothing fits. */
  readonly intent: string | null;
  /** 0..1 */
  readonly confidence: number;
  /** Confidence minus the runner-up's. */
  readonly margin: number;
  /** Detected language (ISO 639-1), or the profile default when unsure. */
  readonly language: string;
  /**
   * False when the text did not tell its language ("ok", "👍", a number, a language the profile does
   * not serve) and `language` is the profile default: the responder then keeps the conversation's
   * language. Absent: as true.
   */
  readonly languageDetected?: boolean;
  readonly classifierVersion: string;
  /**
   * Set when a rule, not the score, decided: `assistant_task` refused a request to work on a text
   * (translate, summarise, rewrite, write a poem), which a business's customer service never is;
   * `person_asked` gave a request to talk to a person to the profile's handoff intent.
   */
  readonly rule?: 'assistant_task' | 'person_asked';
}

export interface IntentClassifier {
  readonly version: string;
  classify(text: string): IntentPrediction;
}

/** What a classifier is trained from (a business profile reduces to this). */
export interface TrainingSet {
  readonly languages: readonly string[];
  readonly defaultLanguage: string;
  readonly threshold?: number;
  readonly intents: readonly {
    readonly id: string;
    readonly examples: Readonly<Record<string, readonly string[]>>;
    /**
     * Optional weak signal per language: the intent's title and answer texts. They carry the
     * domain's vocabulary ("tracking number", "courier"); the classifier down-weights them.
     */
    readonly context?: Readonly<Record<string, readonly string[]>>;
  }[];
  /** Business-specific out-of-scope examples, added to the built-in corpus. */
  readonly negatives?: Readonly<Record<string, readonly string[]>>;
}

/** Off by default; only used when the active policy rule is general_allowed. */
export interface GeneralAnswerer {
  answer(text: string, language: string): Promise<string>;
}

// ---------- secrets ----------

/** The Secrets Manager secret's JSON (see docs/design.md). */
export interface WhatsAppSecrets {
  /** Meta app secret: the HMAC key of X-Hub-Signature-256. */
  readonly appSecret: string;
  /** System-user token for the Graph API. */
  readonly accessToken: string;
  /** The string typed into the Meta app's webhook settings, echoed in the GET handshake. */
  readonly verifyToken: string;
  /** Key of the HMAC that turns a user key into the stored userHash. */
  readonly userHashSalt: string;
}

export interface SecretSource {
  /** Resolves the current secrets (cached by the adapter); rejects when they cannot be read. */
  get(): Promise<WhatsAppSecrets>;
}
