/** What the hub reports of each sweep target of a batch. */
import type { PostureGroup } from '@guardrail/core';

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
  /** Groups among them remediated (every violation reverted). */
  fixed: number;
  /**
   * What the target's stored result says (sweep/results.ts writes it): present for a full sweep's
   * target that is done (swept, account-error, skipped). A retried target has none: its retry
   * writes it; neither have re-checks and forwarding-only targets (they judge no whole target).
   */
  posture?: SweepTargetPosture;
}

export interface SweepTargetPosture {
  accountName?: string;
  /** The target's opted-in groups as judged (empty unless swept). */
  groups: PostureGroup[];
}
