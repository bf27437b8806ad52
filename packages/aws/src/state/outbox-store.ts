import { PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import type { BreakerGroup } from './breaker-store';
import { StateStoreError } from './errors';
import { epochSeconds, STATE_KEY, STATE_TTL, type StateTable } from './table';

/** Long after any retry of the records behind it (SQS keeps them 4 days by default; the DLQ longer). */
const KEEP_SECONDS = 14 * 24 * 3600;

/**
 * The alert each group is owed, shared by every instance: one item per group,
 * `outbox#<account>#<region>#<groupId>`, written just before the hub's first mutation of the group
 * and marked closed once the alert is out (UpdateItem: the hub role has no DeleteItem); the TTL
 * removes it. `owed` holds the engine's record as JSON, opaque here.
 */
export class DynamoDbOutboxStore<T> {
  constructor(private readonly table: StateTable) {}

  async open(group: BreakerGroup, owed: T, now: Date): Promise<void> {
    try {
      await this.table.client.send(
        new PutItemCommand({
          TableName: this.table.tableName,
          Item: {
            [STATE_KEY]: { S: keyOf(group) },
            owed: { S: JSON.stringify(owed) },
            [STATE_TTL]: { N: String(epochSeconds(now) + KEEP_SECONDS) },
          },
        }),
      );
    } catch (error) {
      throw new StateStoreError(this.table.tableName, `open outbox ${keyOf(group)}`, error);
    }
  }

  async recall(group: BreakerGroup): Promise<T | undefined> {
    try {
      const Item = await this.table.read(keyOf(group));
      const owed = Item?.owed?.S;
      if (owed === undefined || Item?.closed?.BOOL === true) return undefined;
      return JSON.parse(owed) as T;
    } catch (error) {
      throw new StateStoreError(this.table.tableName, `recall outbox ${keyOf(group)}`, error);
    }
  }

  async close(group: BreakerGroup): Promise<void> {
    try {
      await this.table.client.send(
        new UpdateItemCommand({
          TableName: this.table.tableName,
          Key: { [STATE_KEY]: { S: keyOf(group) } },
          UpdateExpression: 'SET closed = :closed',
          ExpressionAttributeValues: { ':closed': { BOOL: true } },
        }),
      );
    } catch (error) {
      throw new StateStoreError(this.table.tableName, `close outbox ${keyOf(group)}`, error);
    }
  }
}

function keyOf(group: BreakerGroup): string {
  return `outbox#${group.account}#${group.region}#${group.groupId}`;
}
