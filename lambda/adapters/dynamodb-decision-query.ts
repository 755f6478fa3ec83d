// DecisionQuery on the single table (docs/design.md): reading decisions back, by user or by day and
// outcome, for the operator's tools only; the responder writes through DynamoDbDecisionLog and does not
// carry this code.
import { BatchGetCommand, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { DecisionRecord } from '../core/decision.ts';
import type { DecisionQuery } from '../core/ports.ts';
import { DynamoDbAdapter } from './dynamodb-adapter.ts';
import { type Item, recordFromItem } from './dynamodb-decision-log.ts';
import {
  GSI1_NAME,
  GSI1_SHARDS,
  gsi1Partition,
  MESSAGE_PREFIX,
  type TableKey,
  timestampPart,
  userPk,
} from './dynamodb-table.ts';

export class DynamoDbDecisionQuery extends DynamoDbAdapter implements DecisionQuery {
  /**
   * A user's decisions, newest first. `since` is epoch milliseconds and is compared with the message's own
   * timestamp (the key's time). Claims that never finished (in flight, or a crash) are left out.
   */
  async byUser(
    userHash: string,
    options: { readonly since?: number; readonly limit?: number } = {},
  ): Promise<DecisionRecord[]> {
    const limit = options.limit ?? 100;
    const isDecided = 'attribute_exists(#outcome)';
    const input: QueryCommandInput =
      options.since === undefined
        ? {
            TableName: this.tableName,
            KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :messages)',
            FilterExpression: isDecided,
            ExpressionAttributeNames: { '#pk': 'pk', '#sk': 'sk', '#outcome': 'outcome' },
            ExpressionAttributeValues: { ':pk': userPk(userHash), ':messages': MESSAGE_PREFIX },
            ScanIndexForward: false,
            Limit: limit,
            ReturnConsumedCapacity: 'TOTAL',
          }
        : {
            TableName: this.tableName,
            // `~` sorts after every digit, so the range covers all message items from `since` on.
            KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :from AND :to',
            FilterExpression: isDecided,
            ExpressionAttributeNames: { '#pk': 'pk', '#sk': 'sk', '#outcome': 'outcome' },
            ExpressionAttributeValues: {
              ':pk': userPk(userHash),
              ':from': `${MESSAGE_PREFIX}${timestampPart(Math.ceil(options.since / 1000))}`,
              ':to': `${MESSAGE_PREFIX}~`,
            },
            ScanIndexForward: false,
            Limit: limit,
            ReturnConsumedCapacity: 'TOTAL',
          };
    const items = await this.queryAll(input, limit, 'byUser');
    return items.flatMap((item) => {
      const record = recordFromItem(item);
      return record ? [record] : [];
    });
  }

  /**
   * One day's decisions with one outcome, newest first (by `decidedAt`). Queries the four index shards,
   * merges them, then reads the full records with BatchGetItem (the index only projects intent, reason,
   * policyRuleId, confidence and decidedAt). `day` is `yyyy-mm-dd`, UTC.
   */
  async byDay(
    day: string,
    outcome: string,
    options: { readonly limit?: number } = {},
  ): Promise<DecisionRecord[]> {
    const limit = options.limit ?? 100;
    const shards = await Promise.all(
      Array.from({ length: GSI1_SHARDS }, (_, shard) =>
        this.queryAll(
          {
            TableName: this.tableName,
            IndexName: GSI1_NAME,
            KeyConditionExpression: '#gsi1pk = :gsi1pk',
            ExpressionAttributeNames: { '#gsi1pk': 'gsi1pk' },
            ExpressionAttributeValues: { ':gsi1pk': gsi1Partition(day, outcome, shard) },
            ScanIndexForward: false,
            Limit: limit,
            ReturnConsumedCapacity: 'TOTAL',
          },
          limit,
          'byDay',
        ),
      ),
    );
    const newest = shards
      .flat()
      .sort((a, b) => compareDescending(String(a.gsi1sk), String(b.gsi1sk)))
      .slice(0, limit);
    const keys = newest.map((item) => ({ pk: String(item.pk), sk: String(item.sk) }));
    const full = await this.batchGet(keys);
    return keys.flatMap((key) => {
      const item = full.get(`${key.pk}\u0000${key.sk}`);
      const record = item ? recordFromItem(item) : undefined;
      return record ? [record] : [];
    });
  }

  private async queryAll(input: QueryCommandInput, limit: number, operation: string) {
    const items: Item[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const output = await this.client.send(
        new QueryCommand(startKey ? { ...input, ExclusiveStartKey: startKey } : input),
      );
      this.report(operation, output.ConsumedCapacity);
      items.push(...(output.Items ?? []));
      startKey = output.LastEvaluatedKey;
    } while (startKey && items.length < limit);
    return items.slice(0, limit);
  }

  private async batchGet(keys: readonly TableKey[]): Promise<Map<string, Item>> {
    const found = new Map<string, Item>();
    // BatchGetItem takes 100 keys per request and may hand back some as unprocessed under load.
    for (let start = 0; start < keys.length; start += 100) {
      let pending: Record<string, unknown>[] = keys.slice(start, start + 100).map((key) => ({
        pk: key.pk,
        sk: key.sk,
      }));
      for (let round = 0; pending.length > 0; round++) {
        if (round > 0) await new Promise((resolve) => setTimeout(resolve, 20 * 2 ** round));
        if (round > 8) throw new Error('[scoped-responder] byDay: keys stayed unprocessed');
        const output = await this.client.send(
          new BatchGetCommand({
            RequestItems: { [this.tableName]: { Keys: pending } },
            ReturnConsumedCapacity: 'TOTAL',
          }),
        );
        for (const capacity of output.ConsumedCapacity ?? []) this.report('byDay', capacity);
        for (const item of output.Responses?.[this.tableName] ?? []) {
          found.set(`${String(item.pk)}\u0000${String(item.sk)}`, item);
        }
        pending = output.UnprocessedKeys?.[this.tableName]?.Keys ?? [];
      }
    }
    return found;
  }
}

function compareDescending(a: string, b: string): number {
  return a < b ? 1 : a > b ? -1 : 0;
}
