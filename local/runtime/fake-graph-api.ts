// The local runtime's Graph API: answers POST /<version>/<phone-number-id>/messages like Meta does, keeps
// every request in an outbox for the simulator and scripts, and fails on request to show retries and DLQ.
import { randomBytes } from 'node:crypto';

export interface OutboxEntry {
  /** The wamid this fake assigned (absent for read receipts and injected failures). */
  readonly messageId?: string;
  readonly at: string;
  readonly phoneNumberId: string;
  /** `message` for a send, `read` for a read receipt / typing indicator. */
  readonly kind: 'message' | 'read';
  /** The JSON body exactly as the sender posted it. */
  readonly body: Record<string, unknown>;
  /** HTTP status this fake answered with. */
  readonly status: number;
  readonly authorized: boolean;
}

export interface FailureInjection {
  /** How many of the next send requests fail. */
  readonly count: number;
  /** Meta error code; 131000 (something went wrong) is retryable, 131047 (window closed) is not. */
  readonly code?: number;
  readonly httpStatus?: number;
  /** Also fail read receipts (off by default: the interesting failure is the send). */
  readonly includeReads?: boolean;
}

export interface GraphAnswer {
  readonly status: number;
  readonly body: unknown;
}

export class FakeGraphApi {
  private readonly entries: OutboxEntry[] = [];
  private failure: Required<FailureInjection> | undefined;
  /** Called after every recorded request (the simulator's live updates). */
  onRecord: (() => void) | undefined;

  constructor(
    private readonly accessToken: string,
    private readonly now: () => number,
  ) {}

  /** Handles one request to `/<version>/<id>/messages`; other paths answer Meta's "unknown path" error. */
  handle(
    method: string,
    path: string,
    authorization: string | undefined,
    rawBody: string,
  ): GraphAnswer {
    const match = /^\/v\d+\.\d+\/([^/]+)\/messages$/.exec(path);
    if (method !== 'POST' || !match?.[1]) {
      return graphError(400, 2500, 'Unknown path components', 'OAuthException');
    }
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(rawBody) as Record<string, unknown>;
    } catch {
      return graphError(400, 100, 'Invalid parameter', 'OAuthException');
    }
    const phoneNumberId = decodeURIComponent(match[1]);
    const kind = body.status === 'read' ? 'read' : 'message';
    const authorized = authorization === `Bearer ${this.accessToken}`;
    const record = (status: number, messageId?: string) => {
      this.entries.push({
        ...(messageId === undefined ? {} : { messageId }),
        at: new Date(this.now()).toISOString(),
        phoneNumberId,
        kind,
        body,
        status,
        authorized,
      });
      this.onRecord?.();
    };
    if (!authorized) {
      record(401);
      return graphError(401, 190, 'Invalid OAuth access token', 'OAuthException');
    }
    if (this.failure && (kind === 'message' || this.failure.includeReads)) {
      const { code, httpStatus } = this.failure;
      this.failure =
        this.failure.count > 1 ? { ...this.failure, count: this.failure.count - 1 } : undefined;
      record(httpStatus);
      return graphError(httpStatus, code, 'Injected by the local runtime', 'OAuthException');
    }
    if (kind === 'read') {
      record(200);
      return { status: 200, body: { success: true } };
    }
    const messageId = `wamid.${randomBytes(18).toString('base64url')}`;
    record(200, messageId);
    const to = typeof body.to === 'string' ? body.to : undefined;
    return {
      status: 200,
      body: {
        messaging_product: 'whatsapp',
        contacts: to ? [{ input: to, wa_id: to.replace(/^\+/, '') }] : [],
        messages: [{ id: messageId }],
      },
    };
  }

  injectFailure(injection: FailureInjection): void {
    this.failure =
      injection.count > 0
        ? {
            count: injection.count,
            code: injection.code ?? 131000,
            httpStatus: injection.httpStatus ?? 500,
            includeReads: injection.includeReads ?? false,
          }
        : undefined;
  }

  get pendingFailures(): number {
    return this.failure?.count ?? 0;
  }

  /** Sent messages (not read receipts), oldest first. */
  outbox(options: { readonly includeReads?: boolean } = {}): readonly OutboxEntry[] {
    return options.includeReads
      ? [...this.entries]
      : this.entries.filter((e) => e.kind === 'message');
  }

  clear(): void {
    this.entries.length = 0;
    this.failure = undefined;
  }
}

function graphError(status: number, code: number, message: string, type: string): GraphAnswer {
  return {
    status,
    body: {
      error: { message, type, code, fbtrace_id: `local-${randomBytes(6).toString('hex')}` },
    },
  };
}
