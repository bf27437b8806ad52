/**
 * The loop guard's second half (design.md section 8): when something else keeps re-applying a
 * rule, stop fighting over that rule, and only that rule. Remediations are counted per group and
 * per action fingerprint (core's actionFingerprint: what the action does to which rules). After
 * `maxRemediations` of one fingerprint within `windowMinutes`, that fingerprint is paused: its
 * action is not executed, and a contested alert is raised, at most one per fingerprint per window
 * (never silent while the fight lasts). Every other violation of the group is still enforced. A
 * pause ends by itself once the remediations age out of the window. The counts live in a
 * BreakerStore: in memory per instance (the default), or DynamoDB shared by every instance.
 */
import { groupKey } from './group-unit';
import type { BreakerGroup, BreakerRuleCount, BreakerStore } from './ports';

export interface BreakerOptions {
  maxRemediations: number;
  windowMinutes: number;
}

/** The group's counts by fingerprint, or `unavailable` when the store could not be read. */
export type BreakerReading =
  | { status: 'read'; rules: ReadonlyMap<string, BreakerRuleCount> }
  | { status: 'unavailable' };

/** A fingerprint the breaker holds back: how often it was remediated, and when enforcement resumes. */
export interface PausedRule {
  remediations: number;
  resumesAt: Date;
}

export interface BreakerDecision {
  /** Fingerprint -> why it is paused. Empty: remediate everything. */
  paused: ReadonlyMap<string, PausedRule>;
  /** True when this caller raises the contested alert (claimed for this window). */
  alert: boolean;
}

/** Told when the store fails; the breaker then fails open (remediation goes on). */
export type BreakerErrorReporter = (operation: 'read' | 'claim-alert' | 'record', error: unknown) => void;

const CLOSED: BreakerDecision = { paused: new Map(), alert: false };

export class CircuitBreaker {
  readonly store: BreakerStore;
  constructor(
    readonly options: BreakerOptions,
    store?: BreakerStore,
  ) {
    this.store = store ?? new InMemoryBreakerStore();
  }

  /**
   * Reads the group's counts (the event path reads them alongside the group, before the plan is
   * known: one read for every fingerprint). A store that cannot be read gives `unavailable`, and
   * the breaker then pauses nothing: a DynamoDB outage must not stop remediation.
   */
  async read(group: BreakerGroup, now: Date, onError?: BreakerErrorReporter): Promise<BreakerReading> {
    try {
      return { status: 'read', rules: await this.store.read(group, now, this.options) };
    } catch (error) {
      onError?.('read', error);
      return { status: 'unavailable' };
    }
  }

  /**
   * Which of the plan's fingerprints are paused, before remediating. Only a paused fingerprint
   * not yet alerted in this window costs a store call (the alert claim); a claim that cannot be
   * recorded raises the alert anyway (at worst a duplicate, never a silent pause).
   */
  async decide(
    group: BreakerGroup,
    reading: BreakerReading,
    fingerprints: readonly string[],
    now: Date,
    onError?: BreakerErrorReporter,
  ): Promise<BreakerDecision> {
    if (reading.status === 'unavailable') return CLOSED;
    const paused = new Map<string, PausedRule>();
    const unalerted: string[] = [];
    for (const fingerprint of new Set(fingerprints)) {
      const count = reading.rules.get(fingerprint);
      if (!count || count.remediations < this.options.maxRemediations) continue;
      paused.set(fingerprint, { remediations: count.remediations, resumesAt: count.resumesAt });
      if (!count.alerted) unalerted.push(fingerprint);
    }
    const claims = await Promise.all(
      unalerted.map((fingerprint) =>
        this.store.claimAlert(group, fingerprint, now, this.options).catch((error: unknown) => {
          onError?.('claim-alert', error);
          return true;
        }),
      ),
    );
    return { paused, alert: claims.some(Boolean) };
  }

  /** Called after remediations changed the group; a store failure is reported, never thrown. */
  async record(
    group: BreakerGroup,
    fingerprints: readonly string[],
    now: Date,
    onError?: BreakerErrorReporter,
  ): Promise<void> {
    if (fingerprints.length === 0) return;
    try {
      await this.store.record(group, [...new Set(fingerprints)], now, this.options);
    } catch (error) {
      onError?.('record', error);
    }
  }
}

/**
 * Exact sliding window per group and fingerprint, in memory. A fingerprint's contested alert is
 * claimed at most once per window.
 */
export class InMemoryBreakerStore implements BreakerStore {
  /** group key -> fingerprint -> remediation times (ms), oldest first. */
  private readonly history = new Map<string, Map<string, number[]>>();
  /** `group key/fingerprint` -> when its last contested alert was claimed (ms). */
  private readonly alertedAt = new Map<string, number>();

  private recent(group: BreakerGroup, now: Date, windowMinutes: number): Map<string, number[]> {
    const key = groupKey(group);
    const since = now.getTime() - windowMinutes * 60_000;
    const rules = this.history.get(key) ?? new Map<string, number[]>();
    for (const [fingerprint, times] of rules) {
      const kept = times.filter((t) => t > since);
      if (kept.length > 0) rules.set(fingerprint, kept);
      else rules.delete(fingerprint);
    }
    if (rules.size > 0) this.history.set(key, rules);
    else this.history.delete(key);
    return rules;
  }

  private alerted(group: BreakerGroup, fingerprint: string, now: Date, windowMinutes: number): boolean {
    const at = this.alertedAt.get(`${groupKey(group)}/${fingerprint}`);
    return at !== undefined && at > now.getTime() - windowMinutes * 60_000;
  }

  async read(
    group: BreakerGroup,
    now: Date,
    options: BreakerOptions,
  ): Promise<Map<string, BreakerRuleCount>> {
    const counts = new Map<string, BreakerRuleCount>();
    const windowMs = options.windowMinutes * 60_000;
    for (const [fingerprint, times] of this.recent(group, now, options.windowMinutes)) {
      // Paused, nothing more is counted: it resumes when all but max - 1 of these have aged out.
      const deciding = times[Math.max(0, times.length - options.maxRemediations)] ?? now.getTime();
      counts.set(fingerprint, {
        remediations: times.length,
        alerted: this.alerted(group, fingerprint, now, options.windowMinutes),
        resumesAt: new Date(deciding + windowMs),
      });
    }
    return counts;
  }

  async claimAlert(
    group: BreakerGroup,
    fingerprint: string,
    now: Date,
    options: BreakerOptions,
  ): Promise<boolean> {
    if (this.alerted(group, fingerprint, now, options.windowMinutes)) return false;
    this.alertedAt.set(`${groupKey(group)}/${fingerprint}`, now.getTime());
    return true;
  }

  async record(group: BreakerGroup, fingerprints: readonly string[], now: Date, options: BreakerOptions) {
    const rules = this.recent(group, now, options.windowMinutes);
    for (const fingerprint of fingerprints)
      rules.set(fingerprint, [...(rules.get(fingerprint) ?? []), now.getTime()]);
    this.history.set(groupKey(group), rules);
  }
}
