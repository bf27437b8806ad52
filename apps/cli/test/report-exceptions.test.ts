/**
 * The exceptions in force on each group, with when they expire, in every format of
 * `guardrail report`; and the report written to a file (`--out`), and base credentials taken from
 * a named profile (`--profile`).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PRIMARY_REGION } from '../src/demo/organization';
import { run } from '../src/main';
import { ACCOUNTS, orgWorld, report } from './report-world';
import { capture } from './support/org';

function policiesWithExceptions(dir: string, db: string): string {
  const file = join(dir, 'policies.yaml');
  writeFileSync(
    file,
    `version: 1
exceptions:
  - id: SEC-101
    account: "${ACCOUNTS.prod.id}"
    groupId: ${db}
    direction: ingress
    match: { protocol: tcp, ports: 22, peer: { cidr: 0.0.0.0/0 } }
    expires: 2027-01-01T00:00:00Z
    reason: vendor migration, CHG-1234
  - account: "${ACCOUNTS.prod.id}"
    direction: ingress
    match: { protocol: tcp, ports: 3389, peer: internet }
    expires: 2026-06-30
    reason: not used yet
`,
  );
  return file;
}

describe('guardrail report: exceptions in force', () => {
  const dir = mkdtempSync(join(tmpdir(), 'guardrail-report-'));
  const w = orgWorld(61);
  const policies = policiesWithExceptions(dir, w.db);
  const as = (format: string) =>
    report(w.aws, { org: true, orgRoleArn: w.orgReadRoleArn, policies, format, quiet: true });

  it('json: each group carries them as the model says, and the one they cover is compliant', async () => {
    const groups = JSON.parse((await as('json')).out.stdout).groups;
    const db = groups.find((g: { groupId: string }) => g.groupId === w.db);
    expect(db).toMatchObject({ status: 'compliant', accountName: 'prod' });
    expect(db.exceptions).toEqual([
      {
        id: 'SEC-101',
        direction: 'ingress',
        reason: 'vendor migration, CHG-1234',
        expires: '2027-01-01T00:00:00Z',
        applied: true,
      },
      {
        id: 'exceptions[1]',
        direction: 'ingress',
        reason: 'not used yet',
        expires: '2026-06-30',
        applied: false,
      },
    ]);
    const web = groups.find((g: { groupId: string }) => g.groupId === w.web);
    expect(web.exceptions.map((e: { id: string }) => e.id)).toEqual(['exceptions[1]']);
  });

  it('text: an indented line under the group for each, with its expiry and reason', async () => {
    const lines = (await as('text')).out.stdout.split('\n');
    const row = lines.findIndex((l) => l.includes(w.db));
    expect(lines[row]).toMatch(
      new RegExp(`^info +compliant +${ACCOUNTS.prod.id} \\(prod\\) +${PRIMARY_REGION} +${w.db}`),
    );
    expect(lines.slice(row + 1, row + 3)).toEqual([
      '    exception SEC-101 (until 2027-01-01T00:00:00Z) ingress: vendor migration, CHG-1234',
      '    exception exceptions[1] (until 2026-06-30, unused) ingress: not used yet',
    ]);
  });

  it('csv: an exceptions column; markdown: an exceptions column', async () => {
    const csv = (await as('csv')).out.stdout.split('\r\n');
    // One cell, the last column (quoted: ", unused" has a comma).
    expect(csv.find((l) => l.includes(w.db))).toMatch(
      /,"SEC-101 \(until 2027-01-01T00:00:00Z\); exceptions\[1\] \(until 2026-06-30, unused\)"$/,
    );
    const md = (await as('markdown')).out.stdout.split('\n');
    expect(md[4]).toMatch(/\| findings \| exceptions \|$/);
    expect(md.find((l) => l.includes(w.db))).toMatch(
      / \| SEC-101 \(until 2027-01-01T00:00:00Z\); exceptions\[1\] \(until 2026-06-30, unused\) \|$/,
    );
  });
});

describe('guardrail report --out and --profile', () => {
  it('--out writes the report to the file, says so on stderr, and prints nothing on stdout', async () => {
    const w = orgWorld(62);
    const file = join(mkdtempSync(join(tmpdir(), 'guardrail-report-')), 'posture.json');
    // As alice, an admin of prod, with her own credentials: prod's two groups.
    const alice = { ...w.aws, credentials: w.org.sb.credentialsFor(w.org.people.alice.principalArn) };
    const { code, out } = await report(alice, {
      region: PRIMARY_REGION,
      format: 'json',
      out: file,
      quiet: true,
    });
    expect(code).toBe(1);
    expect(out.stdout).toBe('');
    expect(out.stderr).toBe(`wrote ${file}\n`);
    expect(JSON.parse(readFileSync(file, 'utf8')).groups).toHaveLength(2);
  });

  it('--format html --out writes the one self-contained page', async () => {
    const w = orgWorld(64);
    const file = join(mkdtempSync(join(tmpdir(), 'guardrail-report-')), 'posture.html');
    const { out } = await report(w.aws, {
      org: true,
      orgRoleArn: w.orgReadRoleArn,
      format: 'html',
      out: file,
      quiet: true,
    });
    expect(out).toEqual({ stdout: '', stderr: `wrote ${file}\n` });
    const html = readFileSync(file, 'utf8');
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain(w.db);
  });

  it('--out into a directory that does not exist is bad input, before any AWS call', async () => {
    const { io, out } = capture();
    const code = await run(['report', '--region', PRIMARY_REGION, '--out', '/no/such/dir/report.html'], io);
    expect({ code, stderr: out.stderr }).toEqual({
      code: 2,
      stderr: 'error: --out: /no/such/dir/report.html: no such directory: /no/such/dir\n',
    });
  });

  it('--profile reads the base credentials from that profile of the shared credentials file', async () => {
    const w = orgWorld(63);
    const keys = w.org.sb.credentialsFor(w.org.people.alice.principalArn);
    const dir = mkdtempSync(join(tmpdir(), 'guardrail-profile-'));
    writeFileSync(
      join(dir, 'credentials'),
      `[audit]\naws_access_key_id = ${keys.accessKeyId}\naws_secret_access_key = ${keys.secretAccessKey}\n`,
    );
    writeFileSync(join(dir, 'config'), '');
    const saved = { ...process.env };
    Object.assign(process.env, {
      AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'),
      AWS_CONFIG_FILE: join(dir, 'config'),
    });
    for (const name of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE'])
      delete process.env[name];
    try {
      // The sandbox's plugin, but no injected credentials: the profile's keys (alice's, in prod) sign.
      const { json } = await report(
        { plugins: w.aws.plugins, maxAttempts: 1 },
        {
          region: PRIMARY_REGION,
          profile: 'audit',
          format: 'json',
          quiet: true,
        },
      ).then((r) => ({ json: JSON.parse(r.out.stdout) }));
      expect(json.targets).toEqual([
        expect.objectContaining({ account: ACCOUNTS.prod.id, status: 'read', groups: 2 }),
      ]);
    } finally {
      process.env = saved;
    }
  });
});
