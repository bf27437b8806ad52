/**
 * The posture report in the formats people and tools take: a text table (the terminal), JSON (the
 * report itself, schemaVersion 1, docs/cli-report.md), CSV (a spreadsheet), Markdown (a ticket
 * or a wiki page) and HTML (one self-contained page for an audit). All read the one PostureReport.
 */
import type { PostureReport } from '@guardrail/core';
import { renderReportCsv } from './csv';
import { renderReportHtml } from './html';
import { renderReportMarkdown } from './markdown';
import { renderReportText } from './text';

export const REPORT_FORMATS = ['text', 'json', 'csv', 'markdown', 'html'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export function renderReport(report: PostureReport, format: ReportFormat): string {
  switch (format) {
    case 'json':
      return JSON.stringify(report, null, 2);
    case 'csv':
      return renderReportCsv(report);
    case 'markdown':
      return renderReportMarkdown(report);
    case 'html':
      return renderReportHtml(report);
    default:
      return renderReportText(report);
  }
}
