/**
 * The scheduled sweep end to end on the sandbox, wired as lambda.ts wires it (buildHub +
 * buildSweep from a parsed environment, real SDK clients through the sandbox plugin): drift
 * injected straight into EC2 with NO event is found and fixed by planSweep -> hub queue (SQS) ->
 * the hub handler's batch processing.
 */
import { DEFAULT_TAG_KEYS } from '@guardrail/core';
import { SWEEP_METRICS } from '@guardrail/engine';
import { OTHER_REGION } from '@guardrail/testkit';
import { captureStdoutPerTest, emfMetrics } from './support/stdout';
import { createSweepOrg as createOrg } from './support/sweep-org';
import { HUB, PROD, REGION, UNENROLLED } from './support/world';

const TAG = DEFAULT_TAG_KEYS.policy;

const perm = (port: number, cidr = '0.0.0.0/0') => ({
  IpProtocol: 'tcp',
  FromPort: port,
  ToPort: port,
  IpRanges: [{ CidrIp: cidr }],
});

const out = captureStdoutPerTest();

describe('the scheduled sweep on the sandbox', () => {
  it('finds and fixes drift no event reported, leaves untagged groups alone, and alerts an unenrolled account once', async () => {
    const org = createOrg();
    const seed = (groupName: string, tags: Record<string, string>, ingress: object[], account = PROD) =>
      org.sb.ec2.seedSecurityGroup({ account, region: REGION, groupName, tags, ingress });
    const ssh = seed('bastion', { [TAG]: 'no-public-admin-ports' }, [perm(22), perm(443)]);
    const web = seed('web', { [TAG]: 'web-public' }, [perm(80)]);
    const fine = seed('fine', { [TAG]: 'no-public-admin-ports' }, [perm(22, '10.0.0.0/8')]);
    const untagged = seed('untagged', { owner: 'ops' }, [perm(22)]);
    seed('stranded', { [TAG]: 'no-public-admin-ports' }, [perm(3389)], UNENROLLED);
    expect(org.sb.events).toEqual([]);

    const plan = await org.sweep.handler({ guardrail: 'sweep', sweepId: 'nightly-1' });
    // hub, prod, legacy: not the management account (no StackSet instance), not the suspended one.
    expect(plan).toMatchObject({
      sweepId: 'nightly-1',
      accounts: 3,
      regions: [REGION],
      targets: 3,
      enqueued: 3,
    });

    const drained = await org.drain();

    expect(drained).toEqual({ records: 3, failures: 0 });
    expect(org.ingress(ssh)).toEqual(['tcp 443 0.0.0.0/0']);
    // A missing 443 the group may never have had is not put back by a sweep: web-public has no
    // scope, and a tag alone never opens a group to the internet (no confused deputy).
    expect(org.ingress(web)).toEqual(['tcp 80 0.0.0.0/0']);
    expect(org.ingress(fine)).toEqual(['tcp 22 10.0.0.0/8']);
    expect(org.ingress(untagged)).toEqual(['tcp 22 0.0.0.0/0']);

    const alerts = org.alerts();
    const remediations = alerts.filter((a) => a.kind === 'remediation');
    expect(remediations.map((a) => a.group?.groupId).sort()).toEqual([ssh, web].sort());
    // Severity is what was exposed, drift or not: SSH to the world is critical, a missing 443 medium.
    const severityOf = (groupId: string) => remediations.find((a) => a.group?.groupId === groupId)?.severity;
    expect([severityOf(ssh), severityOf(web)]).toEqual(['critical', 'medium']);
    expect(remediations.find((a) => a.group?.groupId === web)?.findings).toMatchObject([
      {
        code: 'missing-required',
        decision: 'not-planned',
        reason: expect.stringContaining('not authorized'),
      },
    ]);
    for (const alert of remediations) {
      // Drift found by the sweep: no change behind it, every finding drift.
      expect(alert).toMatchObject({
        outcome: alert.group?.groupId === web ? 'failed' : 'remediated',
        changes: [],
        account: { id: PROD },
      });
      expect(alert.findings.length).toBeGreaterThan(0);
      expect(alert.findings.every((f) => f.cause === 'drift')).toBe(true);
    }
    const accountErrors = alerts.filter((a) => a.kind === 'account-error');
    expect(accountErrors).toHaveLength(1);
    expect(accountErrors[0]).toMatchObject({
      account: { id: UNENROLLED, name: 'legacy-unenrolled' },
      region: REGION,
    });
    expect(alerts).toHaveLength(3);

    const metrics = emfMetrics(out.lines());
    const total = (name: string) =>
      metrics.filter((m) => m.name === name).reduce((n, m) => n + Number(m.value), 0);
    expect(total(SWEEP_METRICS.targetsEnqueued)).toBe(3);
    expect(total(SWEEP_METRICS.groupsSwept)).toBe(3);
    expect(total(SWEEP_METRICS.violationsFound)).toBe(2);
    org.destroy();
  });

  it('publishes nothing on a second sweep over a compliant organization', async () => {
    const org = createOrg();
    org.sb.iam.createRole(UNENROLLED, {
      roleName: 'guardrail-remediation',
      assumeRolePolicyDocument: {
        Statement: [
          {
            Effect: 'Allow',
            Principal: { AWS: `arn:aws:iam::${HUB}:role/guardrail-hub` },
            Action: ['sts:AssumeRole', 'sts:SetSourceIdentity'],
          },
        ],
      },
    });
    const ssh = org.sb.ec2.seedSecurityGroup({
      account: PROD,
      region: REGION,
      groupName: 'bastion',
      tags: { [TAG]: 'no-public-admin-ports' },
      ingress: [perm(22)],
    });

    await org.sweep.handler({ guardrail: 'sweep', sweepId: 'first' });
    await org.drain();
    const afterFirst = org.alerts().length;
    expect(afterFirst).toBe(1);
    expect(org.ingress(ssh)).toEqual([]);

    const second = await org.sweep.handler({ guardrail: 'sweep', sweepId: 'second' });
    const drained = await org.drain();

    expect(second.enqueued).toBe(3);
    expect(drained).toEqual({ records: 3, failures: 0 });
    expect(org.alerts()).toHaveLength(afterFirst);
    const mutations = org.sb.calls.filter((c) => c.service === 'ec2' && !c.operation.startsWith('Describe'));
    expect(mutations.map((c) => c.operation)).toEqual(['RevokeSecurityGroupIngress']);
    org.destroy();
  });

  it('fans out over every target region, and retries a failing target until it is swept', async () => {
    const org = createOrg({ GUARDRAIL_SWEEP_REGIONS: `${REGION}, ${OTHER_REGION}` });
    const far = org.sb.ec2.seedSecurityGroup({
      account: PROD,
      region: OTHER_REGION,
      groupName: 'far',
      tags: { [TAG]: 'no-public-admin-ports' },
      ingress: [perm(3389)],
    });
    // Failing past the SDK's attempts once: that target's record fails and is received again.
    org.sb.faults.add({
      service: 'ec2',
      operation: 'DescribeSecurityGroups',
      account: PROD,
      region: OTHER_REGION,
      kind: 'server-error',
      times: 2,
    });

    const plan = await org.sweep.handler({ guardrail: 'sweep', sweepId: 'regions' });
    expect(plan).toMatchObject({ targets: 6, enqueued: 6, regions: [REGION, OTHER_REGION] });
    const first = await org.drain();
    expect(first.failures).toBe(1);
    expect(org.ingress(far, PROD, OTHER_REGION)).toEqual(['tcp 3389 0.0.0.0/0']);

    // The failed message becomes visible again after its visibility timeout (30 s).
    org.advance(31_000);
    const second = await org.drain();

    expect(second).toEqual({ records: 1, failures: 0 });
    expect(org.ingress(far, PROD, OTHER_REGION)).toEqual([]);
    const alerts = org.alerts();
    expect(
      alerts.filter((a) => a.kind === 'remediation').map((a) => `${a.region} ${a.group?.groupId}`),
    ).toEqual([`${OTHER_REGION} ${far}`]);
    // The unenrolled account: one alert per region of the sweep.
    expect(
      alerts
        .filter((a) => a.kind === 'account-error')
        .map((a) => `${a.account.id} ${a.region}`)
        .sort(),
    ).toEqual([`${UNENROLLED} ${REGION}`, `${UNENROLLED} ${OTHER_REGION}`].sort());
    org.destroy();
  });
});
