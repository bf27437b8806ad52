/** What the hub reports of each sweep target of a batch. */

export type SweepTargetOutcome = 'swept' | 'account-error' | 'skipped' | 'retry';

export interface SweepTargetReport {
  recordId: string;
  sweepId: string;
  account: string;
  region: string;
  outcome: SweepTargetOutcome;
  reason?: string;
  /** Opted-in groups reconciled. */
  groups: number;
  /** Violations found in them (all drift unless an event of the same batch brought them). */
  violations: number;
}
