import type { GroupChange } from '../events/types';
import type { UnverifiablePrefixList } from '../prefix-lists/types';
import type { Direction, IpPermission, Rule } from '../rules/types';

export type Mode = 'enforce' | 'audit';

/** Whether a finding comes from the triggering change(s) or was already there (drift). */
export type Cause = 'change' | 'drift';

/**
 * `modified` (lock policies only): a baseline rule whose description is not the baseline's.
 * For a lock policy, `not-allowed` is a rule not in the baseline and `missing-required` a baseline
 * rule the group lacks.
 */
export type ViolationCode = 'denied' | 'not-allowed' | 'missing-required' | 'modified';

export interface Violation {
  code: ViolationCode;
  direction: Direction;
  /**
   * The offending rule, or for `missing-required` the missing one; for `modified`, the group's rule
   * as it is (its id and its current description).
   */
  rule: Rule;
  /** A sentence a person reads: "tcp 22 from 0.0.0.0/0 is denied by policies.x.ingress.deny[0]". */
  reason: string;
  /** Path of the policy entry that decided it, e.g. `policies.web-public.ingress.deny[0]`. */
  source?: string;
  cause: Cause;
  /** True when the rule is reachable from the internet (drives severity). */
  internet: boolean;
  /** True when it opens an admin or database port (SSH, RDP, ...) to the internet. */
  adminPort: boolean;
}

export interface RevokeAction {
  type: 'revoke';
  direction: Direction;
  ruleId?: string;
  /** Always the rule as a one-rule IpPermission, so a revoke works with or without the id. */
  permission: IpPermission;
  rule: Rule;
  cause: Cause;
}

export interface AuthorizeAction {
  type: 'authorize';
  direction: Direction;
  /** Only the missing parts of a required permission. */
  permission: IpPermission;
  rules: Rule[];
  cause: Cause;
}

/**
 * Lock policies: put a baseline rule's description back (EC2 UpdateSecurityGroupRuleDescriptions*).
 * By id when the rule's id is known, else by `permission` (the rule with the baseline's description).
 */
export interface UpdateDescriptionAction {
  type: 'update-description';
  direction: Direction;
  ruleId?: string;
  /** The rule as a one-rule IpPermission carrying the description to put back (none when empty). */
  permission: IpPermission;
  /** The group's rule as it is now. */
  rule: Rule;
  /** The baseline's description; empty when the baseline rule has none (EC2 then removes it). */
  description: string;
  cause: Cause;
}

export type Action = RevokeAction | AuthorizeAction | UpdateDescriptionAction;

/**
 * Where a group under a lock policy stands (`Plan.lock`):
 * - `no-baseline`: none was given. Nothing is judged or changed (a missing baseline never means
 *   "everything is allowed"): the engine captures one, or reports the group.
 * - `baseline-mismatch`: the baseline given is another group's or another policy's: as no-baseline.
 * - `enforced`: judged against baseline `version`.
 * - `rebaseline`: every triggering change was made by a trusted principal (`by`, the newest's ARN):
 *   nothing is reverted but denied rules; the engine records a new baseline after baseline `version`.
 */
export type PlanLock =
  | { status: 'no-baseline' }
  | { status: 'baseline-mismatch'; message: string }
  | { status: 'enforced'; version: number }
  | { status: 'rebaseline'; version: number; by: string };

export type LockStatus = PlanLock['status'];

export type UnmanagedReason = 'not-opted-in';

/** A policy exception live at the plan's instant and scoped to the group (its account, maybe its id). */
export interface ExceptionInForce {
  /** The exception's `id`, or its place in the policy file (`exceptions[2]`) when it has none. */
  id: string;
  direction: Direction;
  reason: string;
  /** As written in the policy file (ISO 8601); the exception applies strictly before it. */
  expires: string;
  /** True when it covers at least one of the group's rules (a rule it lets stay). */
  applied: boolean;
}

export interface Plan {
  groupId: string;
  account?: string;
  region?: string;
  /** True when the group carries the opt-in tag and names a known policy. */
  managed: boolean;
  unmanagedReason?: UnmanagedReason;
  /** Set when the opt-in tag names an unknown policy (or the mode tag is invalid): report, never change. */
  misconfiguration?: string;
  policy?: string;
  mode?: Mode;
  violations: Violation[];
  /** What to execute, in order (revokes first). Empty in audit mode and when unmanaged. */
  actions: Action[];
  /** The changes that triggered this evaluation (empty for a sweep). */
  changes: GroupChange[];
  /**
   * Present when the plan was given `prefixLists` (and judged the group's rules): every prefix
   * list a verdict depended on that could not be read, with the rules concerned. Empty when all
   * could be. Absent without `prefixLists` (prefix lists are then only references, as before).
   */
  unverifiable?: UnverifiablePrefixList[];
  /**
   * Present when the input named what the hub last enforced on the group, that policy is sticky
   * (`optOut: restore`) and the group's tags have left it: the tags that put it back.
   */
  restore?: Record<string, string>;
  /**
   * Present when the group was judged (managed, or a bad mode tag) and some exception is in force
   * for it: each one, and whether it let one of the group's rules stay.
   */
  exceptions?: ExceptionInForce[];
  /** Present when the group was judged (managed, or a bad mode tag) under a lock policy. */
  lock?: PlanLock;
  /** ISO 8601 instant of the evaluation. */
  evaluatedAt: string;
}
