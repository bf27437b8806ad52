/**
 * `guardrail report` against the sandbox, through the real SDK clients, as an account's admin
 * would run it with their own credentials: every opted-in group's posture, and the regions it
 * could not read, in each format.
 */
import { type ReportOptions, runReport } from '../src/commands/report';
import { ACCOUNTS, PRIMARY_REGION, TAG_POLICY } from '../src/demo/organization';
import { CliCommandFailed } from '../src/io';
import { run } from '../src/main';
import { capture, testOrganization } from './support/org';

function world() {
  const { org } = testOrganization(11);
  const seed = (name: string, tags: Record<string, string>, ssh = false) =>
    org.seedGroup({
      account: 'prod',
      region: PRIMARY_REGION,
      name,
      tags,
      ...(ssh
        ? { ingress: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] }
        : {}),
    });
  const ok = seed('web', { [TAG_POLICY]: 'no-public-admin-ports' });
  const open = seed('db', { [TAG_POLICY]: 'no-public-admin-ports' }, true);
  const odd = seed('odd', { [TAG_POLICY]: 'no-such-policy' });
  seed('untagged', {}, true);
  const aws = {
    plugins: [org.sb.plugin()],
    credentials: org.sb.credentialsFor(org.people.alice.principalArn),
  };
  return { org, aws, ok, open, odd };
}

/** The command as `run` would call it, with the sandbox's clients; its exit status (0, or 1 when not all compliant). */
async function report(w: { aws: object }, options: Partial<ReportOptions>) {
  const { io, out } = capture();
  try {
    await runReport({ region: PRIMARY_REGION, format: 'text', ...options }, { io, aws: w.aws });
    return { code: 0, out };
  } catch (error) {
    if (error instanceof CliCommandFailed) return { code: 1, out };
    throw error;
  }
}

describe('guardrail report', () => {
  it('lists every opted-in group with its status and severity, the worst first (json), and exits 1', async () => {
    const w = world();
    const { code, out } = await report(w, { format: 'json' });
    expect(code).toBe(1);
    const posture = JSON.parse(out.stdout);
    expect(posture).toMatchObject({ schemaVersion: 1, unreadable: [] });
    expect(
      posture.groups.map(
        (g: { groupId: string; status: string; severity: string }) =>
          `${g.groupId} ${g.status} ${g.severity}`,
      ),
    ).toEqual([
      `${w.open} violating critical`,
      expect.stringMatching(/ (compliant|misconfigured) (info|medium)$/),
      expect.stringMatching(/ (compliant|misconfigured) (info|medium)$/),
    ]);
    expect(posture.groups[0]).toMatchObject({
      account: ACCOUNTS.prod.id,
      region: PRIMARY_REGION,
      policy: 'no-public-admin-ports',
      mode: 'enforce',
    });
    expect(posture.groups[0].violations).toEqual([
      expect.objectContaining({ rule: 'tcp 22 from 0.0.0.0/0', severity: 'critical' }),
    ]);
    expect(posture.summary).toMatchObject({
      groups: 3,
      compliant: 1,
      violating: 1,
      misconfigured: 1,
      unreadable: 0,
    });
  });

  it('names each region it could not read, with the reason, and still reports the others', async () => {
    const w = world();
    w.org.sb.faults.add({
      service: 'ec2',
      operation: 'DescribeSecurityGroups',
      region: 'us-east-1',
      kind: 'access-denied',
    });
    const { code, out } = await report(w, { region: `${PRIMARY_REGION},us-east-1` });
    expect(code).toBe(1);
    expect(out.stdout).toContain(`unreadable: ${ACCOUNTS.prod.id} us-east-1: UnauthorizedOperation`);
    expect(out.stdout).toContain('3 opted-in groups: 1 compliant, 1 violating, 1 misconfigured (1 critical');
    expect(out.stdout).toContain('1 account x region unreadable');
    expect(out.stdout.split('\n')[0]).toMatch(/^severity +status +account +region +group/);
  });

  it('writes CSV (one row per violation, quoted as RFC 4180) and Markdown', async () => {
    const w = world();
    const csv = (await report(w, { format: 'csv' })).out.stdout.trimEnd().split('\r\n');
    expect(csv[0]).toBe(
      'account,account_name,region,group,name,vpc,policy,mode,status,severity,violation,rule,violation_severity,reason,exceptions',
    );
    expect(csv).toHaveLength(4);
    expect(csv[1]).toMatch(new RegExp(`^${ACCOUNTS.prod.id},,${PRIMARY_REGION},${w.open},db,`));
    expect(csv[1]).toContain(',denied,tcp 22 from 0.0.0.0/0,critical,');
    const md = (await report(w, { format: 'markdown' })).out.stdout;
    expect(md).toContain('| severity | status | account | region | group |');
    expect(md).toContain(
      `| critical | violating | ${ACCOUNTS.prod.id} | ${PRIMARY_REGION} | ${w.open} | db |`,
    );
  });

  it('exits 0 when everything read is compliant', async () => {
    const { org } = testOrganization(12);
    org.seedGroup({
      account: 'prod',
      region: PRIMARY_REGION,
      name: 'web',
      tags: { [TAG_POLICY]: 'no-public-admin-ports' },
    });
    const aws = {
      plugins: [org.sb.plugin()],
      credentials: org.sb.credentialsFor(org.people.alice.principalArn),
    };
    const { code, out } = await report({ aws }, {});
    expect(code).toBe(0);
    expect(out.stdout).toContain('1 opted-in group: 1 compliant, 0 violating, 0 misconfigured (1 info)');
  });

  it('refuses a bad region, format or policy file (exit 2, one message), before any AWS call', async () => {
    const cli = async (args: string[]) => {
      const { io, out } = capture();
      return { code: await run(['report', ...args], io), stderr: out.stderr };
    };
    expect(await cli(['--region', 'mars-1'])).toEqual({
      code: 2,
      stderr:
        'error: --region: "mars-1" is not an AWS region (e.g. eu-west-1; several: eu-west-1,us-east-1)\n',
    });
    expect(await cli(['--region', PRIMARY_REGION, '--format', 'pdf'])).toEqual({
      code: 2,
      stderr: 'error: --format: "pdf" is not one of text, json, csv, markdown, html\n',
    });
    const policies = await cli(['--region', PRIMARY_REGION, '--policies', '/no/such/file.yaml']);
    expect(policies.code).toBe(2);
    expect(policies.stderr).toMatch(/^error: .*\/no\/such\/file\.yaml.*cannot read/);
    expect(policies.stderr.trim().split('\n')).toHaveLength(1);
  });
});
