// WhatsAppSender over Meta's Graph API with global fetch: builds the /messages bodies, classifies Meta's
// errors (lambda/core/graph-errors.ts) and retries only the transient ones, within a time budget that leaves
// the Lambda room to record the decision.
import { backoffDelay, GraphApiError } from '../core/graph-errors.ts';
import type { OutboundMessage, SecretSource, WhatsAppSender } from '../core/ports.ts';

export interface GraphApiWhatsAppSenderOptions {
  /** `https://graph.facebook.com`, or a fake's URL in tests and the local runtime. */
  readonly baseUrl: string;
  /** e.g. `v23.0` */
  readonly version: string;
  readonly secrets: SecretSource;
  /** Requests per call, the first one included. @default 3 */
  readonly maxAttempts?: number;
  /** Per request, ms. @default 5000 */
  readonly timeoutMs?: number;
  /**
   * No retry starts when it could not finish within this many ms of the first request, so that a run of
   * timeouts cannot eat the Lambda's own timeout. @default 12000
   */
  readonly budgetMs?: number;
  /** Backoff: first retry's upper bound and the cap, ms. @default 200 / 2000 */
  readonly backoffBaseMs?: number;
  readonly backoffCapMs?: number;
  readonly fetch?: typeof fetch;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
  /** Epoch ms; only used for the budget. */
  readonly now?: () => number;
}

/** Meta's error envelope, as far as this adapter reads it. */
interface GraphErrorEnvelope {
  readonly error?: {
    readonly message?: string;
    readonly type?: string;
    readonly code?: number;
    readonly error_subcode?: number;
    readonly error_data?: { readonly details?: string } | string;
    readonly fbtrace_id?: string;
  };
}

export class GraphApiWhatsAppSender implements WhatsAppSender {
  private readonly options: Required<
    Omit<GraphApiWhatsAppSenderOptions, 'fetch' | 'sleep' | 'random' | 'now'>
  >;
  private readonly fetch: typeof fetch;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  private readonly now: () => number;

  constructor(options: GraphApiWhatsAppSenderOptions) {
    this.options = {
      baseUrl: options.baseUrl.replace(/\/+$/, ''),
      version: options.version,
      secrets: options.secrets,
      maxAttempts: Math.max(1, options.maxAttempts ?? 3),
      timeoutMs: options.timeoutMs ?? 5_000,
      budgetMs: options.budgetMs ?? 12_000,
      backoffBaseMs: options.backoffBaseMs ?? 200,
      backoffCapMs: options.backoffCapMs ?? 2_000,
    };
    this.fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.random = options.random ?? Math.random;
    this.now = options.now ?? Date.now;
  }

  async send(message: OutboundMessage): Promise<{ messageId: string; attempts: number }> {
    const { body, attempts } = await this.post(
      message.businessPhoneNumberId,
      toGraphMessageBody(message),
    );
    const messageId = (body as { messages?: { id?: unknown }[] } | undefined)?.messages?.[0]?.id;
    if (typeof messageId !== 'string' || messageId === '') {
      // Accepted but without an id: it may well have been sent, so this must not be retried.
      throw new GraphApiError('accepted without a message id', { kind: 'response', attempts });
    }
    return { messageId, attempts };
  }

  async markRead(businessPhoneNumberId: string, wamid: string): Promise<void> {
    // One attempt only: the read mark is a courtesy, and retrying it would spend the time budget the
    // reply itself may need.
    await this.post(
      businessPhoneNumberId,
      {
        messaging_product: 'whatsapp',
        status: 'read',
        message_id: wamid,
        // Shows "typing…" until the reply arrives (or 25 s); the chain calls this only when a reply follows.
        typing_indicator: { type: 'text' },
      },
      1,
    );
  }

  private async post(
    businessPhoneNumberId: string,
    payload: unknown,
    maxAttempts = this.options.maxAttempts,
  ): Promise<{ body: unknown; attempts: number }> {
    const { accessToken } = await this.options.secrets.get();
    const url = `${this.options.baseUrl}/${this.options.version}/${encodeURIComponent(businessPhoneNumberId)}/messages`;
    const init = {
      method: 'POST',
      headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify(payload),
    };
    const started = this.now();
    for (let attempt = 1; ; attempt++) {
      try {
        return { body: await this.request(url, init), attempts: attempt };
      } catch (caught) {
        const error =
          caught instanceof GraphApiError
            ? caught.withAttempts(attempt)
            : new GraphApiError(
                'request failed',
                { kind: 'network', attempts: attempt },
                { cause: caught },
              );
        if (!error.retryable || attempt >= maxAttempts) throw error;
        const delay = backoffDelay(attempt, this.random, {
          baseMs: this.options.backoffBaseMs,
          capMs: this.options.backoffCapMs,
        });
        const finishesBy = this.now() + delay + this.options.timeoutMs;
        if (finishesBy - started > this.options.budgetMs) throw error;
        await this.sleep(delay);
      }
    }
  }

  private async request(url: string, init: RequestInit): Promise<unknown> {
    let response: Response;
    let text: string;
    try {
      // The signal covers the body too: a server that sends headers and then stalls still times out.
      response = await this.fetch(url, {
        ...init,
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      text = await response.text();
    } catch (error) {
      const name = (error as { name?: string } | null)?.name;
      if (name === 'TimeoutError' || name === 'AbortError') {
        throw new GraphApiError(
          `no answer within ${this.options.timeoutMs} ms`,
          { kind: 'timeout' },
          { cause: error },
        );
      }
      // undici reports socket errors as "fetch failed" with the system error as cause. Only a connection that
      // was never made proves the message was not sent; a reset after sending leaves the outcome unknown.
      const code = (error as { cause?: { code?: unknown } } | null)?.cause?.code;
      if (typeof code === 'string' && CONNECT_FAILURES.has(code)) {
        throw new GraphApiError(
          `connection failed (${code})`,
          { kind: 'network' },
          { cause: error },
        );
      }
      throw new GraphApiError(
        'connection broke before an answer',
        { kind: 'interrupted' },
        { cause: error },
      );
    }
    const body = parseJson(text);
    if (response.ok) return body;
    throw toGraphApiError(response.status, body);
  }
}

/** System errors raised before a request is written: nothing reached Meta. */
const CONNECT_FAILURES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Reads Meta's `{ error: { code, message, type, error_data: { details }, fbtrace_id } }`. */
export function toGraphApiError(httpStatus: number, body: unknown): GraphApiError {
  const envelope = (body as GraphErrorEnvelope | undefined)?.error;
  if (!envelope || typeof envelope.code !== 'number') {
    return new GraphApiError(`HTTP ${httpStatus}`, { kind: 'http', httpStatus });
  }
  const details =
    typeof envelope.error_data === 'string' ? envelope.error_data : envelope.error_data?.details;
  return new GraphApiError(`${envelope.code} ${envelope.message ?? ''}`.trim(), {
    kind: 'graph',
    code: envelope.code,
    httpStatus,
    ...(details !== undefined && { details }),
    ...(envelope.type !== undefined && { type: envelope.type }),
    ...(envelope.fbtrace_id !== undefined && { fbtraceId: envelope.fbtrace_id }),
  });
}

/** The `/messages` request body for one outbound message (whatsapp-cloud-api.md §4.1). */
export function toGraphMessageBody(message: OutboundMessage): Record<string, unknown> {
  const waId = message.to.waId?.replace(/^\+/, '');
  const userId = message.to.userId;
  if (!waId && !userId) {
    throw new GraphApiError('outbound message has neither a phone number nor a user id', {
      kind: 'request',
    });
  }
  const recipient = waId
    ? { to: `+${waId}` }
    : // BSUID-only users have no phone number. Meta documents a `recipient` field for them; the exact field
      // name is unverified against Meta's BSUID page, so this is the one place to change if it differs.
      { recipient: userId };
  return {
    messaging_product: 'whatsapp',
    recipient_type: 'individual',
    ...recipient,
    ...(message.replyTo !== undefined && { context: { message_id: message.replyTo } }),
    ...contentOf(message.body),
    ...(message.callbackData !== undefined && { biz_opaque_callback_data: message.callbackData }),
  };
}

function contentOf(body: OutboundMessage['body']): Record<string, unknown> {
  switch (body.type) {
    case 'text':
      // Links in answers come from the profile; a preview would fetch them on Meta's side for no gain.
      return { type: 'text', text: { preview_url: false, body: body.text } };
    case 'list':
      return {
        type: 'interactive',
        interactive: {
          type: 'list',
          body: { text: body.body },
          ...(body.footer !== undefined && { footer: { text: body.footer } }),
          action: {
            button: body.button,
            sections: body.sections.map((section) => ({
              title: section.title,
              rows: section.rows.map((row) => ({
                id: row.id,
                title: row.title,
                ...(row.description !== undefined && { description: row.description }),
              })),
            })),
          },
        },
      };
    case 'buttons':
      return {
        type: 'interactive',
        interactive: {
          type: 'button',
          body: { text: body.body },
          ...(body.footer !== undefined && { footer: { text: body.footer } }),
          action: {
            buttons: body.buttons.map((button) => ({
              type: 'reply',
              reply: { id: button.id, title: button.title },
            })),
          },
        },
      };
    case 'template':
      return { type: 'template', template: { name: body.name, language: { code: body.language } } };
  }
}
