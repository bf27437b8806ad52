/**
 * What the hub asks of AWS per event and per sweep target, end to end on the sandbox through the
 * Lambda handler and the real SDK clients, counted from the sandbox's call log: a plain authorize
 * is one read (DescribeSecurityGroups), the revoke and the publish; a ModifySecurityGroupRules
 * still resolves the rule ids; the revoke by IpPermission takes only the violating rule; a sweep
 * lists the rules of many groups per call.
 */
import { AuthorizeSecurityGroupIngressCommand, ModifySecurityGroupRulesCommand } from '@aws-sdk/client-ec2';
import { sweepTargetBody } from '@guardrail/engine';
import type { CallRecord } from '@guardrail/sandbox';
import { captureStdoutPerTest } from './support/stdout';
import { createWorld, PROD, REGION, type World } from './support/world';

const POLICY = { 'guardrail:policy': 'no-public-admin-ports' };
const HTTPS_WORLD = { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '0.0.0.0/0' }] };
const SSH_OFFICE = { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '10.0.0.0/8' }] };

function seed(world: World, name: string, ingress: object[] = [HTTPS_WORLD, SSH_OFFICE]): string {
  return world.sb.ec2.seedSecurityGroup({
    account: PROD,
    region: REGION,
    groupName: name,
    tags: POLICY,
    ingress,
  });
}

/** The calls made while `work` ran, as `service:Operation`, sorted. */
async function callsDuring(
  world: World,
  work: () => Promise<unknown>,
): Promise<{ names: string[]; calls: CallRecord[] }> {
  const first = world.sb.calls.length;
  await work();
  const calls = world.sb.calls.slice(first);
  return { names: calls.map((c) => `${c.service}:${c.operation}`).sort(), calls };
}

async function openSsh(world: World, groupId: string, ranges = [{ CidrIp: '0.0.0.0/0' }]) {
  await world.aliceEc2.send(
    new AuthorizeSecurityGroupIngressCommand({
      GroupId: groupId,
      IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: ranges }],
    }),
  );
  return world.take();
}

const out = captureStdoutPerTest();

describe('AWS calls per event and per sweep target', () => {
  it('a plain authorize event: DescribeSecurityGroups, the revoke, the publish, and nothing else once warm', async () => {
    const world = createWorld();
    // Cold: the roles are assumed (the member's, the Organizations reader's) and the account
    // looked up, once; EC2 is read with one call all the same.
    const first = seed(world, 'first');
    const opened = await openSsh(world, first);
    const cold = await callsDuring(world, () => world.deliver(opened));
    expect(cold.names.filter((n) => !n.startsWith('sts:') && !n.startsWith('organizations:'))).toEqual([
      'ec2:DescribeSecurityGroups',
      'ec2:RevokeSecurityGroupIngress',
      'sns:Publish',
    ]);
    expect(cold.names).toContain('organizations:DescribeAccount');

    const groupId = seed(world, 'second');
    const events = await openSsh(world, groupId);
    const warm = await callsDuring(world, () => world.deliver(events));
    expect(warm.names).toEqual([
      'ec2:DescribeSecurityGroups',
      'ec2:RevokeSecurityGroupIngress',
      'sns:Publish',
    ]);
    expect(world.ingress(groupId)).toEqual(['tcp 22 10.0.0.0/8', 'tcp 443 0.0.0.0/0']);
    const [alert] = world.alerts().slice(-1);
    expect(alert?.document).toMatchObject({
      kind: 'remediation',
      outcome: 'remediated',
      severity: 'critical',
    });
    // The alert still names the rule the event added, with the id EC2 gave it.
    const authorize = events.find((e) => e.detail.eventName === 'AuthorizeSecurityGroupIngress');
    const added = authorize?.detail.responseElements as {
      securityGroupRuleSet?: { items?: { securityGroupRuleId: string }[] };
    };
    const addedId = added.securityGroupRuleSet?.items?.[0]?.securityGroupRuleId;
    expect(addedId).toMatch(/^sgr-/);
    expect(alert?.text).toContain(addedId);
    expect(out.lines().some((l) => l.message === 'group reconciled' && l.groupId === groupId)).toBe(true);
  });

  it('revokes only the violating rule: not the compliant one of the same protocol and ports, nor the other ranges of its permission', async () => {
    const world = createWorld();
    const groupId = seed(world, 'shared-ports');
    // One permission, three ranges: one open to the world (described), two private.
    await world.aliceEc2.send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: groupId,
        IpPermissions: [
          {
            IpProtocol: 'tcp',
            FromPort: 22,
            ToPort: 22,
            IpRanges: [
              { CidrIp: '0.0.0.0/0', Description: 'quick debug' },
              { CidrIp: '192.168.0.0/16', Description: 'lab' },
              { CidrIp: '172.16.0.0/12' },
            ],
          },
        ],
      }),
    );
    await world.deliver(world.take());

    expect(world.ingress(groupId)).toEqual([
      'tcp 22 10.0.0.0/8',
      'tcp 22 172.16.0.0/12',
      'tcp 22 192.168.0.0/16',
      'tcp 443 0.0.0.0/0',
    ]);
    expect(world.group(groupId).rules.find((r) => r.CidrIpv4 === '192.168.0.0/16')?.Description).toBe('lab');
    // One revoke, naming the one violating range and nothing else.
    const revokes = world.take().filter((e) => e.detail.eventName === 'RevokeSecurityGroupIngress');
    expect(revokes).toHaveLength(1);
    const request = JSON.stringify(revokes[0]?.detail.requestParameters);
    expect(request).toContain('0.0.0.0/0');
    for (const kept of ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16']) expect(request).not.toContain(kept);
    expect(world.alerts().map((a) => a.document.outcome)).toEqual(['remediated']);
  });

  it('a ModifySecurityGroupRules event still resolves the rule ids, and the modified rule is revoked by its id', async () => {
    const world = createWorld();
    const warm = seed(world, 'warm');
    await world.deliver(await openSsh(world, warm));
    const groupId = seed(world, 'modified');
    const office = world.group(groupId).rules.find((r) => r.CidrIpv4 === '10.0.0.0/8');
    await world.aliceEc2.send(
      new ModifySecurityGroupRulesCommand({
        GroupId: groupId,
        SecurityGroupRules: [
          {
            SecurityGroupRuleId: office?.SecurityGroupRuleId,
            SecurityGroupRule: { IpProtocol: 'tcp', FromPort: 3389, ToPort: 3389, CidrIpv4: '0.0.0.0/0' },
          },
        ],
      }),
    );
    const events = world.take();
    const { names } = await callsDuring(world, () => world.deliver(events));

    expect(names).toEqual([
      'ec2:DescribeSecurityGroupRules',
      'ec2:DescribeSecurityGroups',
      'ec2:RevokeSecurityGroupIngress',
      'sns:Publish',
    ]);
    expect(world.ingress(groupId)).toEqual(['tcp 443 0.0.0.0/0']);
    const revoke = world.take().find((e) => e.detail.eventName === 'RevokeSecurityGroupIngress');
    expect(JSON.stringify(revoke?.detail.requestParameters)).toContain(office?.SecurityGroupRuleId);
    const [alert] = world.alerts().slice(-1);
    expect(alert?.document).toMatchObject({ outcome: 'remediated', severity: 'critical' });
    // The finding is tied to the modification that made it (matched by the rule's id).
    expect(alert?.document.findings?.[0]).toMatchObject({
      cause: 'change',
      ruleId: office?.SecurityGroupRuleId,
    });
  });

  it('a sweep target lists the rules of many groups per call, not one call per group', async () => {
    const world = createWorld();
    const ids = Array.from({ length: 250 }, (_, i) => seed(world, `swept-${i}`));
    // Drift on a few of them, its events never delivered.
    for (const groupId of ids.slice(0, 3)) await openSsh(world, groupId);

    const { names } = await callsDuring(world, () =>
      world.deliverSweep([sweepTargetBody('sweep-1', PROD, REGION)]),
    );

    const count = (name: string) => names.filter((n) => n === name).length;
    // 250 groups: one page of groups, their rules in two calls (200 + 50 group ids).
    expect(count('ec2:DescribeSecurityGroups')).toBe(1);
    expect(count('ec2:DescribeSecurityGroupRules')).toBe(2);
    expect(count('ec2:RevokeSecurityGroupIngress')).toBe(3);
    // Their three alerts in one SNS call.
    expect(count('sns:PublishBatch')).toBe(1);
    expect(count('sns:Publish')).toBe(0);
    expect(world.alerts()).toHaveLength(3);
    for (const groupId of ids.slice(0, 3))
      expect(world.ingress(groupId)).toEqual(['tcp 22 10.0.0.0/8', 'tcp 443 0.0.0.0/0']);
  });
});
