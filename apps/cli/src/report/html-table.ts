/**
 * The groups table and its filters, rendered in full on the server side: every group is in the
 * page (readable without JavaScript, printable); the page script only reorders and hides rows,
 * using the sort keys each row carries as data attributes.
 */
import type { PostureGroup, PostureReport, PostureStatus } from '@guardrail/core';
import { accountLabel, accountNames, escapeHtml, SEVERITY_ORDER, severityRank } from './html-common';

const STATUSES: readonly PostureStatus[] = ['violating', 'misconfigured', 'unreadable', 'compliant'];

const muted = (text: string) => `<span class="muted">${escapeHtml(text)}</span>`;

/** Sortable columns: the row data attribute each sorts by (`rank`: severity by rank, numeric). */
const COLUMNS: readonly { label: string; key?: string }[] = [
  { label: 'Severity', key: 'rank' },
  { label: 'Status', key: 'status' },
  { label: 'Account', key: 'account' },
  { label: 'Region', key: 'region' },
  { label: 'Group', key: 'group' },
  { label: 'Policy', key: 'policy' },
  { label: 'Mode', key: 'mode' },
  { label: 'Violations' },
  { label: 'Exceptions in force' },
];

function head(): string {
  const cells = COLUMNS.map(({ label, key }) => {
    if (key === undefined) return `<th scope="col">${label}</th>`;
    // The report comes worst first: that is the table's initial order.
    const sort = key === 'rank' ? ' aria-sort="descending"' : '';
    return `<th scope="col" data-key="${key}"${sort}><button type="button" class="sort" data-key="${key}">${label}</button></th>`;
  });
  return `<thead><tr>${cells.join('')}</tr></thead>`;
}

function findings(g: PostureGroup): string {
  if (g.status === 'misconfigured')
    return `<p class="note">misconfigured: ${escapeHtml(g.misconfiguration ?? 'its tags are not valid')}</p>`;
  if (g.status === 'unreadable')
    return `<p class="note">unreadable: ${escapeHtml(g.reason ?? 'its state could not be read')}</p>`;
  if (g.violations.length === 0) return muted('none');
  const items = g.violations.map(
    (v) =>
      `<li><span class="tag sev-${v.severity}">${v.severity}</span> <code>${escapeHtml(v.rule)}</code> ` +
      `<span class="muted">(${escapeHtml(v.direction)}, ${escapeHtml(v.code)})</span>: ${escapeHtml(v.reason)}</li>`,
  );
  return `<ul class="findings">${items.join('')}</ul>`;
}

function exceptions(g: PostureGroup): string {
  if (g.exceptions.length === 0) return muted('none');
  const items = g.exceptions.map(
    (e) =>
      `<li><code>${escapeHtml(e.id)}</code> <span class="muted">(${escapeHtml(e.direction)})</span> until ` +
      `<time datetime="${escapeHtml(e.expires)}">${escapeHtml(e.expires)}</time>: ` +
      `${e.applied ? '<strong>applied</strong> (a rule stays because of it)' : 'not applied (covers no rule)'}` +
      `<br>${muted(e.reason)}</li>`,
  );
  return `<ul class="exceptions">${items.join('')}</ul>`;
}

function row(g: PostureGroup, names: ReadonlyMap<string, string>): string {
  const name = names.get(g.account);
  const data = {
    rank: severityRank(g.severity),
    severity: g.severity,
    status: g.status,
    account: accountLabel(g.account, names),
    'account-id': g.account,
    region: g.region,
    group: `${g.groupId} ${g.groupName ?? ''}`.trim(),
    policy: g.policy ?? '',
    mode: g.mode ?? '',
  };
  const attributes = Object.entries(data)
    .map(([key, value]) => `data-${key}="${escapeHtml(value)}"`)
    .join(' ');
  const cells = [
    `<span class="tag sev-${g.severity}">${g.severity}</span>`,
    `<span class="tag st-${g.status}">${g.status}</span>`,
    name === undefined ? escapeHtml(g.account) : `${escapeHtml(name)}<br>${muted(g.account)}`,
    escapeHtml(g.region),
    `<code class="gid">${escapeHtml(g.groupId)}</code>` +
      (g.groupName === undefined ? '' : `<br><span class="group-name">${escapeHtml(g.groupName)}</span>`) +
      (g.vpcId === undefined ? '' : `<br>${muted(g.vpcId)}`),
    g.policy === undefined ? muted('no policy') : escapeHtml(g.policy),
    g.mode === undefined ? muted('—') : escapeHtml(g.mode),
    findings(g),
    exceptions(g),
  ];
  return `<tr ${attributes}>${cells.map((cell) => `<td>${cell}</td>`).join('')}</tr>`;
}

function policyFilter(groups: readonly PostureGroup[]): string {
  const counts = new Map<string, number>();
  let unset = 0;
  for (const g of groups) {
    if (g.policy === undefined) unset += 1;
    else counts.set(g.policy, (counts.get(g.policy) ?? 0) + 1);
  }
  const options = [...counts.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([policy, n]) => `<option value="p:${escapeHtml(policy)}">${escapeHtml(policy)} (${n})</option>`);
  if (unset > 0) options.push(`<option value="none">no policy (${unset})</option>`);
  return (
    '<label class="filter">Policy <select id="filter-policy">' +
    `<option value="all">all policies (${groups.length})</option>${options.join('')}</select></label>`
  );
}

function severityFilter(report: PostureReport): string {
  const boxes = SEVERITY_ORDER.map(
    (severity) =>
      `<label><input type="checkbox" name="severity" value="${severity}" checked> ` +
      `<span class="tag sev-${severity}">${severity}</span> (${report.summary.bySeverity[severity]})</label>`,
  );
  return `<fieldset class="filter" id="filter-severity"><legend>Severity</legend>${boxes.join(' ')}</fieldset>`;
}

function statusFilter(groups: readonly PostureGroup[]): string {
  const options = STATUSES.map(
    (status) =>
      `<option value="${status}">${status} (${groups.filter((g) => g.status === status).length})</option>`,
  );
  return `<label class="filter">Status <select id="filter-status"><option value="all">all statuses</option>${options.join('')}</select></label>`;
}

export function renderGroupsTable(report: PostureReport): string {
  const names = accountNames(report);
  const total = report.groups.length;
  return [
    '<div class="filters" id="filters">',
    policyFilter(report.groups),
    severityFilter(report),
    statusFilter(report.groups),
    '<span id="place-filter" class="filter" hidden>Only <strong id="place-filter-text"></strong> ' +
      '<button type="button" id="place-clear">show every account x region</button></span>',
    '<button type="button" id="filters-reset">reset filters</button>',
    '</div>',
    `<p id="shown-count" aria-live="polite">Showing <span id="shown">${total}</span> of <span id="total">${total}</span> group${total === 1 ? '' : 's'}.</p>`,
    `<p id="no-rows" class="empty"${total === 0 ? '' : ' hidden'}>${total === 0 ? 'No opted-in group in this report.' : 'No group matches the filters.'}</p>`,
    '<div class="table-scroll"><table id="groups">',
    '<caption>Opted-in groups, the most pressing first. Sort by a column with its header button.</caption>',
    head(),
    `<tbody>${report.groups.map((g) => row(g, names)).join('\n')}</tbody>`,
    '</table></div>',
  ].join('\n');
}
