/**
 * The heat map: an inline SVG of accounts (rows) by regions (columns), one cell per account x region
 * the report covers, colored by the worst severity of its groups and labelled in words as well, so
 * that color is never the only signal. Cells are keyboard-focusable; the page script lets a click
 * filter the table to that account x region.
 */
import type { PostureReport, PostureTarget } from '@guardrail/core';
import { accountLabel, accountNames, escapeHtml } from './html-common';

const HEADER_HEIGHT = 28;
const ROW_HEIGHT = 30;
const GAP = 2;
/** Approximate width of a character of the 12px system font, to size the label column and cells. */
const CHAR_WIDTH = 7;
const MAX_LABEL = 44;

/** The cell's class and word: its worst severity, no opted-in group, or unreadable. */
function cellKind(target: PostureTarget): string {
  if (target.status === 'unreadable') return 'unreadable';
  return target.worst ?? 'none';
}

function cellText(target: PostureTarget): string {
  const kind = cellKind(target);
  if (kind === 'unreadable') return 'unreadable';
  if (kind === 'none') return 'no groups';
  return `${kind} (${target.groups})`;
}

function cellTitle(target: PostureTarget, label: string, report: PostureReport): string {
  const where = `${label} / ${target.region}`;
  if (target.status === 'unreadable') {
    const reasons = report.unreadable
      .filter((gap) => gap.account === target.account && gap.region === target.region)
      .map((gap) => `${gap.code}: ${gap.reason}`);
    return `${where}: unreadable${reasons.length > 0 ? ` (${reasons.join('; ')})` : ''}`;
  }
  if (target.worst === null) return `${where}: read, no opted-in groups`;
  const groups = `${target.groups} opted-in group${target.groups === 1 ? '' : 's'}`;
  return `${where}: ${groups}, worst severity ${target.worst}`;
}

const truncate = (text: string) => (text.length > MAX_LABEL ? `${text.slice(0, MAX_LABEL - 1)}…` : text);

export function renderHeatmap(report: PostureReport): string {
  if (report.targets.length === 0)
    return '<p class="empty" id="heatmap-empty">This report covers no account x region.</p>';
  const names = accountNames(report);
  const accounts = [...new Set(report.targets.map((t) => t.account))];
  const regions = [...new Set(report.targets.map((t) => t.region))].sort();
  const labels = new Map(accounts.map((a) => [a, accountLabel(a, names)]));
  const labelWidth = Math.min(
    MAX_LABEL * CHAR_WIDTH + 16,
    Math.max(120, ...accounts.map((a) => truncate(labels.get(a) as string).length * CHAR_WIDTH + 16)),
  );
  const cellWidth = Math.max(96, ...regions.map((r) => r.length * CHAR_WIDTH + 16));
  const width = labelWidth + regions.length * cellWidth + GAP;
  const height = HEADER_HEIGHT + accounts.length * ROW_HEIGHT + GAP;
  const byPlace = new Map(report.targets.map((t) => [`${t.account}\u0000${t.region}`, t]));
  let uncovered = false;

  const columnHeads = regions.map(
    (region, c) =>
      `<text class="hm-region" x="${labelWidth + c * cellWidth + cellWidth / 2}" y="${HEADER_HEIGHT - 10}" text-anchor="middle">${escapeHtml(region)}</text>`,
  );
  const rows = accounts.flatMap((account, r) => {
    const label = labels.get(account) as string;
    const y = HEADER_HEIGHT + r * ROW_HEIGHT;
    const rowHead = `<text class="hm-account" x="${labelWidth - 8}" y="${y + ROW_HEIGHT / 2 + 4}" text-anchor="end"><title>${escapeHtml(label)}</title>${escapeHtml(truncate(label))}</text>`;
    const cells = regions.map((region, c) => {
      const x = labelWidth + c * cellWidth;
      const box = `x="${x + GAP}" y="${y + GAP}" width="${cellWidth - GAP * 2}" height="${ROW_HEIGHT - GAP * 2}" rx="3"`;
      const target = byPlace.get(`${account}\u0000${region}`);
      // A region read for other accounts only: an empty place, not a cell (it was not covered).
      if (target === undefined) {
        uncovered = true;
        return `<rect class="hm-missing" ${box}><title>${escapeHtml(`${label} / ${region}: not covered by this report`)}</title></rect>`;
      }
      const kind = cellKind(target);
      const title = escapeHtml(cellTitle(target, label, report));
      return (
        `<rect class="hm-cell hm-${kind}" ${box} data-account="${escapeHtml(account)}" data-region="${escapeHtml(region)}" ` +
        `data-label="${escapeHtml(label)}" data-status="${target.status}" data-worst="${kind}" data-groups="${target.groups}" ` +
        `tabindex="0" role="button" aria-pressed="false" aria-label="${title}"><title>${title}</title></rect>` +
        `<text class="hm-text hm-text-${kind}" x="${x + cellWidth / 2}" y="${y + ROW_HEIGHT / 2 + 4}" text-anchor="middle" aria-hidden="true">${escapeHtml(cellText(target))}</text>`
      );
    });
    return [rowHead, ...cells];
  });

  return [
    '<div class="hm-scroll">',
    `<svg id="heatmap" class="heatmap" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="group" aria-label="Worst severity by account and region">`,
    '<defs><pattern id="hm-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">' +
      '<rect width="6" height="6" class="hm-hatch-bg"></rect><line x1="0" y1="0" x2="0" y2="6" class="hm-hatch-line"></line></pattern></defs>',
    ...columnHeads,
    ...rows,
    '</svg>',
    '</div>',
    legend(uncovered),
  ].join('\n');
}

const LEGEND: readonly { kind: string; text: string }[] = [
  { kind: 'critical', text: 'critical: an admin or database port open to the internet' },
  { kind: 'high', text: 'high: something else open to the internet, or a group that could not be read' },
  { kind: 'medium', text: 'medium: another violation (not reachable from the internet, a missing rule)' },
  { kind: 'info', text: 'info: nothing exposed' },
  { kind: 'none', text: 'no groups: read, no opted-in group' },
  { kind: 'unreadable', text: 'unreadable: could not be read (reason in the tooltip and below)' },
];

/** What each color means, in words; the dashed place only when the map has one. */
function legend(uncovered: boolean): string {
  const entries = uncovered
    ? [...LEGEND, { kind: 'missing', text: 'dashed outline: not covered by this report' }]
    : LEGEND;
  const items = entries.map(
    ({ kind, text }) =>
      `<li><span class="swatch sw-${kind}" aria-hidden="true"></span>${escapeHtml(text)}</li>`,
  );
  return `<ul class="legend" id="legend" aria-label="Legend">${items.join('')}</ul>`;
}
