import { SecurityGroupGateway } from '../src';
import { callsTo, createOrg, MEMBER, type Org, REGION } from './fixture';

const SSH_FROM_OFFICE = { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '10.0.0.0/8' }] };
const HTTPS_FROM_WORLD = {
  IpProtocol: 'tcp',
  FromPort: 443,
  ToPort: 443,
  IpRanges: [{ CidrIp: '0.0.0.0/0' }],
};

describe('SecurityGroupGateway.readGroup', () => {
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
      vpcId: 'vpc-0a1b2c3d',
      tags: { 'guardrail:policy': 'web-public', team: 'payments' },
      ingress: [SSH_FROM_OFFICE, HTTPS_FROM_WORLD],
    });
  });

  it('returns the tags and every rule with its id', async () => {
    const result = await gateway.readGroup(groupId);
    if (result.status !== 'found') throw new Error(`expected found, got ${JSON.stringify(result)}`);
    const { group } = result;
    expect(group).toMatchObject({
      groupId,
      groupName: 'web',
      vpcId: 'vpc-0a1b2c3d',
      ownerId: MEMBER,
      region: REGION,
    });
    expect(group.tags).toEqual({ 'guardrail:policy': 'web-public', team: 'payments' });
    const ingress = group.rules.filter((r) => r.direction === 'ingress');
    expect(ingress.map((r) => [r.fromPort, r.peer]).sort()).toEqual(
      [
        [22, { kind: 'ipv4', cidr: '10.0.0.0/8' }],
        [443, { kind: 'ipv4', cidr: '0.0.0.0/0' }],
      ].sort(),
    );
    // The default egress rule is there too, and every rule carries its sgr- id.
    expect(group.rules.some((r) => r.direction === 'egress')).toBe(true);
    for (const rule of group.rules) expect(rule.ruleId).toMatch(/^sgr-/);
  });

  it('describes the group and its rules in parallel: one sequential step', async () => {
    org.sb.setLatency({ ec2: 20 });
    const before = org.sb.calls.length;
    await gateway.readGroup(groupId);
    const ec2Calls = org.sb.calls.slice(before).filter((c) => c.service === 'ec2');
    expect(ec2Calls.map((c) => c.operation).sort()).toEqual([
      'DescribeSecurityGroupRules',
      'DescribeSecurityGroups',
    ]);
    const [first, second] = ec2Calls as [(typeof ec2Calls)[0], (typeof ec2Calls)[0]];
    // Each started before the other ended: they overlapped.
    expect(first.startedAt.getTime()).toBeLessThan(second.endedAt.getTime());
    expect(second.startedAt.getTime()).toBeLessThan(first.endedAt.getTime());
  });

  it('says not-found for a group that does not exist (InvalidGroup.NotFound)', async () => {
    await expect(gateway.readGroup('sg-0000000000000dead')).resolves.toEqual({ status: 'not-found' });
    expect(callsTo(org.sb, 'DescribeSecurityGroups').at(-1)?.error).toBe('InvalidGroup.NotFound');
  });

  it('maps an EC2 access denial to access-denied', async () => {
    org.sb.faults.add({ service: 'ec2', kind: 'access-denied' });
    const result = await gateway.readGroup(groupId);
    expect(result).toMatchObject({ status: 'access-denied' });
    if (result.status === 'access-denied')
      expect(['UnauthorizedOperation', 'AccessDenied']).toContain(result.code);
  });

  it('maps a missing remediation role (AssumeRole denied) to access-denied', async () => {
    org.sb.iam.deleteRole(MEMBER, 'guardrail-remediation');
    const fresh = new SecurityGroupGateway(org.broker().ec2(MEMBER, REGION));
    const result = await fresh.readGroup(groupId);
    expect(result).toMatchObject({ status: 'access-denied', code: 'AccessDenied' });
    if (result.status === 'access-denied') expect(result.message).toContain(`arn:aws:iam::${MEMBER}:role/`);
  });

  it.each([
    ['throttle', 'RequestLimitExceeded'],
    ['server-error', undefined],
    ['timeout', 'TimeoutError'],
  ] as const)('maps a persistent %s to retryable once the SDK retries are spent', async (kind, code) => {
    org.sb.faults.add({ service: 'ec2', operation: 'DescribeSecurityGroups', kind });
    const result = await gateway.readGroup(groupId);
    expect(result.status).toBe('retryable');
    if (code !== undefined) expect(result).toMatchObject({ code });
    // maxAttempts is 2 in the fixture: the SDK tried twice before giving up.
    expect(callsTo(org.sb, 'DescribeSecurityGroups')).toHaveLength(2);
  });

  it('recovers from one throttled call through the SDK retry', async () => {
    org.sb.faults.add({ service: 'ec2', operation: 'DescribeSecurityGroups', kind: 'throttle', times: 1 });
    const result = await gateway.readGroup(groupId);
    expect(result.status).toBe('found');
    const describes = callsTo(org.sb, 'DescribeSecurityGroups');
    expect(describes.map((c) => c.error)).toEqual(['RequestLimitExceeded', undefined]);
  });
});
