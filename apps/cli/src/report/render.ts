/**
 * The posture report in the formats people and tools take: a text table (the terminal), JSON (the
 * report itself, schemaVersion 1), CSV (a spreadsheet: one row per violation, or per group when it
 * has none) and Markdown (a ticket or a wiki page). All read the one PostureReport.
 */
import type { PostureGroup, PostureReport } from '@guardrail/core';

export const REPORT_FORMATS = ['text', 'json', 'csv', 'markdown'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

function summaryLine(report: PostureReport): string {
  const { summary } = report;
  const severities = Object.entries(summary.bySeverity)
    .filter(([, n]) => n > 0)
    .map(([severity, n]) => `${n} ${severity}`)
    .join(', ');
  return (
    `${summary.groups} opted-in group${summary.groups === 1 ? '' : 's'}: ${summary.compliant} compliant, ` +
    `${summary.violating} violating, ${summary.misconfigured} misconfigured` +
    `${severities ? ` (${severities})` : ''}; ${summary.unreadable} account x region${summary.unreadable === 1 ? '' : 's'} unreadable`
  );
}

const columns = (g: PostureGroup) => [
  g.severity,
  g.status,
  g.account,
  g.region,
  g.groupId,
  g.groupName ?? '',
  g.policy ?? '',
  g.mode ?? '',
  g.misconfiguration ?? g.violations.map((v) => v.rule).join('; '),
];
const HEADER = ['severity', 'status', 'account', 'region', 'group', 'name', 'policy', 'mode', 'findings'];

function text(report: PostureReport): string {
  const rows = [HEADER, ...report.groups.map(columns)];
  const widths = HEADER.map((_, i) => Math.max(...rows.map((row) => (row[i] ?? '').length)));
  const lines = rows.map((row) =>
    row
      .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd(),
  );
  const gaps = report.unreadable.map((g) => `unreadable: ${g.account} ${g.region}: ${g.code}: ${g.reason}`);
  return [...lines, '', ...gaps, summaryLine(report)].join('\n');
}

/** RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled. */
function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

function csv(report: PostureReport): string {
  const header = [
    'account',
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
  ];
  const rows = report.groups.flatMap((g) => {
    const base = [
      g.account,
      g.region,
      g.groupId,
      g.groupName ?? '',
      g.vpcId ?? '',
      g.policy ?? '',
      g.mode ?? '',
      g.status,
      g.severity,
    ];
    if (g.violations.length === 0) return [[...base, '', '', '', g.misconfiguration ?? '']];
    return g.violations.map((v) => [...base, v.code, v.rule, v.severity, v.reason]);
  });
  return [header, ...rows].map((row) => row.map(csvField).join(',')).join('\r\n');
}

function markdownCell(value: string): string {
  return value.replaceAll('|', '\\|').replaceAll('\n', ' ');
}

function markdown(report: PostureReport): string {
  const row = (cells: string[]) => `| ${cells.map(markdownCell).join(' | ')} |`;
  return [
    `# Guardrail posture, ${report.generatedAt}`,
    '',
    summaryLine(report),
    '',
    row(HEADER),
    row(HEADER.map(() => '---')),
    ...report.groups.map((g) => row(columns(g))),
    ...(report.unreadable.length > 0
      ? [
          '',
          '## Not read',
          '',
          ...report.unreadable.map((g) => `- ${g.account} ${g.region}: ${g.code}: ${markdownCell(g.reason)}`),
        ]
      : []),
  ].join('\n');
}

export function renderReport(report: PostureReport, format: ReportFormat): string {
  switch (format) {
    case 'json':
      return JSON.stringify(report, null, 2);
    case 'csv':
      return csv(report);
    case 'markdown':
      return markdown(report);
    default:
      return text(report);
  }
}
