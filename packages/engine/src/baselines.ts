/**
 * Lock-policy baselines (issue 12): the rules each locked group was approved with. In memory per
 * instance (the default: `hub run` without a table, the demo, tests), or in the state table shared
 * by every instance and by `guardrail baseline` (@guardrail/aws DynamoDbBaselineStore, no TTL).
 *
 * Unlike the other stores, a failure here is never worked around as "nothing remembered": a group
 * whose baseline cannot be read is not judged at all (its lock policy has nothing to judge it by,
 * and "no baseline" would mean capturing the group as it is now, whatever an attacker just did to
 * it). The recall answers a value saying which of the three it is.
 */
import type { Baseline } from '@guardrail/core';
import { groupKey } from './group-unit';
import type { BreakerGroup } from './ports';

export type BaselineSave = 'saved' | 'conflict';

export interface BaselineStore {
  recall(group: BreakerGroup): Promise<Baseline | undefined>;
  /** Writes `baseline` in place of version `replaces` (undefined: there must be none yet). */
  save(baseline: Baseline, replaces: number | undefined): Promise<BaselineSave>;
}

export class InMemoryBaselineStore implements BaselineStore {
  private readonly items = new Map<string, string>();

  async recall(group: BreakerGroup): Promise<Baseline | undefined> {
    const item = this.items.get(groupKey(group));
    return item === undefined ? undefined : (JSON.parse(item) as Baseline);
  }

  async save(baseline: Baseline, replaces: number | undefined): Promise<BaselineSave> {
    const key = groupKey(baseline);
    const current = await this.recall(baseline);
    if (current?.version !== replaces) return 'conflict';
    this.items.set(key, JSON.stringify(baseline));
    return 'saved';
  }
}

export type BaselineRecall =
  | { status: 'found'; baseline: Baseline }
  | { status: 'none' }
  | { status: 'unreadable'; error: unknown };

export type BaselineWrite = { status: BaselineSave } | { status: 'failed'; error: unknown };

/** The store with its failures as values. */
export class Baselines {
  readonly store: BaselineStore;
  constructor(store?: BaselineStore) {
    this.store = store ?? new InMemoryBaselineStore();
  }

  async recall(group: BreakerGroup): Promise<BaselineRecall> {
    try {
      const baseline = await this.store.recall(group);
      return baseline ? { status: 'found', baseline } : { status: 'none' };
    } catch (error) {
      return { status: 'unreadable', error };
    }
  }

  async save(baseline: Baseline, replaces: number | undefined): Promise<BaselineWrite> {
    try {
      return { status: await this.store.save(baseline, replaces) };
    } catch (error) {
      return { status: 'failed', error };
    }
  }
}
