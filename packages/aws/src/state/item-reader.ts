import {
  type AttributeValue,
  BatchGetItemCommand,
  type DynamoDBClient,
  GetItemCommand,
} from '@aws-sdk/client-dynamodb';

type Item = Record<string, AttributeValue>;

/** DynamoDB's BatchGetItem takes at most 100 keys. */
export const BATCH_GET_MAX_KEYS = 100;

interface Waiter {
  resolve(item: Item | undefined): void;
  reject(error: unknown): void;
}

/**
 * Strongly consistent reads of the state table by partition key, coalesced: every read asked for
 * in the same turn of the event loop goes out as one BatchGetItem (100 keys per call), so a batch
 * of ten groups that each read their breaker buckets, policy memory and outbox costs one call
 * instead of forty. The same key asked twice is read once. Keys DynamoDB leaves unprocessed
 * (throughput, response size) are read again one by one with GetItem, under the SDK's retries; a
 * call that fails rejects every read it carried, each caller wrapping the error as it did for its
 * own GetItem. Reads stay strongly consistent (`ConsistentRead: true`), exactly as GetItem was.
 */
export class CoalescingItemReader {
  private pending = new Map<string, Waiter[]>();
  private scheduled = false;

  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
    private readonly keyName: string,
  ) {}

  get(key: string): Promise<Item | undefined> {
    return new Promise((resolve, reject) => {
      const waiters = this.pending.get(key);
      if (waiters) waiters.push({ resolve, reject });
      else this.pending.set(key, [{ resolve, reject }]);
      if (!this.scheduled) {
        this.scheduled = true;
        // After the promises already resolved in this turn have run, so reads started in
        // parallel by Promise.all (and their awaits) land in the same batch.
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    const batch = this.pending;
    this.pending = new Map();
    const keys = [...batch.keys()];
    for (let at = 0; at < keys.length; at += BATCH_GET_MAX_KEYS) {
      const chunk = keys.slice(at, at + BATCH_GET_MAX_KEYS);
      void this.read(chunk).then(
        (items) => {
          for (const key of chunk) for (const waiter of batch.get(key) ?? []) waiter.resolve(items.get(key));
        },
        (error: unknown) => {
          for (const key of chunk) for (const waiter of batch.get(key) ?? []) waiter.reject(error);
        },
      );
    }
  }

  private async read(keys: readonly string[]): Promise<Map<string, Item | undefined>> {
    const items = new Map<string, Item | undefined>();
    if (keys.length === 1) {
      const key = keys[0] as string;
      items.set(key, await this.getItem(key));
      return items;
    }
    const response = await this.client.send(
      new BatchGetItemCommand({
        RequestItems: {
          [this.tableName]: {
            Keys: keys.map((key) => ({ [this.keyName]: { S: key } })),
            ConsistentRead: true,
          },
        },
      }),
    );
    for (const item of response.Responses?.[this.tableName] ?? []) {
      const key = item[this.keyName]?.S;
      if (key !== undefined) items.set(key, item);
    }
    const left = (response.UnprocessedKeys?.[this.tableName]?.Keys ?? [])
      .map((key) => key[this.keyName]?.S)
      .filter((key): key is string => key !== undefined);
    await Promise.all(
      left.map(async (key) => {
        items.set(key, await this.getItem(key));
      }),
    );
    return items;
  }

  private async getItem(key: string): Promise<Item | undefined> {
    const { Item } = await this.client.send(
      new GetItemCommand({
        TableName: this.tableName,
        Key: { [this.keyName]: { S: key } },
        ConsistentRead: true,
      }),
    );
    return Item;
  }
}
