// DecisionLog on the single table (docs/design.md): the claim is the dedupe write, the finish completes the
// same item and adds its index entry, so an answered message costs three write units. Reading decisions
// back is DynamoDbDecisionQuery's (dynamodb-decision-query.ts), which maps items with recordFromItem here.
import { createHash } from 'node:crypto';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DecisionRecord, DecisionRef } from '../core/decision.ts';
import { decodeDecisionRef } from '../core/decision-ref.ts';
import type { DeliveryStatus } from '../core/inbound.ts';
import type { ClaimResult, DecisionLog } from '../core/ports.ts';
import { DynamoDbAdapter } from './dynamodb-adapter.ts';
import { decisionKey, gsi1Key, parseDecisionKey } from './dynamodb-table.ts';

/** Lifecycle of a decision item. `retryable`: a failed attempt that sent nothing; the next delivery reclaims it. */
export type DecisionState = 'claimed' | 'finished' | 'retryable';

/** One write unit covers an item of up to 1 KB; every write to a decision item stays within it. */
export const ITEM_SIZE_BUDGET = 1024;

/** Below this many bytes of room, the text is left out rather than cut to a stub. */
const MIN_TEXT_BYTES = 16;

/** Status order: a late `delivered` must not overwrite `read`; `failed` wins over everything. */
export const STATUS_RANK: Readonly<Record<DeliveryStatus, number>> = {
  sent: 1,
  delivered: 2,
  read: 3,
  played: 4,
  failed: 9,
};

/** In the key instead of in attributes. */
const KEY_FIELDS = new Set<string>(['userHash', 'timestamp', 'wamid']);

/**
 * Removed at finish when the record lacks them, so that a reclaimed attempt leaves no stale value of the
 * attempt before. The delivery status fields are not among them: applyStatus owns those.
 */
const OPTIONAL_FIELDS = [
  'sentAt',
  'policyRuleId',
  'policyVersion',
  'posture',
  'jurisdiction',
  'policyInstant',
  'confidence',
  'margin',
  'classifierVersion',
  'language',
  'replyMessageId',
  'latencyMs',
  'text',
  'retryable',
  'deadLettered',
] as const satisfies readonly (keyof DecisionRecord)[];

/** ISO instants stored as epoch-ms numbers (8 bytes instead of 24) when they round-trip exactly. */
const INSTANTS_AS_NUMBERS = ['receivedAt', 'sentAt'] as const;

/**
 * The decision id the chain derives from the ref (sha256 of `<pk>|<sk>`, 32 hex). It is only left out of the
 * item when it equals this frozen copy of the derivation, so a later change of the chain's scheme just
 * stores the id again: reads stay exact either way.
 */
export function derivedDecisionId(ref: DecisionRef): string {
  const { pk, sk } = decisionKey(ref);
  return createHash('sha256').update(`${pk}|${sk}`, 'utf8').digest('hex').slice(0, 32);
}

function isCanonicalIso(value: string): boolean {
  const time = Date.parse(value);
  return !Number.isNaN(time) && new Date(time).toISOString() === value;
}

/** Attributes of the item that are bookkeeping, not record fields. */
const ITEM_ATTRIBUTES = new Set<string>([
  'pk',
  'sk',
  'state',
  'claimedAt',
  'expiresAt',
  'gsi1pk',
  'gsi1sk',
  'statusRank',
  'statusAt',
  'duplicates',
  'lastDuplicateAt',
]);

export type Item = Record<string, unknown>;

export class DynamoDbDecisionLog extends DynamoDbAdapter implements DecisionLog {
  async claim(
    ref: DecisionRef,
    at: number,
    expiresAt: number,
    attemptId: string,
  ): Promise<ClaimResult> {
    const recordDoesNotExist = 'attribute_not_exists(#pk)';
    const previousAttemptRetryable = '#state = :retryable';
    // One lost race with a concurrent reclaim can leave nothing to report; the second round settles it.
    for (let round = 0; round < 2; round++) {
      try {
        const output = await this.client.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: decisionKey(ref),
            UpdateExpression:
              'SET #state = :claimed, #claimedAt = :at, #expiresAt = :expiresAt, #claimToken = :token ADD #attempts :one',
            ConditionExpression: `${recordDoesNotExist} OR ${previousAttemptRetryable}`,
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
              ':token': attemptId,
              ':retryable': 'retryable',
              ':at': at,
              ':expiresAt': expiresAt,
              ':one': 1,
            },
            ReturnValues: 'UPDATED_NEW',
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
            ReturnConsumedCapacity: 'TOTAL',
          }),
        );
        this.report('claim', output.ConsumedCapacity);
        return { status: 'claimed', attempts: Number(output.Attributes?.attempts ?? 1) };
      } catch (error) {
        if (!isConditionalCheckFailed(error)) throw error;
        // DynamoDB returns the existing item with the failure; dynalite ignores the option, so read it.
        const existing = itemFromConditionFailure(error) ?? (await this.getExisting(ref));
        if (!existing) continue;
        // Our own claim, applied while its answer was lost (the SDK retried the write): we hold it.
        if (existing.state === 'claimed' && existing.claimToken === attemptId) {
          return { status: 'claimed', attempts: Number(existing.attempts ?? 1) };
        }
        const claimedAt = typeof existing.claimedAt === 'number' ? existing.claimedAt : undefined;
        return {
          status: 'duplicate',
          existing: existing.state === 'claimed' ? 'claimed' : 'finished',
          ...(claimedAt !== undefined && { claimedAt }),
        };
      }
    }
    throw new Error(
      '[scoped-responder] claim: the record changed twice while it was being claimed',
    );
  }

  async finish(record: DecisionRecord, expiresAt: number): Promise<void> {
    const state: DecisionState = record.retryable ? 'retryable' : 'finished';
    const fields = storedFields(record);
    const assignments: Record<string, unknown> = {
      state,
      expiresAt,
      ...gsi1Key(record.decidedAt, record.outcome, record.wamid),
      ...fields,
      ...(record.deliveryStatus !== undefined && {
        statusRank: STATUS_RANK[record.deliveryStatus],
      }),
    };
    // decisionId is left out when derivable: an explicit one from an earlier attempt must not linger.
    // The claim token only matters while the claim is open; dropping it keeps the item under 1 KB.
    const removed = [
      'claimToken',
      ...['decisionId', ...OPTIONAL_FIELDS].filter((name) => fields[name] === undefined),
    ];
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = {};
    const sets: string[] = [];
    for (const [name, value] of Object.entries(assignments)) {
      if (value === undefined) continue;
      names[`#${name}`] = name;
      values[`:${name}`] = value;
      sets.push(`#${name} = :${name}`);
    }
    for (const name of removed) names[`#${name}`] = name;
    const update =
      `SET ${sets.join(', ')}` +
      (removed.length > 0 ? ` REMOVE ${removed.map((name) => `#${name}`).join(', ')}` : '');
    const output = await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: decisionKey(record),
        UpdateExpression: update,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ReturnConsumedCapacity: 'TOTAL',
      }),
    );
    this.report('finish', output.ConsumedCapacity);
  }

  async recordDuplicate(ref: DecisionRef, at: number): Promise<void> {
    const recordExists = 'attribute_exists(#pk)';
    try {
      const output = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: decisionKey(ref),
          UpdateExpression: 'SET #lastDuplicateAt = :at ADD #duplicates :one',
          ConditionExpression: recordExists,
          ExpressionAttributeNames: {
            '#pk': 'pk',
            '#lastDuplicateAt': 'lastDuplicateAt',
            '#duplicates': 'duplicates',
          },
          ExpressionAttributeValues: { ':at': at, ':one': 1 },
          ReturnConsumedCapacity: 'TOTAL',
        }),
      );
      this.report('recordDuplicate', output.ConsumedCapacity);
    } catch (error) {
      // The record expired between the claim and this note: there is nothing left to count on.
      if (!isConditionalCheckFailed(error)) throw error;
    }
  }

  async applyStatus(
    callbackData: string,
    update: { readonly status: DeliveryStatus; readonly at: number; readonly errorCode?: number },
  ): Promise<boolean> {
    const ref = decodeDecisionRef(callbackData);
    if (!ref) return false;
    const recordExists = 'attribute_exists(#pk)';
    const noStatusYet = 'attribute_not_exists(#statusRank)';
    const statusMovesForward = '#statusRank < :rank';
    const names: Record<string, string> = {
      '#pk': 'pk',
      '#statusRank': 'statusRank',
      '#deliveryStatus': 'deliveryStatus',
      '#statusAt': 'statusAt',
    };
    const values: Record<string, unknown> = {
      ':rank': STATUS_RANK[update.status],
      ':status': update.status,
      ':at': update.at,
    };
    let expression = 'SET #deliveryStatus = :status, #statusRank = :rank, #statusAt = :at';
    if (update.errorCode !== undefined) {
      names['#deliveryErrorCode'] = 'deliveryErrorCode';
      values[':errorCode'] = update.errorCode;
      expression += ', #deliveryErrorCode = :errorCode';
    }
    try {
      const output = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: decisionKey(ref),
          UpdateExpression: expression,
          ConditionExpression: `${recordExists} AND (${noStatusYet} OR ${statusMovesForward})`,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          ReturnConsumedCapacity: 'TOTAL',
        }),
      );
      this.report('applyStatus', output.ConsumedCapacity);
      return true;
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
      // Matched but not forward (a late `delivered` after `read`) is still a match; only a missing record
      // is not. DynamoDB says which with the failure; dynalite does not, so ask.
      if (itemFromConditionFailure(error)) return true;
      return (await this.getExisting(ref, 'statusLookup')) !== undefined;
    }
  }

  private async getExisting(
    ref: DecisionRef,
    operation: 'claimLookup' | 'statusLookup' = 'claimLookup',
  ): Promise<Item | undefined> {
    const output = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: decisionKey(ref),
        ConsistentRead: true,
        ProjectionExpression: '#state, #claimedAt, #claimToken, #attempts',
        ExpressionAttributeNames: {
          '#state': 'state',
          '#claimedAt': 'claimedAt',
          '#claimToken': 'claimToken',
          '#attempts': 'attempts',
        },
        ReturnConsumedCapacity: 'TOTAL',
      }),
    );
    this.report(operation, output.ConsumedCapacity);
    return output.Item;
  }
}

// ---------- mapping ----------

/**
 * The record's stored attributes: every field but the key's, so a field added to DecisionRecord is stored without a change here. `text` is shortened when the item
 * would otherwise exceed ITEM_SIZE_BUDGET.
 */
export function storedFields(record: DecisionRecord): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(record)) {
    if (value === undefined || KEY_FIELDS.has(name)) continue;
    fields[name] = value;
  }
  fields.intent = record.intent ?? null;
  // Compact forms, undone by recordFromItem: each saves 16-37 bytes of a budget that wamids mostly fill.
  for (const name of INSTANTS_AS_NUMBERS) {
    const value = fields[name];
    if (typeof value === 'string' && isCanonicalIso(value)) fields[name] = Date.parse(value);
  }
  if (fields.decisionId === derivedDecisionId(record)) delete fields.decisionId;
  if (
    fields.policyRuleId !== undefined &&
    fields.policyInstant === new Date(record.timestamp * 1000).toISOString()
  ) {
    // The policy is chosen by the message's own timestamp, which the key already holds.
    delete fields.policyInstant;
  }
  if (typeof record.text === 'string') {
    const fixed = estimateItemSize({
      ...decisionKey(record),
      ...gsi1Key(record.decidedAt, record.outcome, record.wamid),
      ...fields,
      text: '',
      // Written by the other operations on the same item; counted so that they never push it over.
      state: 'retryable',
      claimedAt: 1e13,
      expiresAt: 1e10,
      duplicates: 1e6,
      lastDuplicateAt: 1e13,
      deliveryStatus: 'delivered',
      statusRank: 9,
      statusAt: 1e13,
      deliveryErrorCode: 1e6,
    });
    const room = ITEM_SIZE_BUDGET - fixed;
    if (room < MIN_TEXT_BYTES) delete fields.text;
    else fields.text = truncateUtf8(record.text, room);
  }
  return fields;
}

/** The item's size as DynamoDB bills it: attribute names plus values (UTF-8), numbers by their digits. */
export function estimateItemSize(item: Readonly<Record<string, unknown>>): number {
  let size = 0;
  for (const [name, value] of Object.entries(item)) {
    if (value === undefined) continue;
    size += Buffer.byteLength(name, 'utf8') + valueSize(value);
  }
  return size;
}

function valueSize(value: unknown): number {
  if (value === null || typeof value === 'boolean') return 1;
  if (typeof value === 'number') {
    const digits = String(Math.abs(value))
      .replace(/[.e+-]/g, '')
      .replace(/^0+/, '').length;
    return Math.ceil(digits / 2) + 1;
  }
  if (typeof value === 'string') return Buffer.byteLength(value, 'utf8');
  if (Array.isArray(value)) return 3 + value.reduce((sum: number, v) => sum + 1 + valueSize(v), 0);
  if (typeof value === 'object') return 3 + estimateItemSize(value as Record<string, unknown>);
  return 0;
}

/** Cuts at a code point boundary and marks the cut with an ellipsis (3 bytes, counted). */
function truncateUtf8(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text, 'utf8') <= maxBytes) return text;
  const budget = Math.max(0, maxBytes - 3);
  let bytes = 0;
  let end = 0;
  for (const char of text) {
    const size = Buffer.byteLength(char, 'utf8');
    if (bytes + size > budget) break;
    bytes += size;
    end += char.length;
  }
  return `${text.slice(0, end)}…`;
}

export function recordFromItem(item: Item): DecisionRecord | undefined {
  const ref = parseDecisionKey({ pk: String(item.pk), sk: String(item.sk) });
  if (!ref || typeof item.outcome !== 'string') return undefined;
  const fields: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(item)) {
    if (ITEM_ATTRIBUTES.has(name) || value === undefined) continue;
    fields[name] = value;
  }
  for (const name of INSTANTS_AS_NUMBERS) {
    const value = fields[name];
    if (typeof value === 'number') fields[name] = new Date(value).toISOString();
  }
  if (fields.decisionId === undefined) fields.decisionId = derivedDecisionId(ref);
  if (fields.policyRuleId !== undefined && fields.policyInstant === undefined) {
    fields.policyInstant = new Date(ref.timestamp * 1000).toISOString();
  }
  return {
    ...(fields as Omit<DecisionRecord, keyof DecisionRef>),
    ...ref,
    intent: typeof item.intent === 'string' ? item.intent : null,
    attempts: Number(item.attempts ?? 1),
  };
}

export function isConditionalCheckFailed(error: unknown): boolean {
  return (error as { name?: string } | null)?.name === 'ConditionalCheckFailedException';
}

/**
 * The existing item that DynamoDB attaches to a ConditionalCheckFailedException (ALL_OLD). It arrives in the
 * low-level AttributeValue form: the document client does not translate errors.
 */
function itemFromConditionFailure(error: unknown): Item | undefined {
  const raw = (error as { Item?: Record<string, unknown> }).Item;
  if (!raw || Object.keys(raw).length === 0) return undefined;
  const item: Item = {};
  for (const [name, value] of Object.entries(raw)) {
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      const attribute = value as { S?: string; N?: string; BOOL?: boolean };
      if (attribute.S !== undefined) item[name] = attribute.S;
      else if (attribute.N !== undefined) item[name] = Number(attribute.N);
      else if (attribute.BOOL !== undefined) item[name] = attribute.BOOL;
    } else {
      item[name] = value;
    }
  }
  return item;
}
