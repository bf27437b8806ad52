/**
 * `guardrail plan --format json`: one object a script can rely on. Keys are always present
 * (`null` when there is no value) and permissions are in the EC2 API shape.
 */
import { type IpPermission, ipPermissionFromRule, type Plan } from '@guardrail/core';

export interface PlanJson {
  groupId: string;
  account: string | null;
  managed: boolean;
  unmanagedReason: string | null;
  misconfiguration: string | null;
  policy: string | null;
  mode: string | null;
  evaluatedAt: string;
  violations: {
    code: string;
    direction: string;
    reason: string;
    source: string | null;
    cause: string;
    internet: boolean;
    adminPort: boolean;
    ruleId: string | null;
    permission: IpPermission;
  }[];
  actions: (
    | { type: 'revoke'; direction: string; ruleId?: string; permission: IpPermission; cause: string }
    | { type: 'authorize'; direction: string; permission: IpPermission; cause: string }
  )[];
}

export function planToJson(plan: Plan, ownerId: string | undefined): PlanJson {
  return {
    groupId: plan.groupId,
    account: plan.account ?? null,
    managed: plan.managed,
    unmanagedReason: plan.unmanagedReason ?? null,
    misconfiguration: plan.misconfiguration ?? null,
    policy: plan.policy ?? null,
    mode: plan.mode ?? null,
    evaluatedAt: plan.evaluatedAt,
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
    actions: plan.actions.map((a) =>
      a.type === 'revoke'
        ? {
            type: 'revoke' as const,
            direction: a.direction,
            ...(a.ruleId ? { ruleId: a.ruleId } : {}),
            permission: a.permission,
            cause: a.cause,
          }
        : { type: 'authorize' as const, direction: a.direction, permission: a.permission, cause: a.cause },
    ),
  };
}
