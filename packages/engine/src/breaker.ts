/**
 * The loop guard's second half (design.md section 8): when something else keeps re-applying a
 * rule, stop fighting. After `maxRemediations` remediations of one group within `windowMinutes`,
 * the breaker for that group opens: no more remediation, and exactly one "contested" alert. It
 * closes by itself once the remediations age out of the window. Its state is a BreakerStore: in
 * memory per instance (the default), or DynamoDB shared by every instance (@guardrail/aws).
 */
import { groupKey } from './group-unit';
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

/** The group's remediations in the window, or `unavailable` when the store could not be read. */
export type BreakerReading =
  | { status: 'read'; remediations: number; alerted: boolean }
  | { status: 'unavailable' };

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
   * Reads the group's count (the event path reads it alongside the group, before the plan is
   * known). A store that cannot be read gives `unavailable`, and the breaker then stays closed: a
   * DynamoDB outage must not stop remediation.
   */
  async read(group: BreakerGroup, now: Date, onError?: BreakerErrorReporter): Promise<BreakerReading> {
    try {
      const state = await this.store.read(group, now, this.options.windowMinutes);
      return { status: 'read', ...state };
    } catch (error) {
      onError?.('read', error);
      return { status: 'unavailable' };
    }
  }

  /**
   * Decides from a reading, before remediating. Only an opening not yet alerted costs a store call
   * (the alert claim); one that cannot be recorded raises the alert anyway (at worst a duplicate,
   * never a silent stop).
   */
  async decide(
    group: BreakerGroup,
    reading: BreakerReading,
    now: Date,
    onError?: BreakerErrorReporter,
  ): Promise<BreakerDecision> {
    if (reading.status === 'unavailable' || reading.remediations < this.options.maxRemediations)
      return { state: 'closed' };
    if (reading.alerted) return { state: 'open', remediations: reading.remediations };
    let won: boolean;
    try {
      won = await this.store.claimAlert(group, now, this.options.windowMinutes);
    } catch (error) {
      onError?.('claim-alert', error);
      won = true;
    }
    return { state: won ? 'tripped' : 'open', remediations: reading.remediations };
  }

  /** `read` then `decide`. */
  async check(group: BreakerGroup, now: Date, onError?: BreakerErrorReporter): Promise<BreakerDecision> {
    return this.decide(group, await this.read(group, now, onError), now, onError);
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
    const key = groupKey(group);
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
      alerted: latest !== undefined && this.alertedFor.get(groupKey(group)) === latest,
    };
  }

  async claimAlert(group: BreakerGroup, now: Date, windowMinutes: number): Promise<boolean> {
    const latest = this.recent(group, now, windowMinutes).at(-1);
    if (latest === undefined || this.alertedFor.get(groupKey(group)) === latest) return false;
    this.alertedFor.set(groupKey(group), latest);
    return true;
  }

  async record(group: BreakerGroup, now: Date, windowMinutes: number): Promise<void> {
    const kept = this.recent(group, now, windowMinutes);
    kept.push(now.getTime());
    this.history.set(groupKey(group), kept);
  }
}
