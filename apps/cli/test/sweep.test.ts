/**
 * `guardrail sweep` on the sandbox, in-process: it plans the sweep onto a queue (here the test
 * organization's one queue stands in for the sweep queue), and `guardrail hub run` on that queue
 * reconciles the targets (the sweep wired into the CLI's hub).
 */
import { readSweepTarget } from '@guardrail/engine';
import { publishedAlerts } from '@guardrail/testkit';
import { runSweep } from '../src/commands/sweep';
import { ACCOUNTS, PRIMARY_REGION, SSH_WORLD, TAG_POLICY } from '../src/demo/organization';
import { runHub } from '../src/hub/command';
import { CliCommandFailed, CliInputError } from '../src/io';
import { run } from '../src/main';
import { capture, type TestOrganization, testOrganization } from './support/org';

describe('guardrail sweep', () => {
  let s: TestOrganization;
  beforeEach(() => {
    s = testOrganization(11);
  });
  afterEach(() => s.org.destroy());

  it('enqueues one target per enrolled account and region, and prints the counts', async () => {
    const { io, out } = capture();
    const plan = await runSweep(
      { queueUrl: s.queueUrl, regions: 'eu-west-1,us-east-1' },
      { io, env: s.env, aws: s.aws, now: s.clock.now },
    );

    // hub, prod, staging, sandbox-dev: every member but the management account.
    const members = [ACCOUNTS.hub, ACCOUNTS.prod, ACCOUNTS.staging, ACCOUNTS.dev].map((a) => a.id).sort();
    expect(plan).toMatchObject({ accounts: 4, regions: ['eu-west-1', 'us-east-1'], targets: 8, enqueued: 8 });
    // One message per account, naming its regions.
    const messages = s.org.sb.sqs.messages(s.queueUrl).map((m) => readSweepTarget(JSON.parse(m.Body)));
    expect(messages).toHaveLength(4);
    const pairs = messages.flatMap((m) =>
      m.status === 'target' ? m.targets.map((t) => `${t.account}/${t.region}`) : [m.status],
    );
    expect(pairs.sort()).toEqual(members.flatMap((a) => [`${a}/eu-west-1`, `${a}/us-east-1`]).sort());
    expect(out.stdout).toContain(
      `sweep ${plan.sweepId}: 4 accounts x 2 regions (eu-west-1, us-east-1) = 8 targets, 8 enqueued on ${s.queueUrl}`,
    );
  });

  it('sweeps the configured region by default, and `hub run` fixes the drift the targets find', async () => {
    // Drift no event reported: SSH open to the world on an opted-in group.
    const groupId = s.org.seedGroup({
      account: 'prod',
      region: PRIMARY_REGION,
      name: 'bastion',
      tags: { [TAG_POLICY]: 'no-public-admin-ports' },
      ingress: [SSH_WORLD],
    });
    const { io } = capture();
    const plan = await runSweep({ queueUrl: s.queueUrl }, { io, env: s.env, aws: s.aws, now: s.clock.now });
    expect(plan).toMatchObject({ regions: [PRIMARY_REGION], targets: 4, enqueued: 4 });

    const controller = new AbortController();
    const hub = runHub(
      { queueUrl: s.queueUrl, waitSeconds: '1' },
      { io, env: s.env, signal: controller.signal, aws: s.aws, now: s.clock.now, retryDelayMs: 10 },
    );
    while (s.org.sb.sqs.messages(s.queueUrl).length > 0) await new Promise((r) => setTimeout(r, 5));
    controller.abort();
    const stats = await hub;

    expect(stats).toMatchObject({ records: 4, deleted: 4, leftForRedelivery: 0 });
    const rules = s.org.sb.ec2.getGroup(ACCOUNTS.prod.id, PRIMARY_REGION, groupId)?.rules ?? [];
    expect(rules.filter((r) => !r.IsEgress)).toEqual([]);
    const kinds = publishedAlerts(s.org.sb, s.org.topicArn)
      .map(({ document }) => `${document.kind} ${document.account.id}`)
      .sort();
    // The drift fixed in prod; the hub account and sandbox-dev have no remediation role.
    expect(kinds).toEqual(
      [
        `account-error ${ACCOUNTS.dev.id}`,
        `account-error ${ACCOUNTS.hub.id}`,
        `remediation ${ACCOUNTS.prod.id}`,
      ].sort(),
    );
  }, 30_000);

  it('reads Organizations as the hub does: the read role, session guardrail-org-read, the SourceIdentity', async () => {
    // Only a session carrying the configured SourceIdentity may assume the read role.
    const management = s.org.sb.organization.managementAccountId;
    s.org.sb.iam.deleteRole(management, 'guardrail-org-read');
    s.org.sb.iam.createRole(management, {
      roleName: 'guardrail-org-read',
      assumeRolePolicyDocument: {
        Statement: [
          {
            Effect: 'Allow',
            Principal: { AWS: s.org.hubRoleArn },
            Action: ['sts:AssumeRole', 'sts:SetSourceIdentity'],
            Condition: { StringEquals: { 'sts:SourceIdentity': 'guardrail-cli' } },
          },
        ],
      },
    });
    const { io } = capture();
    const env = { ...s.env, GUARDRAIL_SOURCE_IDENTITY: 'guardrail-cli' };
    const plan = await runSweep({ queueUrl: s.queueUrl }, { io, env, aws: s.aws, now: s.clock.now });

    expect(plan).toMatchObject({ accounts: 4 });
    const reads = s.org.sb.calls.filter((c) => c.service === 'organizations');
    expect(reads.length).toBeGreaterThan(0);
    for (const read of reads) {
      expect(read.principalArn).toBe(
        `arn:aws:sts::${management}:assumed-role/guardrail-org-read/guardrail-org-read`,
      );
    }
    // Without that SourceIdentity the read role refuses the session: the sweep fails.
    await expect(
      runSweep({ queueUrl: s.queueUrl }, { io, env: s.env, aws: s.aws, now: s.clock.now }),
    ).rejects.toBeInstanceOf(CliCommandFailed);
  });

  it('fails (exit 1) when the organization cannot be listed', async () => {
    s.org.sb.faults.add({ service: 'organizations', operation: 'ListAccounts', kind: 'access-denied' });
    const { io, out } = capture();
    await expect(
      runSweep({ queueUrl: s.queueUrl }, { io, env: s.env, aws: s.aws, now: s.clock.now }),
    ).rejects.toBeInstanceOf(CliCommandFailed);
    expect(out.stderr).toContain('cannot list the enrolled accounts');
    expect(s.org.sb.sqs.messages(s.queueUrl)).toEqual([]);
  });
});

describe('guardrail sweep: input', () => {
  const queueUrl = 'https://sqs.eu-west-1.amazonaws.com/222233334444/guardrail-events';

  it('needs a region', async () => {
    const { io } = capture();
    await expect(runSweep({ queueUrl }, { io, env: {} })).rejects.toThrow(CliInputError);
    await expect(runSweep({ queueUrl }, { io, env: {} })).rejects.toThrow(/no region to sweep/);
  });

  it.each([
    [['--regions', 'eu-west-1,Ireland'], '--regions'],
    [['--ou-ids', 'sales'], '--ou-ids'],
    [['--region', 'eu-west-1'], '--queue-url'],
  ])('rejects %j naming %s (exit 2)', async (args, named) => {
    const { io, out } = capture();
    const queue = named === '--queue-url' ? ['--queue-url', 'not a url'] : ['--queue-url', queueUrl];
    expect(await run(['sweep', ...queue, ...args], io)).toBe(2);
    expect(out.stderr).toContain(named);
  });

  it('names the variable when the environment is wrong', async () => {
    const { io } = capture();
    await expect(
      runSweep({ queueUrl, region: 'eu-west-1' }, { io, env: { GUARDRAIL_ORG_READ_ROLE_ARN: 'org-read' } }),
    ).rejects.toThrow(/GUARDRAIL_ORG_READ_ROLE_ARN/);
  });
});
