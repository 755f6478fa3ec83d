// The table lib/ deploys and the table the runtime creates locally (TABLE_DEFINITION) are the same table.
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { TABLE_DEFINITION } from '../../lambda/adapters/dynamodb-table.ts';
import { DECISION_TABLE, decisionTableKeyShape } from '../../lib/table-definition.ts';
import { buildStack } from './build-stack.ts';

function sortedByName<T extends { AttributeName: string }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => a.AttributeName.localeCompare(b.AttributeName));
}

describe('decision table definition', () => {
  it('matches the runtime CreateTable input in lambda/adapters/dynamodb-table.ts', () => {
    // Prepare
    const runtime = {
      keySchema: TABLE_DEFINITION.KeySchema,
      attributeDefinitions: sortedByName(TABLE_DEFINITION.AttributeDefinitions),
      globalSecondaryIndexes: TABLE_DEFINITION.GlobalSecondaryIndexes.map((index) => ({
        IndexName: index.IndexName,
        KeySchema: index.KeySchema,
        Projection: {
          ProjectionType: index.Projection.ProjectionType,
          NonKeyAttributes: [...index.Projection.NonKeyAttributes].sort(),
        },
      })),
    };
    // Act / Assess
    expect(decisionTableKeyShape()).toEqual(runtime);
    expect(TABLE_DEFINITION.BillingMode).toBe('PAY_PER_REQUEST');
  });

  it('is what the stack deploys', () => {
    const { stack } = buildStack();
    const [table] = Object.values(
      Template.fromStack(stack).findResources('AWS::DynamoDB::GlobalTable'),
    ) as {
      Properties: Record<string, never>;
    }[];
    const shape = decisionTableKeyShape();
    const props = table?.Properties ?? {};
    expect(props.KeySchema).toEqual(shape.keySchema);
    expect(sortedByName(props.AttributeDefinitions ?? [])).toEqual(shape.attributeDefinitions);
    const [index] = (props.GlobalSecondaryIndexes ?? []) as {
      IndexName: string;
      KeySchema: unknown;
      Projection: { ProjectionType: string; NonKeyAttributes: string[] };
    }[];
    expect({
      IndexName: index?.IndexName,
      KeySchema: index?.KeySchema,
      Projection: {
        ...index?.Projection,
        NonKeyAttributes: [...(index?.Projection.NonKeyAttributes ?? [])].sort(),
      },
    }).toEqual(shape.globalSecondaryIndexes[0]);
    expect(props.TimeToLiveSpecification).toEqual({
      AttributeName: DECISION_TABLE.timeToLiveAttribute,
      Enabled: true,
    });
  });
});
