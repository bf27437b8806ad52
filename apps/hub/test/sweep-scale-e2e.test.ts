/**
 * The sweep's calls at organization scale, on the sandbox: one message per account (its regions
 * together), so one AssumeRole serves all of an account's regions even when every batch lands
 * on a fresh instance; the planner's listing stands in for DescribeAccount; an account
 * suspended between planning and processing is skipped and reported, not acted on or alerted.
 */
import { DEFAULT_TAG_KEYS } from '@guardrail/core';
import type { Sandbox } from '@guardrail/sandbox';
import { captureStdoutPerTest } from './support/stdout';
import { createSweepOrg } from './support/sweep-org';
import { HUB, PROD, UNENROLLED } from './support/world';

const TAG = DEFAULT_TAG_KEYS.policy;
const REGIONS = ['eu-west-1', 'us-east-1', 'ap-southeast-2', 'sa-east-1'];
/** Twelve more enrolled accounts, so that every count below is per account, not per target. */
const EXTRA = Array.from({ length: 12 }, (_, i) => ({ id: String(310000000000 + i), name: `team-${i}` }));
/** Enrolled and ACTIVE: the hub account, prod and the extra ones (not legacy-unenrolled: no role). */
const ENROLLED = [HUB, PROD, ...EXTRA.map((a) => a.id)];

const perm = (port: number) => ({
  IpProtocol: 'tcp',
  FromPort: port,
  ToPort: port,
  IpRanges: [{ CidrIp: '0.0.0.0/0' }],
});

/** Calls by operation, and AssumeRole calls by the member role they asked for. */
function callsOf(sb: Sandbox, operation: string) {
  return sb.calls.filter((c) => c.operation === operation);
}

const out = captureStdoutPerTest();

describe('the sweep at scale on the sandbox', () => {
  it('assumes each account role once for all its regions and asks Organizations about no target, even with a fresh instance per message', async () => {
    const org = createSweepOrg({ GUARDRAIL_SWEEP_REGIONS: REGIONS.join(',') }, { members: EXTRA });
    // One violating opted-in group per enrolled account and region.
    const groups = ENROLLED.flatMap((account) =>
      REGIONS.map((region) => ({
        account,
        region,
        groupId: org.sb.ec2.seedSecurityGroup({
          account,
          region,
          groupName: 'bastion',
          tags: { [TAG]: 'no-public-admin-ports' },
          ingress: [perm(22)],
        }),
      })),
    );
    const plan = await org.sweep.handler({ guardrail: 'sweep', sweepId: 'scale-1' });
    const accounts = ENROLLED.length + 1; // and legacy-unenrolled
    expect(plan).toMatchObject({ accounts, targets: accounts * REGIONS.length, messages: accounts });
    const planned = org.sb.calls.length;

    // The deployed worst case: one message per batch, each on an instance of its own.
    const drained = await org.drain({ batchSize: 1, coldInstances: true });

    expect(drained).toEqual({ records: accounts, failures: 0 });
    for (const { account, region, groupId } of groups)
      expect(org.ingress(groupId, account, region)).toEqual([]);
    const calls = org.sb.calls.slice(planned);
    const sts = calls.filter((c) => c.operation === 'AssumeRole');
    // Per instance: the org read role once (for the account that needed a lookup) and the
    // account's remediation role once; never one per region.
    const remediationSessions = new Set(
      calls.filter((c) => c.service === 'ec2').map((c) => `${c.account} ${c.principalArn}`),
    );
    expect(remediationSessions.size).toBe(ENROLLED.length);
    expect(sts.length).toBeLessThanOrEqual(accounts * 2);
    expect(sts.length).toBeLessThan(accounts * REGIONS.length);
    // The planner listed every account ACTIVE: no DescribeAccount for any of them. Only the
    // account whose listing was denied is asked again (is it still ACTIVE?), once.
    expect(callsOf(org.sb, 'DescribeAccount').length).toBe(1);
    expect(
      org
        .alerts()
        .filter((a) => a.kind === 'account-error')
        .map((a) => a.account.id),
    ).toEqual(REGIONS.map(() => UNENROLLED));
    org.destroy();
  });

  it('skips and reports an account suspended between planning and processing, without acting on it or alerting', async () => {
    const org = createSweepOrg({ GUARDRAIL_SWEEP_REGIONS: REGIONS.slice(0, 2).join(',') });
    const bastion = org.sb.ec2.seedSecurityGroup({
      account: PROD,
      region: REGIONS[0] as string,
      groupName: 'bastion',
      tags: { [TAG]: 'no-public-admin-ports' },
      ingress: [perm(22)],
    });
    const plan = await org.sweep.handler({ guardrail: 'sweep', sweepId: 'suspended-1' });
    expect(plan.accounts).toBe(3);
    // The organization's admin suspends prod after the planner listed it ACTIVE.
    org.sb.organization.setStatus(PROD, 'SUSPENDED');
    expect(await org.drain()).toEqual({ records: 3, failures: 0 });

    // Not acted on: the group is as it was, and no alert names prod.
    expect(org.ingress(bastion, PROD, REGIONS[0])).toEqual(['tcp 22 0.0.0.0/0']);
    expect(org.alerts().filter((a) => a.account.id === PROD)).toEqual([]);
    // Reported: each of its targets skipped, with the state Organizations gave when asked again
    // (once per account: both regions came in one message).
    const skipped = out.lines().filter((l) => l.message === 'sweep target skipped' && l.account === PROD);
    expect(skipped.map((l) => [l.region, l.reason]).sort()).toEqual(
      REGIONS.slice(0, 2)
        .map((region) => [region, 'account is SUSPENDED (since the sweep was planned)'])
        .sort(),
    );
    // Asked again once per account whose listing was denied: prod, and legacy-unenrolled.
    expect(callsOf(org.sb, 'DescribeAccount')).toHaveLength(2);
    org.destroy();
  });
});
