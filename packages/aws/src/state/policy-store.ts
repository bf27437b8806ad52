import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import type { BreakerGroup } from './breaker-store';
import { StateStoreError } from './errors';
import { epochSeconds, STATE_KEY, STATE_TTL, type StateTable } from './table';

/** The policy the hub last enforced on a group (the engine's RememberedPolicy). */
export interface PolicyRecord {
  policy: string;
  mode: 'enforce' | 'audit';
  /** ISO 8601: when the hub first saw the group under this policy and mode. */
  since: string;
  /** ISO 8601: when the group was seen leaving it (opt-out, another policy, audit mode). */
  leftAt?: string;
}

/** A year and a month: the sweep sees every opted-in group far more often, and rewrites what changed. */
const KEEP_SECONDS = 400 * 24 * 3600;

/**
 * What the hub last enforced per group, shared by every instance: one item per group,
 * `policy#<account>#<region>#<groupId>`, written only when it changes, kept 400 days after the
 * last write. It tells the old policy when an event does not (a DeleteTags without the value, a
 * CreateTags that overwrites it).
 */
export class DynamoDbPolicyStore {
  constructor(private readonly table: StateTable) {}

  async recall(group: BreakerGroup): Promise<PolicyRecord | undefined> {
    try {
      const Item = await this.table.read(keyOf(group));
      const policy = Item?.policy?.S;
      const mode = Item?.mode?.S;
      if (policy === undefined || (mode !== 'enforce' && mode !== 'audit')) return undefined;
      const leftAt = Item?.leftAt?.S;
      return { policy, mode, since: Item?.since?.S ?? '', ...(leftAt ? { leftAt } : {}) };
    } catch (error) {
      throw new StateStoreError(this.table.tableName, `recall policy ${keyOf(group)}`, error);
    }
  }

  async remember(group: BreakerGroup, record: PolicyRecord, now: Date): Promise<void> {
    try {
      await this.table.client.send(
        new PutItemCommand({
          TableName: this.table.tableName,
          Item: {
            [STATE_KEY]: { S: keyOf(group) },
            policy: { S: record.policy },
            mode: { S: record.mode },
            since: { S: record.since },
            ...(record.leftAt ? { leftAt: { S: record.leftAt } } : {}),
            [STATE_TTL]: { N: String(epochSeconds(now) + KEEP_SECONDS) },
          },
        }),
      );
    } catch (error) {
      throw new StateStoreError(this.table.tableName, `remember policy ${keyOf(group)}`, error);
    }
  }
}

function keyOf(group: BreakerGroup): string {
  return `policy#${group.account}#${group.region}#${group.groupId}`;
}
