/** What every format says alike about a group, a gap and an account x region cell. */
import type {
  ExceptionInForce,
  PostureGap,
  PostureGroup,
  PostureReport,
  PostureTarget,
} from '@guardrail/core';

/** `111122223333 (prod)` when the report knows the account's name, the id alone otherwise. */
export function accountLabel(where: { account: string; accountName?: string }): string {
  return where.accountName === undefined ? where.account : `${where.account} (${where.accountName})`;
}

/** `SEC-101 (until 2027-01-01T00:00:00Z)`; `, unused` when it covers none of the group's rules. */
export function exceptionLabel(e: ExceptionInForce): string {
  return `${e.id} (until ${e.expires}${e.applied ? '' : ', unused'})`;
}

export function exceptionsCell(g: PostureGroup): string {
  return g.exceptions.map(exceptionLabel).join('; ');
}

/** What is wrong with the group, in one cell: its tags, why it could not be read, or its violations. */
export function findingsCell(g: PostureGroup): string {
  return g.misconfiguration ?? g.reason ?? g.violations.map((v) => v.rule).join('; ');
}

export function gapLine(g: PostureGap): string {
  return `${accountLabel(g)} ${g.region}: ${g.code}: ${g.reason}`;
}

/** A heat map cell in words: `unreadable`, `0`, or `3 critical` (its group count and worst severity). */
export function targetCell(t: PostureTarget): string {
  if (t.status === 'unreadable') return 'unreadable';
  return t.worst === null ? String(t.groups) : `${t.groups} ${t.worst}`;
}

/** The heat map's rows (accounts, with their names) and columns (regions), sorted, and the cell of each. */
export function heatMap(report: PostureReport): {
  regions: string[];
  rows: { label: string; cells: string[] }[];
} {
  const regions = [...new Set(report.targets.map((t) => t.region))].sort();
  const byAccount = new Map<string, PostureTarget[]>();
  for (const t of report.targets) byAccount.set(t.account, [...(byAccount.get(t.account) ?? []), t]);
  const rows = [...byAccount.values()].map((targets) => ({
    label: accountLabel(targets.find((t) => t.accountName !== undefined) ?? (targets[0] as PostureTarget)),
    cells: regions.map((region) => {
      const t = targets.find((x) => x.region === region);
      // An account x region the report did not cover (not asked): nothing to say.
      return t === undefined ? '' : targetCell(t);
    }),
  }));
  return { regions, rows };
}

export function summaryLine(report: PostureReport): string {
  const { summary } = report;
  const severities = Object.entries(summary.bySeverity)
    .filter(([, n]) => n > 0)
    .map(([severity, n]) => `${n} ${severity}`)
    .join(', ');
  return (
    `${summary.groups} opted-in group${summary.groups === 1 ? '' : 's'}: ${summary.compliant} compliant, ` +
    `${summary.violating} violating, ${summary.misconfigured} misconfigured` +
    `${summary.unreadableGroups > 0 ? `, ${summary.unreadableGroups} unreadable` : ''}` +
    `${severities ? ` (${severities})` : ''}; ${summary.unreadable} account x region${summary.unreadable === 1 ? '' : 's'} unreadable`
  );
}

/** The columns of the text and Markdown tables. */
export const TABLE_HEADER = [
  'severity',
  'status',
  'account',
  'region',
  'group',
  'name',
  'policy',
  'mode',
  'findings',
];

export const tableRow = (g: PostureGroup): string[] => [
  g.severity,
  g.status,
  accountLabel(g),
  g.region,
  g.groupId,
  g.groupName ?? '',
  g.policy ?? '',
  g.mode ?? '',
  findingsCell(g),
];
