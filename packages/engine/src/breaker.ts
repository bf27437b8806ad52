/**
 * The loop guard's second half (design.md section 8): when something else keeps re-applying a
 * rule, stop fighting. After `maxRemediations` remediations of one group within `windowMinutes`,
 * the breaker for that group opens: no more remediation, and exactly one "contested" alert. It
 * closes by itself once the remediations age out of the window. Its state is a BreakerStore: in
 * memory per instance (the default), or DynamoDB shared by every instance (@guardrail/aws).
 */
import type { BreakerGroup, BreakerStore } from './ports';

export interface BreakerOptions {
  maxRemediations: number;
  windowMinutes: number;
}

export type BreakerDecision =
  | { state: 'closed' }
  /** Just opened: raise the contested alert now. */
  | { state: 'tripped'; remediations: number }
  /** Already open and already alerted. */
  | { state: 'open'; remediations: number };

/** Told when the store fails; the breaker then fails open (remediation goes on). */
export type BreakerErrorReporter = (operation: 'read' | 'claim-alert' | 'record', error: unknown) => void;

export class CircuitBreaker {
  readonly store: BreakerStore;
  constructor(
    readonly options: BreakerOptions,
    store?: BreakerStore,
  ) {
    this.store = store ?? new InMemoryBreakerStore();
  }

  /**
   * Asked before remediating a group. A store that cannot be read leaves the breaker closed (a
   * DynamoDB outage must not stop remediation); one that cannot record the alert claim raises the
   * alert anyway (at worst a duplicate, never a silent stop).
   */
  async check(group: BreakerGroup, now: Date, onError?: BreakerErrorReporter): Promise<BreakerDecision> {
    const { maxRemediations, windowMinutes } = this.options;
    let state: { remediations: number; alerted: boolean };
    try {
      state = await this.store.read(group, now, windowMinutes);
    } catch (error) {
      onError?.('read', error);
      return { state: 'closed' };
    }
    if (state.remediations < maxRemediations) return { state: 'closed' };
    if (state.alerted) return { state: 'open', remediations: state.remediations };
    let won: boolean;
    try {
      won = await this.store.claimAlert(group, now, windowMinutes);
    } catch (error) {
      onError?.('claim-alert', error);
      won = true;
    }
    return { state: won ? 'tripped' : 'open', remediations: state.remediations };
  }

  /** Called after a remediation changed the group; a store failure is reported, never thrown. */
  async record(group: BreakerGroup, now: Date, onError?: BreakerErrorReporter): Promise<void> {
    try {
      await this.store.record(group, now, this.options.windowMinutes);
    } catch (error) {
      onError?.('record', error);
    }
  }
}

/**
 * Exact sliding window per group, in memory. An opening is identified by the latest remediation
 * it counted: its alert is claimed once, and a remediation after the breaker closed starts a new
 * opening with its own alert.
 */
export class InMemoryBreakerStore implements BreakerStore {
  private readonly history = new Map<string, number[]>();
  /** group -> the latest remediation of the opening whose alert was raised. */
  private readonly alertedFor = new Map<string, number>();

  private recent(group: BreakerGroup, now: Date, windowMinutes: number): number[] {
    const key = keyOf(group);
    const since = now.getTime() - windowMinutes * 60_000;
    const kept = (this.history.get(key) ?? []).filter((t) => t > since);
    if (kept.length > 0) this.history.set(key, kept);
    else {
      this.history.delete(key);
      this.alertedFor.delete(key);
    }
    return kept;
  }

  async read(group: BreakerGroup, now: Date, windowMinutes: number) {
    const kept = this.recent(group, now, windowMinutes);
    const latest = kept.at(-1);
    return {
      remediations: kept.length,
      alerted: latest !== undefined && this.alertedFor.get(keyOf(group)) === latest,
    };
  }

  async claimAlert(group: BreakerGroup, now: Date, windowMinutes: number): Promise<boolean> {
    const latest = this.recent(group, now, windowMinutes).at(-1);
    if (latest === undefined || this.alertedFor.get(keyOf(group)) === latest) return false;
    this.alertedFor.set(keyOf(group), latest);
    return true;
  }

  async record(group: BreakerGroup, now: Date, windowMinutes: number): Promise<void> {
    const kept = this.recent(group, now, windowMinutes);
    kept.push(now.getTime());
    this.history.set(keyOf(group), kept);
  }
}

function keyOf(group: BreakerGroup): string {
  return `${group.account}/${group.region}/${group.groupId}`;
}
