// Unit tests of DynamoDbDecisionLog: the exact requests it sends (aws-sdk-client-mock), and how it reads
// DynamoDB's answers. The same adapter runs against real servers in test/integration.
import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  DynamoDbDecisionLog,
  derivedDecisionId,
  recordFromItem,
  storedFields,
} from '../../../lambda/adapters/dynamodb-decision-log.ts';
import { shardOf } from '../../../lambda/adapters/dynamodb-table.ts';
import { decisionIdOf } from '../../../lambda/core/decision-record.ts';
import { encodeDecisionRef } from '../../../lambda/core/decision-ref.ts';
import { nextAttemptId } from '../../support/attempt-ids.ts';
import { answeredRecord, refOf, USER_HASH } from '../../support/dynamodb-fixtures.ts';

const ddb = mockClient(DynamoDBDocumentClient);
const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' }));
const TABLE = 'decisions';
const ref = refOf(1);
const key = { pk: `U#${USER_HASH}`, sk: `M#${ref.timestamp}#${ref.wamid}` };

function conditionFailed(item?: Record<string, unknown>) {
  return new ConditionalCheckFailedException({
    message: 'The conditional request failed',
    $metadata: {},
    ...(item && { Item: item as never }),
  });
}

describe('Class: DynamoDbDecisionLog', () => {
  afterEach(() => {
    ddb.reset();
  });

  describe('Method: claim', () => {
    it('sends one conditional update with the named condition parts joined by OR', async () => {
      // Prepare
      ddb.on(UpdateCommand).resolves({ Attributes: { attempts: 1 } });
      const log = new DynamoDbDecisionLog({ client, tableName: TABLE });

      // Act
      const result = await log.claim(ref, 1_000, 2_000, 'attempt-a');

      // Assess
      expect(result).toEqual({ status: 'claimed', attempts: 1 });
      expect(ddb.calls()).toHaveLength(1);
      expect(ddb.commandCalls(UpdateCommand)[0]?.args[0].input).toEqual({
        TableName: TABLE,
        Key: key,
        UpdateExpression:
          'SET #state = :claimed, #claimedAt = :at, #expiresAt = :expiresAt, #claimToken = :token ADD #attempts :one',
        ConditionExpression: 'attribute_not_exists(#pk) OR #state = :retryable',
        ExpressionAttributeNames: {
          '#pk': 'pk',
          '#state': 'state',
          '#claimedAt': 'claimedAt',
          '#expiresAt': 'expiresAt',
          '#attempts': 'attempts',
          '#claimToken': 'claimToken',
        },
        ExpressionAttributeValues: {
          ':claimed': 'claimed',
          ':token': 'attempt-a',
          ':retryable': 'retryable',
          ':at': 1_000,
          ':expiresAt': 2_000,
          ':one': 1,
        },
        ReturnValues: 'UPDATED_NEW',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        ReturnConsumedCapacity: 'TOTAL',
      });
    });

    it('reports the attempt count of a reclaimed retryable record', async () => {
      ddb.on(UpdateCommand).resolves({ Attributes: { attempts: 3 } });
      const log = new DynamoDbDecisionLog({ client, tableName: TABLE });

      expect(await log.claim(ref, 1, 2, nextAttemptId())).toEqual({
        status: 'claimed',
        attempts: 3,
      });
    });

    it('reads the existing state from the failure when DynamoDB returns it', async () => {
      ddb
        .on(UpdateCommand)
        .rejects(conditionFailed({ state: { S: 'finished' }, claimedAt: { N: '900' } }));
      const log = new DynamoDbDecisionLog({ client, tableName: TABLE });

      const result = await log.claim(ref, 1_000, 2_000, nextAttemptId());

      expect(result).toEqual({ status: 'duplicate', existing: 'finished', claimedAt: 900 });
      expect(ddb.commandCalls(GetCommand)).toHaveLength(0);
    });

    it('falls back to a consistent read when the server leaves the item out (dynalite)', async () => {
      ddb.on(UpdateCommand).rejects(conditionFailed());
      ddb.on(GetCommand).resolves({ Item: { state: 'claimed', claimedAt: 950 } });
      const log = new DynamoDbDecisionLog({ client, tableName: TABLE });

      const result = await log.claim(ref, 1_000, 2_000, nextAttemptId());

      expect(result).toEqual({ status: 'duplicate', existing: 'claimed', claimedAt: 950 });
      expect(ddb.commandCalls(GetCommand)[0]?.args[0].input).toEqual({
        TableName: TABLE,
        Key: key,
        ConsistentRead: true,
        ProjectionExpression: '#state, #claimedAt, #claimToken, #attempts',
        ExpressionAttributeNames: {
          '#state': 'state',
          '#claimedAt': 'claimedAt',
          '#claimToken': 'claimToken',
          '#attempts': 'attempts',
        },
        ReturnConsumedCapacity: 'TOTAL',
      });
    });

    it('claims again when the record vanished between the failed claim and the read', async () => {
      ddb
        .on(UpdateCommand)
        .rejectsOnce(conditionFailed())
        .resolvesOnce({ Attributes: { attempts: 1 } });
      ddb.on(GetCommand).resolves({});
      const log = new DynamoDbDecisionLog({ client, tableName: TABLE });

      expect(await log.claim(ref, 1, 2, nextAttemptId())).toEqual({
        status: 'claimed',
        attempts: 1,
      });
      expect(ddb.commandCalls(UpdateCommand)).toHaveLength(2);
    });

    it('passes other errors through', async () => {
      ddb.on(UpdateCommand).rejects(new Error('ProvisionedThroughputExceeded'));
      const log = new DynamoDbDecisionLog({ client, tableName: TABLE });

      await expect(log.claim(ref, 1, 2, nextAttemptId())).rejects.toThrow(
        'ProvisionedThroughputExceeded',
      );
    });

    it('reports consumed capacity to the listener', async () => {
      ddb.on(UpdateCommand).resolves({
        Attributes: { attempts: 1 },
        ConsumedCapacity: { TableName: TABLE, CapacityUnits: 1 },
      });
      const onCapacity = vi.fn();
      const log = new DynamoDbDecisionLog({ client, tableName: TABLE, onCapacity });

      await log.claim(ref, 1, 2, nextAttemptId());

      expect(onCapacity).toHaveBeenCalledWith('claim', 1, { TableName: TABLE, CapacityUnits: 1 });
    });
  });

  describe('Method: finish', () => {
    it('writes every field, the state, the index keys and the expiry in one update', async () => {
      // Prepare
      ddb.on(UpdateCommand).resolves({});
      const log = new DynamoDbDecisionLog({ client, tableName: TABLE });
      const record = answeredRecord(ref, { text: 'hi', language: undefined, margin: undefined });

      // Act
      await log.finish(record, 5_000);

      // Assess
      const input = ddb.commandCalls(UpdateCommand)[0]?.args[0].input;
      const values = {
        ':state': 'finished',
        ':expiresAt': 5_000,
        ':gsi1pk': `D#${record.decidedAt.slice(0, 10)}#answered#${shardOf(ref.wamid)}`,
        ':gsi1sk': `${record.decidedAt}#${ref.wamid}`,
        ':transport': 'cloud_api',
        ':businessPhoneNumberId': record.businessPhoneNumberId,
        ':inputType': 'text',
        ':receivedAt': Date.parse(record.receivedAt),
        ':decidedAt': record.decidedAt,
        ':sentAt': Date.parse(record.sentAt ?? ''),
        ':policyRuleId': record.policyRuleId,
        ':policyVersion': record.policyVersion,
        ':posture': 'scoped_only',
        ':jurisdiction': '62',
        ':intent': 'order_status',
        ':confidence': record.confidence,
        ':classifierVersion': record.classifierVersion,
        ':outcome': 'answered',
        ':reason': 'in_scope',
        ':replyKind': 'answer',
        ':replyMessageId': record.replyMessageId,
        ':text': 'hi',
        ':attempts': 1,
        ':latencyMs': 500,
      };
      const set = Object.keys(values).map((value) => `#${value.slice(1)} = ${value}`);
      // decisionId and policyInstant follow from the key, the claim token closes with the claim; the rest
      // are absent from the record.
      const removed = [
        'claimToken',
        'decisionId',
        'policyInstant',
        'margin',
        'language',
        'retryable',
        'deadLettered',
      ];
      expect(input?.UpdateExpression).toBe(
        `SET ${set.join(', ')} REMOVE ${removed.map((name) => `#${name}`).join(', ')}`,
      );
      expect(input).toEqual({
        TableName: TABLE,
        Key: key,
        UpdateExpression: input?.UpdateExpression,
        ExpressionAttributeNames: Object.fromEntries(
          [...Object.keys(values).map((value) => value.slice(1)), ...removed].map((name) => [
            `#${name}`,
            name,
          ]),
        ),
        ExpressionAttributeValues: values,
        ReturnConsumedCapacity: 'TOTAL',
      });
      expect(input).not.toHaveProperty('ConditionExpression');
    });

    it('leaves a retryable failure in state retryable, for the next delivery to reclaim', async () => {
      ddb.on(UpdateCommand).resolves({});
      const log = new DynamoDbDecisionLog({ client, tableName: TABLE });

      await log.finish(answeredRecord(ref, { outcome: 'failed', retryable: true }), 5_000);

      const values = ddb.commandCalls(UpdateCommand)[0]?.args[0].input.ExpressionAttributeValues;
      expect(values?.[':state']).toBe('retryable');
      expect(values?.[':retryable']).toBe(true);
      expect(values?.[':gsi1pk']).toMatch(/^D#\d{4}-\d{2}-\d{2}#failed#[0-3]$/);
    });

    it('stores the status rank with a delivery status the record already carries', async () => {
      ddb.on(UpdateCommand).resolves({});
      const log = new DynamoDbDecisionLog({ client, tableName: TABLE });

      await log.finish(answeredRecord(ref, { deliveryStatus: 'sent' }), 5_000);

      const values = ddb.commandCalls(UpdateCommand)[0]?.args[0].input.ExpressionAttributeValues;
      expect(values?.[':deliveryStatus']).toBe('sent');
      expect(values?.[':statusRank']).toBe(1);
    });
  });

  describe('Method: recordDuplicate', () => {
    it('counts the redelivery on the existing record only', async () => {
      ddb.on(UpdateCommand).resolves({});
      const log = new DynamoDbDecisionLog({ client, tableName: TABLE });

      await log.recordDuplicate(ref, 7_000);

      expect(ddb.commandCalls(UpdateCommand)[0]?.args[0].input).toEqual({
        TableName: TABLE,
        Key: key,
        UpdateExpression: 'SET #lastDuplicateAt = :at ADD #duplicates :one',
        ConditionExpression: 'attribute_exists(#pk)',
        ExpressionAttributeNames: {
          '#pk': 'pk',
          '#lastDuplicateAt': 'lastDuplicateAt',
          '#duplicates': 'duplicates',
        },
        ExpressionAttributeValues: { ':at': 7_000, ':one': 1 },
        ReturnConsumedCapacity: 'TOTAL',
      });
    });

    it('ignores a record that no longer exists', async () => {
      ddb.on(UpdateCommand).rejects(conditionFailed());
      const log = new DynamoDbDecisionLog({ client, tableName: TABLE });

      await expect(log.recordDuplicate(ref, 7_000)).resolves.toBeUndefined();
    });
  });

  describe('Method: applyStatus', () => {
    it('moves the status forward with one conditional update on the stored rank', async () => {
      ddb.on(UpdateCommand).resolves({});
      const log = new DynamoDbDecisionLog({ client, tableName: TABLE });

      const matched = await log.applyStatus(encodeDecisionRef(ref), {
        status: 'failed',
        at: 9_000,
        errorCode: 131026,
      });

      expect(matched).toBe(true);
      expect(ddb.commandCalls(UpdateCommand)[0]?.args[0].input).toEqual({
        TableName: TABLE,
        Key: key,
        UpdateExpression:
          'SET #deliveryStatus = :status, #statusRank = :rank, #statusAt = :at, #deliveryErrorCode = :errorCode',
        ConditionExpression:
          'attribute_exists(#pk) AND (attribute_not_exists(#statusRank) OR #statusRank < :rank)',
        ExpressionAttributeNames: {
          '#pk': 'pk',
          '#statusRank': 'statusRank',
          '#deliveryStatus': 'deliveryStatus',
          '#statusAt': 'statusAt',
          '#deliveryErrorCode': 'deliveryErrorCode',
        },
        ExpressionAttributeValues: {
          ':rank': 9,
          ':status': 'failed',
          ':at': 9_000,
          ':errorCode': 131026,
        },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        ReturnConsumedCapacity: 'TOTAL',
      });
    });

    it.each([
      ['sent', 1],
      ['delivered', 2],
      ['read', 3],
      ['played', 4],
      ['failed', 9],
    ] as const)('ranks %s as %i', async (status, rank) => {
      ddb.on(UpdateCommand).resolves({});
      const log = new DynamoDbDecisionLog({ client, tableName: TABLE });

      await log.applyStatus(encodeDecisionRef(ref), { status, at: 1 });

      const input = ddb.commandCalls(UpdateCommand)[0]?.args[0].input;
      expect(input?.ExpressionAttributeValues?.[':rank']).toBe(rank);
      expect(input?.UpdateExpression).not.toContain('deliveryErrorCode');
    });

    it('counts a status that does not move forward as matched (DynamoDB returns the item)', async () => {
      ddb.on(UpdateCommand).rejects(conditionFailed({ pk: { S: key.pk }, statusRank: { N: '3' } }));
      const log = new DynamoDbDecisionLog({ client, tableName: TABLE });

      expect(await log.applyStatus(encodeDecisionRef(ref), { status: 'sent', at: 1 })).toBe(true);
      expect(ddb.commandCalls(GetCommand)).toHaveLength(0);
    });

    it('asks whether the record exists when the server does not say (dynalite)', async () => {
      ddb.on(UpdateCommand).rejects(conditionFailed());
      ddb
        .on(GetCommand)
        .resolvesOnce({ Item: { state: 'finished' } })
        .resolvesOnce({});
      const log = new DynamoDbDecisionLog({ client, tableName: TABLE });

      const late = await log.applyStatus(encodeDecisionRef(ref), { status: 'sent', at: 1 });
      const missing = await log.applyStatus(encodeDecisionRef(ref), { status: 'sent', at: 1 });

      expect([late, missing]).toEqual([true, false]);
    });

    it('matches nothing for callback data it did not write, without a request', async () => {
      const log = new DynamoDbDecisionLog({ client, tableName: TABLE });

      expect(await log.applyStatus('campaign-7', { status: 'read', at: 1 })).toBe(false);
      expect(ddb.calls()).toHaveLength(0);
    });
  });

  describe('Function: storedFields / recordFromItem', () => {
    it('round-trips a record through its compact stored form', () => {
      const record = answeredRecord(ref, { retryable: false, deadLettered: true });

      const stored = { ...key, state: 'finished', ...storedFields(record) };

      expect(stored).not.toHaveProperty('decisionId');
      expect(stored).not.toHaveProperty('policyInstant');
      expect(recordFromItem(stored)).toEqual(record);
    });

    it('keeps ids and instants that do not follow the derivations as they are', () => {
      const record = answeredRecord(ref, {
        decisionId: 'custom-id',
        policyInstant: '2020-01-01T00:00:00.000Z',
        receivedAt: '2026-01-01T00:00:00Z',
      });

      const stored = { ...key, ...storedFields(record) };

      expect(stored).toMatchObject({
        decisionId: 'custom-id',
        policyInstant: '2020-01-01T00:00:00.000Z',
        receivedAt: '2026-01-01T00:00:00Z',
      });
      expect(recordFromItem(stored)).toEqual(record);
    });

    it("derives the same decision id as the chain's decisionIdOf", () => {
      expect(derivedDecisionId(ref)).toBe(decisionIdOf(ref));
    });

    it('ignores items that are not decisions', () => {
      expect(recordFromItem({ pk: `U#${USER_HASH}`, sk: 'STATE', optedOut: true })).toBeUndefined();
      expect(recordFromItem({ ...key, state: 'claimed', attempts: 1 })).toBeUndefined();
    });
  });
});
