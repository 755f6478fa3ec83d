// Unit tests of DynamoDbDecisionQuery: the exact requests it sends (aws-sdk-client-mock), and how it merges
// and reads DynamoDB's answers. The same adapter runs against real servers in test/integration.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { storedFields } from '../../../lambda/adapters/dynamodb-decision-log.ts';
import { DynamoDbDecisionQuery } from '../../../lambda/adapters/dynamodb-decision-query.ts';
import { answeredRecord, refOf, USER_HASH, wamidOf } from '../../support/dynamodb-fixtures.ts';

const ddb = mockClient(DynamoDBDocumentClient);
const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' }));
const TABLE = 'decisions';
const ref = refOf(1);
const key = { pk: `U#${USER_HASH}`, sk: `M#${ref.timestamp}#${ref.wamid}` };

describe('Class: DynamoDbDecisionQuery', () => {
  afterEach(() => {
    ddb.reset();
  });

  describe('Method: byUser', () => {
    it('queries the message items newest first, decided ones only', async () => {
      ddb.on(QueryCommand).resolves({ Items: [] });
      const log = new DynamoDbDecisionQuery({ client, tableName: TABLE });

      await log.byUser(USER_HASH, { limit: 5 });

      expect(ddb.commandCalls(QueryCommand)[0]?.args[0].input).toEqual({
        TableName: TABLE,
        KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :messages)',
        FilterExpression: 'attribute_exists(#outcome)',
        ExpressionAttributeNames: { '#pk': 'pk', '#sk': 'sk', '#outcome': 'outcome' },
        ExpressionAttributeValues: { ':pk': `U#${USER_HASH}`, ':messages': 'M#' },
        ScanIndexForward: false,
        Limit: 5,
        ReturnConsumedCapacity: 'TOTAL',
      });
    });

    it('turns `since` (epoch ms) into a key range from that second on', async () => {
      ddb.on(QueryCommand).resolves({ Items: [] });
      const log = new DynamoDbDecisionQuery({ client, tableName: TABLE });

      await log.byUser(USER_HASH, { since: 1_767_225_600_500 });

      const input = ddb.commandCalls(QueryCommand)[0]?.args[0].input;
      expect(input?.KeyConditionExpression).toBe('#pk = :pk AND #sk BETWEEN :from AND :to');
      expect(input?.ExpressionAttributeValues).toEqual({
        ':pk': `U#${USER_HASH}`,
        ':from': 'M#1767225601',
        ':to': 'M#~',
      });
    });

    it('follows pages until the limit is reached', async () => {
      const item = (n: number) => ({ ...itemOf(refOf(n)) });
      ddb
        .on(QueryCommand)
        .resolvesOnce({ Items: [item(3)], LastEvaluatedKey: { pk: 'x', sk: 'y' } })
        .resolvesOnce({ Items: [item(2), item(1)], LastEvaluatedKey: { pk: 'x', sk: 'z' } });
      const log = new DynamoDbDecisionQuery({ client, tableName: TABLE });

      const records = await log.byUser(USER_HASH, { limit: 2 });

      expect(records.map((record) => record.wamid)).toEqual([wamidOf(3), wamidOf(2)]);
      expect(ddb.commandCalls(QueryCommand)[1]?.args[0].input.ExclusiveStartKey).toEqual({
        pk: 'x',
        sk: 'y',
      });
    });
  });

  describe('Method: byDay', () => {
    it('queries the four shards, merges them newest first and fetches the full records', async () => {
      // Prepare: shard i holds one entry decided at minute i.
      const refs = [0, 1, 2, 3].map((n) => refOf(n));
      const indexEntry = (n: number) => {
        const entryRef = refs[n] ?? ref;
        return {
          pk: `U#${entryRef.userHash}`,
          sk: `M#${entryRef.timestamp}#${entryRef.wamid}`,
          gsi1sk: `2031-03-04T10:0${n}:00.000Z#${entryRef.wamid}`,
        };
      };
      ddb
        .on(QueryCommand)
        .callsFake((input: { ExpressionAttributeValues: Record<string, string> }) => {
          const shard = Number(input.ExpressionAttributeValues[':gsi1pk']?.slice(-1));
          return { Items: [indexEntry(shard)] };
        });
      ddb.on(BatchGetCommand).resolves({
        Responses: { [TABLE]: refs.map((entryRef) => itemOf(entryRef)) },
      });
      const log = new DynamoDbDecisionQuery({ client, tableName: TABLE });

      // Act
      const records = await log.byDay('2031-03-04', 'answered', { limit: 3 });

      // Assess
      expect(
        ddb
          .commandCalls(QueryCommand)
          .map((call) => call.args[0].input)
          .sort((a, b) =>
            String(a.ExpressionAttributeValues?.[':gsi1pk']).localeCompare(
              String(b.ExpressionAttributeValues?.[':gsi1pk']),
            ),
          ),
      ).toEqual(
        [0, 1, 2, 3].map((shard) => ({
          TableName: TABLE,
          IndexName: 'byDayOutcome',
          KeyConditionExpression: '#gsi1pk = :gsi1pk',
          ExpressionAttributeNames: { '#gsi1pk': 'gsi1pk' },
          ExpressionAttributeValues: { ':gsi1pk': `D#2031-03-04#answered#${shard}` },
          ScanIndexForward: false,
          Limit: 3,
          ReturnConsumedCapacity: 'TOTAL',
        })),
      );
      expect(ddb.commandCalls(BatchGetCommand)[0]?.args[0].input).toEqual({
        RequestItems: {
          [TABLE]: { Keys: [3, 2, 1].map((n) => ({ pk: indexEntry(n).pk, sk: indexEntry(n).sk })) },
        },
        ReturnConsumedCapacity: 'TOTAL',
      });
      expect(records.map((record) => record.wamid)).toEqual([3, 2, 1].map((n) => wamidOf(n)));
    });

    it('retries keys BatchGetItem left unprocessed', async () => {
      ddb
        .on(QueryCommand)
        .callsFake((input: { ExpressionAttributeValues: Record<string, string> }) =>
          input.ExpressionAttributeValues[':gsi1pk']?.endsWith('#0')
            ? { Items: [{ ...itemOf(ref), gsi1sk: 'a' }] }
            : { Items: [] },
        );
      ddb
        .on(BatchGetCommand)
        .resolvesOnce({ Responses: { [TABLE]: [] }, UnprocessedKeys: { [TABLE]: { Keys: [key] } } })
        .resolvesOnce({ Responses: { [TABLE]: [itemOf(ref)] } });
      const log = new DynamoDbDecisionQuery({ client, tableName: TABLE });

      const records = await log.byDay('2026-01-01', 'answered');

      expect(records.map((record) => record.wamid)).toEqual([ref.wamid]);
      expect(ddb.commandCalls(BatchGetCommand)).toHaveLength(2);
    });
  });
});

function itemOf(itemRef: ReturnType<typeof refOf>): Record<string, unknown> {
  return {
    pk: `U#${itemRef.userHash}`,
    sk: `M#${itemRef.timestamp}#${itemRef.wamid}`,
    state: 'finished',
    ...storedFields(answeredRecord(itemRef)),
  };
}
