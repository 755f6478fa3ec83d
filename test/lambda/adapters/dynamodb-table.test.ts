// Unit tests of the table definition and key builders shared by the DynamoDB adapters (docs/design.md).
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createTable,
  dayOf,
  decisionKey,
  GSI1_SHARDS,
  gsi1Key,
  parseDecisionKey,
  shardOf,
  stateKey,
  TABLE_DEFINITION,
} from '../../../lambda/adapters/dynamodb-table.ts';
import { encodeDecisionRef } from '../../../lambda/core/decision-ref.ts';

const ddb = mockClient(DynamoDBClient);
const client = new DynamoDBClient({ region: 'us-east-1' });

describe('Module: dynamodb-table', () => {
  afterEach(() => {
    ddb.reset();
  });

  it('defines pk/sk, the byDayOutcome index with its INCLUDE projection, on demand', () => {
    expect(TABLE_DEFINITION).toEqual({
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
        { AttributeName: 'gsi1pk', AttributeType: 'S' },
        { AttributeName: 'gsi1sk', AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
      GlobalSecondaryIndexes: [
        {
          IndexName: 'byDayOutcome',
          KeySchema: [
            { AttributeName: 'gsi1pk', KeyType: 'HASH' },
            { AttributeName: 'gsi1sk', KeyType: 'RANGE' },
          ],
          Projection: {
            ProjectionType: 'INCLUDE',
            NonKeyAttributes: ['intent', 'reason', 'policyRuleId', 'confidence', 'decidedAt'],
          },
        },
      ],
    });
  });

  it('creates the table, waits for ACTIVE and enables TTL on expiresAt', async () => {
    ddb
      .on(DescribeTableCommand)
      .resolvesOnce({ Table: { TableStatus: 'CREATING' } })
      .resolves({
        Table: { TableStatus: 'ACTIVE', GlobalSecondaryIndexes: [{ IndexStatus: 'ACTIVE' }] },
      });

    await createTable(client, 'decisions-1', { timeToLive: true });

    expect(ddb.commandCalls(CreateTableCommand)[0]?.args[0].input).toEqual({
      ...TABLE_DEFINITION,
      TableName: 'decisions-1',
    });
    expect(ddb.commandCalls(DescribeTableCommand)).toHaveLength(2);
    expect(ddb.commandCalls(UpdateTimeToLiveCommand)[0]?.args[0].input).toEqual({
      TableName: 'decisions-1',
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
    });
  });

  it('tolerates a server without UpdateTimeToLive (dynalite)', async () => {
    ddb.on(DescribeTableCommand).resolves({ Table: { TableStatus: 'ACTIVE' } });
    ddb
      .on(UpdateTimeToLiveCommand)
      .rejects(Object.assign(new Error('unknown'), { name: 'UnknownOperationException' }));

    await expect(createTable(client, 'decisions-2', { timeToLive: true })).resolves.toBeUndefined();
  });

  it('builds the decision key as the callback data encodes it', () => {
    const ref = { userHash: 'ab12', timestamp: 1_767_225_600, wamid: 'wamid.X#Y' };

    const key = decisionKey(ref);

    expect(key).toEqual({ pk: 'U#ab12', sk: 'M#1767225600#wamid.X#Y' });
    expect(`${key.pk}|${key.sk}`).toBe(encodeDecisionRef(ref));
    expect(parseDecisionKey(key)).toEqual(ref);
    expect(parseDecisionKey(stateKey('ab12'))).toBeUndefined();
  });

  it('pads the timestamp to ten digits so keys sort by time', () => {
    expect(decisionKey({ userHash: 'a', timestamp: 42, wamid: 'w' }).sk).toBe('M#0000000042#w');
  });

  it('keeps the STATE item in the user partition, after every message item', () => {
    expect(stateKey('ab12')).toEqual({ pk: 'U#ab12', sk: 'STATE' });
    expect('STATE' > 'M#9999999999#wamid.zzz').toBe(true);
  });

  it('builds the index keys from the UTC day, the outcome and a stable shard', () => {
    expect(gsi1Key('2026-03-04T23:59:59.999Z', 'answered', 'wamid.A')).toEqual({
      gsi1pk: `D#2026-03-04#answered#${shardOf('wamid.A')}`,
      gsi1sk: '2026-03-04T23:59:59.999Z#wamid.A',
    });
    expect(dayOf('2026-03-05T01:00:00+02:00')).toBe('2026-03-04');
    expect(() => dayOf('yesterday')).toThrow(RangeError);
  });

  it('spreads wamids over all four shards', () => {
    const shards = new Set(Array.from({ length: 64 }, (_, i) => shardOf(`wamid.${i}`)));

    expect([...shards].sort()).toEqual([0, 1, 2, 3]);
    expect(GSI1_SHARDS).toBe(4);
    expect(shardOf('wamid.7')).toBe(shardOf('wamid.7'));
  });
});
