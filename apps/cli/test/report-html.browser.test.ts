/**
 * The HTML posture report in a real headless browser (Debian's chromium driven by playwright-core),
 * opened from disk as a person would: it renders with no error and no network request, the heat map
 * has one cell per account x region, sorting and filtering work, and a hostile group name stays
 * text. A screenshot is written to test-artifacts/report-html.png at the repo root.
 *
 * CI installs chromium (.ci/run); a developer without it may set GUARDRAIL_SKIP_BROWSER_TESTS=1.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
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
import { type Browser, chromium, type Page } from 'playwright-core';
import { renderReportHtml } from '../src/report/html';

const CHROMIUM = '/usr/bin/chromium';
const SKIP = process.env.GUARDRAIL_SKIP_BROWSER_TESTS === '1';
const ARTIFACTS = resolve(__dirname, '../../../test-artifacts');

const now = new Date('2026-12-02T00:00:00Z');
const PROD = '111111111111';
const STAGING = '222222222222';
const NAMELESS = '333333333333';
const LOCKED = '444444444444';
const HOSTILE_NAME = '<script>window.__pwned = 1</script>';
const HOSTILE_REASON = '<img src=x onerror="window.__pwned = 2">';
const HOSTILE_POLICY = '</option><script>window.__pwned = 3</script>';
const HOSTILE_ACCOUNT = '"><svg onload="window.__pwned = 4">';

const policies: PolicyFile = {
  ...SHIPPED_POLICIES,
  exceptions: [
    {
      id: 'SEC-7',
      account: PROD,
      groupId: 'sg-exception',
      direction: 'ingress',
      match: { protocol: 'tcp', ports: 22, peer: { cidr: '0.0.0.0/0' } },
      expires: '2027-01-01T00:00:00Z',
      reason: 'vendor migration',
    },
  ],
};

function group(groupId: string, name: string, policy: string, ports: number[]): SecurityGroupState {
  return {
    groupId,
    groupName: name,
    vpcId: 'vpc-1',
    tags: { 'guardrail:policy': policy },
    rules: ports.map((port) => ({
      direction: 'ingress' as const,
      protocol: 'tcp',
      fromPort: port,
      toPort: port,
      peer: { kind: 'ipv4' as const, cidr: '0.0.0.0/0' },
    })),
  };
}

function judged(g: SecurityGroupState, account: string, region: string): PostureGroup {
  return postureGroup(g, planGroup({ group: g, policies, now, account }), { account, region });
}

/** Four accounts, three regions: every severity, a misconfigured and an unreadable group, gaps. */
function organizationReport(): PostureReport {
  return postureReport({
    groups: [
      judged(group('sg-ssh', 'bastion', 'no-public-admin-ports', [22]), PROD, 'eu-west-1'),
      judged(group('sg-web', 'web', 'web-public', [80, 443]), PROD, 'eu-west-1'),
      judged(group('sg-exception', 'vendor', 'no-public-admin-ports', [22]), PROD, 'eu-west-1'),
      judged(group('sg-8080', 'api', 'web-public', [80, 443, 8080]), PROD, 'us-east-1'),
      judged(group('sg-no80', 'shop', 'web-public', [443]), STAGING, 'eu-west-1'),
      judged(group('sg-hostile', HOSTILE_NAME, 'no-public-admin-ports', []), STAGING, 'eu-west-1'),
      judged(group('sg-odd', 'odd', HOSTILE_POLICY, []), STAGING, 'eu-west-1'),
      unreadableGroup(
        { account: NAMELESS, region: 'eu-west-1', groupId: 'sg-unread', policy: 'no-public-admin-ports' },
        HOSTILE_REASON,
      ),
      judged(group('sg-fine', 'fine', 'no-public-admin-ports', [443]), NAMELESS, 'us-east-1'),
    ],
    unreadable: [
      {
        account: STAGING,
        accountName: 'staging',
        region: 'us-east-1',
        code: 'Throttling',
        reason: 'Rate exceeded',
      },
      {
        account: LOCKED,
        accountName: HOSTILE_ACCOUNT,
        region: 'eu-west-1',
        code: 'AccessDenied',
        reason: 'role GuardrailReport is missing',
      },
      {
        account: LOCKED,
        accountName: HOSTILE_ACCOUNT,
        region: 'us-east-1',
        code: 'AccessDenied',
        reason: 'role GuardrailReport is missing',
      },
    ],
    read: [
      { account: PROD, accountName: 'prod', region: 'eu-west-1' },
      { account: PROD, accountName: 'prod', region: 'us-east-1' },
      { account: PROD, accountName: 'prod', region: 'eu-central-1' },
      { account: STAGING, accountName: 'staging', region: 'eu-west-1' },
      { account: NAMELESS, region: 'eu-west-1' },
      { account: NAMELESS, region: 'us-east-1' },
    ],
    generatedAt: now,
    source: { kind: 'sweep', sweepId: 'sweep-2026-12-02' },
  });
}

/** A thousand groups over ten accounts and two regions: the table must stay usable. */
function largeReport(): PostureReport {
  const groups = Array.from({ length: 1000 }, (_, i) => {
    const account = String(100000000000 + (i % 10));
    const region = i % 2 === 0 ? 'eu-west-1' : 'us-east-1';
    const ports = i % 7 === 0 ? [22] : i % 5 === 0 ? [443] : [80, 443];
    const policy = i % 3 === 0 ? 'no-public-admin-ports' : 'web-public';
    return judged(group(`sg-${String(i).padStart(5, '0')}`, `g${i}`, policy, ports), account, region);
  });
  return postureReport({ groups, unreadable: [], read: [], generatedAt: now });
}

const emptyReport = () => postureReport({ groups: [], unreadable: [], read: [], generatedAt: now });

const RANK = { critical: 3, high: 2, medium: 1, info: 0 } as const;
const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });
const ids = (groups: readonly PostureGroup[]) => groups.map((g) => g.groupId);

/** The order the page must show: by the key, ties in the report's order. */
function expectedOrder(report: PostureReport, key: (g: PostureGroup) => string | number, descending = false) {
  const sign = descending ? -1 : 1;
  return ids(
    report.groups
      .map((g, index) => ({ g, index }))
      .sort((a, b) => {
        const x = key(a.g);
        const y = key(b.g);
        const c = typeof x === 'number' ? x - (y as number) : collator.compare(x, y as string);
        return c !== 0 ? sign * c : a.index - b.index;
      })
      .map(({ g }) => g),
  );
}

const names = new Map([
  [PROD, 'prod'],
  [STAGING, 'staging'],
  [LOCKED, HOSTILE_ACCOUNT],
]);
const accountKey = (g: PostureGroup) => {
  const name = names.get(g.account);
  return name === undefined ? g.account : `${name} (${g.account})`;
};

interface Opened {
  page: Page;
  problems: string[];
  requests: string[];
  url: string;
}

(SKIP ? describe.skip : describe)('the HTML posture report in a real browser', () => {
  let browser: Browser | undefined;
  let dir: string;
  const pages: Page[] = [];

  beforeAll(async () => {
    if (!existsSync(CHROMIUM))
      throw new Error(
        `${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium; .ci/run does it in CI), ` +
          'or set GUARDRAIL_SKIP_BROWSER_TESTS=1 to skip the browser tests on this machine',
      );
    dir = mkdtempSync(join(tmpdir(), 'guardrail-report-html-'));
    // Playwright runs headless with a fresh temporary profile of its own (it refuses --user-data-dir
    // in launch args); these flags keep chromium from calling home, so every request seen is the page's.
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  afterEach(async () => {
    await Promise.all(pages.splice(0).map((p) => p.close()));
  });

  /** Writes the page to a file and opens it by file:// URL, recording errors and requests. */
  async function open(report: PostureReport, file = 'report.html'): Promise<Opened> {
    const path = join(dir, file);
    writeFileSync(path, renderReportHtml(report));
    const url = pathToFileURL(path).href;
    const page = await (browser as Browser).newPage({ viewport: { width: 1400, height: 900 } });
    pages.push(page);
    const problems: string[] = [];
    const requests: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning')
        problems.push(`console ${message.type()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('request', (request) => requests.push(request.url()));
    // A blocked load never becomes a request: the CSP reports it instead.
    await page.addInitScript({
      content:
        "document.addEventListener('securitypolicyviolation', (e) => console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI));",
    });
    await page.goto(url, { waitUntil: 'load' });
    return { page, problems, requests, url };
  }

  const visibleIds = (page: Page) =>
    page
      .locator('#groups tbody tr:not([hidden])')
      .evaluateAll((rows) => rows.map((row) => (row.getAttribute('data-group') ?? '').split(' ')[0]));
  const shown = async (page: Page) => Number(await page.locator('#shown').textContent());

  it('renders with no console or page error, and requests nothing but the file itself', async () => {
    const { page, problems, requests, url } = await open(organizationReport());
    await page.waitForLoadState('networkidle');
    expect(problems).toEqual([]);
    expect(requests).toEqual([url]);
    expect(await page.locator('#source').textContent()).toBe('sweep sweep-2026-12-02');
    expect(await page.locator('#generated-at').getAttribute('datetime')).toBe(now.toISOString());
    expect(await page.locator('#summary').textContent()).toContain('9 opted-in groups');
  }, 60_000);

  it('draws one heat-map cell per account x region, colored by the worst severity and saying it in words', async () => {
    const report = organizationReport();
    const { page } = await open(report);
    const cells = await page
      .locator('#heatmap rect.hm-cell')
      .evaluateAll((rects) =>
        rects.map((r) => [
          `${r.getAttribute('data-account')} ${r.getAttribute('data-region')}`,
          r.getAttribute('data-worst'),
          r.querySelector('title')?.textContent ?? '',
        ]),
      );
    expect(cells.map(([place, worst]) => `${place} ${worst}`)).toEqual([
      `${PROD} eu-central-1 none`,
      `${PROD} eu-west-1 critical`,
      `${PROD} us-east-1 high`,
      `${STAGING} eu-west-1 medium`,
      `${STAGING} us-east-1 unreadable`,
      `${NAMELESS} eu-west-1 high`,
      `${NAMELESS} us-east-1 info`,
      `${LOCKED} eu-west-1 unreadable`,
      `${LOCKED} us-east-1 unreadable`,
    ]);
    expect(cells).toHaveLength(report.targets.length);
    expect(cells[4]?.[2]).toBe('staging (222222222222) / us-east-1: unreadable (Throttling: Rate exceeded)');
    // The cells are drawn, not just present: each has a box on screen.
    for (const box of await page.locator('#heatmap rect.hm-cell').all())
      expect(await box.boundingBox()).not.toBeNull();
    expect(await page.locator('#heatmap text.hm-text').allTextContents()).toEqual([
      'no groups',
      'critical (3)',
      'high (1)',
      'medium (3)',
      'unreadable',
      'high (1)',
      'info (1)',
      'unreadable',
      'unreadable',
    ]);
  }, 60_000);

  it('sorts by severity by rank, both ways, and says so in aria-sort', async () => {
    const report = organizationReport();
    const { page } = await open(report);
    const severity = page.locator('#groups th[data-key="rank"]');
    expect(await visibleIds(page)).toEqual(ids(report.groups));
    expect(await severity.getAttribute('aria-sort')).toBe('descending');
    await severity.locator('button').click();
    expect(await visibleIds(page)).toEqual(expectedOrder(report, (g) => RANK[g.severity]));
    expect(await severity.getAttribute('aria-sort')).toBe('ascending');
    await severity.locator('button').click();
    expect(await visibleIds(page)).toEqual(expectedOrder(report, (g) => RANK[g.severity], true));
    expect(await severity.getAttribute('aria-sort')).toBe('descending');
  }, 60_000);

  it('sorts by account A to Z then Z to A, the other headers losing their aria-sort', async () => {
    const report = organizationReport();
    const { page } = await open(report);
    const account = page.locator('#groups th[data-key="account"]');
    await account.locator('button').click();
    const ascending = expectedOrder(report, accountKey);
    expect(ascending.slice(0, 3)).toEqual(['sg-unread', 'sg-fine', 'sg-ssh']);
    expect(await visibleIds(page)).toEqual(ascending);
    expect(await account.getAttribute('aria-sort')).toBe('ascending');
    expect(await page.locator('#groups th[data-key="rank"]').getAttribute('aria-sort')).toBeNull();
    await account.locator('button').click();
    expect(await visibleIds(page)).toEqual(expectedOrder(report, accountKey, true));
    expect(await account.getAttribute('aria-sort')).toBe('descending');
  }, 60_000);

  it('filters by policy and by severity, updating the count, and resets', async () => {
    const report = organizationReport();
    const { page } = await open(report);
    expect(await shown(page)).toBe(9);
    await page.selectOption('#filter-policy', 'p:web-public');
    expect(await visibleIds(page)).toEqual(['sg-8080', 'sg-no80', 'sg-web']);
    expect(await shown(page)).toBe(3);
    await page.uncheck('#filter-severity input[value="high"]');
    expect(await visibleIds(page)).toEqual(['sg-no80', 'sg-web']);
    expect(await shown(page)).toBe(2);
    await page.selectOption('#filter-policy', 'all');
    await page.uncheck('#filter-severity input[value="info"]');
    expect(await visibleIds(page)).toEqual(['sg-ssh', 'sg-no80']);
    // The hostile policy is an option like any other, its name intact.
    await page.selectOption('#filter-policy', `p:${HOSTILE_POLICY}`);
    expect(await shown(page)).toBe(0);
    expect(await page.locator('#no-rows').isVisible()).toBe(true);
    await page.check('#filter-severity input[value="info"]');
    expect(await visibleIds(page)).toEqual(['sg-odd']);
    await page.click('#filters-reset');
    expect(await shown(page)).toBe(9);
    expect(await page.locator('#no-rows').isVisible()).toBe(false);
  }, 60_000);

  it('filters the table to a heat-map cell when it is clicked (or chosen by keyboard), and back', async () => {
    const { page } = await open(organizationReport());
    const cell = page.locator(`#heatmap rect.hm-cell[data-account="${PROD}"][data-region="eu-west-1"]`);
    await cell.click();
    expect(await visibleIds(page)).toEqual(['sg-ssh', 'sg-exception', 'sg-web']);
    expect(await page.locator('#place-filter-text').textContent()).toBe(`prod (${PROD}) / eu-west-1`);
    expect(await cell.getAttribute('aria-pressed')).toBe('true');
    await cell.click();
    expect(await shown(page)).toBe(9);
    await page.locator(`#heatmap rect.hm-cell[data-account="${NAMELESS}"][data-region="us-east-1"]`).focus();
    await page.keyboard.press('Enter');
    expect(await visibleIds(page)).toEqual(['sg-fine']);
    await page.click('#place-clear');
    expect(await shown(page)).toBe(9);
  }, 60_000);

  it('shows hostile names and reasons as text: no script of theirs runs', async () => {
    const { page, problems } = await open(organizationReport());
    expect(await page.evaluate('typeof window.__pwned')).toBe('undefined');
    expect(await page.locator('#groups .group-name', { hasText: 'window.__pwned' }).textContent()).toBe(
      HOSTILE_NAME,
    );
    expect(await page.locator('#groups').textContent()).toContain(`unreadable: ${HOSTILE_REASON}`);
    expect(await page.locator('#unreadable').textContent()).toContain(`${HOSTILE_ACCOUNT} (${LOCKED})`);
    expect(await page.locator('#filter-policy option').allTextContents()).toContain(`${HOSTILE_POLICY} (1)`);
    // Only the page's own script element exists.
    expect(await page.locator('script').count()).toBe(1);
    expect(await page.locator('#groups img, #unreadable svg, #groups script').count()).toBe(0);
    expect(problems).toEqual([]);
  }, 60_000);

  it('shows an empty report plainly, with nothing to sort and no error', async () => {
    const { page, problems } = await open(emptyReport(), 'empty.html');
    expect(problems).toEqual([]);
    expect(await page.locator('#heatmap-empty').isVisible()).toBe(true);
    expect(await page.locator('#no-rows').textContent()).toBe('No opted-in group in this report.');
    expect(await page.locator('#no-rows').isVisible()).toBe(true);
    expect(await shown(page)).toBe(0);
    await page.locator('#groups th[data-key="account"] button').click();
    await page.uncheck('#filter-severity input[value="info"]');
    expect(await shown(page)).toBe(0);
    expect(problems).toEqual([]);
  }, 60_000);

  it('sorts and filters a thousand groups', async () => {
    const report = largeReport();
    const { page, problems } = await open(report, 'large.html');
    expect(await page.locator('#groups tbody tr').count()).toBe(1000);
    await page.locator('#groups th[data-key="group"] button').click();
    expect(await visibleIds(page)).toEqual([...ids(report.groups)].sort());
    await page.uncheck('#filter-severity input[value="info"]');
    const violating = report.groups.filter((g) => g.severity !== 'info').length;
    expect(violating).toBeGreaterThan(100);
    expect(await shown(page)).toBe(violating);
    await page.click(`#heatmap rect.hm-cell[data-account="100000000000"][data-region="eu-west-1"]`);
    expect(await shown(page)).toBe(
      report.groups.filter((g) => g.severity !== 'info' && g.account === '100000000000').length,
    );
    expect(problems).toEqual([]);
  }, 60_000);

  it('writes a screenshot of the page as a test artefact', async () => {
    const { page } = await open(organizationReport());
    mkdirSync(ARTIFACTS, { recursive: true });
    const path = join(ARTIFACTS, 'report-html.png');
    rmSync(path, { force: true });
    const png = await page.screenshot({ path, fullPage: true });
    expect(existsSync(path)).toBe(true);
    // A PNG, and not a blank one: bigger than a solid-color page would compress to.
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(png.length).toBeGreaterThan(20_000);
  }, 60_000);
});

if (SKIP)
  // Visible in the run, so that a skipped browser suite is never mistaken for a passing one.
  console.warn('GUARDRAIL_SKIP_BROWSER_TESTS=1: the HTML report browser tests are skipped');
