// Integration-test helpers over the servers the global setup started: which backends run, a client for one,
// and a fresh uniquely named table per test file (so files run in parallel against the same server).
import { randomUUID } from 'node:crypto';
import { DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { inject } from 'vitest';
import { createTable } from '../../lambda/adapters/dynamodb-table.ts';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from './dynamodb-servers.ts';
import type { DdbBackend } from './global-setup.ts';

export type { DdbBackend };

export interface Backend {
  readonly name: DdbBackend;
  readonly endpoint: string;
}

/** The running backends, for `describe.each(ddbBackends())`. Throws when none runs, so a suite cannot pass empty. */
export function ddbBackends(): Backend[] {
  const endpoints = inject('ddbEndpoints');
  const backends = (['dynalite', 'local'] as const).flatMap((name) => {
    const endpoint = endpoints[name];
    return endpoint ? [{ name, endpoint }] : [];
  });
  if (backends.length === 0)
    throw new Error('no DynamoDB backend is running (see global-setup.ts)');
  return backends;
}

export function dynamoDbClient(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({
    endpoint,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
    // The servers are local: a failure is a finding, not something to retry away.
    maxAttempts: 1,
  });
}

export function documentClient(client: DynamoDBClient): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true },
  });
}

export interface TestTable {
  readonly name: string;
  readonly client: DynamoDBClient;
  readonly doc: DynamoDBDocumentClient;
  /** Deletes the table and closes the client. */
  drop(): Promise<void>;
}

/** A new table with the production definition, named `<prefix>-<random>`. */
export async function freshTable(backend: Backend, prefix = 'test'): Promise<TestTable> {
  const client = dynamoDbClient(backend.endpoint);
  const name = `${prefix}-${randomUUID().slice(0, 8)}`;
  // No TTL: DynamoDB Local really deletes expired items in the background, and the tests' fixed clocks lie
  // in the past, so records would vanish mid-test (seen as flaky reads). TTL setup has its own unit test.
  await createTable(client, name);
  return {
    name,
    client,
    doc: documentClient(client),
    drop: async () => {
      try {
        await client.send(new DeleteTableCommand({ TableName: name }));
      } finally {
        client.destroy();
      }
    },
  };
}
