/**
 * The posture report (`guardrail report`): every opted-in group with where it is, the policy and
 * mode it is under, its status, its violations and their severity, and what could not be read.
 * A user-facing format, versioned: a new shape is a new `schemaVersion`.
 */
import type { Severity } from '../alerts/types';
import type { ViolationCode } from '../plan/types';

/** `unmanaged` is not listed by a report of opted-in groups; it exists for a tag naming no policy. */
export type PostureStatus = 'compliant' | 'violating' | 'misconfigured';

export interface PostureViolation {
  code: ViolationCode;
  direction: 'ingress' | 'egress';
  /** The rule in words: "tcp 22 from 0.0.0.0/0". */
  rule: string;
  reason: string;
  severity: Severity;
}

export interface PostureGroup {
  account: string;
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
}

/** An account x region the report could not read, and why: never silently left out. */
export interface PostureGap {
  account: string;
  region: string;
  code: string;
  reason: string;
}

export interface PostureSummary {
  groups: number;
  compliant: number;
  violating: number;
  misconfigured: number;
  /** Account x regions that could not be read. */
  unreadable: number;
  /** Groups by their worst severity. */
  bySeverity: Record<Severity, number>;
}

export interface PostureReport {
  schemaVersion: 1;
  /** ISO 8601. */
  generatedAt: string;
  groups: PostureGroup[];
  unreadable: PostureGap[];
  summary: PostureSummary;
}
