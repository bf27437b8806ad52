/**
 * What the hub's one-call event path and batched sweep rely on, as EC2 does it: a revoke by
 * IpPermission matches protocol, ports and peer (never the description) and removes nothing
 * else; outside the default VPC an unmatched permission fails the whole call; and
 * DescribeSecurityGroupRules takes several group ids in one `group-id` filter, paginated, up to
 * 200 filter values a call.
 */
import {
  DescribeSecurityGroupRulesCommand,
  DescribeSecurityGroupsCommand,
  RevokeSecurityGroupIngressCommand,
} from '@aws-sdk/client-ec2';
import { MEMBER, organization, REGION } from './fixtures';

const tcp = (port: number, ...cidrs: string[]) => ({
  IpProtocol: 'tcp',
  FromPort: port,
  ToPort: port,
  IpRanges: cidrs.map((CidrIp) => ({ CidrIp })),
});

function seeded(vpcId?: string) {
  const env = organization();
  const groupId = env.sb.ec2.seedSecurityGroup({
    account: MEMBER,
    region: REGION,
    groupName: 'app',
    ...(vpcId ? { vpcId } : {}),
    ingress: [
      // Two rules of one permission (same protocol and ports), each with its own description.
      {
        IpProtocol: 'tcp',
        FromPort: 22,
        ToPort: 22,
        IpRanges: [
          { CidrIp: '0.0.0.0/0', Description: 'temporary' },
          { CidrIp: '10.0.0.0/8', Description: 'office' },
        ],
      },
      tcp(443, '0.0.0.0/0'),
    ],
  });
  const ingress = () =>
    env.sb.ec2
      .getGroup(MEMBER, REGION, groupId)
      ?.rules.filter((r) => !r.IsEgress)
      .map((r) => `${r.FromPort} ${r.CidrIpv4}`)
      .sort();
  return { ...env, groupId, ec2: env.ec2As(env.alice), ingress };
}

describe('revoke by IpPermission', () => {
  it('removes exactly the rule its one range names, not one sharing protocol and ports with another peer', async () => {
    const { ec2, groupId, ingress } = seeded();
    const response = await ec2.send(
      new RevokeSecurityGroupIngressCommand({ GroupId: groupId, IpPermissions: [tcp(22, '0.0.0.0/0')] }),
    );
    expect(response.RevokedSecurityGroupRules?.map((r) => r.CidrIpv4)).toEqual(['0.0.0.0/0']);
    expect(ingress()).toEqual(['22 10.0.0.0/8', '443 0.0.0.0/0']);
  });

  it('matches without the description, and a different description does not stop it', async () => {
    const { ec2, groupId, ingress } = seeded();
    await ec2.send(
      new RevokeSecurityGroupIngressCommand({
        GroupId: groupId,
        IpPermissions: [
          { ...tcp(22), IpRanges: [{ CidrIp: '0.0.0.0/0', Description: 'not what the rule says' }] },
        ],
      }),
    );
    expect(ingress()).toEqual(['22 10.0.0.0/8', '443 0.0.0.0/0']);
  });

  it('removes every rule a permission with several ranges names', async () => {
    const { ec2, groupId, ingress } = seeded();
    await ec2.send(
      new RevokeSecurityGroupIngressCommand({
        GroupId: groupId,
        IpPermissions: [tcp(22, '0.0.0.0/0', '10.0.0.0/8')],
      }),
    );
    expect(ingress()).toEqual(['443 0.0.0.0/0']);
  });

  it('outside the default VPC, fails the whole call when one rule does not match, revoking nothing', async () => {
    const { ec2, groupId, ingress } = seeded('vpc-0a1b2c3d4e5f00001');
    await expect(
      ec2.send(
        new RevokeSecurityGroupIngressCommand({
          GroupId: groupId,
          IpPermissions: [tcp(22, '0.0.0.0/0'), tcp(3389, '0.0.0.0/0')],
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidPermission.NotFound' });
    expect(ingress()).toEqual(['22 0.0.0.0/0', '22 10.0.0.0/8', '443 0.0.0.0/0']);
    // What matches, alone, goes.
    await ec2.send(
      new RevokeSecurityGroupIngressCommand({ GroupId: groupId, IpPermissions: [tcp(22, '0.0.0.0/0')] }),
    );
    expect(ingress()).toEqual(['22 10.0.0.0/8', '443 0.0.0.0/0']);
  });

  it('in the default VPC, revokes what matches and names the rest as UnknownIpPermissions', async () => {
    const { ec2, groupId, ingress } = seeded();
    const response = await ec2.send(
      new RevokeSecurityGroupIngressCommand({
        GroupId: groupId,
        IpPermissions: [tcp(22, '0.0.0.0/0'), tcp(3389, '0.0.0.0/0')],
      }),
    );
    expect(response.UnknownIpPermissions).toEqual([tcp(3389, '0.0.0.0/0')]);
    expect(ingress()).toEqual(['22 10.0.0.0/8', '443 0.0.0.0/0']);
  });
});

describe('DescribeSecurityGroupRules for many groups', () => {
  function groups(count: number) {
    const env = organization();
    const ids = Array.from({ length: count }, (_, i) =>
      env.sb.ec2.seedSecurityGroup({
        account: MEMBER,
        region: REGION,
        groupName: `g${i}`,
        ingress: [tcp(443, '0.0.0.0/0'), tcp(80, '0.0.0.0/0')],
      }),
    );
    return { ...env, ids, ec2: env.ec2As(env.alice) };
  }

  it('answers the rules of every group one group-id filter names, and only theirs, page by page', async () => {
    const { ec2, ids } = groups(6);
    const asked = ids.slice(0, 4);
    const seen: string[] = [];
    let pages = 0;
    let token: string | undefined;
    do {
      const page = await ec2.send(
        new DescribeSecurityGroupRulesCommand({
          Filters: [{ Name: 'group-id', Values: asked }],
          MaxResults: 5,
          NextToken: token,
        }),
      );
      pages += 1;
      expect(page.SecurityGroupRules?.length).toBeLessThanOrEqual(5);
      for (const rule of page.SecurityGroupRules ?? [])
        seen.push(`${rule.GroupId} ${rule.SecurityGroupRuleId}`);
      token = page.NextToken;
    } while (token);
    // Four groups x (two ingress rules + the default egress rule), in pages of five.
    expect(seen).toHaveLength(12);
    expect(new Set(seen).size).toBe(12);
    expect(pages).toBe(3);
    expect(new Set(seen.map((s) => s.split(' ')[0]))).toEqual(new Set(asked));
  });

  it('refuses more than 200 filter values in one call (FilterLimitExceeded), all filters counted', async () => {
    const { ec2, ids } = groups(1);
    const many = Array.from({ length: 200 }, (_, i) => `sg-${String(i).padStart(17, '0')}`);
    // 200 values are fine (no such groups: no rules) ...
    await expect(
      ec2.send(new DescribeSecurityGroupRulesCommand({ Filters: [{ Name: 'group-id', Values: many }] })),
    ).resolves.toMatchObject({ SecurityGroupRules: [] });
    // ... 201 are not, in one filter or spread over two, for rules and for groups alike.
    await expect(
      ec2.send(
        new DescribeSecurityGroupRulesCommand({
          Filters: [{ Name: 'group-id', Values: [...many, ids[0] as string] }],
        }),
      ),
    ).rejects.toMatchObject({ name: 'FilterLimitExceeded' });
    await expect(
      ec2.send(
        new DescribeSecurityGroupsCommand({
          Filters: [
            { Name: 'group-id', Values: many },
            { Name: 'tag-key', Values: ['guardrail:policy'] },
          ],
        }),
      ),
    ).rejects.toMatchObject({ name: 'FilterLimitExceeded' });
  });

  it('still matches wildcard values', async () => {
    const { ec2, ids } = groups(2);
    const page = await ec2.send(
      new DescribeSecurityGroupRulesCommand({ Filters: [{ Name: 'group-id', Values: ['sg-*'] }] }),
    );
    expect(new Set(page.SecurityGroupRules?.map((r) => r.GroupId))).toEqual(new Set(ids));
  });
});

describe('the call log', () => {
  it("records the sandbox's own CPU for each call it served, when asked (what a benchmark leaves out of the client's cost)", async () => {
    const { ec2, groupId, sb } = seeded();
    await ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [groupId] }));
    expect(sb.calls.at(-1)?.cpuMs).toBeUndefined();
    sb.measureServerCpu(true);
    await ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [groupId] }));
    await ec2
      .send(new DescribeSecurityGroupsCommand({ GroupIds: ['sg-0000000000000dead'] }))
      .catch(() => undefined);
    const [served, failed] = sb.calls.slice(-2);
    expect(served?.error).toBeUndefined();
    expect(failed?.error).toBe('InvalidGroup.NotFound');
    for (const call of [served, failed]) {
      expect(typeof call?.cpuMs).toBe('number');
      expect(call?.cpuMs).toBeGreaterThanOrEqual(0);
    }
  });
});
