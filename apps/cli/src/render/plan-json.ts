/**
 * `guardrail plan --format json`: one object per group a script can rely on (schemaVersion 1;
 * its JSON Schema: apps/cli/schema/plan.v1.schema.json, docs/cli.md). Keys are always present
 * (`null` when there is no value, `[]` when there is none) except `unverifiable`, present only when
 * the prefix lists were read; permissions are in the EC2 API shape.
 */
import {
  type Action,
  type Cause,
  type Direction,
  type IpPermission,
  ipPermissionFromRule,
  type Mode,
  type Plan,
  type PlanLock,
  type SecurityGroupState,
  type UnmanagedReason,
  type ViolationCode,
} from '@guardrail/core';

export const PLAN_JSON_SCHEMA_VERSION = 1;

export interface PlanExceptionJson {
  /** The exception's `id`, or its place in the policy file (`exceptions[2]`). */
  id: string;
  direction: Direction;
  reason: string;
  /** ISO 8601, as written in the policy file: the exception applies strictly before it. */
  expires: string;
  /** True when it lets at least one of the group's rules stay. */
  applied: boolean;
}

export interface PlanViolationJson {
  code: ViolationCode;
  direction: Direction;
  reason: string;
  source: string | null;
  cause: Cause;
  internet: boolean;
  adminPort: boolean;
  ruleId: string | null;
  permission: IpPermission;
}

export type PlanActionJson =
  | { type: 'revoke'; direction: Direction; ruleId?: string; permission: IpPermission; cause: Cause }
  | { type: 'authorize'; direction: Direction; permission: IpPermission; cause: Cause }
  | {
      type: 'update-description';
      direction: Direction;
      ruleId?: string;
      /** The rule carrying the description to put back. */
      permission: IpPermission;
      /** The lock baseline's description (empty: none). */
      description: string;
      cause: Cause;
    };

export interface PlanUnverifiableJson {
  prefixListId: string;
  reason: string;
  permissions: IpPermission[];
}

export interface PlanJson {
  schemaVersion: typeof PLAN_JSON_SCHEMA_VERSION;
  groupId: string;
  groupName: string | null;
  vpcId: string | null;
  account: string | null;
  region: string | null;
  managed: boolean;
  unmanagedReason: UnmanagedReason | null;
  misconfiguration: string | null;
  policy: string | null;
  mode: Mode | null;
  /**
   * A lock policy's group: what it was judged by (`enforced`: a baseline version; `rebaseline`: a
   * trusted change, accepted), or why it was not (`no-baseline`, `baseline-mismatch`). Null for
   * the other policies.
   */
  lock: PlanLock | null;
  evaluatedAt: string;
  exceptions: PlanExceptionJson[];
  violations: PlanViolationJson[];
  actions: PlanActionJson[];
  /** Only when the plan read the prefix lists (`--prefix-lists`, or a live plan): those it could not. */
  unverifiable?: PlanUnverifiableJson[];
}

function actionJson(a: Action): PlanActionJson {
  switch (a.type) {
    case 'revoke':
      return {
        type: 'revoke',
        direction: a.direction,
        ...(a.ruleId ? { ruleId: a.ruleId } : {}),
        permission: a.permission,
        cause: a.cause,
      };
    case 'authorize':
      return { type: 'authorize', direction: a.direction, permission: a.permission, cause: a.cause };
    case 'update-description':
      return {
        type: 'update-description',
        direction: a.direction,
        ...(a.ruleId ? { ruleId: a.ruleId } : {}),
        permission: a.permission,
        description: a.description,
        cause: a.cause,
      };
  }
}

export function planToJson(plan: Plan, group: SecurityGroupState): PlanJson {
  const { ownerId } = group;
  const json: PlanJson = {
    schemaVersion: PLAN_JSON_SCHEMA_VERSION,
    groupId: plan.groupId,
    groupName: group.groupName ?? null,
    vpcId: group.vpcId ?? null,
    account: plan.account ?? null,
    region: plan.region ?? null,
    managed: plan.managed,
    unmanagedReason: plan.unmanagedReason ?? null,
    misconfiguration: plan.misconfiguration ?? null,
    policy: plan.policy ?? null,
    mode: plan.mode ?? null,
    lock: plan.lock === undefined ? null : { ...plan.lock },
    evaluatedAt: plan.evaluatedAt,
    exceptions: (plan.exceptions ?? []).map(({ id, direction, reason, expires, applied }) => ({
      id,
      direction,
      reason,
      expires,
      applied,
    })),
    violations: plan.violations.map((v) => ({
      code: v.code,
      direction: v.direction,
      reason: v.reason,
      source: v.source ?? null,
      cause: v.cause,
      internet: v.internet,
      adminPort: v.adminPort,
      ruleId: v.rule.ruleId ?? null,
      permission: ipPermissionFromRule(v.rule, { ownerId }),
    })),
    actions: plan.actions.map(actionJson),
  };
  // Without prefix lists read, they are references only and nothing is unverifiable: no key.
  if (plan.unverifiable !== undefined) {
    json.unverifiable = plan.unverifiable.map(({ prefixListId, reason, rules }) => ({
      prefixListId,
      reason,
      permissions: rules.map((rule) => ipPermissionFromRule(rule, { ownerId })),
    }));
  }
  return json;
}
