// A fault-injecting HTTP proxy in front of a DynamoDB wire server (dynalite or DynamoDB Local). It answers
// some data-plane requests itself with DynamoDB's throttling errors (HTTP 400 with the JSON `__type` the SDK
// reads), can drop the answer of a request the server did apply (the ambiguous failure every retrying client
// meets), and can be re-pointed at a restarted server, so tests can stop the database mid-run.
import { createServer, type IncomingMessage, request, type Server } from 'node:http';
import type { Socket } from 'node:net';

export const THROTTLING_BODIES = [
  {
    __type: 'com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException',
    message:
      'The level of configured provisioned throughput for the table was exceeded. Consider increasing your provisioning level with the UpdateTable API.',
  },
  {
    __type: 'com.amazon.coral.availability#ThrottlingException',
    message: 'Rate of requests exceeds the allowed throughput.',
  },
] as const;

/** Operations the proxy may fault; table management always passes, so setup cannot flake. */
const DATA_PLANE = /\.(PutItem|UpdateItem|GetItem|Query|DeleteItem|BatchGetItem|BatchWriteItem)$/;

export interface FaultCounts {
  /** Requests the proxy received. */
  requests: number;
  /** Answered by the proxy with a throttling error (never reached the server). */
  throttled: number;
  /** Forwarded and applied by the server, but the answer was dropped (socket destroyed). */
  droppedAnswers: number;
  /** Could not be forwarded (server down): the client's socket was destroyed. */
  refused: number;
}

export interface DdbFaultProxy {
  readonly url: string;
  readonly counts: FaultCounts;
  /** Share of data-plane requests answered with a throttling error, 0..1. */
  throttleRate: number;
  /** Share of forwarded data-plane requests whose answer is dropped, 0..1. */
  dropAnswerRate: number;
  /** Which operations may be faulted (x-amz-target suffix); all data-plane ones by default. */
  faultOnly: RegExp | undefined;
  setTarget(endpoint: string): void;
  close(): Promise<void>;
}

function readAll(req: IncomingMessage): Promise<Buffer> {
  return new Promise((done, fail) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => done(Buffer.concat(chunks)));
    req.on('error', fail);
  });
}

export async function startDdbFaultProxy(options: {
  readonly target: string;
  readonly random: () => number;
  readonly throttleRate?: number;
  readonly dropAnswerRate?: number;
}): Promise<DdbFaultProxy> {
  let target = new URL(options.target);
  const counts: FaultCounts = { requests: 0, throttled: 0, droppedAnswers: 0, refused: 0 };
  const sockets = new Set<Socket>();
  const state = {
    throttleRate: options.throttleRate ?? 0,
    dropAnswerRate: options.dropAnswerRate ?? 0,
    faultOnly: undefined as RegExp | undefined,
  };

  const server: Server = createServer(async (req, res) => {
    counts.requests++;
    const body = await readAll(req);
    const operation = String(req.headers['x-amz-target'] ?? '');
    const faultable =
      DATA_PLANE.test(operation) &&
      (state.faultOnly === undefined || state.faultOnly.test(operation));
    if (faultable && options.random() < state.throttleRate) {
      counts.throttled++;
      const error = THROTTLING_BODIES[counts.throttled % THROTTLING_BODIES.length];
      const text = JSON.stringify(error);
      res.writeHead(400, {
        'content-type': 'application/x-amz-json-1.0',
        'content-length': Buffer.byteLength(text),
        'x-amzn-requestid': `throttle-${counts.throttled}`,
      });
      res.end(text);
      return;
    }
    const dropAnswer = faultable && options.random() < state.dropAnswerRate;
    const upstream = request(
      {
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: target.host },
      },
      (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => chunks.push(chunk));
        answer.on('end', () => {
          if (dropAnswer) {
            // The server applied the request; the client never hears so (a reset after the write).
            counts.droppedAnswers++;
            req.socket.destroy();
            return;
          }
          res.writeHead(answer.statusCode ?? 500, answer.headers);
          res.end(Buffer.concat(chunks));
        });
        answer.on('error', () => req.socket.destroy());
      },
    );
    upstream.on('error', () => {
      // The server is down: the client sees a connection reset, as it would against a dead endpoint.
      counts.refused++;
      req.socket.destroy();
    });
    upstream.end(body);
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
  if (!address || typeof address === 'string') throw new Error('proxy: no TCP address');

  return {
    url: `http://127.0.0.1:${address.port}`,
    counts,
    get throttleRate() {
      return state.throttleRate;
    },
    set throttleRate(rate: number) {
      state.throttleRate = rate;
    },
    get dropAnswerRate() {
      return state.dropAnswerRate;
    },
    set dropAnswerRate(rate: number) {
      state.dropAnswerRate = rate;
    },
    get faultOnly() {
      return state.faultOnly;
    },
    set faultOnly(pattern: RegExp | undefined) {
      state.faultOnly = pattern;
    },
    setTarget(endpoint) {
      target = new URL(endpoint);
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}
