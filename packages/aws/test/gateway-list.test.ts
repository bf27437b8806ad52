import { AwsOperationError, classifyAwsError, SecurityGroupGateway } from '../src';
import { createOrg, MEMBER, OTHER_REGION, REGION } from './fixture';

const TAG = 'guardrail:policy';
const rdp = { IpProtocol: 'tcp', FromPort: 3389, ToPort: 3389, IpRanges: [{ CidrIp: '10.1.0.0/16' }] };

describe('SecurityGroupGateway.listOptedInGroups', () => {
  it('returns every group carrying the tag key, each with its own rules', async () => {
    const { sb, broker } = createOrg();
    const seed = (groupName: string, tags: Record<string, string>, region = REGION) =>
      sb.ec2.seedSecurityGroup({ account: MEMBER, region, groupName, tags, ingress: [rdp] });
    const web = seed('web', { [TAG]: 'web-public' });
    const db = seed('db', { [TAG]: 'database', owner: 'data' });
    seed('untagged', { owner: 'ops' });
    seed('elsewhere', { [TAG]: 'web-public' }, OTHER_REGION);

    const groups = await new SecurityGroupGateway(broker().ec2(MEMBER, REGION)).listOptedInGroups(TAG);
    expect(groups.map((g) => g.groupId).sort()).toEqual([web, db].sort());
    for (const group of groups) {
      expect(group.region).toBe(REGION);
      expect(group.tags[TAG]).toBeDefined();
      const ingress = group.rules.filter((r) => r.direction === 'ingress');
      expect(ingress).toHaveLength(1);
      expect(ingress[0]).toMatchObject({ fromPort: 3389, peer: { kind: 'ipv4', cidr: '10.1.0.0/16' } });
      expect(ingress[0]?.ruleId).toMatch(/^sgr-/);
    }
    expect(groups.find((g) => g.groupId === db)?.tags).toEqual({ [TAG]: 'database', owner: 'data' });
  });

  it('returns nothing when no group opted in', async () => {
    const { broker } = createOrg();
    await expect(
      new SecurityGroupGateway(broker().ec2(MEMBER, REGION)).listOptedInGroups(TAG),
    ).resolves.toEqual([]);
  });

  it('throws AwsOperationError carrying the classification of the failure', async () => {
    const { sb, broker } = createOrg();
    sb.faults.add({ service: 'ec2', operation: 'DescribeSecurityGroups', kind: 'access-denied' });
    const error = await new SecurityGroupGateway(broker().ec2(MEMBER, REGION))
      .listOptedInGroups(TAG)
      .catch((e) => e);
    expect(error).toBeInstanceOf(AwsOperationError);
    expect(classifyAwsError(error).kind).toBe('access-denied');
  });
});
