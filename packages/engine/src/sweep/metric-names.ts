/** The sweep's metric names (alongside the engine's METRICS). */
export const SWEEP_METRICS = {
  /** Account/region messages put on the sweep queue by one sweep plan. */
  targetsEnqueued: 'SweepTargetsEnqueued',
  /** Sweep targets handled by the hub; dimension `outcome` (swept, account-error, skipped, retry). */
  targetsProcessed: 'SweepTargetsProcessed',
  /** Opted-in groups a sweep reconciled. */
  groupsSwept: 'SweepGroupsSwept',
  /** Violations the sweep found (every one is drift: no event brought it). */
  violationsFound: 'SweepViolationsFound',
  /** Sweep documents written to the results bucket; dimension `document` (manifest, target). */
  resultsWritten: 'SweepResultsWritten',
  /** Sweep documents that could not be written (the report shows those targets as not read); dimension `document`. */
  resultWriteFailures: 'SweepResultWriteFailures',
  /** Sweeps whose every target finished (the summary published); one per sweep. */
  sweepsCompleted: 'SweepsCompleted',
  /** A completed sweep's duration, planned to last target. */
  sweepDuration: 'SweepDuration',
  /** A completed sweep's figures, once per sweep: groups checked, violations, groups fixed, unreadable accounts. */
  sweepGroups: 'SweepGroupsChecked',
  sweepViolations: 'SweepViolations',
  sweepFixed: 'SweepGroupsFixed',
  sweepUnreadableAccounts: 'SweepUnreadableAccounts',
  /** Sweeps not finished by their deadline (alerted). */
  sweepsOverdue: 'SweepsOverdue',
  /** A sweep's summary or overdue alert that could not be counted or published (the deadline tries again). */
  summaryFailures: 'SweepSummaryFailures',
} as const;
