/**
 * Where a sweep's results live in the hub's results bucket (infra grants exactly these keys, the
 * hub and the sweep write them, `guardrail report --from-sweep` reads them):
 *
 *   sweeps/<sweepId>/manifest.json          the targets the sweep planned (written by the sweep)
 *   sweeps/<sweepId>/<account>/<region>.json one target's posture (written by the hub per target)
 *
 * A target in the manifest without a result file is reported as not read, never as compliant.
 */
export const SWEEP_RESULTS_PREFIX = 'sweeps/';

export const sweepResultKeys = {
  /** The prefix of one sweep's objects, ending in `/`. */
  sweep: (sweepId: string) => `${SWEEP_RESULTS_PREFIX}${sweepId}/`,
  manifest: (sweepId: string) => `${SWEEP_RESULTS_PREFIX}${sweepId}/manifest.json`,
  target: (sweepId: string, account: string, region: string) =>
    `${SWEEP_RESULTS_PREFIX}${sweepId}/${account}/${region}.json`,
} as const;
