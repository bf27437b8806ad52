import { GetItemCommand, UpdateItemCommand, type UpdateItemCommandInput } from '@aws-sdk/client-dynamodb';
import { isConditionFailed, StateStoreError } from './errors';
import { epochSeconds, STATE_KEY, STATE_TTL, type StateTable } from './table';

export interface BreakerGroup {
  account: string;
  region: string;
  groupId: string;
}

/**
 * The circuit breaker's counts shared by every hub instance (design.md section 8): one item per
 * group per window-long bucket, `breaker#<account>#<region>#<groupId>#<bucket>`, counted with an
 * atomic `ADD`. The count in the window is that of the current bucket plus the previous one: every
 * N remediations within M minutes trip it (they span at most two buckets), and it may also trip on
 * N within up to 2M minutes and stay open up to 2M: erring on the side of the contested alert. The
 * bucket that trips carries `alerted`, claimed conditionally: one contested alert per opening.
 */
export class DynamoDbBreakerStore {
  constructor(private readonly table: StateTable) {}

  async read(group: BreakerGroup, now: Date, windowMinutes: number) {
    const bucket = bucketOf(now, windowMinutes);
    try {
      const items = await Promise.all(
        [bucket - 1, bucket].map((b) =>
          this.table.client.send(
            new GetItemCommand({
              TableName: this.table.tableName,
              Key: { [STATE_KEY]: { S: keyOf(group, b) } },
              ConsistentRead: true,
            }),
          ),
        ),
      );
      let remediations = 0;
      let alerted = false;
      for (const { Item } of items) {
        const count = Item?.remediations;
        if (count && 'N' in count) remediations += Number(count.N);
        const flag = Item?.alerted;
        if (flag && 'BOOL' in flag && flag.BOOL) alerted = true;
      }
      return { remediations, alerted };
    } catch (error) {
      throw new StateStoreError(this.table.tableName, `read breaker ${keyOf(group, bucket)}`, error);
    }
  }

  async claimAlert(group: BreakerGroup, now: Date, windowMinutes: number): Promise<boolean> {
    const bucket = bucketOf(now, windowMinutes);
    try {
      await this.updateBucket(group, bucket, windowMinutes, {
        UpdateExpression: 'SET #alerted = :yes, #exp = :exp',
        ConditionExpression: 'attribute_not_exists(#alerted)',
        ExpressionAttributeNames: { '#alerted': 'alerted' },
        ExpressionAttributeValues: { ':yes': { BOOL: true } },
      });
      return true;
    } catch (error) {
      if (isConditionFailed(error)) return false;
      throw new StateStoreError(this.table.tableName, `claim contested alert ${keyOf(group, bucket)}`, error);
    }
  }

  async record(group: BreakerGroup, now: Date, windowMinutes: number): Promise<void> {
    const bucket = bucketOf(now, windowMinutes);
    try {
      await this.updateBucket(group, bucket, windowMinutes, {
        UpdateExpression: 'ADD #n :one SET #exp = :exp',
        ExpressionAttributeNames: { '#n': 'remediations' },
        ExpressionAttributeValues: { ':one': { N: '1' } },
      });
    } catch (error) {
      throw new StateStoreError(this.table.tableName, `record remediation ${keyOf(group, bucket)}`, error);
    }
  }

  /**
   * Updates the group's item for `bucket` and sets its TTL: `update`'s expression must set
   * `#exp = :exp`, which this supplies (the bucket's expiry).
   */
  private async updateBucket(
    group: BreakerGroup,
    bucket: number,
    windowMinutes: number,
    update: BucketUpdate,
  ): Promise<void> {
    await this.table.client.send(
      new UpdateItemCommand({
        TableName: this.table.tableName,
        Key: { [STATE_KEY]: { S: keyOf(group, bucket) } },
        ...update,
        ExpressionAttributeNames: { ...update.ExpressionAttributeNames, '#exp': STATE_TTL },
        ExpressionAttributeValues: {
          ...update.ExpressionAttributeValues,
          ':exp': { N: String(expiry(bucket, windowMinutes)) },
        },
      }),
    );
  }
}

type BucketUpdate = Pick<
  UpdateItemCommandInput,
  'UpdateExpression' | 'ConditionExpression' | 'ExpressionAttributeNames' | 'ExpressionAttributeValues'
>;

function bucketOf(now: Date, windowMinutes: number): number {
  return Math.floor(now.getTime() / (windowMinutes * 60_000));
}

function keyOf(group: BreakerGroup, bucket: number): string {
  return `breaker#${group.account}#${group.region}#${group.groupId}#${bucket}`;
}

/** A bucket still counts while it is the previous one; then TTL may remove it. */
function expiry(bucket: number, windowMinutes: number): number {
  return epochSeconds((bucket + 2) * windowMinutes * 60_000) + 60;
}
