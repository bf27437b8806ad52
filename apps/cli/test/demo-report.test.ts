/**
 * `guardrail demo` ends with the organization's posture as `guardrail report --org` reads it: the
 * groups the stories left with their statuses, the account without the role unreadable with its
 * reason; and the same posture as one self-contained HTML page in `--report-dir` (a new temp
 * directory by default). What the posture shows never decides the demo's exit status.
 */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { PostureGroup } from '@guardrail/core';
import { runDemoCommand } from '../src/commands/demo';
import { ACCOUNTS, PRIMARY_REGION, SECONDARY_REGION } from '../src/demo/organization';
import type { DemoReport } from '../src/demo/report';
import { run } from '../src/main';
import { capture } from './support/org';

const HEADER = 'The organization after the stories: its posture report';
const WROTE = /^ {2}wrote (.+) \(open it in a browser\)$/;
const NO_ROLE = (account: string) =>
  `cannot assume arn:aws:iam::${account}:role/guardrail-remediation in account ${account}: AccessDenied`;

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'guardrail-demo-report-test-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function demo(args: string[]) {
  const { io, out } = capture();
  const code = await run(['demo', ...args], io);
  return { code, ...out };
}

/**
 * What each story left, by story: its group's status and mode in the posture, or absent (not
 * opted in any more, or in an account that cannot be read).
 */
const LEFT: Record<string, { status: string; mode: string; findings?: string } | 'absent'> = {
  'ssh-to-the-world': { status: 'compliant', mode: 'enforce' },
  'required-rule-revoked': { status: 'compliant', mode: 'enforce' },
  'untagged-group': 'absent',
  'audit-mode': { status: 'violating', mode: 'audit', findings: 'tcp 5432 from 0.0.0.0/0' },
  'account-without-role': 'absent',
  'delivered-twice': { status: 'compliant', mode: 'enforce' },
  // 443 paused by the breaker: still missing, so still violating.
  'breaker-then-rdp': { status: 'violating', mode: 'enforce', findings: 'tcp 443 from 0.0.0.0/0' },
  'opt-out': 'absent',
  'sticky-opt-in': { status: 'compliant', mode: 'enforce' },
  'prefix-list-widened': { status: 'compliant', mode: 'enforce' },
  // The report does not read lock baselines: a locked group is not judged, never compliant.
  'locked-rule-removed': { status: 'unreadable', mode: 'enforce' },
  'locked-pipeline-change': { status: 'unreadable', mode: 'enforce' },
};

describe('guardrail demo: the posture after the stories', () => {
  let json: DemoReport;
  let text: { code: number; stdout: string; stderr: string };
  let jsonRun: { code: number; stdout: string; stderr: string };

  beforeAll(async () => {
    jsonRun = await demo(['--format', 'json', '--report-dir', join(root, 'json')]);
    json = JSON.parse(jsonRun.stdout) as DemoReport;
    text = await demo(['--report-dir', join(root, 'text')]);
  }, 60_000);

  const groupOf = (id: string) => {
    const group = json.stories.find((s) => s.id === id)?.group;
    if (!group) throw new Error(`story ${id} has no group`);
    return group;
  };
  const section = () => {
    const lines = text.stdout.trimEnd().split('\n');
    return lines.slice(lines.indexOf(HEADER));
  };

  it('exits 0 although the posture has violations and unreadable accounts: the stories decide', () => {
    expect(text.code).toBe(0);
    expect(jsonRun.code).toBe(0);
    const summary = json.posture.report?.summary;
    expect(summary?.violating).toBeGreaterThan(0);
    expect(summary?.unreadable).toBeGreaterThan(0);
  });

  it('reads as report --org does: the org-read role lists the accounts, the remediation role reads each, both regions', () => {
    const report = json.posture.report;
    expect(json.posture.orgRoleArn).toMatch(/^arn:aws:iam::\d{12}:role\/guardrail-org-read$/);
    expect(json.posture.roleName).toBe('guardrail-remediation');
    expect(json.posture.error).toBeUndefined();
    expect(report?.source).toEqual({ kind: 'live' });
    // On the demo's clock, not the machine's: the same on every run.
    expect(Date.parse(report?.generatedAt ?? '')).toBeGreaterThan(Date.parse(json.startedAt));
    const cells = (report?.targets ?? []).map((t) => `${t.accountName} ${t.region} ${t.status}`);
    expect(cells).toEqual(
      expect.arrayContaining(
        ['prod', 'staging'].flatMap((name) =>
          [PRIMARY_REGION, SECONDARY_REGION].map((region) => `${name} ${region} read`),
        ),
      ),
    );
  });

  it("holds each story's group with the status it was left in, and none it left alone", () => {
    const groups = json.posture.report?.groups ?? [];
    const byId = new Map(groups.map((g: PostureGroup) => [g.groupId, g]));
    for (const [story, left] of Object.entries(LEFT)) {
      const group = groupOf(story);
      const found = byId.get(group.groupId);
      if (left === 'absent') {
        expect({ story, found }).toEqual({ story, found: undefined });
        continue;
      }
      expect({ story, status: found?.status, mode: found?.mode, name: found?.groupName }).toEqual({
        story,
        status: left.status,
        mode: left.mode,
        name: group.groupName,
      });
      if (left.findings) expect(found?.violations.map((v) => v.rule)).toEqual([left.findings]);
    }
    // Nothing else: the posture's groups are exactly the opted-in ones the stories made.
    expect(groups).toHaveLength(Object.values(LEFT).filter((l) => l !== 'absent').length);
  });

  it('has the account without the role unreadable in both regions, with its reason', () => {
    const gaps = (json.posture.report?.unreadable ?? []).filter((g) => g.account === ACCOUNTS.dev.id);
    expect(gaps.map((g) => [g.region, g.code])).toEqual([
      [PRIMARY_REGION, 'AccessDenied'],
      [SECONDARY_REGION, 'AccessDenied'],
    ]);
    for (const gap of gaps) expect(gap.reason).toContain(NO_ROLE(ACCOUNTS.dev.id));
  });

  it('ends the text with the posture section after the verdict: the groups, their statuses, the gaps, the path', () => {
    const lines = text.stdout.trimEnd().split('\n');
    expect(lines.indexOf(HEADER)).toBeGreaterThan(lines.indexOf('All 14 stories ended as expected.'));
    const posture = section();
    expect(posture[1]).toContain('guardrail report --org --org-role-arn ');
    for (const [story, left] of Object.entries(LEFT)) {
      const { groupId, groupName } = groupOf(story);
      const row = posture.find((l) => l.includes(groupId));
      if (left === 'absent') expect({ story, row }).toEqual({ story, row: undefined });
      else
        expect(row).toMatch(
          new RegExp(`^ {2}\\w+ +${left.status} .* ${groupId} +${groupName} .* ${left.mode}\\b`),
        );
    }
    for (const region of [PRIMARY_REGION, SECONDARY_REGION])
      expect(posture).toContainEqual(
        expect.stringMatching(
          new RegExp(
            `^ {2}unreadable: ${ACCOUNTS.dev.id} \\(sandbox-dev\\) ${region}: AccessDenied: ${NO_ROLE(ACCOUNTS.dev.id)}`,
          ),
        ),
      );
    expect(posture).toContainEqual(expect.stringMatching(/^ {2}9 opted-in groups: 5 compliant, 2 violating/));
    // The very last line says where the HTML went.
    expect(posture[posture.length - 1]).toMatch(WROTE);
    expect(text.stderr).toBe('');
  });

  it('writes the same posture as one self-contained HTML page at the printed path, in --report-dir', () => {
    const file = WROTE.exec(section().at(-1) ?? '')?.[1];
    expect(file).toBe(join(root, 'text', 'posture.html'));
    const html = readFileSync(file as string, 'utf8');
    expect(html.startsWith('<!doctype html>')).toBe(true);
    // Nothing fetched: no http(s) or protocol-relative src or href, no CSS import or url().
    expect(html).not.toMatch(/\b(?:src|href)\s*=\s*["']?\s*(?:https?:)?\/\//i);
    expect(html).not.toMatch(/@import|url\(\s*["']?\s*(?:https?:)?\/\//i);
    for (const g of json.posture.report?.groups ?? []) expect(html).toContain(g.groupId);
    expect(html).toContain(ACCOUNTS.dev.id);
    expect(html).toContain(`cannot assume arn:aws:iam::${ACCOUNTS.dev.id}:role/guardrail-remediation`);
  });

  it('with --format json: the posture in the JSON, the path on stderr, stdout only JSON', () => {
    expect(jsonRun.stderr).toBe(`wrote ${join(root, 'json', 'posture.html')}\n`);
    expect(existsSync(join(root, 'json', 'posture.html'))).toBe(true);
  });
});

describe('guardrail demo --report-dir', () => {
  it('defaults to a new guardrail-demo- directory under the temp directory', async () => {
    const { code, stdout } = await demo([]);
    expect(code).toBe(0);
    const file = WROTE.exec(stdout.trimEnd().split('\n').at(-1) ?? '')?.[1] ?? '';
    try {
      expect(dirname(dirname(file))).toBe(tmpdir());
      expect(file).toMatch(/[/\\]guardrail-demo-[^/\\]+[/\\]posture\.html$/);
      expect(existsSync(file)).toBe(true);
    } finally {
      if (file) rmSync(dirname(file), { recursive: true, force: true });
    }
  }, 60_000);

  it('makes the directory when it does not exist yet', async () => {
    const dir = join(root, 'not', 'yet');
    const { code, stdout } = await demo(['--report-dir', dir]);
    expect(code).toBe(0);
    expect(stdout).toContain(`  wrote ${join(dir, 'posture.html')} (open it in a browser)\n`);
    expect(existsSync(join(dir, 'posture.html'))).toBe(true);
  }, 60_000);

  it('refuses a directory it cannot write, naming it, before any story (exit 2)', async () => {
    const file = join(root, 'a-file');
    writeFileSync(file, 'not a directory');
    for (const dir of [file, join(file, 'below')]) {
      const { code, stdout, stderr } = await demo(['--report-dir', dir]);
      expect({ dir, code, stdout }).toEqual({ dir, code: 2, stdout: '' });
      expect(stderr).toMatch(new RegExp(`^error: --report-dir: ${escapeRegExp(dir)}: cannot write there: `));
    }
  });

  // Root writes anywhere: a read-only directory only refuses other users.
  (process.getuid?.() === 0 ? it.skip : it)('refuses a read-only directory (exit 2)', async () => {
    const dir = join(root, 'read-only');
    mkdirSync(dir);
    chmodSync(dir, 0o500);
    try {
      const { code, stdout, stderr } = await demo(['--report-dir', dir]);
      expect({ code, stdout }).toEqual({ code: 2, stdout: '' });
      expect(stderr).toContain(`--report-dir: ${dir}: cannot write there`);
    } finally {
      chmodSync(dir, 0o700);
    }
  });

  it('says so, writes no HTML and still exits by the stories when the accounts cannot be listed', async () => {
    const { io, out } = capture();
    const dir = join(root, 'unlisted');
    await runDemoCommand({ format: 'text', seed: '1', reportDir: dir }, io, {
      stories: [],
      prepare: (sb) =>
        sb.faults.add({ service: 'organizations', operation: 'ListAccounts', kind: 'access-denied' }),
    });
    const lines = out.stdout.trimEnd().split('\n');
    expect(lines.slice(lines.indexOf(HEADER)).at(-1)).toMatch(
      /^ {2}nothing could be read: cannot list the organization's accounts: .*AccessDenied/,
    );
    expect(existsSync(join(dir, 'posture.html'))).toBe(false);
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
