/**
 * The HTML posture report's page, read as text (fast; report-html.browser.test.ts runs it in a
 * real browser): self-contained under a strict CSP, one heat-map cell per account x region, every
 * value escaped, and usable with no group at all.
 */
import {
  type PolicyFile,
  type PostureGroup,
  type PostureReport,
  planGroup,
  postureGroup,
  postureReport,
  type SecurityGroupState,
  SHIPPED_POLICIES,
  unreadableGroup,
} from '@guardrail/core';
import { REPORT_CSP, renderReportHtml } from '../src/report/html';

const now = new Date('2026-12-02T00:00:00Z');
const HOSTILE = '<script>window.__pwned = 1</script>';

function judged(
  groupId: string,
  where: { account: string; region: string },
  ports: number[],
  extra: Partial<SecurityGroupState> = {},
): PostureGroup {
  const group: SecurityGroupState = {
    groupId,
    groupName: `name-${groupId}`,
    tags: { 'guardrail:policy': 'no-public-admin-ports' },
    rules: ports.map((port) => ({
      direction: 'ingress' as const,
      protocol: 'tcp',
      fromPort: port,
      toPort: port,
      peer: { kind: 'ipv4' as const, cidr: '0.0.0.0/0' },
    })),
    ...extra,
  };
  return postureGroup(
    group,
    planGroup({ group, policies: SHIPPED_POLICIES, now, account: where.account }),
    where,
  );
}

const prod = { account: '111111111111', region: 'eu-west-1' };

function sample(): PostureReport {
  return postureReport({
    groups: [
      judged('sg-1', prod, [22]),
      judged('sg-2', { ...prod, region: 'us-east-1' }, [443], { groupName: HOSTILE }),
      judged('sg-3', prod, [], { tags: { 'guardrail:policy': 'a"b\'c&d<e>' } }),
      unreadableGroup({ account: '222222222222', region: 'eu-west-1', groupId: 'sg-4' }, `denied ${HOSTILE}`),
    ],
    unreadable: [
      {
        account: '333333333333',
        accountName: `ops ${HOSTILE}`,
        region: 'eu-west-1',
        code: 'AccessDenied',
        reason: `no role <img src=x onerror="alert(1)">`,
      },
    ],
    read: [
      { ...prod, accountName: 'prod' },
      { ...prod, region: 'eu-central-1', accountName: 'prod' },
    ],
    generatedAt: now,
    source: { kind: 'sweep', sweepId: 'sweep-9' },
  });
}

/** The attributes of every `<rect class="hm-cell" ...>`, in the page's order. */
function heatmapCells(html: string): Record<string, string>[] {
  return [...html.matchAll(/<rect class="hm-cell[^"]*"([^>]*)>/g)].map((m) =>
    Object.fromEntries([...(m[1] as string).matchAll(/ ([a-z-]+)="([^"]*)"/g)].map((a) => [a[1], a[2]])),
  );
}

/**
 * Every attribute name of every tag. Values are double-quoted with `"` and `>` escaped, so a tag
 * ends at the first `>` and an escaped `onerror=` inside a value is not taken for an attribute.
 */
function attributeNames(html: string): Set<string> {
  const names = new Set<string>();
  for (const tag of html.matchAll(/<[a-z][a-z0-9-]*((?:\s+[^\s=>]+(?:="[^"]*")?)*)\s*\/?>/gi))
    for (const attribute of (tag[1] as string).matchAll(/\s+([^\s=>]+)(?:="[^"]*")?/g))
      names.add((attribute[1] as string).toLowerCase());
  return names;
}

const handlers = (html: string) => [...attributeNames(html)].filter((name) => name.startsWith('on'));

describe('renderReportHtml', () => {
  it('is one static page under a strict CSP, declared before any style or script', () => {
    const html = renderReportHtml(sample());
    expect(html.startsWith('<!doctype html>\n<html lang="en">')).toBe(true);
    const csp = html.indexOf('<meta http-equiv="Content-Security-Policy"');
    expect(csp).toBeGreaterThan(0);
    expect(csp).toBeLessThan(html.indexOf('<style>'));
    expect(csp).toBeLessThan(html.indexOf('<script>'));
    expect(html).toContain(`content="${REPORT_CSP.replaceAll("'", '&#39;')}"`);
    expect(REPORT_CSP).toContain(
      "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:",
    );
  });

  it('references nothing outside itself: no URL, no external script, sheet, image or font', () => {
    const html = renderReportHtml(sample());
    expect(html).not.toMatch(/https?:/i);
    expect(html).not.toMatch(/\/\/[a-z0-9.-]+\.[a-z]{2,}/i);
    expect(html).not.toMatch(/<script[^>]*\ssrc=/i);
    expect(html).not.toMatch(/<link(?![^>]*rel="icon" href="data:,")[^>]*>/i);
    expect(html).not.toMatch(/<(img|iframe|object|embed|video|audio|source)\b/i);
    expect(html).not.toMatch(/@import|@font-face/i);
    // CSS and SVG references stay inside the page (the hatch pattern).
    expect([...html.matchAll(/url\(([^)]*)\)/g)].map((m) => m[1])).toEqual(['#hm-hatch']);
  });

  it('has one heat-map cell per account x region, with its severity, status and place', () => {
    const report = sample();
    const cells = heatmapCells(renderReportHtml(report));
    expect(cells.map((c) => `${c['data-account']} ${c['data-region']} ${c['data-worst']}`)).toEqual([
      '111111111111 eu-central-1 none',
      '111111111111 eu-west-1 critical',
      '111111111111 us-east-1 info',
      '222222222222 eu-west-1 high',
      '333333333333 eu-west-1 unreadable',
    ]);
    expect(cells).toHaveLength(report.targets.length);
    expect(cells.every((c) => c.tabindex === '0' && c.role === 'button')).toBe(true);
  });

  it('says each cell in words too, and gives an unreadable one its reason in the tooltip', () => {
    const html = renderReportHtml(sample());
    expect([...html.matchAll(/<text class="hm-text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1])).toEqual([
      'no groups',
      'critical (2)',
      'info (1)',
      'high (1)',
      'unreadable',
    ]);
    expect(html).toContain(
      '<title>ops &lt;script&gt;window.__pwned = 1&lt;/script&gt; (333333333333) / eu-west-1: unreadable ' +
        '(AccessDenied: no role &lt;img src=x onerror=&quot;alert(1)&quot;&gt;)</title>',
    );
    // A region read for one account only: an empty place for the others, not a cell.
    expect(html.match(/<rect class="hm-missing"/g)).toHaveLength(4);
    for (const word of ['critical', 'high', 'medium', 'info', 'no groups', 'unreadable', 'not covered'])
      expect(html).toMatch(new RegExp(`<ul class="legend".*${word}`));
  });

  it('escapes every value: only its own script element, no tag or handler from the data', () => {
    const html = renderReportHtml(sample());
    expect(html.match(/<script/g)).toHaveLength(1);
    expect(html.match(/<\/script>/g)).toHaveLength(1);
    expect(html).not.toContain('<img');
    expect(handlers(html)).toEqual([]);
    // The detector sees real attributes and would see a handler, escaped values aside.
    expect([...attributeNames(html)]).toEqual(
      expect.arrayContaining(['data-account', 'aria-sort', 'aria-label']),
    );
    expect(handlers('<p title="a &lt;b onclick=&quot;x&quot;&gt;"><svg onload="x"></svg></p>')).toEqual([
      'onload',
    ]);
    expect(html).toContain('<span class="group-name">&lt;script&gt;window.__pwned = 1&lt;/script&gt;</span>');
    expect(html).toContain('unreadable: denied &lt;script&gt;');
    // A policy name with every special character, in text, in a data attribute and in an option.
    const escaped = 'a&quot;b&#39;c&amp;d&lt;e&gt;';
    expect(html).toContain(`data-policy="${escaped}"`);
    expect(html).toContain(`<option value="p:${escaped}">${escaped} (1)</option>`);
  });

  it('shows when and from where, and the summary counts', () => {
    const html = renderReportHtml(sample());
    expect(html).toContain('<time id="generated-at" datetime="2026-12-02T00:00:00.000Z">');
    expect(html).toContain('<span id="source">sweep sweep-9</span>');
    const live = renderReportHtml({ ...sample(), source: { kind: 'live' } });
    expect(live).toContain('<span id="source">live read</span>');
    const summary = html.match(/<ul class="summary"[^>]*>(.*?)<\/ul>/)?.[1] ?? '';
    expect(
      summary
        .replace(/<[^>]+>/g, ' ')
        .replace(/\s+/g, ' ')
        .trim(),
    ).toBe(
      '4 opted-in groups 1 compliant 1 violating 1 misconfigured 1 group unreadable ' +
        '1 account x region unreadable 1 critical 1 high 0 medium 2 info',
    );
  });

  it('lists every group in the report order, each row with its sort keys, headers as sort buttons', () => {
    const report = sample();
    const html = renderReportHtml(report);
    const rows = [
      ...html.matchAll(/<tr data-rank="(\d)" data-severity="([a-z]+)"[^>]* data-group="([^"]*)"/g),
    ];
    expect(rows.map((m) => `${m[3]} ${m[2]} ${m[1]}`)).toEqual([
      'sg-1 name-sg-1 critical 3',
      'sg-4 high 2',
      'sg-3 name-sg-3 info 0',
      'sg-2 &lt;script&gt;window.__pwned = 1&lt;/script&gt; info 0',
    ]);
    expect(report.groups.map((g) => g.groupId)).toEqual(['sg-1', 'sg-4', 'sg-3', 'sg-2']);
    const sortable = [...html.matchAll(/<button type="button" class="sort" data-key="([a-z]+)">/g)];
    expect(sortable.map((m) => m[1])).toEqual([
      'rank',
      'status',
      'account',
      'region',
      'group',
      'policy',
      'mode',
    ]);
    expect(html).toContain('<th scope="col" data-key="rank" aria-sort="descending">');
    expect(html).toContain('Showing <span id="shown">4</span> of <span id="total">4</span> groups.');
  });

  it('shows the violations, the misconfiguration and the exceptions in force of a group', () => {
    const exceptionPolicies: PolicyFile = {
      ...SHIPPED_POLICIES,
      exceptions: [
        {
          id: 'SEC-1',
          account: prod.account,
          direction: 'ingress',
          match: { protocol: 'tcp', ports: 22, peer: { cidr: '0.0.0.0/0' } },
          expires: '2027-01-01T00:00:00Z',
          reason: 'vendor <migration>',
        },
      ],
    };
    const group: SecurityGroupState = {
      groupId: 'sg-x',
      tags: { 'guardrail:policy': 'no-public-admin-ports' },
      rules: [
        {
          direction: 'ingress',
          protocol: 'tcp',
          fromPort: 22,
          toPort: 22,
          peer: { kind: 'ipv4', cidr: '0.0.0.0/0' },
        },
      ],
    };
    const excepted = postureGroup(
      group,
      planGroup({ group, policies: exceptionPolicies, now, account: prod.account }),
      prod,
    );
    const html = renderReportHtml(
      postureReport({ groups: [excepted, ...sample().groups], unreadable: [], read: [], generatedAt: now }),
    );
    expect(html).toContain(
      '<li><code>SEC-1</code> <span class="muted">(ingress)</span> until <time datetime="2027-01-01T00:00:00Z">' +
        '2027-01-01T00:00:00Z</time>: <strong>applied</strong>',
    );
    expect(html).toContain('vendor &lt;migration&gt;');
    expect(html).toContain('<code>tcp 22 from 0.0.0.0/0</code>');
    expect(html).toMatch(/<p class="note">misconfigured: [^<]*unknown policy/);
    expect(html).toContain('<option value="none">no policy (1)</option>');
  });

  it('renders a report with no group and no target plainly', () => {
    const html = renderReportHtml(postureReport({ groups: [], unreadable: [], read: [], generatedAt: now }));
    expect(heatmapCells(html)).toEqual([]);
    expect(html).toContain('This report covers no account x region.');
    expect(html).toContain('<p id="no-rows" class="empty">No opted-in group in this report.</p>');
    expect(html).toContain('Showing <span id="shown">0</span> of <span id="total">0</span> groups.');
    expect(html).toContain('Every account x region in this report was read.');
    expect(html).toContain('<tbody></tbody>');
  });

  it('renders a thousand groups as a thousand rows, with no handler on any of them', () => {
    const groups = Array.from({ length: 1000 }, (_, i) =>
      judged(`sg-${i}`, { account: String(100000000000 + (i % 25)), region: 'eu-west-1' }, i % 2 ? [22] : []),
    );
    const report = postureReport({ groups, unreadable: [], read: [], generatedAt: now });
    const html = renderReportHtml(report);
    expect(html.match(/<tr data-rank=/g)).toHaveLength(1000);
    expect(heatmapCells(html)).toHaveLength(25);
    expect(handlers(html)).toEqual([]);
  });
});
