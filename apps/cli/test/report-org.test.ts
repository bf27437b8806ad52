/**
 * `guardrail report --org` against the sandbox, through the real SDK clients, as the hub role
 * would run it: the organization's ACTIVE accounts listed through the org-read role, the
 * remediation role assumed in each, every region read; what cannot be read is a gap, never left out.
 */
import type { ClientPlugin } from '@guardrail/aws';
import type { AwsOverrides } from '@guardrail/engine';
import { PRIMARY_REGION, SECONDARY_REGION } from '../src/demo/organization';
import { run } from '../src/main';
import { ACCOUNTS, orgReport, orgWorld, report } from './report-world';
import { capture } from './support/org';

type Target = { account: string; accountName?: string; region: string; status: string };
type Gap = { account: string; accountName?: string; region: string; code: string; reason: string };

const cell = (t: Target) => `${t.account} ${t.accountName} ${t.region} ${t.status}`;

describe('guardrail report --org', () => {
  it('reads every ACTIVE account in every region but the management account: one target per account x region', async () => {
    const w = orgWorld(31);
    const { code, json } = await orgReport(w);
    expect(code).toBe(1);
    expect(json.targets.map(cell)).toEqual([
      `${ACCOUNTS.prod.id} prod ${PRIMARY_REGION} read`,
      `${ACCOUNTS.prod.id} prod ${SECONDARY_REGION} read`,
      `${ACCOUNTS.hub.id} security-tooling ${PRIMARY_REGION} unreadable`,
      `${ACCOUNTS.hub.id} security-tooling ${SECONDARY_REGION} unreadable`,
      `${ACCOUNTS.staging.id} staging ${PRIMARY_REGION} read`,
      `${ACCOUNTS.staging.id} staging ${SECONDARY_REGION} read`,
      `${ACCOUNTS.dev.id} sandbox-dev ${PRIMARY_REGION} unreadable`,
      `${ACCOUNTS.dev.id} sandbox-dev ${SECONDARY_REGION} unreadable`,
    ]);
    expect(json.targets).toContainEqual(
      expect.objectContaining({
        account: ACCOUNTS.prod.id,
        region: PRIMARY_REGION,
        groups: 2,
        worst: 'critical',
      }),
    );
    expect(
      json.groups.map((g: { groupId: string; accountName: string; status: string }) => [
        g.groupId,
        g.accountName,
        g.status,
      ]),
    ).toEqual([
      [w.db, 'prod', 'violating'],
      [w.web, 'prod', 'compliant'],
      [w.api, 'staging', 'compliant'],
    ]);
    expect(json.source).toEqual({ kind: 'live' });
  });

  it('an account without the role is a gap per region naming the account and AccessDenied; the others are still read', async () => {
    const w = orgWorld(32);
    const { json, out } = await orgReport(w);
    const dev = json.unreadable.filter((g: Gap) => g.account === ACCOUNTS.dev.id);
    expect(dev).toEqual(
      [PRIMARY_REGION, SECONDARY_REGION].map((region) => ({
        account: ACCOUNTS.dev.id,
        accountName: 'sandbox-dev',
        region,
        code: 'AccessDenied',
        reason: expect.stringMatching(
          new RegExp(
            `^cannot assume arn:aws:iam::${ACCOUNTS.dev.id}:role/guardrail-remediation in account ${ACCOUNTS.dev.id}: AccessDenied: `,
          ),
        ),
      })),
    );
    expect(json.summary).toMatchObject({ groups: 3, unreadable: 4 });
    expect(out.stderr).toBe('');
  });

  it('a role deleted since, or one whose trust refuses the SourceIdentity, is a gap too', async () => {
    const w = orgWorld(33);
    w.org.sb.iam.deleteRole(ACCOUNTS.staging.id, 'guardrail-remediation');
    // As the member stack deploys it: only the hub role, and only with the guardrail SourceIdentity.
    w.org.sb.iam.deleteRole(ACCOUNTS.prod.id, 'guardrail-remediation');
    w.org.sb.iam.createRole(ACCOUNTS.prod.id, {
      roleName: 'guardrail-remediation',
      assumeRolePolicyDocument: {
        Statement: [
          {
            Effect: 'Allow',
            Principal: { AWS: w.org.hubRoleArn },
            Action: ['sts:AssumeRole', 'sts:SetSourceIdentity'],
            Condition: { StringEquals: { 'sts:SourceIdentity': 'guardrail' } },
          },
        ],
      },
    });
    const byDefault = await orgReport(w, { region: PRIMARY_REGION });
    const unreadable = (json: { unreadable: Gap[] }) => json.unreadable.map((g) => `${g.account} ${g.code}`);
    expect(unreadable(byDefault.json)).toEqual([
      `${ACCOUNTS.hub.id} AccessDenied`,
      `${ACCOUNTS.staging.id} AccessDenied`,
      `${ACCOUNTS.dev.id} AccessDenied`,
    ]);
    const other = await orgReport(w, { region: PRIMARY_REGION, sourceIdentity: 'guardrail-report' });
    expect(unreadable(other.json)).toContain(`${ACCOUNTS.prod.id} AccessDenied`);
  });

  it('a region still throttled after the SDK retries is a gap with its throttling code; its other region is read', async () => {
    const w = orgWorld(34);
    w.org.sb.faults.add({
      service: 'ec2',
      operation: 'DescribeSecurityGroups',
      account: ACCOUNTS.staging.id,
      region: SECONDARY_REGION,
      kind: 'throttle',
    });
    const { code, json } = await orgReport(w);
    expect(code).toBe(1);
    expect(json.unreadable).toContainEqual({
      account: ACCOUNTS.staging.id,
      accountName: 'staging',
      region: SECONDARY_REGION,
      code: 'RequestLimitExceeded',
      reason: expect.stringContaining('Request limit exceeded'),
    });
    // Two attempts (the world's maxAttempts): the SDK retried before the region became a gap.
    const attempts = w.org.sb.calls.filter(
      (c) =>
        c.operation === 'DescribeSecurityGroups' &&
        c.account === ACCOUNTS.staging.id &&
        c.region === SECONDARY_REGION,
    );
    expect(attempts.map((c) => c.error)).toEqual(['RequestLimitExceeded', 'RequestLimitExceeded']);
    expect(json.targets).toContainEqual(
      expect.objectContaining({ account: ACCOUNTS.staging.id, region: PRIMARY_REGION, status: 'read' }),
    );
    expect(json.groups.map((g: { groupId: string }) => g.groupId)).not.toContain(w.api);
  });

  it('leaves suspended accounts out: nothing there to read', async () => {
    const w = orgWorld(35);
    w.org.sb.organization.setStatus(ACCOUNTS.staging.id, 'SUSPENDED');
    const { json } = await orgReport(w);
    expect(json.targets.map((t: Target) => t.account)).not.toContain(ACCOUNTS.staging.id);
    expect(json.unreadable.map((g: Gap) => g.account)).not.toContain(ACCOUNTS.staging.id);
    expect(json.targets).toHaveLength(6);
  });

  it('lists every page of the organization (more than one ListAccounts page)', async () => {
    const w = orgWorld(36);
    for (let i = 0; i < 20; i++)
      w.org.sb.addAccount({ id: `1000000000${String(i).padStart(2, '0')}`, name: `team-${i}` });
    const { json } = await orgReport(w, { region: PRIMARY_REGION });
    expect(json.targets).toHaveLength(24);
    expect(w.org.sb.calls.filter((c) => c.operation === 'ListAccounts').length).toBeGreaterThan(1);
  });

  it('opens its member sessions as guardrail-report, so CloudTrail tells them from the hub', async () => {
    const w = orgWorld(37);
    await orgReport(w, { region: PRIMARY_REGION });
    const reads = w.org.sb.calls.filter(
      (c) => c.operation === 'DescribeSecurityGroups' && c.account === ACCOUNTS.prod.id,
    );
    expect(reads.map((c) => c.principalArn)).toEqual([
      `arn:aws:sts::${ACCOUNTS.prod.id}:assumed-role/guardrail-remediation/guardrail-report`,
    ]);
  });

  it('fails in one line (exit 1) when the organization cannot be listed', async () => {
    const w = orgWorld(38);
    // The hub account is neither the management account nor a delegated administrator.
    const { code, out } = await report(w.aws, { org: true, region: PRIMARY_REGION, quiet: true });
    expect(code).toBe(1);
    expect(out.stdout).toBe('');
    expect(out.stderr).toMatch(/^error: cannot list the organization's accounts: .*AccessDeniedException/);
    expect(out.stderr.trim().split('\n')).toHaveLength(1);
  });
});

/** A client plugin that counts the EC2 calls in flight, around the SDK's retries and the sandbox. */
function inFlightCounter() {
  let now = 0;
  const counter = { max: 0 };
  const plugin: ClientPlugin = {
    applyToStack(stack) {
      stack.add(
        (next, context) => async (args) => {
          if (context.clientName !== 'EC2Client') return next(args);
          now += 1;
          counter.max = Math.max(counter.max, now);
          try {
            return await next(args);
          } finally {
            now -= 1;
          }
        },
        { step: 'initialize', name: 'countInFlight', priority: 'high' },
      );
    },
  };
  return { counter, plugin };
}

describe('guardrail report --org --concurrency', () => {
  async function maxInFlight(seed: number, concurrency: string): Promise<number> {
    const w = orgWorld(seed);
    // Each call takes a few real milliseconds, so reads that may overlap do.
    w.org.sb.setLatency({ ec2: 3 });
    const { counter, plugin } = inFlightCounter();
    const aws: AwsOverrides = { ...w.aws, plugins: [...(w.aws.plugins ?? []), plugin] };
    const { json } = await orgReport({ ...w, aws }, { concurrency });
    expect(json.targets).toHaveLength(8);
    return counter.max;
  }

  it('never has more account x regions in flight than asked, and does overlap them', async () => {
    expect(await maxInFlight(41, '1')).toBe(1);
    expect(await maxInFlight(42, '3')).toBeLessThanOrEqual(3);
    expect(await maxInFlight(43, '8')).toBeGreaterThan(3);
  });

  it('refuses options that mean nothing without --org, and bad values, before any AWS call (exit 2)', async () => {
    const cli = async (args: string[]) => {
      const { io, out } = capture();
      return { code: await run(['report', '--region', PRIMARY_REGION, ...args], io), stderr: out.stderr };
    };
    expect(await cli(['--role-name', 'auditor'])).toEqual({
      code: 2,
      stderr: 'error: --role-name needs --org\n',
    });
    expect(await cli(['--org-role-arn', 'arn:aws:iam::999999999999:role/x'])).toEqual({
      code: 2,
      stderr: 'error: --org-role-arn needs --org\n',
    });
    expect(await cli(['--org', '--org-role-arn', 'guardrail-org-read'])).toEqual({
      code: 2,
      stderr:
        'error: --org-role-arn: "guardrail-org-read" is not an IAM role ARN (arn:aws:iam::123456789012:role/name)\n',
    });
    expect(await cli(['--org', '--role-name', 'no spaces'])).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/^error: --role-name: "no spaces" is not an IAM role name/),
    });
    expect(await cli(['--org', '--source-identity', 'x'])).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/^error: --source-identity: "x" is not a SourceIdentity/),
    });
    for (const bad of ['0', '65', '2.5', 'many'])
      expect(await cli(['--concurrency', bad])).toEqual({
        code: 2,
        stderr: `error: --concurrency: "${bad}" is not a whole number from 1 to 64\n`,
      });
    expect(await cli(['--profile', ' '])).toEqual({
      code: 2,
      stderr: 'error: --profile: empty profile name\n',
    });
  });
});
