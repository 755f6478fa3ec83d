// A fake of Meta's Graph API `/messages` endpoint on 127.0.0.1, for the sender's tests, the responder chain
// tests, the local runtime and the reliability suite. It answers like Meta (send → message id, mark-read →
// success), records every request, and plays scripted failures: Meta's real error envelopes, latency,
// hangs (timeouts) and connection resets.
//
//   const graph = await startFakeGraphApi({ accessToken: 'token' });
//   graph.enqueue(META_ERRORS.rateLimit, { kind: 'reset' });   // next two requests fail, then success
//   ... point the sender at graph.url ...
//   graph.sends()  // recorded send requests, bodies parsed
//   await graph.close();
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

export type RequestKind = 'send' | 'markRead' | 'other';

export interface RecordedRequest {
  readonly kind: RequestKind;
  readonly method: string;
  readonly path: string;
  readonly version?: string;
  readonly phoneNumberId?: string;
  /** Lower-cased names, as Node delivers them. */
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly rawBody: string;
  /** The JSON body, or undefined when it was not JSON. */
  readonly body: Record<string, unknown> | undefined;
  /** Epoch ms when the request arrived. */
  readonly receivedAt: number;
  /** What the fake did with it. */
  readonly outcome: 'ok' | 'error' | 'hang' | 'reset' | 'rejected';
  /** The message id handed out, for successful sends. */
  readonly messageId?: string;
}

/** Meta's error envelope fields (whatsapp-cloud-api.md §4.3). */
export interface MetaError {
  readonly httpStatus: number;
  readonly code: number;
  readonly message: string;
  readonly type?: string;
  readonly details?: string;
  readonly subcode?: number;
}

export type ScriptedResponse =
  /** Answer normally, optionally after a delay. */
  | { readonly kind: 'ok'; readonly delayMs?: number }
  /** Answer with Meta's error envelope. */
  | ({ readonly kind: 'error'; readonly delayMs?: number } & MetaError)
  /** Answer with any status and raw body (a proxy's HTML 502, an empty 500, a 200 without an id). */
  | {
      readonly kind: 'raw';
      readonly status: number;
      readonly body: string;
      readonly contentType?: string;
      readonly delayMs?: number;
    }
  /** Never answer: the client's timeout fires. close() ends the socket. */
  | { readonly kind: 'hang' }
  /** Destroy the socket without an answer (ECONNRESET on the client). */
  | { readonly kind: 'reset' };

export interface Script {
  readonly response: ScriptedResponse;
  /** Only consumed by this kind of request; by default the next request of any kind takes it. */
  readonly for?: RequestKind;
}

/** Meta's errors as the Graph API returns them, with the HTTP status it uses for each. */
export const META_ERRORS = {
  rateLimit: {
    kind: 'error',
    httpStatus: 429,
    code: 130429,
    message: '(#130429) Rate limit hit',
    type: 'OAuthException',
    details: 'Cloud API message throughput has been reached.',
  },
  pairRateLimit: {
    kind: 'error',
    httpStatus: 429,
    code: 131056,
    message: '(#131056) (Business Account, Consumer Account) pair rate limit hit',
    type: 'OAuthException',
    details:
      'Too many messages sent from the sender phone number to the same recipient phone number in a short period of time.',
  },
  unknown: {
    kind: 'error',
    httpStatus: 500,
    code: 131000,
    message: '(#131000) Something went wrong',
    type: 'OAuthException',
    details: 'Message failed to send due to an unknown error.',
  },
  serviceUnavailable: {
    kind: 'error',
    httpStatus: 503,
    code: 131016,
    message: '(#131016) Service unavailable',
    type: 'OAuthException',
    details: 'A service is temporarily unavailable.',
  },
  reEngagement: {
    kind: 'error',
    httpStatus: 400,
    code: 131047,
    message: '(#131047) Re-engagement message',
    type: 'OAuthException',
    details:
      'Message failed to send because more than 24 hours have passed since the customer last replied to this number.',
  },
  undeliverable: {
    kind: 'error',
    httpStatus: 400,
    code: 131026,
    message: '(#131026) Message undeliverable',
    type: 'OAuthException',
    details: 'Message Undeliverable.',
  },
  invalidParameter: {
    kind: 'error',
    httpStatus: 400,
    code: 100,
    message: '(#100) Invalid parameter',
    type: 'OAuthException',
    details: 'Invalid parameter',
  },
  tokenExpired: {
    kind: 'error',
    httpStatus: 401,
    code: 190,
    message: 'Error validating access token: Session has expired.',
    type: 'OAuthException',
    subcode: 463,
  },
  blocked: {
    kind: 'error',
    httpStatus: 403,
    code: 368,
    message: 'Temporarily blocked for policies violations',
    type: 'OAuthException',
    details:
      'The WhatsApp Business Account associated with the app has been restricted or disabled for violating a platform policy.',
  },
  /** A 5xx with no envelope at all, as a load balancer in front of the API sends it. */
  badGateway: {
    kind: 'raw',
    status: 502,
    body: '<html><body><h1>502 Bad Gateway</h1></body></html>',
    contentType: 'text/html',
  },
} as const satisfies Record<string, ScriptedResponse>;

export interface FakeGraphApiOptions {
  /** When set, requests without `Authorization: Bearer <token>` get Meta's 190. */
  readonly accessToken?: string;
  /** Prefix of the message ids handed out. @default 'wamid.fake' */
  readonly idPrefix?: string;
}

export interface FakeGraphApi {
  /** `http://127.0.0.1:<port>`: the sender's base URL. */
  readonly url: string;
  readonly requests: readonly RecordedRequest[];
  /** Recorded send requests only (in order). */
  sends(): RecordedRequest[];
  /** Recorded mark-read requests only (in order). */
  markReads(): RecordedRequest[];
  /** Queues responses for the next requests, in order; unscripted requests succeed. */
  enqueue(...responses: (ScriptedResponse | Script)[]): void;
  /** Delay applied to every successful answer, ms. */
  setLatency(ms: number): void;
  /** Forgets recorded requests and scripted responses. */
  reset(): void;
  /** Stops the server and ends every open socket (hung requests included). */
  close(): Promise<void>;
}

export async function startFakeGraphApi(options: FakeGraphApiOptions = {}): Promise<FakeGraphApi> {
  const requests: RecordedRequest[] = [];
  let queue: Script[] = [];
  let latencyMs = 0;
  let nextId = 1;
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const idPrefix = options.idPrefix ?? 'wamid.fake';

  const delay = (ms: number) =>
    new Promise<void>((done) => {
      if (ms <= 0) return done();
      const timer = setTimeout(() => {
        timers.delete(timer);
        done();
      }, ms);
      timers.add(timer);
    });

  const takeScript = (kind: RequestKind): ScriptedResponse | undefined => {
    const index = queue.findIndex((script) => script.for === undefined || script.for === kind);
    if (index < 0) return undefined;
    const [script] = queue.splice(index, 1);
    return script?.response;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const rawBody = Buffer.concat(chunks).toString('utf8');
    const body = parseObject(rawBody);
    const path = new URL(req.url ?? '/', 'http://fake').pathname;
    const route = /^\/(v\d+\.\d+)\/([^/]+)\/messages$/.exec(path);
    const kind: RequestKind =
      req.method === 'POST' && route ? (body?.status === 'read' ? 'markRead' : 'send') : 'other';
    const record = (outcome: RecordedRequest['outcome'], messageId?: string) => {
      requests.push({
        kind,
        method: req.method ?? '',
        path,
        ...(route?.[1] && { version: route[1] }),
        ...(route?.[2] && { phoneNumberId: decodeURIComponent(route[2]) }),
        headers: { ...req.headers },
        rawBody,
        body,
        receivedAt: Date.now(),
        outcome,
        ...(messageId !== undefined && { messageId }),
      });
    };

    if (kind === 'other') {
      record('rejected');
      return sendJson(res, 404, envelope({ httpStatus: 404, code: 803, message: 'Unknown path' }));
    }
    if (
      options.accessToken !== undefined &&
      req.headers.authorization !== `Bearer ${options.accessToken}`
    ) {
      record('rejected');
      const { httpStatus, ...error } = META_ERRORS.tokenExpired;
      return sendJson(res, httpStatus, envelope({ httpStatus, ...error }));
    }
    if (body?.messaging_product !== 'whatsapp') {
      record('rejected');
      return sendJson(res, 400, envelope({ ...META_ERRORS.invalidParameter }));
    }

    const script = takeScript(kind) ?? { kind: 'ok' };
    switch (script.kind) {
      case 'hang':
        record('hang');
        return;
      case 'reset':
        record('reset');
        req.socket.destroy();
        return;
      case 'raw':
        record('error');
        await delay(script.delayMs ?? 0);
        res.writeHead(script.status, { 'content-type': script.contentType ?? 'text/plain' });
        res.end(script.body);
        return;
      case 'error':
        record('error');
        await delay(script.delayMs ?? 0);
        return sendJson(res, script.httpStatus, envelope(script));
      case 'ok': {
        const messageId =
          kind === 'send' ? `${idPrefix}${String(nextId++).padStart(6, '0')}` : undefined;
        record('ok', messageId);
        await delay((script.delayMs ?? 0) + latencyMs);
        if (kind === 'markRead') return sendJson(res, 200, { success: true });
        const to = typeof body.to === 'string' ? body.to : String(body.recipient ?? '');
        return sendJson(res, 200, {
          messaging_product: 'whatsapp',
          contacts: [{ input: to, wa_id: to.replace(/^\+/, '') }],
          messages: [{ id: messageId }],
        });
      }
    }
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) sendJson(res, 500, {});
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => done());
  });
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('fake Graph API: no TCP address');

  return {
    url: `http://127.0.0.1:${address.port}`,
    requests,
    sends: () => requests.filter((request) => request.kind === 'send'),
    markReads: () => requests.filter((request) => request.kind === 'markRead'),
    enqueue: (...responses) => {
      for (const response of responses) {
        queue.push('response' in response ? response : { response });
      }
    },
    setLatency: (ms) => {
      latencyMs = ms;
    },
    reset: () => {
      requests.length = 0;
      queue = [];
      latencyMs = 0;
    },
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}

/** `{ error: { message, type, code, error_data: { messaging_product, details }, fbtrace_id } }` */
export function envelope(error: MetaError): Record<string, unknown> {
  return {
    error: {
      message: error.message,
      type: error.type ?? 'OAuthException',
      code: error.code,
      ...(error.subcode !== undefined && { error_subcode: error.subcode }),
      ...(error.details !== undefined && {
        error_data: { messaging_product: 'whatsapp', details: error.details },
      }),
      fbtrace_id: `Fake${error.code}${Math.random().toString(36).slice(2, 10)}`,
    },
  };
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
