/**
 * The posture as Markdown, for a ticket or a wiki page: the summary, a table of the groups with
 * their exceptions in force, what was not read and why, and the account x region table.
 */
import type { PostureReport } from '@guardrail/core';
import { exceptionsCell, gapLine, heatMap, summaryLine, TABLE_HEADER, tableRow } from './cells';

function markdownCell(value: string): string {
  return value.replaceAll('|', '\\|').replaceAll('\n', ' ');
}

const row = (cells: string[]) => `| ${cells.map(markdownCell).join(' | ')} |`;

function section(title: string, lines: string[]): string[] {
  return lines.length === 0 ? [] : ['', `## ${title}`, '', ...lines];
}

export function renderReportMarkdown(report: PostureReport): string {
  const header = [...TABLE_HEADER, 'exceptions'];
  const { regions, rows } = heatMap(report);
  return [
    `# Guardrail posture, ${report.generatedAt}`,
    '',
    summaryLine(report),
    '',
    row(header),
    row(header.map(() => '---')),
    ...report.groups.map((g) => row([...tableRow(g), exceptionsCell(g)])),
    ...section(
      'Not read',
      report.unreadable.map((g) => `- ${markdownCell(gapLine(g))}`),
    ),
    ...section(
      'By account and region',
      rows.length === 0
        ? []
        : [
            row(['account', ...regions]),
            row(['---', ...regions.map(() => '---')]),
            ...rows.map((r) => row([r.label, ...r.cells])),
          ],
    ),
  ].join('\n');
}
