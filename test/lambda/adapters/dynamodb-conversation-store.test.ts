// Unit tests of DynamoDbConversationStore: the exact requests (aws-sdk-client-mock) and how the one query's
// answer becomes a ConversationState.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { DynamoDbConversationStore } from '../../../lambda/adapters/dynamodb-conversation-store.ts';
import { USER_HASH, wamidOf } from '../../support/dynamodb-fixtures.ts';

const ddb = mockClient(DynamoDBDocumentClient);
const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' }));
const TABLE = 'decisions';
const pk = `U#${USER_HASH}`;
const message = (timestamp: number, n: number) => ({ pk, sk: `M#${timestamp}#${wamidOf(n)}` });

describe('Class: DynamoDbConversationStore', () => {
  afterEach(() => {
    ddb.reset();
  });

  describe('Method: load', () => {
    it('reads STATE and the latest messages with one descending query of three items', async () => {
      ddb.on(QueryCommand).resolves({ Items: [] });
      const store = new DynamoDbConversationStore({ client, tableName: TABLE });

      const state = await store.load(USER_HASH);

      expect(state).toEqual({ optedOut: false });
      expect(ddb.calls()).toHaveLength(1);
      expect(ddb.commandCalls(QueryCommand)[0]?.args[0].input).toEqual({
        TableName: TABLE,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': 'pk' },
        ExpressionAttributeValues: { ':pk': pk },
        ScanIndexForward: false,
        Limit: 3,
        ConsistentRead: true,
        ReturnConsumedCapacity: 'TOTAL',
      });
    });

    it('combines the state with the latest message other than the current one', async () => {
      ddb.on(QueryCommand).resolves({
        Items: [
          { pk, sk: 'STATE', optedOut: true, handoffUntil: 5_000, handoffBy: 'user' },
          { ...message(1_767_225_700, 2), state: 'claimed' },
          { ...message(1_767_225_600, 1), state: 'finished' },
        ],
      });
      const store = new DynamoDbConversationStore({ client, tableName: TABLE });

      const excluding = await store.load(USER_HASH, wamidOf(2));
      const including = await store.load(USER_HASH);

      expect(excluding).toEqual({
        optedOut: true,
        handoffUntil: 5_000,
        handoffBy: 'user',
        lastInboundAt: 1_767_225_600,
      });
      expect(including.lastInboundAt).toBe(1_767_225_700);
    });

    it('reads the reply language of the latest earlier message that has one', async () => {
      ddb.on(QueryCommand).resolves({
        Items: [
          { pk, sk: 'STATE', optedOut: false },
          // the current message's own claim, then an earlier one still in flight, then a finished one
          { ...message(1_767_225_800, 3), state: 'claimed' },
          { ...message(1_767_225_700, 2), state: 'claimed' },
          { ...message(1_767_225_600, 1), state: 'finished', language: 'id' },
        ],
      });
      const store = new DynamoDbConversationStore({ client, tableName: TABLE });

      const state = await store.load(USER_HASH, wamidOf(3));

      expect(state).toMatchObject({ lastInboundAt: 1_767_225_700, lastLanguage: 'id' });
    });

    it('ignores malformed state values', async () => {
      ddb.on(QueryCommand).resolves({
        Items: [{ pk, sk: 'STATE', optedOut: 'yes', handoffUntil: '5', handoffBy: 'bot' }],
      });
      const store = new DynamoDbConversationStore({ client, tableName: TABLE });

      expect(await store.load(USER_HASH)).toEqual({ optedOut: false });
    });
  });

  describe('Method: setOptOut', () => {
    it('updates the STATE item once', async () => {
      ddb.on(UpdateCommand).resolves({});
      const store = new DynamoDbConversationStore({ client, tableName: TABLE });

      await store.setOptOut(USER_HASH, true, 1_000);

      expect(ddb.commandCalls(UpdateCommand)[0]?.args[0].input).toEqual({
        TableName: TABLE,
        Key: { pk, sk: 'STATE' },
        UpdateExpression: 'SET #optedOut = :optedOut, #optOutChangedAt = :at, #updatedAt = :at',
        ExpressionAttributeNames: {
          '#optedOut': 'optedOut',
          '#optOutChangedAt': 'optOutChangedAt',
          '#updatedAt': 'updatedAt',
        },
        ExpressionAttributeValues: { ':optedOut': true, ':at': 1_000 },
        ReturnConsumedCapacity: 'TOTAL',
      });
    });
  });

  describe('Method: setHandoff', () => {
    it('sets until and by to start a handoff', async () => {
      ddb.on(UpdateCommand).resolves({});
      const store = new DynamoDbConversationStore({ client, tableName: TABLE });

      await store.setHandoff(USER_HASH, 90_000, 'agent', 1_000);

      expect(ddb.commandCalls(UpdateCommand)[0]?.args[0].input).toEqual({
        TableName: TABLE,
        Key: { pk, sk: 'STATE' },
        UpdateExpression:
          'SET #handoffUntil = :until, #handoffBy = :by, #handoffChangedAt = :at, #updatedAt = :at',
        ExpressionAttributeNames: {
          '#handoffUntil': 'handoffUntil',
          '#handoffBy': 'handoffBy',
          '#handoffChangedAt': 'handoffChangedAt',
          '#updatedAt': 'updatedAt',
        },
        ExpressionAttributeValues: { ':until': 90_000, ':by': 'agent', ':at': 1_000 },
        ReturnConsumedCapacity: 'TOTAL',
      });
    });

    it('removes until to end a handoff', async () => {
      ddb.on(UpdateCommand).resolves({});
      const store = new DynamoDbConversationStore({ client, tableName: TABLE });

      await store.setHandoff(USER_HASH, null, 'user', 2_000);

      const input = ddb.commandCalls(UpdateCommand)[0]?.args[0].input;
      expect(input?.UpdateExpression).toBe(
        'SET #handoffBy = :by, #handoffChangedAt = :at, #updatedAt = :at REMOVE #handoffUntil',
      );
      expect(input?.ExpressionAttributeValues).toEqual({ ':by': 'user', ':at': 2_000 });
    });
  });
});
