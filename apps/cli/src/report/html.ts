/**
 * The posture report as one self-contained static page (`guardrail report --format html`), to open
 * from disk or attach to an audit: a header with the counts, a heat map of account x region by
 * worst severity, the sortable and filterable groups table, and what could not be read. Nothing is
 * fetched: style and script are inline and the Content-Security-Policy forbids any other source,
 * so the page shows the same thing offline, years later. Every value from the report is escaped.
 */
import type { PostureReport } from '@guardrail/core';
import { accountLabel, accountNames, escapeHtml, SEVERITY_ORDER } from './html-common';
import { renderHeatmap } from './html-heatmap';
import { REPORT_SCRIPT } from './html-script';
import { REPORT_STYLE } from './html-style';
import { renderGroupsTable } from './html-table';

/**
 * Inline style and script only; `data:` images for the favicon (else the browser asks for
 * /favicon.ico); no base URL or form target can be injected.
 */
export const REPORT_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

function sourceText(report: PostureReport): string {
  return report.source.kind === 'live' ? 'live read' : `sweep ${report.source.sweepId}`;
}

function summary(report: PostureReport): string {
  const s = report.summary;
  const items: [number, string][] = [
    [s.groups, s.groups === 1 ? 'opted-in group' : 'opted-in groups'],
    [s.compliant, 'compliant'],
    [s.violating, 'violating'],
    [s.misconfigured, 'misconfigured'],
    [s.unreadableGroups, s.unreadableGroups === 1 ? 'group unreadable' : 'groups unreadable'],
    [s.unreadable, s.unreadable === 1 ? 'account x region unreadable' : 'account x regions unreadable'],
    ...SEVERITY_ORDER.map((severity): [number, string] => [s.bySeverity[severity], severity]),
  ];
  const list = items.map(([n, label]) => `<li><strong>${n}</strong> ${escapeHtml(label)}</li>`).join('');
  return `<ul class="summary" id="summary" aria-label="Summary">${list}</ul>`;
}

function unreadable(report: PostureReport): string {
  if (report.unreadable.length === 0)
    return '<p class="empty" id="unreadable-none">Every account x region in this report was read.</p>';
  const names = accountNames(report);
  const rows = report.unreadable.map(
    (gap) =>
      `<tr><td>${escapeHtml(accountLabel(gap.account, names))}</td>` +
      `<td>${escapeHtml(gap.region)}</td><td><code>${escapeHtml(gap.code)}</code></td><td>${escapeHtml(gap.reason)}</td></tr>`,
  );
  return (
    '<div class="table-scroll"><table id="unreadable">' +
    '<caption>Not read: their groups are unknown, never assumed compliant.</caption>' +
    '<thead><tr><th scope="col">Account</th><th scope="col">Region</th><th scope="col">Code</th><th scope="col">Reason</th></tr></thead>' +
    `<tbody>${rows.join('\n')}</tbody></table></div>`
  );
}

export function renderReportHtml(report: PostureReport): string {
  const title = `Guardrail posture report, ${report.generatedAt}`;
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${escapeHtml(REPORT_CSP)}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<meta name="generator" content="guardrail report, schema version ${report.schemaVersion}">`,
    '<link rel="icon" href="data:,">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${REPORT_STYLE}</style>`,
    '</head>',
    '<body>',
    '<header>',
    '<h1>Guardrail posture report</h1>',
    `<p class="meta">Generated at <time id="generated-at" datetime="${escapeHtml(report.generatedAt)}">${escapeHtml(report.generatedAt)}</time>` +
      ` from <span id="source">${escapeHtml(sourceText(report))}</span>.</p>`,
    summary(report),
    '</header>',
    '<main>',
    '<section aria-labelledby="heatmap-title">',
    '<h2 id="heatmap-title">Worst severity by account and region</h2>',
    renderHeatmap(report),
    '</section>',
    '<section aria-labelledby="groups-title">',
    '<h2 id="groups-title">Groups</h2>',
    '<noscript><p>Sorting and filtering need JavaScript; the table below lists every group.</p></noscript>',
    renderGroupsTable(report),
    '</section>',
    '<section aria-labelledby="unreadable-title">',
    `<h2 id="unreadable-title">Not read (${report.unreadable.length})</h2>`,
    unreadable(report),
    '</section>',
    '</main>',
    `<script>${REPORT_SCRIPT}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
