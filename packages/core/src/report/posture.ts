/**
 * A group's posture from its plan, and the report of many: the same planner and severity rules the
 * hub alerts with, so a report never says less than an alert would.
 */
import { assessPlan } from '../alerts/assess';
import { findingsSeverity } from '../alerts/severity';
import type { Severity } from '../alerts/types';
import type { Plan } from '../plan/types';
import type { SecurityGroupState } from '../rules/types';
import type { PostureGap, PostureGroup, PostureReport, PostureStatus } from './types';

const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'info'];

export function postureGroup(
  group: SecurityGroupState,
  plan: Plan,
  where: { account: string; region: string },
): PostureGroup {
  const { findings } = assessPlan(plan, []);
  const violations = findings.map((finding) => ({
    code: finding.code,
    direction: finding.direction,
    rule: finding.rule,
    reason: finding.reason,
    severity: findingsSeverity([finding]),
  }));
  const status: PostureStatus = plan.misconfiguration
    ? 'misconfigured'
    : violations.length > 0
      ? 'violating'
      : 'compliant';
  return {
    account: where.account,
    region: where.region,
    groupId: group.groupId,
    ...(group.groupName === undefined ? {} : { groupName: group.groupName }),
    ...(group.vpcId === undefined ? {} : { vpcId: group.vpcId }),
    ...(plan.policy === undefined ? {} : { policy: plan.policy }),
    ...(plan.mode === undefined ? {} : { mode: plan.mode }),
    status,
    severity: findingsSeverity(findings),
    violations,
    ...(plan.misconfiguration ? { misconfiguration: plan.misconfiguration } : {}),
  };
}

/** Worst first, then by account, region and group: what needs a person comes first. */
function byUrgency(a: PostureGroup, b: PostureGroup): number {
  return (
    SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) ||
    a.account.localeCompare(b.account) ||
    a.region.localeCompare(b.region) ||
    a.groupId.localeCompare(b.groupId)
  );
}

export function postureReport(
  groups: readonly PostureGroup[],
  unreadable: readonly PostureGap[],
  generatedAt: Date,
): PostureReport {
  const sorted = [...groups].sort(byUrgency);
  const count = (status: PostureStatus) => sorted.filter((g) => g.status === status).length;
  const bySeverity = Object.fromEntries(
    SEVERITIES.map((severity) => [severity, sorted.filter((g) => g.severity === severity).length]),
  ) as Record<Severity, number>;
  return {
    schemaVersion: 1,
    generatedAt: generatedAt.toISOString(),
    groups: sorted,
    unreadable: [...unreadable],
    summary: {
      groups: sorted.length,
      compliant: count('compliant'),
      violating: count('violating'),
      misconfigured: count('misconfigured'),
      unreadable: unreadable.length,
      bySeverity,
    },
  };
}
