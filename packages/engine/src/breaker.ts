/**
 * The loop guard's second half (design.md section 8): when something else keeps re-applying a
 * rule, stop fighting. After `maxRemediations` remediations of one group within `windowMinutes`,
 * the breaker for that group opens: no more remediation, and exactly one "contested" alert. It
 * closes by itself once the remediations age out of the window.
 * State lives in memory (per Lambda execution environment) for now; see docs.
 */
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

export class CircuitBreaker {
  private readonly history = new Map<string, number[]>();
  private readonly alerted = new Set<string>();
  constructor(readonly options: BreakerOptions) {}

  private recent(key: string, now: Date): number[] {
    const since = now.getTime() - this.options.windowMinutes * 60_000;
    const kept = (this.history.get(key) ?? []).filter((t) => t > since);
    if (kept.length > 0) this.history.set(key, kept);
    else this.history.delete(key);
    return kept;
  }

  /** Asked before remediating `key` (account/region/group). */
  check(key: string, now: Date): BreakerDecision {
    const count = this.recent(key, now).length;
    if (count < this.options.maxRemediations) {
      this.alerted.delete(key);
      return { state: 'closed' };
    }
    if (this.alerted.has(key)) return { state: 'open', remediations: count };
    this.alerted.add(key);
    return { state: 'tripped', remediations: count };
  }

  /** Called after a remediation changed the group. */
  record(key: string, now: Date): void {
    const kept = this.recent(key, now);
    kept.push(now.getTime());
    this.history.set(key, kept);
  }
}
