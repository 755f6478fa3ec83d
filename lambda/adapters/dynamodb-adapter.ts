// What the adapters on the single table share: the document client, the table's name, and the report of
// the capacity each request consumed (the benchmarks count write units per message from it).
import type { ConsumedCapacity } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** Called after every request that reported consumed capacity: benchmarks count write units per message. */
export type CapacityListener = (operation: string, units: number, detail: ConsumedCapacity) => void;

export interface DynamoDbAdapterOptions {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  readonly onCapacity?: CapacityListener;
}

/** The base of DynamoDbDecisionLog, DynamoDbDecisionQuery and DynamoDbConversationStore. */
export abstract class DynamoDbAdapter {
  protected readonly client: DynamoDBDocumentClient;
  protected readonly tableName: string;
  private readonly onCapacity: CapacityListener | undefined;

  constructor(options: DynamoDbAdapterOptions) {
    this.client = options.client;
    this.tableName = options.tableName;
    this.onCapacity = options.onCapacity;
  }

  /** Hands what a request consumed to the listener, when there is one and the answer said. */
  protected report(operation: string, capacity: ConsumedCapacity | undefined): void {
    if (!this.onCapacity || !capacity) return;
    this.onCapacity(operation, capacity.CapacityUnits ?? 0, capacity);
  }
}
