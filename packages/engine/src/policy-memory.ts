/**
 * What the hub last enforced on each group (issue: opting out is an incident). An event that opts
 * a group out rarely says what it left (DeleteTags without the value, a CreateTags that overwrites
 * it), so the hub remembers the policy and mode of every managed group it reconciles, and tells
 * an opt-out, a switch to another policy or to audit mode from it. In memory per instance (the
 * default), or the state table shared by every instance (@guardrail/aws DynamoDbPolicyStore).
 * A store that fails is reported and worked around: no memory, never a stop.
 */
import type { Mode } from '@guardrail/core';
import { groupKey } from './group-unit';
import type { BreakerGroup } from './ports';

export interface RememberedPolicy {
  policy: string;
  mode: Mode;
  /** ISO 8601: when the hub first saw the group under this policy and mode. */
  since: string;
  /** ISO 8601: when it was seen leaving it; the group stays remembered to tell what it left. */
  leftAt?: string;
}

export interface PolicyStore {
  recall(group: BreakerGroup): Promise<RememberedPolicy | undefined>;
  remember(group: BreakerGroup, record: RememberedPolicy, now: Date): Promise<void>;
}

export class InMemoryPolicyStore implements PolicyStore {
  private readonly records = new Map<string, RememberedPolicy>();

  async recall(group: BreakerGroup): Promise<RememberedPolicy | undefined> {
    const record = this.records.get(groupKey(group));
    return record && { ...record };
  }

  async remember(group: BreakerGroup, record: RememberedPolicy): Promise<void> {
    this.records.set(groupKey(group), { ...record });
  }
}

/** Told when the store fails; the memory then answers "nothing remembered" and writes nothing. */
export type PolicyMemoryErrorReporter = (operation: 'recall' | 'remember', error: unknown) => void;

export class PolicyMemory {
  readonly store: PolicyStore;
  constructor(store?: PolicyStore) {
    this.store = store ?? new InMemoryPolicyStore();
  }

  async recall(
    group: BreakerGroup,
    onError: PolicyMemoryErrorReporter,
  ): Promise<RememberedPolicy | undefined> {
    try {
      return await this.store.recall(group);
    } catch (error) {
      onError('recall', error);
      return undefined;
    }
  }

  async remember(
    group: BreakerGroup,
    record: RememberedPolicy,
    now: Date,
    onError: PolicyMemoryErrorReporter,
  ): Promise<void> {
    try {
      await this.store.remember(group, record, now);
    } catch (error) {
      onError('remember', error);
    }
  }
}
