/**
 * The unit of work of a batch: one security group with every change of the batch that touched
 * it, and what its reconcile decided. Shared by the batch phases, reconcile and the sweep.
 */
import type { ActionOutcome, GroupChange, Incident, Plan } from '@guardrail/core';

/** One security group to reconcile, with every change of the batch that touched it. */
export interface GroupUnit {
  key: string;
  account: string;
  region: string;
  groupId: string;
  changes: GroupChange[];
}

export type GroupOutcome =
  | 'remediated'
  | 'partially-failed'
  | 'audit'
  | 'compliant'
  | 'unmanaged'
  | 'misconfigured'
  | 'contested'
  | 'group-deleted'
  | 'account-error'
  /** A lock group whose baseline could not be read (or captured): nothing judged, nothing changed. */
  | 'baseline-unavailable'
  | 'retry';

/**
 * What reconcile decided and did for one group; `incident` is what should be alerted, if anything
 * (on `retry` too, when some action succeeded before the failure: the retry will not see it).
 */
export interface GroupResult {
  unit: GroupUnit;
  outcome: GroupOutcome;
  reason?: string;
  code?: string;
  accountName?: string;
  plan?: Plan;
  outcomes?: ActionOutcome[];
  incident?: Incident;
  /** Further incidents of the group: the contested rules the breaker held back, an opt-out. */
  also?: Incident[];
  /** The incident whose delivery settles the group's owed alert (see outbox.ts), and how. */
  outbox?: { incident: Incident; close: () => Promise<void> };
}

/** A group's identity within the organization: the key of its unit, its snapshot and its breaker. */
export function groupKey(group: { account: string; region: string; groupId: string }): string {
  return `${group.account}/${group.region}/${group.groupId}`;
}
