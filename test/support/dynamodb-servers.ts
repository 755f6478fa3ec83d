// The test suite's view of the real DynamoDB wire servers: the same starter the local runtime uses
// (local/runtime/embedded-dynamodb.ts), always in memory.
import {
  EMBEDDED_CREDENTIALS,
  EMBEDDED_REGION,
  type EmbeddedDynamoDb,
  startEmbeddedDynamoDb,
} from '../../local/runtime/embedded-dynamodb.ts';

export { findDynamoDbLocalJar } from '../../local/runtime/embedded-dynamodb.ts';

export type RunningServer = EmbeddedDynamoDb;

/** Both servers accept any credentials; DynamoDB Local runs with -sharedDb so every key sees the tables. */
export const LOCAL_CREDENTIALS = EMBEDDED_CREDENTIALS;
export const LOCAL_REGION = EMBEDDED_REGION;

export function startDynalite(): Promise<RunningServer> {
  return startEmbeddedDynamoDb({ mode: 'dynalite' });
}

export function startDynamoDbLocal(
  options: { readonly java?: string } = {},
): Promise<RunningServer> {
  return startEmbeddedDynamoDb({ mode: 'local', ...options });
}
