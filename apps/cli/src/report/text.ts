/**
 * The posture as a terminal table: a row per group (worst first) with, indented under it, each
 * exception in force; the account x regions not read and why; the heat map (a line per account, a
 * column per region: its group count and worst severity); the summary.
 */
import type { PostureGroup, PostureReport } from '@guardrail/core';
import { exceptionLabel, gapLine, heatMap, summaryLine, TABLE_HEADER, tableRow } from './cells';

/** Rows padded into columns (the last one left ragged). */
function aligned(rows: string[][]): string[] {
  const widths = (rows[0] ?? []).map((_, i) => Math.max(...rows.map((row) => (row[i] ?? '').length)));
  return rows.map((row) =>
    row
      .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd(),
  );
}

function exceptionLines(g: PostureGroup): string[] {
  return g.exceptions.map((e) => `    exception ${exceptionLabel(e)} ${e.direction}: ${e.reason}`);
}

function heatMapLines(report: PostureReport): string[] {
  if (report.targets.length === 0) return [];
  const { regions, rows } = heatMap(report);
  return [
    'by account x region (opted-in groups, worst severity):',
    ...aligned([['account', ...regions], ...rows.map((r) => [r.label, ...r.cells])]).map((l) => `  ${l}`),
    '',
  ];
}

export function renderReportText(report: PostureReport): string {
  const [header, ...rows] = aligned([TABLE_HEADER, ...report.groups.map(tableRow)]);
  const table = [
    header as string,
    ...rows.flatMap((row, i) => [row, ...exceptionLines(report.groups[i] as PostureGroup)]),
  ];
  const gaps = report.unreadable.map((g) => `unreadable: ${gapLine(g)}`);
  return [
    ...table,
    '',
    ...gaps,
    ...(gaps.length > 0 ? [''] : []),
    ...heatMapLines(report),
    summaryLine(report),
  ].join('\n');
}
