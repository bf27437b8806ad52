/**
 * No alert is ever lost (issue: the guard notices when it is blinded). The hub records what it is
 * about to do to a group before its first mutation, and clears the record once the alert is out
 * (published, or kept in the dead-letter queue). If it dies in between (a timeout, a crash, SNS
 * never answering), the record stays: the retry, or a later event, finds the group already as
 * wanted and publishes the alert that was owed, once. In memory per instance (the default), or
 * in the state table shared by every instance (@guardrail/aws DynamoDbOutboxStore).
 * A store that fails is reported and worked around: remediation never waits on it to succeed.
 */
import type { IncidentContext, Plan } from '@guardrail/core';
import { groupKey } from './group-unit';
import type { BreakerGroup } from './ports';

/** What the hub was about to do to a group: enough to tell it after the fact. */
export interface OwedAlert {
  /** The actions it was about to take, and what they answer (the enforced part of the plan). */
  plan: Plan;
  context: IncidentContext;
  /** ISO 8601: when the record was opened (just before the first mutation). */
  openedAt: string;
}

export interface OutboxStore {
  open(group: BreakerGroup, owed: OwedAlert, now: Date): Promise<void>;
  recall(group: BreakerGroup): Promise<OwedAlert | undefined>;
  close(group: BreakerGroup): Promise<void>;
}

export class InMemoryOutboxStore implements OutboxStore {
  private readonly records = new Map<string, string>();

  async open(group: BreakerGroup, owed: OwedAlert): Promise<void> {
    this.records.set(groupKey(group), JSON.stringify(owed));
  }

  async recall(group: BreakerGroup): Promise<OwedAlert | undefined> {
    const record = this.records.get(groupKey(group));
    return record === undefined ? undefined : (JSON.parse(record) as OwedAlert);
  }

  async close(group: BreakerGroup): Promise<void> {
    this.records.delete(groupKey(group));
  }
}

export type OutboxErrorReporter = (operation: 'open' | 'recall' | 'close', error: unknown) => void;

/** The store with its failures reported, never thrown: an outage costs the guarantee, not a revert. */
export class Outbox {
  readonly store: OutboxStore;
  constructor(store?: OutboxStore) {
    this.store = store ?? new InMemoryOutboxStore();
  }

  async open(group: BreakerGroup, owed: OwedAlert, now: Date, onError: OutboxErrorReporter): Promise<void> {
    try {
      await this.store.open(group, owed, now);
    } catch (error) {
      onError('open', error);
    }
  }

  async recall(group: BreakerGroup, onError: OutboxErrorReporter): Promise<OwedAlert | undefined> {
    try {
      return await this.store.recall(group);
    } catch (error) {
      onError('recall', error);
      return undefined;
    }
  }

  async close(group: BreakerGroup, onError: OutboxErrorReporter): Promise<void> {
    try {
      await this.store.close(group);
    } catch (error) {
      onError('close', error);
    }
  }
}
