// The decision table's keys and index (docs/design.md, "Table"), in one place for the construct and for
// the test that compares them with the runtime's CreateTable input (lambda/adapters/dynamodb-table.ts).

/** The attributes, index and TTL of the one table; plain data so the runtime side can be checked against it. */
export const DECISION_TABLE = {
  partitionKey: 'pk',
  sortKey: 'sk',
  timeToLiveAttribute: 'expiresAt',
  byDayOutcome: {
    indexName: 'byDayOutcome',
    partitionKey: 'gsi1pk',
    sortKey: 'gsi1sk',
    /** INCLUDE projection: enough for a day's report without reading the base items. */
    nonKeyAttributes: ['intent', 'reason', 'policyRuleId', 'confidence', 'decidedAt'],
  },
} as const;

/** The key-related part of a DynamoDB CreateTable input, normalised so two definitions compare with `toEqual`. */
export interface TableKeyShape {
  readonly keySchema: readonly {
    readonly AttributeName: string;
    readonly KeyType: 'HASH' | 'RANGE';
  }[];
  readonly attributeDefinitions: readonly {
    readonly AttributeName: string;
    readonly AttributeType: 'S';
  }[];
  readonly globalSecondaryIndexes: readonly {
    readonly IndexName: string;
    readonly KeySchema: readonly {
      readonly AttributeName: string;
      readonly KeyType: 'HASH' | 'RANGE';
    }[];
    readonly Projection: {
      readonly ProjectionType: 'INCLUDE';
      readonly NonKeyAttributes: readonly string[];
    };
  }[];
}

/** `DECISION_TABLE` as the CreateTable fields it implies (attribute definitions sorted by name). */
export function decisionTableKeyShape(): TableKeyShape {
  const { partitionKey, sortKey, byDayOutcome } = DECISION_TABLE;
  return {
    keySchema: [
      { AttributeName: partitionKey, KeyType: 'HASH' },
      { AttributeName: sortKey, KeyType: 'RANGE' },
    ],
    attributeDefinitions: [partitionKey, sortKey, byDayOutcome.partitionKey, byDayOutcome.sortKey]
      .sort()
      .map((name) => ({ AttributeName: name, AttributeType: 'S' as const })),
    globalSecondaryIndexes: [
      {
        IndexName: byDayOutcome.indexName,
        KeySchema: [
          { AttributeName: byDayOutcome.partitionKey, KeyType: 'HASH' },
          { AttributeName: byDayOutcome.sortKey, KeyType: 'RANGE' },
        ],
        Projection: {
          ProjectionType: 'INCLUDE',
          NonKeyAttributes: [...byDayOutcome.nonKeyAttributes].sort(),
        },
      },
    ],
  };
}
