import {
  AuthorizeSecurityGroupEgressCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  CreateTagsCommand,
  DeleteSecurityGroupCommand,
  DeleteTagsCommand,
  DescribeSecurityGroupRulesCommand,
  DescribeSecurityGroupsCommand,
  EC2ServiceException,
  ModifySecurityGroupRulesCommand,
  paginateDescribeSecurityGroups,
  RevokeSecurityGroupIngressCommand,
  UpdateSecurityGroupRuleDescriptionsIngressCommand,
} from '@aws-sdk/client-ec2';
import { MEMBER, organization, REGION } from './fixtures';

const ssh = (...cidrs: string[]) => ({
  IpProtocol: 'tcp',
  FromPort: 22,
  ToPort: 22,
  IpRanges: cidrs.map((CidrIp) => ({ CidrIp })),
});

function withGroup() {
  const env = organization();
  const groupId = env.sb.ec2.seedSecurityGroup({
    account: MEMBER,
    region: REGION,
    groupName: 'web',
    tags: { 'guardrail:policy': 'no-public-admin-ports', team: 'web' },
    ingress: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
  });
  return { ...env, groupId, ec2: env.ec2As(env.alice) };
}

describe('EC2 security groups through the real client', () => {
  it('gives groups and rules ids in the AWS shapes, and seeds the default egress rule', async () => {
    const { ec2, groupId, sb } = withGroup();
    expect(groupId).toMatch(/^sg-[0-9a-f]{17}$/);
    const { SecurityGroupRules } = await ec2.send(
      new DescribeSecurityGroupRulesCommand({ Filters: [{ Name: 'group-id', Values: [groupId] }] }),
    );
    expect(SecurityGroupRules?.map((r) => r.SecurityGroupRuleId)).toEqual([
      expect.stringMatching(/^sgr-[0-9a-f]{17}$/),
      expect.stringMatching(/^sgr-[0-9a-f]{17}$/),
    ]);
    expect(SecurityGroupRules?.find((r) => r.IsEgress)).toMatchObject({
      IpProtocol: '-1',
      CidrIpv4: '0.0.0.0/0',
    });
    expect(sb.ec2.getGroup(MEMBER, REGION, groupId)?.rules).toHaveLength(2);
  });

  it('splits one permission with several ranges into one rule each, and merges them back in describe', async () => {
    const { ec2, groupId } = withGroup();
    const out = await ec2.send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: groupId,
        IpPermissions: [ssh('10.0.0.0/8', '0.0.0.0/0')],
      }),
    );
    expect(out.Return).toBe(true);
    expect(out.SecurityGroupRules).toHaveLength(2);
    expect(new Set(out.SecurityGroupRules?.map((r) => r.SecurityGroupRuleId)).size).toBe(2);
    const { SecurityGroups } = await ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [groupId] }));
    const permission = SecurityGroups?.[0]?.IpPermissions?.find((p) => p.FromPort === 22);
    expect(permission?.IpRanges).toEqual([{ CidrIp: '10.0.0.0/8' }, { CidrIp: '0.0.0.0/0' }]);
    expect(SecurityGroups?.[0]?.Tags).toEqual([
      { Key: 'guardrail:policy', Value: 'no-public-admin-ports' },
      { Key: 'team', Value: 'web' },
    ]);
  });

  it('normalises protocols as EC2 does', async () => {
    const { ec2, groupId } = withGroup();
    const tcp = await ec2.send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: groupId,
        IpPermissions: [{ IpProtocol: '6', FromPort: 80, ToPort: 80, IpRanges: [{ CidrIp: '10.1.2.3/16' }] }],
      }),
    );
    expect(tcp.SecurityGroupRules?.[0]).toMatchObject({ IpProtocol: 'tcp', CidrIpv4: '10.1.0.0/16' });
    const all = await ec2.send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: groupId,
        IpPermissions: [{ IpProtocol: 'all', IpRanges: [{ CidrIp: '192.168.0.0/16' }] }],
      }),
    );
    expect(all.SecurityGroupRules?.[0]).toMatchObject({ IpProtocol: '-1', FromPort: -1, ToPort: -1 });
  });

  it('fails a whole authorize with InvalidPermission.Duplicate when one rule exists, applying nothing', async () => {
    const { ec2, groupId, sb } = withGroup();
    const error = await ec2
      .send(
        new AuthorizeSecurityGroupIngressCommand({
          GroupId: groupId,
          IpPermissions: [
            ssh('10.0.0.0/8'),
            { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '0.0.0.0/0' }] },
          ],
        }),
      )
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EC2ServiceException);
    expect(error).toMatchObject({
      name: 'InvalidPermission.Duplicate',
      $fault: 'client',
      $metadata: { httpStatusCode: 400 },
    });
    expect(sb.ec2.getGroup(MEMBER, REGION, groupId)?.rules).toHaveLength(2);
  });

  it('revokes by permission: NotFound when nothing matches, UnknownIpPermissions when part does', async () => {
    const { ec2, groupId, sb } = withGroup();
    await expect(
      ec2.send(
        new RevokeSecurityGroupIngressCommand({ GroupId: groupId, IpPermissions: [ssh('0.0.0.0/0')] }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidPermission.NotFound' });
    await ec2.send(
      new AuthorizeSecurityGroupIngressCommand({ GroupId: groupId, IpPermissions: [ssh('0.0.0.0/0')] }),
    );
    const partial = await ec2.send(
      new RevokeSecurityGroupIngressCommand({
        GroupId: groupId,
        IpPermissions: [ssh('0.0.0.0/0', '10.0.0.0/8')],
      }),
    );
    expect(partial.Return).toBe(true);
    expect(partial.UnknownIpPermissions).toEqual([
      { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '10.0.0.0/8' }] },
    ]);
    expect(partial.RevokedSecurityGroupRules).toHaveLength(1);
    expect(sb.ec2.getGroup(MEMBER, REGION, groupId)?.rules.some((r) => r.FromPort === 22)).toBe(false);
  });

  it('revokes by rule id, and fails the whole call on an unknown id', async () => {
    const { ec2, groupId, sb } = withGroup();
    const ingressId = sb.ec2
      .getGroup(MEMBER, REGION, groupId)
      ?.rules.find((r) => !r.IsEgress)?.SecurityGroupRuleId;
    await expect(
      ec2.send(
        new RevokeSecurityGroupIngressCommand({
          GroupId: groupId,
          SecurityGroupRuleIds: [ingressId!, 'sgr-00000000000000000'],
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidSecurityGroupRuleId.NotFound' });
    expect(sb.ec2.getGroup(MEMBER, REGION, groupId)?.rules).toHaveLength(2);
    await ec2.send(
      new RevokeSecurityGroupIngressCommand({ GroupId: groupId, SecurityGroupRuleIds: [ingressId!] }),
    );
    expect(sb.ec2.getGroup(MEMBER, REGION, groupId)?.rules.map((r) => r.IsEgress)).toEqual([true]);
  });

  it('answers InvalidGroup.NotFound for an unknown group, in describe and in mutations', async () => {
    const { ec2 } = withGroup();
    const missing = 'sg-0123456789abcdef0';
    await expect(ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [missing] }))).rejects.toMatchObject({
      name: 'InvalidGroup.NotFound',
      message: `The security group '${missing}' does not exist`,
    });
    await expect(
      ec2.send(
        new AuthorizeSecurityGroupIngressCommand({ GroupId: missing, IpPermissions: [ssh('10.0.0.0/8')] }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidGroup.NotFound' });
  });

  it('answers DryRunOperation for a DryRun call and changes nothing', async () => {
    const { ec2, groupId, sb } = withGroup();
    await expect(
      ec2.send(
        new AuthorizeSecurityGroupIngressCommand({
          GroupId: groupId,
          IpPermissions: [ssh('1.2.3.4/32')],
          DryRun: true,
        }),
      ),
    ).rejects.toMatchObject({ name: 'DryRunOperation', $metadata: { httpStatusCode: 412 } });
    expect(sb.ec2.getGroup(MEMBER, REGION, groupId)?.rules).toHaveLength(2);
  });

  it('creates a group with tags and the default egress rule, and refuses a duplicate name', async () => {
    const { ec2 } = withGroup();
    const created = await ec2.send(
      new CreateSecurityGroupCommand({
        GroupName: 'db',
        Description: 'database',
        TagSpecifications: [
          { ResourceType: 'security-group', Tags: [{ Key: 'guardrail:policy', Value: 'x' }] },
        ],
      }),
    );
    const { SecurityGroups } = await ec2.send(
      new DescribeSecurityGroupsCommand({ GroupIds: [created.GroupId!] }),
    );
    expect(SecurityGroups?.[0]).toMatchObject({
      GroupName: 'db',
      OwnerId: MEMBER,
      Tags: [{ Key: 'guardrail:policy', Value: 'x' }],
      IpPermissions: [],
      IpPermissionsEgress: [
        {
          IpProtocol: '-1',
          IpRanges: [{ CidrIp: '0.0.0.0/0' }],
          Ipv6Ranges: [],
          PrefixListIds: [],
          UserIdGroupPairs: [],
        },
      ],
    });
    await expect(
      ec2.send(new CreateSecurityGroupCommand({ GroupName: 'db', Description: 'again' })),
    ).rejects.toMatchObject({ name: 'InvalidGroup.Duplicate' });
    await ec2.send(new DeleteSecurityGroupCommand({ GroupId: created.GroupId }));
    await expect(
      ec2.send(new DeleteSecurityGroupCommand({ GroupId: created.GroupId })),
    ).rejects.toMatchObject({
      name: 'InvalidGroup.NotFound',
    });
  });

  it('tags and untags, and filters by tag-key, tag:<key>, group-id and vpc-id', async () => {
    const { ec2, groupId, sb } = withGroup();
    const other = sb.ec2.seedSecurityGroup({ account: MEMBER, region: REGION, groupName: 'untagged' });
    const byKey = await ec2.send(
      new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'tag-key', Values: ['guardrail:policy'] }] }),
    );
    expect(byKey.SecurityGroups?.map((g) => g.GroupId)).toEqual([groupId]);
    await ec2.send(
      new CreateTagsCommand({ Resources: [other], Tags: [{ Key: 'guardrail:policy', Value: 'web-public' }] }),
    );
    const byValue = await ec2.send(
      new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'tag:guardrail:policy', Values: ['web-*'] }] }),
    );
    expect(byValue.SecurityGroups?.map((g) => g.GroupId)).toEqual([other]);
    await ec2.send(new DeleteTagsCommand({ Resources: [groupId], Tags: [{ Key: 'guardrail:policy' }] }));
    expect(sb.ec2.getGroup(MEMBER, REGION, groupId)?.tags).toEqual({ team: 'web' });
    const vpc = sb.ec2.getGroup(MEMBER, REGION, other)?.vpcId;
    const byVpcAndId = await ec2.send(
      new DescribeSecurityGroupsCommand({
        Filters: [
          { Name: 'vpc-id', Values: [vpc!] },
          { Name: 'group-id', Values: [other] },
        ],
      }),
    );
    expect(byVpcAndId.SecurityGroups?.map((g) => g.GroupId)).toEqual([other]);
  });

  it('modifies a rule in place (same id) and updates descriptions', async () => {
    const { ec2, groupId, sb } = withGroup();
    const rule = sb.ec2.getGroup(MEMBER, REGION, groupId)?.rules.find((r) => !r.IsEgress);
    await ec2.send(
      new ModifySecurityGroupRulesCommand({
        GroupId: groupId,
        SecurityGroupRules: [
          {
            SecurityGroupRuleId: rule?.SecurityGroupRuleId,
            SecurityGroupRule: { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIpv4: '0.0.0.0/0' },
          },
        ],
      }),
    );
    const after = sb.ec2
      .getGroup(MEMBER, REGION, groupId)
      ?.rules.find((r) => r.SecurityGroupRuleId === rule?.SecurityGroupRuleId);
    expect(after).toMatchObject({ FromPort: 22, ToPort: 22, CidrIpv4: '0.0.0.0/0' });
    await ec2.send(
      new UpdateSecurityGroupRuleDescriptionsIngressCommand({
        GroupId: groupId,
        SecurityGroupRuleDescriptions: [
          { SecurityGroupRuleId: rule?.SecurityGroupRuleId, Description: 'bastion' },
        ],
      }),
    );
    expect(sb.ec2.getGroup(MEMBER, REGION, groupId)?.rules.find((r) => !r.IsEgress)?.Description).toBe(
      'bastion',
    );
    await expect(
      ec2.send(
        new ModifySecurityGroupRulesCommand({
          GroupId: groupId,
          SecurityGroupRules: [
            { SecurityGroupRuleId: 'sgr-11111111111111111', SecurityGroupRule: { IpProtocol: '-1' } },
          ],
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidSecurityGroupRuleId.NotFound' });
  });

  it('paginates describe calls with NextToken and MaxResults', async () => {
    const { ec2, sb } = withGroup();
    for (let i = 0; i < 11; i++)
      sb.ec2.seedSecurityGroup({ account: MEMBER, region: REGION, groupName: `g${i}` });
    const first = await ec2.send(new DescribeSecurityGroupsCommand({ MaxResults: 5 }));
    expect(first.SecurityGroups).toHaveLength(5);
    expect(first.NextToken).toBeDefined();
    const ids: string[] = [];
    for await (const page of paginateDescribeSecurityGroups({ client: ec2, pageSize: 5 }, {})) {
      ids.push(...(page.SecurityGroups ?? []).map((g) => g.GroupId ?? ''));
    }
    expect(ids).toHaveLength(12);
    expect(new Set(ids).size).toBe(12);
    const rules = await ec2.send(new DescribeSecurityGroupRulesCommand({ MaxResults: 5 }));
    expect(rules.SecurityGroupRules).toHaveLength(5);
    const rest = await ec2.send(
      new DescribeSecurityGroupRulesCommand({ MaxResults: 1000, NextToken: rules.NextToken }),
    );
    expect(rest.SecurityGroupRules).toHaveLength(13 - 5);
    expect(rest.NextToken).toBeUndefined();
  });

  it('keeps each account and region apart', async () => {
    const { sb, groupId, ec2As, hubRole } = withGroup();
    const hubEc2 = ec2As(hubRole);
    await expect(
      hubEc2.send(new DescribeSecurityGroupsCommand({ GroupIds: [groupId] })),
    ).rejects.toMatchObject({
      name: 'InvalidGroup.NotFound',
    });
    expect(sb.ec2.getGroup(MEMBER, 'us-east-1', groupId)).toBeUndefined();
  });

  it('authorizes egress rules separately from ingress', async () => {
    const { ec2, groupId, sb } = withGroup();
    await ec2.send(
      new AuthorizeSecurityGroupEgressCommand({ GroupId: groupId, IpPermissions: [ssh('10.0.0.0/8')] }),
    );
    expect(sb.ec2.getGroup(MEMBER, REGION, groupId)?.rules.filter((r) => r.IsEgress)).toHaveLength(2);
  });
});
