/**
 * Which records stand behind which units of work, and which dedupe keys each unit completes: the
 * batch's one piece of bookkeeping. From it come the claims to complete or release, and the
 * records Lambda must retry (ReportBatchItemFailures).
 */
import { getOrCreate } from '../memo';
import type { HubRecord } from './types';

export class BatchLedger {
  /** unit key (a group, a sweep target, a tamper event, a kept alert) -> the records behind it. */
  private readonly unitRecords = new Map<string, Set<string>>();
  /** dedupe key -> the units whose success completes it. */
  private readonly keyUnits = new Map<string, Set<string>>();
  private readonly failed = new Set<string>();
  private readonly retried = new Set<string>();

  /** Ties a record to a unit; `key` (an event's or sweep target's dedupe key) is completed with it. */
  attach(unitKey: string, recordId: string, key?: string): void {
    getOrCreate(this.unitRecords, unitKey, () => new Set<string>()).add(recordId);
    if (key !== undefined) getOrCreate(this.keyUnits, key, () => new Set<string>()).add(unitKey);
  }

  /** These records fail as they are (another instance holds them, or they could not be dead-lettered). */
  fail(recordIds: Iterable<string>): void {
    for (const recordId of recordIds) this.failed.add(recordId);
  }

  /** The unit must be retried: its records fail, and its keys are released instead of completed. */
  retry(unitKey: string): void {
    this.retried.add(unitKey);
  }

  get retriedUnits(): ReadonlySet<string> {
    return this.retried;
  }

  recordsOf(unitKeys: readonly string[]): string[] {
    return unitKeys.flatMap((key) => [...(this.unitRecords.get(key) ?? [])]);
  }

  /** Dedupe keys by fate so far: done when none of their units is retried, else retried. */
  fate(): { done: string[]; retried: string[] } {
    const done: string[] = [];
    const retried: string[] = [];
    for (const [key, units] of this.keyUnits)
      ([...units].some((unit) => this.retried.has(unit)) ? retried : done).push(key);
    return { done, retried };
  }

  /** The records to report as batch item failures, in the batch's order. */
  failures(records: readonly HubRecord[]): { itemIdentifier: string }[] {
    const failed = new Set(this.failed);
    for (const recordId of this.recordsOf([...this.retried])) failed.add(recordId);
    return records.filter((r) => failed.has(r.id)).map((r) => ({ itemIdentifier: r.id }));
  }
}
