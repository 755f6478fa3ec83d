// The single table of docs/design.md: its CreateTable definition (used by tests and the local runtime; lib/
// mirrors it in CDK) and the key builders every DynamoDB adapter shares, so the key layout lives in one place.
import { createHash } from 'node:crypto';
import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  type DynamoDBClient,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import type { DecisionRef } from '../core/decision.ts';
import { decisionKeyOf } from '../core/decision-ref.ts';

export const GSI1_NAME = 'byDayOutcome';
export const TTL_ATTRIBUTE = 'expiresAt';
/** Readers of `byDayOutcome` query this many partitions per day and outcome and merge them. */
export const GSI1_SHARDS = 4;
/** What the index carries besides its own and the table's keys: enough for a daily report without a fetch. */
export const GSI1_PROJECTED = [
  'intent',
  'reason',
  'policyRuleId',
  'confidence',
  'decidedAt',
] as const;

/** CreateTable input without the name. PAY_PER_REQUEST: the load is spiky and mostly idle. */
export const TABLE_DEFINITION = {
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
      IndexName: GSI1_NAME,
      KeySchema: [
        { AttributeName: 'gsi1pk', KeyType: 'HASH' },
        { AttributeName: 'gsi1sk', KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: [...GSI1_PROJECTED] },
    },
  ],
} as const satisfies Omit<CreateTableCommandInput, 'TableName'>;

export interface CreateTableOptions {
  /** Also enable TTL on `expiresAt` (DynamoDB Local supports it; dynalite does not and is skipped). */
  readonly timeToLive?: boolean;
  /** How long to wait for ACTIVE, ms. */
  readonly timeoutMs?: number;
}

/** Creates the table (as TABLE_DEFINITION says) and waits until it is ACTIVE. */
export async function createTable(
  client: DynamoDBClient,
  name: string,
  options: CreateTableOptions = {},
): Promise<void> {
  await client.send(
    new CreateTableCommand({
      ...TABLE_DEFINITION,
      TableName: name,
      AttributeDefinitions: [...TABLE_DEFINITION.AttributeDefinitions],
      KeySchema: [...TABLE_DEFINITION.KeySchema],
      GlobalSecondaryIndexes: TABLE_DEFINITION.GlobalSecondaryIndexes.map((index) => ({
        ...index,
        KeySchema: [...index.KeySchema],
        Projection: { ...index.Projection, NonKeyAttributes: [...GSI1_PROJECTED] },
      })),
    }),
  );
  // The SDK waiter polls every 20 s at first; local servers are ACTIVE within milliseconds.
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  for (;;) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: name }));
    const indexesActive = (Table?.GlobalSecondaryIndexes ?? []).every(
      (index) => index.IndexStatus === 'ACTIVE',
    );
    if (Table?.TableStatus === 'ACTIVE' && indexesActive) break;
    if (Date.now() > deadline) throw new Error(`[scoped-responder] table ${name} not ACTIVE`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  if (options.timeToLive) {
    try {
      await client.send(
        new UpdateTimeToLiveCommand({
          TableName: name,
          TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true },
        }),
      );
    } catch (error) {
      // dynalite has no UpdateTimeToLive; items there simply never expire.
      if ((error as { name?: string }).name !== 'UnknownOperationException') throw error;
    }
  }
}

// ---------- keys ----------

export interface TableKey {
  readonly pk: string;
  readonly sk: string;
}

export const USER_PREFIX = 'U#';
export const MESSAGE_PREFIX = 'M#';
export const STATE_SK = 'STATE';

export function userPk(userHash: string): string {
  return `${USER_PREFIX}${userHash}`;
}

/** Ten digits keep lexical order = numeric order until the year 2286. */
export function timestampPart(unixSeconds: number): string {
  return String(Math.max(0, Math.floor(unixSeconds))).padStart(10, '0');
}

/** The decision item's key; core's decisionKeyOf owns the layout because callback data carries it too. */
export function decisionKey(ref: DecisionRef): TableKey {
  return decisionKeyOf(ref);
}

export function stateKey(userHash: string): TableKey {
  return { pk: userPk(userHash), sk: STATE_SK };
}

/** The inverse of decisionKey; undefined for keys that are not decision items (STATE, foreign data). */
export function parseDecisionKey(key: TableKey): DecisionRef | undefined {
  if (!key.pk.startsWith(USER_PREFIX)) return undefined;
  const match = /^M#(\d{10})#(.+)$/s.exec(key.sk);
  if (!match?.[1] || !match[2]) return undefined;
  const userHash = key.pk.slice(USER_PREFIX.length);
  if (!userHash) return undefined;
  return { userHash, timestamp: Number(match[1]), wamid: match[2] };
}

/** Spreads one day's index writes over GSI1_SHARDS partitions; stable for a wamid across redeliveries. */
export function shardOf(wamid: string): number {
  const digest = createHash('sha256').update(wamid).digest();
  return (digest.readUInt32BE(0) >>> 0) % GSI1_SHARDS;
}

/** `yyyy-mm-dd` (UTC) of an ISO instant. */
export function dayOf(isoInstant: string): string {
  const time = Date.parse(isoInstant);
  if (Number.isNaN(time))
    throw new RangeError(`[scoped-responder] not an ISO instant: ${isoInstant}`);
  return new Date(time).toISOString().slice(0, 10);
}

export function gsi1Partition(day: string, outcome: string, shard: number): string {
  return `D#${day}#${outcome}#${shard}`;
}

export function gsi1Key(
  decidedAt: string,
  outcome: string,
  wamid: string,
): { readonly gsi1pk: string; readonly gsi1sk: string } {
  return {
    gsi1pk: gsi1Partition(dayOf(decidedAt), outcome, shardOf(wamid)),
    gsi1sk: `${decidedAt}#${wamid}`,
  };
}
