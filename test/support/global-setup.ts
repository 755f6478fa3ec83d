// Starts the shared test infrastructure once per vitest run: the DynamoDB wire servers (dynalite in-process,
// DynamoDB Local in Java), handed to test files as `inject('ddbEndpoints')`. DDB_BACKENDS=dynalite skips
// the JVM for quick local runs; CI runs both.
import type { TestProject } from 'vitest/node';
import { type RunningServer, startDynalite, startDynamoDbLocal } from './dynamodb-servers.ts';

export type DdbBackend = 'dynalite' | 'local';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Endpoint URL per running backend; a backend left out by DDB_BACKENDS is absent. */
    ddbEndpoints: { readonly dynalite?: string; readonly local?: string };
    /** ms each backend took from spawn to its first answered request. */
    ddbStartMs: { readonly dynalite?: number; readonly local?: number };
  }
}

export function requestedBackends(raw: string | undefined): DdbBackend[] {
  const names = (raw ?? 'dynalite,local')
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  const unknown = names.filter((name) => name !== 'dynalite' && name !== 'local');
  if (unknown.length > 0 || names.length === 0) {
    throw new Error(`DDB_BACKENDS must list dynalite and/or local, got: ${raw}`);
  }
  return names as DdbBackend[];
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const backends = requestedBackends(process.env.DDB_BACKENDS);
  const running: Partial<Record<DdbBackend, RunningServer>> = {};
  const stopAll = async () => {
    await Promise.all(Object.values(running).map((server) => server.stop()));
  };
  const [dynaliteResult, localResult] = await Promise.allSettled([
    backends.includes('dynalite') ? startDynalite() : undefined,
    backends.includes('local') ? startDynamoDbLocal() : undefined,
  ]);
  if (dynaliteResult.status === 'fulfilled' && dynaliteResult.value) {
    running.dynalite = dynaliteResult.value;
  }
  if (localResult.status === 'fulfilled' && localResult.value) running.local = localResult.value;
  const failure = [dynaliteResult, localResult].find((result) => result.status === 'rejected');
  if (failure) {
    // Stop whichever one did start, so that a failed setup leaves no JVM behind.
    await stopAll();
    throw failure.reason;
  }
  project.provide('ddbEndpoints', {
    ...(running.dynalite && { dynalite: running.dynalite.endpoint }),
    ...(running.local && { local: running.local.endpoint }),
  });
  // One line in the run's output: how long each backend took to answer (DynamoDB Local's JVM dominates).
  process.stdout.write(
    `DynamoDB backends ready: ${Object.entries(running)
      .map(([name, server]) => `${name} ${server.endpoint} in ${server.startMs} ms`)
      .join(', ')}\n`,
  );
  project.provide('ddbStartMs', {
    ...(running.dynalite && { dynalite: running.dynalite.startMs }),
    ...(running.local && { local: running.local.startMs }),
  });
  return stopAll;
}
