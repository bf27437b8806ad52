/**
 * The posture report (`guardrail report`): every opted-in group with where it is, the policy and
 * mode it is under, its status, its violations and their severity, and what could not be read.
 * A user-facing format, versioned: a new shape is a new `schemaVersion`.
 */
import type { Severity } from '../alerts/types';
import type { ExceptionInForce, ViolationCode } from '../plan/types';

/**
 * `unreadable`: the group is known (a sweep listed it) but its state could not be read or judged
 * this time; its verdict is unknown, never assumed compliant.
 */
export type PostureStatus = 'compliant' | 'violating' | 'misconfigured' | 'unreadable';

export interface PostureViolation {
  code: ViolationCode;
  direction: 'ingress' | 'egress';
  /** The rule in words: "tcp 22 from 0.0.0.0/0". */
  rule: string;
  reason: string;
  severity: Severity;
}

/** Where a group is: its account (with the account's name when known) and region. */
export interface PostureWhere {
  account: string;
  accountName?: string;
  region: string;
}

export interface PostureGroup {
  account: string;
  /** The account's name in the organization, when the report knows it (`--org`, a sweep). */
  accountName?: string;
  region: string;
  groupId: string;
  groupName?: string;
  vpcId?: string;
  policy?: string;
  mode?: 'enforce' | 'audit';
  status: PostureStatus;
  /** The worst of its violations (info when compliant). */
  severity: Severity;
  violations: PostureViolation[];
  /** Set when misconfigured: what is wrong with its tags. */
  misconfiguration?: string;
  /** Set when unreadable: why. */
  reason?: string;
  /** The policy exceptions in force for the group, and whether each let a rule stay. */
  exceptions: ExceptionInForce[];
}

/**
 * One account x region the report covers: read (with its group count and worst severity, null
 * when it has no opted-in group) or not (`unreadable`, with the reason in `PostureReport.unreadable`).
 * The cells of the HTML heat map.
 */
export interface PostureTarget {
  account: string;
  accountName?: string;
  region: string;
  status: 'read' | 'unreadable';
  groups: number;
  worst: Severity | null;
}

/** An account x region the report could not read, and why: never silently left out. */
export interface PostureGap {
  account: string;
  accountName?: string;
  region: string;
  code: string;
  reason: string;
}

export interface PostureSummary {
  groups: number;
  compliant: number;
  violating: number;
  misconfigured: number;
  /** Groups whose state could not be read. */
  unreadableGroups: number;
  /** Account x regions that could not be read. */
  unreadable: number;
  /** Groups by their worst severity. */
  bySeverity: Record<Severity, number>;
}

export interface PostureReport {
  schemaVersion: 1;
  /** ISO 8601. */
  generatedAt: string;
  /** Where the groups come from: `live` read now, or a sweep's stored results. */
  source: { kind: 'live' } | { kind: 'sweep'; sweepId: string };
  /** Every account x region covered, read or not, sorted by account then region. */
  targets: PostureTarget[];
  groups: PostureGroup[];
  unreadable: PostureGap[];
  summary: PostureSummary;
}
