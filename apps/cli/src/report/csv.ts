/**
 * The posture as CSV (RFC 4180), for a spreadsheet: one row per violation, or per group when it
 * has none, with the exceptions in force in their own column; and one row per account x region
 * that could not be read (status `unreadable`, no group), so a filter on status finds every gap.
 */
import type { PostureReport } from '@guardrail/core';
import { exceptionsCell } from './cells';

/** A field with a comma, quote or line break is quoted, its quotes doubled. */
function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

export const CSV_HEADER = [
  'account',
  'account_name',
  'region',
  'group',
  'name',
  'vpc',
  'policy',
  'mode',
  'status',
  'severity',
  'violation',
  'rule',
  'violation_severity',
  'reason',
  'exceptions',
];

export function renderReportCsv(report: PostureReport): string {
  const groups = report.groups.flatMap((g) => {
    const base = [
      g.account,
      g.accountName ?? '',
      g.region,
      g.groupId,
      g.groupName ?? '',
      g.vpcId ?? '',
      g.policy ?? '',
      g.mode ?? '',
      g.status,
      g.severity,
    ];
    const exceptions = exceptionsCell(g);
    if (g.violations.length === 0)
      return [[...base, '', '', '', g.misconfiguration ?? g.reason ?? '', exceptions]];
    return g.violations.map((v) => [...base, v.code, v.rule, v.severity, v.reason, exceptions]);
  });
  const gaps = report.unreadable.map((g) => [
    g.account,
    g.accountName ?? '',
    g.region,
    '',
    '',
    '',
    '',
    '',
    'unreadable',
    '',
    '',
    '',
    '',
    `${g.code}: ${g.reason}`,
    '',
  ]);
  return [CSV_HEADER, ...groups, ...gaps].map((row) => row.map(csvField).join(',')).join('\r\n');
}
