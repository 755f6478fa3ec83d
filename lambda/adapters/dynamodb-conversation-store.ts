// ConversationStore on the single table: the STATE item (opt-out, handoff) and the user's message items share
// a partition, so one query returns the state and the last inbound time together (docs/design.md).
import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ConversationState, ConversationStore } from '../core/ports.ts';
import { DynamoDbAdapter } from './dynamodb-adapter.ts';
import { MESSAGE_PREFIX, parseDecisionKey, STATE_SK, stateKey, userPk } from './dynamodb-table.ts';

/**
 * STATE, the message being processed (its claim is already written) and the message before it: the most
 * a descending query has to read to find the state and the latest earlier message.
 */
const LOAD_LIMIT = 3;

export class DynamoDbConversationStore extends DynamoDbAdapter implements ConversationStore {
  async load(userHash: string, excludeWamid?: string): Promise<ConversationState> {
    const output = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': 'pk' },
        ExpressionAttributeValues: { ':pk': userPk(userHash) },
        // `STATE` sorts after every `M#…` key, so newest-first reads it first, then the latest messages.
        ScanIndexForward: false,
        Limit: LOAD_LIMIT,
        ConsistentRead: true,
        ReturnConsumedCapacity: 'TOTAL',
      }),
    );
    this.report('load', output.ConsumedCapacity);
    const items = output.Items ?? [];
    const state = items.find((item) => item.sk === STATE_SK);
    // The earlier messages, newest first (the current one's claim may already be among them).
    const earlier = items
      .filter((item) => typeof item.sk === 'string' && item.sk.startsWith(MESSAGE_PREFIX))
      .map((item) => ({
        item,
        ref: parseDecisionKey({ pk: String(item.pk), sk: String(item.sk) }),
      }))
      .filter(({ ref }) => ref !== undefined && ref.wamid !== excludeWamid);
    const lastInbound = earlier[0]?.ref;
    // A finished message's decision carries its reply language; a claim still in flight does not.
    const lastLanguage = earlier.find(({ item }) => typeof item.language === 'string')?.item
      .language;
    return {
      optedOut: state?.optedOut === true,
      ...(typeof state?.handoffUntil === 'number' && { handoffUntil: state.handoffUntil }),
      ...((state?.handoffBy === 'user' || state?.handoffBy === 'agent') && {
        handoffBy: state.handoffBy,
      }),
      ...(lastInbound && { lastInboundAt: lastInbound.timestamp }),
      ...(typeof lastLanguage === 'string' && { lastLanguage }),
    };
  }

  async setOptOut(userHash: string, optedOut: boolean, at: number): Promise<void> {
    const output = await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: stateKey(userHash),
        UpdateExpression: 'SET #optedOut = :optedOut, #optOutChangedAt = :at, #updatedAt = :at',
        ExpressionAttributeNames: {
          '#optedOut': 'optedOut',
          '#optOutChangedAt': 'optOutChangedAt',
          '#updatedAt': 'updatedAt',
        },
        ExpressionAttributeValues: { ':optedOut': optedOut, ':at': at },
        ReturnConsumedCapacity: 'TOTAL',
      }),
    );
    this.report('setOptOut', output.ConsumedCapacity);
  }

  async setHandoff(
    userHash: string,
    until: number | null,
    by: 'user' | 'agent',
    at: number,
  ): Promise<void> {
    const names: Record<string, string> = {
      '#handoffUntil': 'handoffUntil',
      '#handoffBy': 'handoffBy',
      '#handoffChangedAt': 'handoffChangedAt',
      '#updatedAt': 'updatedAt',
    };
    // Ending a handoff removes `until` rather than storing a past time: an absent value needs no clock.
    const input =
      until === null
        ? {
            UpdateExpression:
              'SET #handoffBy = :by, #handoffChangedAt = :at, #updatedAt = :at REMOVE #handoffUntil',
            ExpressionAttributeValues: { ':by': by, ':at': at },
          }
        : {
            UpdateExpression:
              'SET #handoffUntil = :until, #handoffBy = :by, #handoffChangedAt = :at, #updatedAt = :at',
            ExpressionAttributeValues: { ':until': until, ':by': by, ':at': at },
          };
    const output = await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: stateKey(userHash),
        ExpressionAttributeNames: names,
        ...input,
        ReturnConsumedCapacity: 'TOTAL',
      }),
    );
    this.report('setHandoff', output.ConsumedCapacity);
  }
}
