// Load run: the local runtime (`local/`, started as `npm start -- --memory` would, in its own process) under a
// bounded load from this process over loopback (autocannon, capped in requests and seconds): signed
// 1-message webhooks, p50/p99/max and errors. Baseline: a bare Node HTTP server that reads the body and
// answers 200, loaded the same way in the same run.
import { type ChildProcess, spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { buildTextWebhook } from '../../test/support/signed-webhook.ts';
import { TEXTS } from '../lib/responder-rig.ts';
import { ratio, round } from '../lib/stats.ts';
import type { BenchContext, SectionOutput } from '../lib/types.ts';

const REQUESTS = 3000;
const CONNECTIONS = 10;
const MAX_SECONDS = 20;
const READY_TIMEOUT_MS = 60_000;
const APP_SECRET = 'bench-load-secret';

interface AutocannonResult {
  readonly latency: { p50: number; p99: number; max: number; average: number };
  readonly requests: { total: number; average: number };
  readonly errors: number;
  readonly timeouts: number;
  readonly non2xx: number;
  readonly duration: number;
}

interface AutocannonInstance {
  stop(): void;
}

type Autocannon = (
  options: Record<string, unknown>,
  done: (error: Error | null, result: AutocannonResult) => void,
) => AutocannonInstance;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitForHttp(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`exited with ${child.exitCode} before it listened`);
    try {
      const response = await fetch(url);
      await response.arrayBuffer();
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

/** Stops a process this section started (its own process group), then makes sure it is gone. */
async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    child.kill('SIGTERM');
  }
  const timer = setTimeout(() => {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }, 5_000);
  await exited;
  clearTimeout(timer);
}

function load(autocannon: Autocannon, url: string, tag: string): Promise<AutocannonResult> {
  let sequence = 0;
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url,
        method: 'POST',
        connections: CONNECTIONS,
        amount: REQUESTS,
        timeout: 10,
        requests: [
          {
            setupRequest: (request: Record<string, unknown>) => {
              sequence += 1;
              const body = buildTextWebhook(1, {
                idPrefix: `${tag}${sequence}`,
                users: 1,
                firstTimestamp: Math.floor(Date.now() / 1000) - 1,
                text: () => TEXTS.answered,
              }).replaceAll(
                '15550001000',
                `1555${String(100_000 + (sequence % 200)).padStart(7, '0')}`,
              );
              const signature = `sha256=${createHmac('sha256', APP_SECRET).update(body).digest('hex')}`;
              return {
                ...request,
                body,
                headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature },
              };
            },
          },
        ],
      },
      (error, result) => {
        clearTimeout(cap);
        if (error) reject(error);
        else resolve(result);
      },
    );
    // The count bounds the run; this bounds its time.
    const cap = setTimeout(() => instance.stop(), MAX_SECONDS * 1000);
  });
}

export async function run(ctx: BenchContext): Promise<SectionOutput> {
  const cli = join(ctx.root, 'local/cli.ts');
  const tsx = join(ctx.root, 'node_modules/tsx/dist/cli.mjs');
  if (!existsSync(cli) || !existsSync(join(ctx.root, 'local/commands/start.ts'))) {
    throw new Error('the local runtime (local/cli.ts start) is not in the repository yet');
  }
  const require = createRequire(import.meta.url);
  const autocannon = require('autocannon') as Autocannon;
  const children: ChildProcess[] = [];
  try {
    // ---- baseline: a bare HTTP server in its own process ----
    const basePort = await freePort();
    const baseline = spawn(
      process.execPath,
      [
        '-e',
        `require('node:http').createServer((q, s) => { q.resume(); q.on('end', () => s.end()); }).listen(${basePort}, '127.0.0.1')`,
      ],
      { detached: true, stdio: 'ignore' },
    );
    children.push(baseline);
    await waitForHttp(`http://127.0.0.1:${basePort}/`, baseline, 10_000);
    ctx.log(`baseline server up; ${REQUESTS} requests, ${CONNECTIONS} connections`);
    const base = await load(autocannon, `http://127.0.0.1:${basePort}/webhook`, 'base');
    await stopChild(baseline);

    // ---- the local runtime ----
    const port = await freePort();
    const runtime = spawn(
      process.execPath,
      [tsx, cli, 'start', '--memory', '--port', String(port), '--host', '127.0.0.1'],
      {
        cwd: ctx.root,
        detached: true,
        stdio: ['ignore', 'ignore', 'pipe'],
        env: { ...process.env, PORT: String(port), WHATSAPP_APP_SECRET: APP_SECRET },
      },
    );
    children.push(runtime);
    let stderr = '';
    runtime.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-2000);
    });
    const started = performance.now();
    try {
      await waitForHttp(`http://127.0.0.1:${port}/`, runtime, READY_TIMEOUT_MS);
    } catch (error) {
      throw new Error(
        `local runtime did not start: ${(error as Error).message} ${stderr.slice(-300)}`,
      );
    }
    const readyMs = performance.now() - started;
    ctx.log(`local runtime up in ${Math.round(readyMs)} ms; loading`);
    const ours = await load(autocannon, `http://127.0.0.1:${port}/webhook`, 'load');
    await stopChild(runtime);

    const row = (name: string, r: AutocannonResult) => [
      name,
      r.requests.total,
      round(r.duration),
      round(r.requests.average),
      r.latency.p50,
      r.latency.p99,
      r.latency.max,
      r.errors + r.timeouts,
      r.non2xx,
    ];
    const headline = [
      `local runtime: ${ours.requests.total} webhooks, p50 ${ours.latency.p50} ms / p99 ${ours.latency.p99} ms / max ${ours.latency.max} ms, ${round(ours.requests.average)} req/s, ${ours.errors + ours.timeouts} errors, ${ours.non2xx} non-2xx — bare node:http baseline p50 ${base.latency.p50} ms / p99 ${base.latency.p99} ms, ${round(base.requests.average)} req/s`,
    ];
    return {
      headline,
      method:
        `The local runtime (\`local/cli.ts start --memory\`, dynalite in-process, in-process FIFO queue, fake ` +
        `Graph API) in its own process on 127.0.0.1, loaded from the bench process with autocannon: ` +
        `${REQUESTS} signed 1-message webhooks (unique wamids, 200 users), ${CONNECTIONS} connections, ` +
        `stopped after ${MAX_SECONDS} s at the latest. Latency is the webhook's acknowledgement (ingress: ` +
        'verify, parse, enqueue, 200); the responder works through the queue in the same process meanwhile. ' +
        'Baseline: a bare Node HTTP server that reads the body and answers 200, loaded the same way in the same run. ' +
        'Load generator and server share the 2 cores.',
      tables: [
        {
          title: 'Bounded load over loopback (ms)',
          columns: [
            'server',
            'requests',
            'seconds',
            'requests/s',
            'p50 ms',
            'p99 ms',
            'max ms',
            'errors + timeouts',
            'non-2xx',
          ],
          rows: [
            row('local runtime: POST /webhook', ours),
            row('baseline: bare node:http 200', base),
            [
              'ratio runtime / baseline',
              null,
              null,
              ratio(ours.requests.average, base.requests.average),
              ratio(ours.latency.p50, Math.max(1, base.latency.p50)),
              ratio(ours.latency.p99, Math.max(1, base.latency.p99)),
              ratio(ours.latency.max, Math.max(1, base.latency.max)),
              null,
              null,
            ],
          ],
        },
      ],
      notes: [
        `The runtime was ready (simulator page answering) ${Math.round(readyMs)} ms after spawn.`,
        'autocannon reports latency in whole milliseconds; the baseline’s ratios use max(1 ms, baseline).',
      ],
      data: { ours, baseline: base, readyMs },
    };
  } finally {
    for (const child of children) await stopChild(child);
  }
}
