/**
 * The event path's read in one EC2 call (`readGroup(id, { ruleIds: false })`), the revoke of a
 * rule read that way by its one-peer IpPermission, and the sweep's listing of many groups' rules
 * in few calls: through the real EC2 client on the sandbox, counted from its call log.
 */
import { ipPermissionFromRule, type Rule } from '@guardrail/core';
import { SecurityGroupGateway } from '../src';
import { callsTo, createOrg, MEMBER, type Org, OTHER_MEMBER, REGION } from './fixture';

const WORLD = '0.0.0.0/0';

/** What the planner revokes for a rule without an id: its one-peer IpPermission, description left out. */
function revokeItem(rule: Rule, ownerId: string) {
  const { description: _description, ...bare } = rule;
  return { permission: ipPermissionFromRule(bare, { ownerId }) };
}

describe('SecurityGroupGateway.readGroup without rule ids', () => {
  let org: Org;
  let gateway: SecurityGroupGateway;
  let groupId: string;

  beforeEach(() => {
    org = createOrg();
    gateway = new SecurityGroupGateway(org.broker().ec2(MEMBER, REGION));
    groupId = org.sb.ec2.seedSecurityGroup({
      account: MEMBER,
      region: REGION,
      groupName: 'web',
      tags: { 'guardrail:policy': 'no-public-admin-ports', team: 'payments' },
      ingress: [
        {
          IpProtocol: 'tcp',
          FromPort: 22,
          ToPort: 22,
          IpRanges: [
            { CidrIp: WORLD, Description: 'opened by mistake' },
            { CidrIp: '10.0.0.0/8', Description: 'office' },
          ],
        },
        { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: WORLD }] },
      ],
    });
  });

  it('is one DescribeSecurityGroups: tags and every rule, one peer each, without ids', async () => {
    const before = org.sb.calls.length;
    const result = await gateway.readGroup(groupId, { ruleIds: false });
    // (The first call of the client also assumes the member role.)
    const ec2 = org.sb.calls.slice(before).filter((c) => c.service === 'ec2');
    expect(ec2.map((c) => c.operation)).toEqual(['DescribeSecurityGroups']);
    if (result.status !== 'found') throw new Error(`expected found, got ${JSON.stringify(result)}`);
    expect(result.group).toMatchObject({ groupId, groupName: 'web', ownerId: MEMBER, region: REGION });
    expect(result.group.tags).toEqual({ 'guardrail:policy': 'no-public-admin-ports', team: 'payments' });
    const ingress = result.group.rules.filter((r) => r.direction === 'ingress');
    expect(ingress.map((r) => `${r.fromPort} ${r.peer.kind === 'ipv4' ? r.peer.cidr : ''}`).sort()).toEqual([
      '22 0.0.0.0/0',
      '22 10.0.0.0/8',
      '443 0.0.0.0/0',
    ]);
    expect(
      ingress.find((r) => r.peer.kind === 'ipv4' && r.peer.cidr === WORLD && r.fromPort === 22),
    ).toMatchObject({ description: 'opened by mistake' });
    for (const rule of result.group.rules) expect(rule.ruleId).toBeUndefined();
  });

  it('says not-found and classifies failures as values, as the two-call read does', async () => {
    await expect(gateway.readGroup('sg-0000000000000dead', { ruleIds: false })).resolves.toEqual({
      status: 'not-found',
    });
    org.sb.faults.add({ service: 'ec2', operation: 'DescribeSecurityGroups', kind: 'access-denied' });
    await expect(gateway.readGroup(groupId, { ruleIds: false })).resolves.toMatchObject({
      status: 'access-denied',
    });
  });

  it('revokes the violating rule by its one-peer permission and nothing else, though its permission had several ranges', async () => {
    const read = await gateway.readGroup(groupId, { ruleIds: false });
    if (read.status !== 'found') throw new Error('not found');
    const open = read.group.rules.find(
      (r) =>
        r.direction === 'ingress' && r.fromPort === 22 && r.peer.kind === 'ipv4' && r.peer.cidr === WORLD,
    ) as Rule;
    const before = callsTo(org.sb, 'RevokeSecurityGroupIngress').length;
    await expect(gateway.revoke(groupId, 'ingress', [revokeItem(open, MEMBER)])).resolves.toEqual([
      { status: 'applied' },
    ]);
    expect(callsTo(org.sb, 'RevokeSecurityGroupIngress').length - before).toBe(1);
    const left = org.sb.ec2
      .getGroup(MEMBER, REGION, groupId)
      ?.rules.filter((r) => !r.IsEgress)
      .map((r) => `${r.FromPort} ${r.CidrIpv4} ${r.Description ?? ''}`.trim())
      .sort();
    // The office rule shares protocol and ports with the revoked one, and keeps its description.
    expect(left).toEqual(['22 10.0.0.0/8 office', '443 0.0.0.0/0']);
    const event = org.sb.events.find((e) => e.detail.eventName === 'RevokeSecurityGroupIngress');
    expect(JSON.stringify(event?.detail.requestParameters)).not.toContain('10.0.0.0/8');
  });
});

describe('revoking by one-peer permission, every kind of peer', () => {
  it('removes exactly the violating rule beside a compliant one of the same protocol and ports', async () => {
    const org = createOrg();
    const gateway = new SecurityGroupGateway(org.broker().ec2(MEMBER, REGION));
    const peerGroup = org.sb.ec2.seedSecurityGroup({ account: MEMBER, region: REGION, groupName: 'peer' });
    const otherGroup = org.sb.ec2.seedSecurityGroup({ account: MEMBER, region: REGION, groupName: 'other' });
    const groupId = org.sb.ec2.seedSecurityGroup({
      account: MEMBER,
      region: REGION,
      groupName: 'mixed',
      ingress: [
        {
          IpProtocol: 'tcp',
          FromPort: 3389,
          ToPort: 3389,
          Ipv6Ranges: [{ CidrIpv6: '::/0' }, { CidrIpv6: 'fd00::/8' }],
        },
        {
          IpProtocol: 'udp',
          FromPort: 53,
          ToPort: 53,
          PrefixListIds: [{ PrefixListId: 'pl-0aaaaaaaaaaaaaaa1' }, { PrefixListId: 'pl-0bbbbbbbbbbbbbbb2' }],
        },
        {
          IpProtocol: '-1',
          UserIdGroupPairs: [
            { GroupId: peerGroup, Description: 'app tier' },
            { GroupId: otherGroup },
            { GroupId: 'sg-0123456789abcdef9', UserId: OTHER_MEMBER },
          ],
        },
      ],
    });
    const read = await gateway.readGroup(groupId, { ruleIds: false });
    if (read.status !== 'found') throw new Error('not found');
    const ingress = read.group.rules.filter((r) => r.direction === 'ingress');
    const pick = (test: (r: Rule) => boolean) => ingress.find(test) as Rule;
    const violating = [
      pick((r) => r.peer.kind === 'ipv6' && r.peer.cidr === '::/0'),
      pick((r) => r.peer.kind === 'prefixList' && r.peer.prefixListId === 'pl-0aaaaaaaaaaaaaaa1'),
      pick((r) => r.peer.kind === 'securityGroup' && r.peer.groupId === peerGroup),
      pick((r) => r.peer.kind === 'securityGroup' && r.peer.groupId === 'sg-0123456789abcdef9'),
    ];
    const result = await gateway.revoke(
      groupId,
      'ingress',
      violating.map((rule) => revokeItem(rule, MEMBER)),
    );
    expect(result).toEqual(violating.map(() => ({ status: 'applied' })));
    const left = org.sb.ec2
      .getGroup(MEMBER, REGION, groupId)
      ?.rules.filter((r) => !r.IsEgress)
      .map((r) => r.CidrIpv6 ?? r.PrefixListId ?? r.ReferencedGroupInfo?.GroupId)
      .sort();
    expect(left).toEqual(['fd00::/8', 'pl-0bbbbbbbbbbbbbbb2', otherGroup].sort());
  });

  it('outside the default VPC, where EC2 fails a call naming one rule already gone, still answers each item', async () => {
    const org = createOrg();
    const gateway = new SecurityGroupGateway(org.broker().ec2(MEMBER, REGION));
    const groupId = org.sb.ec2.seedSecurityGroup({
      account: MEMBER,
      region: REGION,
      groupName: 'vpc-app',
      vpcId: 'vpc-0a1b2c3d4e5f00001',
      ingress: [
        { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: WORLD }] },
        { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '10.0.0.0/8' }] },
      ],
    });
    const gone = { IpProtocol: 'tcp', FromPort: 3389, ToPort: 3389, IpRanges: [{ CidrIp: WORLD }] };
    const open = { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: WORLD }] };
    const before = callsTo(org.sb, 'RevokeSecurityGroupIngress').length;
    await expect(
      gateway.revoke(groupId, 'ingress', [{ permission: gone }, { permission: open }]),
    ).resolves.toEqual([
      { status: 'already-applied', code: 'InvalidPermission.NotFound' },
      { status: 'applied' },
    ]);
    // The refused call, then one per permission.
    expect(callsTo(org.sb, 'RevokeSecurityGroupIngress').length - before).toBe(3);
    expect(
      org.sb.ec2
        .getGroup(MEMBER, REGION, groupId)
        ?.rules.filter((r) => !r.IsEgress)
        .map((r) => r.CidrIpv4),
    ).toEqual(['10.0.0.0/8']);
  });
});

describe('SecurityGroupGateway.listOptedInGroups for many groups', () => {
  it('lists the rules of up to 200 groups per call, paginated, never one call per group', async () => {
    const org = createOrg();
    const gateway = new SecurityGroupGateway(org.broker().ec2(MEMBER, REGION));
    const TAG = 'guardrail:policy';
    const ids: string[] = [];
    for (let i = 0; i < 450; i++)
      ids.push(
        org.sb.ec2.seedSecurityGroup({
          account: MEMBER,
          region: REGION,
          groupName: `g${i}`,
          tags: { [TAG]: 'no-public-admin-ports' },
          ingress: [
            { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: WORLD }] },
            {
              IpProtocol: 'tcp',
              FromPort: 8000 + (i % 50),
              ToPort: 8000 + (i % 50),
              IpRanges: [{ CidrIp: '10.0.0.0/8' }, { CidrIp: '172.16.0.0/12' }, { CidrIp: '192.168.0.0/16' }],
            },
          ],
        }),
      );
    for (let i = 0; i < 30; i++)
      org.sb.ec2.seedSecurityGroup({ account: MEMBER, region: REGION, groupName: `untagged${i}` });
    const before = org.sb.calls.length;

    const groups = await gateway.listOptedInGroups(TAG);

    const calls = org.sb.calls.slice(before).filter((c) => c.service === 'ec2');
    const count = (operation: string) => calls.filter((c) => c.operation === operation).length;
    // 450 groups: one page of groups; rules in chunks of 200 + 200 + 50 groups, 5 rules each
    // (the default egress included): 1,000 + 1,000 + 250 rules, one page each.
    expect(count('DescribeSecurityGroups')).toBe(1);
    expect(count('DescribeSecurityGroupRules')).toBe(3);
    expect(calls).toHaveLength(4);
    expect(groups.map((g) => g.groupId).sort()).toEqual([...ids].sort());
    for (const group of groups) {
      expect(group.rules).toHaveLength(5);
      for (const rule of group.rules) expect(rule.ruleId).toMatch(/^sgr-/);
    }
    // Each group's own rules: the 8000-range port is the group's own.
    const ninth = groups.find((g) => g.groupId === ids[9]);
    expect(ninth?.rules.filter((r) => r.fromPort === 8009)).toHaveLength(3);
  });

  it('follows NextToken when one chunk of groups holds more than a page of rules', async () => {
    const org = createOrg();
    const gateway = new SecurityGroupGateway(org.broker().ec2(MEMBER, REGION));
    const TAG = 'guardrail:policy';
    const cidrs = Array.from({ length: 10 }, (_, i) => ({ CidrIp: `10.${i}.0.0/16` }));
    for (let i = 0; i < 120; i++)
      org.sb.ec2.seedSecurityGroup({
        account: MEMBER,
        region: REGION,
        groupName: `big${i}`,
        tags: { [TAG]: 'no-public-admin-ports' },
        ingress: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: cidrs }],
      });
    const groups = await gateway.listOptedInGroups(TAG);
    // 120 groups x 11 rules = 1,320 rules in one chunk: two pages.
    expect(callsTo(org.sb, 'DescribeSecurityGroupRules')).toHaveLength(2);
    expect(groups).toHaveLength(120);
    for (const group of groups) expect(group.rules).toHaveLength(11);
  });
});
