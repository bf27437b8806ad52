import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { BASELINE_ITEM, type Baseline, baselineKey, parseBaseline } from '@guardrail/core';
import type { BreakerGroup } from './breaker-store';
import { isConditionFailed, StateStoreError } from './errors';
import { STATE_KEY, type StateTable } from './table';

/** What a write found: done, or someone else wrote another version first (read again and decide). */
export type BaselineSave = 'saved' | 'conflict';

/**
 * Lock-policy baselines, shared by every instance and by `guardrail baseline`: one item per group
 * (core's BASELINE_ITEM), no TTL. A write names the version it replaces (none for the first), so
 * two writers never overwrite each other unseen: the second gets `conflict`. An item that does not
 * parse as a baseline is an error (StateStoreError), never "no baseline": the hub then changes
 * nothing and alerts.
 */
export class DynamoDbBaselineStore {
  constructor(private readonly table: StateTable) {}

  async recall(group: BreakerGroup): Promise<Baseline | undefined> {
    const key = baselineKey(group);
    let text: string | undefined;
    try {
      const item = await this.table.read(key);
      if (item === undefined) return undefined;
      text = item[BASELINE_ITEM.documentAttribute]?.S;
    } catch (error) {
      throw new StateStoreError(this.table.tableName, `recall baseline ${key}`, error);
    }
    try {
      if (text === undefined) throw new Error(`the item has no ${BASELINE_ITEM.documentAttribute} attribute`);
      return parseBaseline(JSON.parse(text) as unknown, key);
    } catch (error) {
      throw new StateStoreError(this.table.tableName, `read baseline ${key}`, error);
    }
  }

  /** Writes `baseline` in place of version `replaces` (undefined: there must be none yet). */
  async save(baseline: Baseline, replaces: number | undefined): Promise<BaselineSave> {
    const key = baselineKey(baseline);
    try {
      await this.table.client.send(
        new PutItemCommand({
          TableName: this.table.tableName,
          Item: {
            [STATE_KEY]: { S: key },
            [BASELINE_ITEM.documentAttribute]: { S: JSON.stringify(baseline) },
            [BASELINE_ITEM.versionAttribute]: { N: String(baseline.version) },
          },
          ...(replaces === undefined
            ? {
                ConditionExpression: 'attribute_not_exists(#pk)',
                ExpressionAttributeNames: { '#pk': STATE_KEY },
              }
            : {
                ConditionExpression: '#version = :replaces',
                ExpressionAttributeNames: { '#version': BASELINE_ITEM.versionAttribute },
                ExpressionAttributeValues: { ':replaces': { N: String(replaces) } },
              }),
        }),
      );
      return 'saved';
    } catch (error) {
      if (isConditionFailed(error)) return 'conflict';
      throw new StateStoreError(this.table.tableName, `save baseline ${key}`, error);
    }
  }
}
