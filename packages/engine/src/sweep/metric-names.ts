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
} as const;
