/**
 * A group's posture from its plan, and the report of many: the same planner and severity rules the
 * hub alerts with, so a report never says less than an alert would.
 */
import { assessPlan } from '../alerts/assess';
import { findingsSeverity } from '../alerts/severity';
import type { Severity } from '../alerts/types';
import type { Plan } from '../plan/types';
import type { SecurityGroupState } from '../rules/types';
import type {
  PostureGap,
  PostureGroup,
  PostureReport,
  PostureStatus,
  PostureTarget,
  PostureWhere,
} from './types';

const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'info'];

const placed = (where: PostureWhere) => ({
  account: where.account,
  ...(where.accountName === undefined ? {} : { accountName: where.accountName }),
  region: where.region,
});

export function postureGroup(group: SecurityGroupState, plan: Plan, where: PostureWhere): PostureGroup {
  const identity = {
    ...placed(where),
    groupId: group.groupId,
    ...(group.groupName === undefined ? {} : { groupName: group.groupName }),
    ...(group.vpcId === undefined ? {} : { vpcId: group.vpcId }),
    ...(plan.policy === undefined ? {} : { policy: plan.policy }),
    ...(plan.mode === undefined ? {} : { mode: plan.mode }),
  };
  const { lock } = plan;
  // A lock group judged without its baseline was not judged: unknown, never compliant.
  if (lock && (lock.status === 'no-baseline' || lock.status === 'baseline-mismatch')) {
    const why =
      lock.status === 'no-baseline'
        ? 'judged only against its baseline, which this report does not read'
        : lock.message;
    return {
      ...identity,
      status: 'unreadable',
      severity: 'high',
      violations: [],
      reason: `under lock policy ${plan.policy}: ${why}`,
      exceptions: [],
    };
  }
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
    ...identity,
    status,
    severity: findingsSeverity(findings),
    violations,
    ...(plan.misconfiguration ? { misconfiguration: plan.misconfiguration } : {}),
    exceptions: plan.exceptions ?? [],
  };
}

/**
 * A group known to be opted in whose state could not be read or judged: unknown, never compliant.
 * Ranked `high`: a person must look, as with an account that cannot be read.
 */
export function unreadableGroup(
  where: PostureWhere & { groupId: string; policy?: string },
  reason: string,
): PostureGroup {
  return {
    ...placed(where),
    groupId: where.groupId,
    ...(where.policy === undefined ? {} : { policy: where.policy }),
    status: 'unreadable',
    severity: 'high',
    violations: [],
    reason,
    exceptions: [],
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

export interface PostureReportInput {
  groups: readonly PostureGroup[];
  /** Account x regions that could not be read. */
  unreadable: readonly PostureGap[];
  /** Account x regions that were read (with or without opted-in groups). */
  read: readonly { account: string; accountName?: string; region: string }[];
  generatedAt: Date;
  source?: PostureReport['source'];
}

const whereKey = (t: { account: string; region: string }) => `${t.account}/${t.region}`;

/** One cell per account x region: read ones with their groups' count and worst severity. */
function targetsOf(input: PostureReportInput, groups: readonly PostureGroup[]): PostureTarget[] {
  const cells = new Map<string, PostureTarget>();
  const add = (
    t: { account: string; accountName?: string; region: string },
    status: PostureTarget['status'],
  ) => {
    const key = whereKey(t);
    const cell = cells.get(key);
    if (cell) {
      if (status === 'unreadable') cell.status = 'unreadable';
      if (cell.accountName === undefined && t.accountName !== undefined) cell.accountName = t.accountName;
      return;
    }
    cells.set(key, {
      account: t.account,
      ...(t.accountName === undefined ? {} : { accountName: t.accountName }),
      region: t.region,
      status,
      groups: 0,
      worst: null,
    });
  };
  for (const t of input.read) add(t, 'read');
  for (const gap of input.unreadable) add(gap, 'unreadable');
  for (const group of groups) {
    add(group, 'read');
    const cell = cells.get(whereKey(group)) as PostureTarget;
    cell.groups += 1;
    if (cell.worst === null || SEVERITIES.indexOf(group.severity) < SEVERITIES.indexOf(cell.worst))
      cell.worst = group.severity;
  }
  return [...cells.values()].sort(
    (a, b) => a.account.localeCompare(b.account) || a.region.localeCompare(b.region),
  );
}

export function postureReport(input: PostureReportInput): PostureReport {
  const sorted = [...input.groups].sort(byUrgency);
  const count = (status: PostureStatus) => sorted.filter((g) => g.status === status).length;
  const bySeverity = Object.fromEntries(
    SEVERITIES.map((severity) => [severity, sorted.filter((g) => g.severity === severity).length]),
  ) as Record<Severity, number>;
  return {
    schemaVersion: 1,
    generatedAt: input.generatedAt.toISOString(),
    source: input.source ?? { kind: 'live' },
    targets: targetsOf(input, sorted),
    groups: sorted,
    unreadable: [...input.unreadable],
    summary: {
      groups: sorted.length,
      compliant: count('compliant'),
      violating: count('violating'),
      misconfigured: count('misconfigured'),
      unreadableGroups: count('unreadable'),
      unreadable: input.unreadable.length,
      bySeverity,
    },
  };
}
