/**
 * The sweep's stored results (`guardrail report --from-sweep`): what the sweep planned and what
 * the hub found in each target, at the keys of contract/sweep-results.ts. A user-facing format
 * (an auditor may keep these objects), versioned: a new shape is a new `schemaVersion`.
 */
import type { PostureGroup } from '../report/types';

/** One account x region the sweep planned. */
export interface SweepManifestTarget {
  account: string;
  accountName?: string;
  region: string;
}

/** `sweeps/<sweepId>/manifest.json`: written by the sweep before it enqueues its targets. */
export interface SweepManifest {
  schemaVersion: 1;
  sweepId: string;
  /** ISO 8601: when the sweep was planned. */
  plannedAt: string;
  targets: SweepManifestTarget[];
}

/**
 * What the hub did with one target: `swept` (its opted-in groups were read and judged),
 * `account-error` (the account could not be read: role missing, access denied), `skipped` (the
 * account left the organization or is no longer ACTIVE). A target that will be retried writes
 * nothing: its retry does.
 */
export type SweepTargetResultOutcome = 'swept' | 'account-error' | 'skipped';

/** `sweeps/<sweepId>/<account>/<region>.json`: written by the hub once the target is done. */
export interface SweepTargetResult {
  schemaVersion: 1;
  sweepId: string;
  account: string;
  accountName?: string;
  region: string;
  /** ISO 8601: when the hub wrote it. */
  writtenAt: string;
  outcome: SweepTargetResultOutcome;
  /** Why the target was not swept (always set unless `swept`). */
  reason?: string;
  /** The target's opted-in groups; empty unless `swept`. */
  groups: PostureGroup[];
}
