import { DeleteSecurityGroupCommand, EC2Client } from '@aws-sdk/client-ec2';
import type { Rule } from '@guardrail/core';
import { SecurityGroupGateway } from '../src';
import { callsTo, createOrg, MEMBER, type Org, REGION } from './fixture';

const ssh = (cidr: string) => ({ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: cidr }] });
const WORLD = '0.0.0.0/0';
const OFFICE = '10.0.0.0/8';

describe('SecurityGroupGateway mutations', () => {
  let org: Org;
  let gateway: SecurityGroupGateway;
  let groupId: string;

  /** The group's rules as EC2 reports them now (read through the real client). */
  async function rules(): Promise<Rule[]> {
    const result = await gateway.readGroup(groupId);
    if (result.status !== 'found') throw new Error(`group not readable: ${JSON.stringify(result)}`);
    return result.group.rules;
  }
  const cidrsOn = async (direction: 'ingress' | 'egress', port: number) =>
    (await rules())
      .filter((r) => r.direction === direction && r.fromPort === port)
      .map((r) => (r.peer.kind === 'ipv4' ? r.peer.cidr : r.peer.kind))
      .sort();
  const ruleId = async (direction: 'ingress' | 'egress', cidr: string, port = 22) => {
    const rule = (await rules()).find(
      (r) =>
        r.direction === direction && r.fromPort === port && r.peer.kind === 'ipv4' && r.peer.cidr === cidr,
    );
    if (!rule?.ruleId) throw new Error(`no ${direction} rule for ${cidr}:${port}`);
    return rule.ruleId;
  };

  beforeEach(() => {
    org = createOrg();
    gateway = new SecurityGroupGateway(org.broker().ec2(MEMBER, REGION));
    groupId = org.sb.ec2.seedSecurityGroup({
      account: MEMBER,
      region: REGION,
      groupName: 'app',
      tags: { 'guardrail:policy': 'internal' },
      ingress: [ssh(WORLD), ssh(OFFICE), { ...ssh('192.168.0.0/16'), FromPort: 80, ToPort: 80 }],
      egress: [{ IpProtocol: 'tcp', FromPort: 25, ToPort: 25, IpRanges: [{ CidrIp: WORLD }] }],
    });
  });

  describe('tag', () => {
    it('writes the tags given, overwriting a value and keeping the other tags', async () => {
      expect(
        await gateway.tag(groupId, { 'guardrail:policy': 'strict', 'guardrail:mode': 'enforce' }),
      ).toEqual({
        status: 'applied',
      });
      const read = await gateway.readGroup(groupId);
      expect(read.status === 'found' && read.group.tags).toEqual({
        'guardrail:policy': 'strict',
        'guardrail:mode': 'enforce',
      });
    });

    it('answers a gone group and a refused call as values', async () => {
      await org
        .broker()
        .ec2(MEMBER, REGION)
        .send(new DeleteSecurityGroupCommand({ GroupId: groupId }));
      expect(await gateway.tag(groupId, { 'guardrail:policy': 'strict' })).toEqual({
        status: 'group-not-found',
      });
      org.sb.faults.add({ service: 'ec2', operation: 'CreateTags', kind: 'access-denied' });
      expect(await gateway.tag('sg-0123456789abcdef0', { k: 'v' })).toMatchObject({
        status: 'access-denied',
      });
    });
  });

  describe('revoke', () => {
    it('revokes an ingress rule by its id and leaves the others', async () => {
      const id = await ruleId('ingress', WORLD);
      const result = await gateway.revoke(groupId, 'ingress', [{ ruleId: id, permission: ssh(WORLD) }]);
      expect(result).toEqual([{ status: 'applied' }]);
      expect(await cidrsOn('ingress', 22)).toEqual([OFFICE]);
      const call = org.sb.events.find((e) => e.detail.eventName === 'RevokeSecurityGroupIngress');
      expect(JSON.stringify(call?.detail.requestParameters)).toContain(id);
    });

    it('revokes an egress rule by its id', async () => {
      const id = await ruleId('egress', WORLD, 25);
      const permission = { IpProtocol: 'tcp', FromPort: 25, ToPort: 25, IpRanges: [{ CidrIp: WORLD }] };
      await expect(gateway.revoke(groupId, 'egress', [{ ruleId: id, permission }])).resolves.toEqual([
        { status: 'applied' },
      ]);
      expect(await cidrsOn('egress', 25)).toEqual([]);
    });

    it('falls back to the IpPermission for a rule without an id', async () => {
      await expect(gateway.revoke(groupId, 'ingress', [{ permission: ssh(WORLD) }])).resolves.toEqual([
        { status: 'applied' },
      ]);
      expect(await cidrsOn('ingress', 22)).toEqual([OFFICE]);
    });

    it('revokes by id and by permission in one go', async () => {
      const id = await ruleId('ingress', WORLD);
      const http = { ...ssh('192.168.0.0/16'), FromPort: 80, ToPort: 80 };
      const result = await gateway.revoke(groupId, 'ingress', [
        { ruleId: id, permission: ssh(WORLD) },
        { permission: http },
      ]);
      expect(result).toEqual([{ status: 'applied' }, { status: 'applied' }]);
      expect(await cidrsOn('ingress', 22)).toEqual([OFFICE]);
      expect(await cidrsOn('ingress', 80)).toEqual([]);
    });

    it('counts a rule id that is already gone as already applied', async () => {
      const id = await ruleId('ingress', WORLD);
      await gateway.revoke(groupId, 'ingress', [{ ruleId: id, permission: ssh(WORLD) }]);
      const again = await gateway.revoke(groupId, 'ingress', [{ ruleId: id, permission: ssh(WORLD) }]);
      expect(again).toEqual([{ status: 'already-applied', code: 'InvalidSecurityGroupRuleId.NotFound' }]);
    });

    it('counts a permission that is not there as already applied', async () => {
      const result = await gateway.revoke(groupId, 'ingress', [{ permission: ssh('172.16.0.0/12') }]);
      expect(result).toEqual([{ status: 'already-applied', code: 'InvalidPermission.NotFound' }]);
      expect(await cidrsOn('ingress', 22)).toEqual([WORLD, OFFICE].sort());
    });

    it('still revokes the other rules when one of several ids is already gone, and says which was', async () => {
      const world = await ruleId('ingress', WORLD);
      const office = await ruleId('ingress', OFFICE);
      await gateway.revoke(groupId, 'ingress', [{ ruleId: world, permission: ssh(WORLD) }]);
      const before = callsTo(org.sb, 'RevokeSecurityGroupIngress').length;
      const result = await gateway.revoke(groupId, 'ingress', [
        { ruleId: world, permission: ssh(WORLD) },
        { ruleId: office, permission: ssh(OFFICE) },
      ]);
      expect(result).toEqual([
        { status: 'already-applied', code: 'InvalidSecurityGroupRuleId.NotFound' },
        { status: 'applied' },
      ]);
      expect(await cidrsOn('ingress', 22)).toEqual([]);
      // The rejected call, then one per id: nothing more.
      expect(callsTo(org.sb, 'RevokeSecurityGroupIngress').length - before).toBe(3);
    });

    it('tells apart the permissions EC2 did not know (UnknownIpPermissions) in one call', async () => {
      const before = callsTo(org.sb, 'RevokeSecurityGroupIngress').length;
      const result = await gateway.revoke(groupId, 'ingress', [
        { permission: ssh('172.16.0.0/12') },
        { permission: ssh(WORLD) },
      ]);
      expect(result).toEqual([
        { status: 'already-applied', code: 'UnknownIpPermissions' },
        { status: 'applied' },
      ]);
      expect(await cidrsOn('ingress', 22)).toEqual([OFFICE]);
      expect(callsTo(org.sb, 'RevokeSecurityGroupIngress').length - before).toBe(1);
    });

    it('answers each item in the order given, ids and permissions mixed', async () => {
      const world = await ruleId('ingress', WORLD);
      const http = { ...ssh('192.168.0.0/16'), FromPort: 80, ToPort: 80 };
      await gateway.revoke(groupId, 'ingress', [{ permission: http }]);
      const result = await gateway.revoke(groupId, 'ingress', [
        { permission: http },
        { ruleId: world, permission: ssh(WORLD) },
      ]);
      expect(result).toEqual([
        { status: 'already-applied', code: 'InvalidPermission.NotFound' },
        { status: 'applied' },
      ]);
    });

    it('says group-not-found when the group was deleted (InvalidGroup.NotFound)', async () => {
      const id = await ruleId('ingress', WORLD);
      // Someone else deletes the group before the hub acts.
      const admin = org.sb.iam.createUser(MEMBER, 'admin');
      const theirs = org.sb.attach(
        new EC2Client(org.sb.clientConfig({ principalArn: admin, region: REGION })),
      );
      await theirs.send(new DeleteSecurityGroupCommand({ GroupId: groupId }));
      expect(org.sb.ec2.getGroup(MEMBER, REGION, groupId)).toBeUndefined();
      const result = await gateway.revoke(groupId, 'ingress', [{ ruleId: id, permission: ssh(WORLD) }]);
      expect(result).toEqual([{ status: 'group-not-found' }]);
      expect(await gateway.revoke(groupId, 'ingress', [{ permission: ssh(WORLD) }])).toEqual([
        { status: 'group-not-found' },
      ]);
    });

    it('maps an access denial to access-denied and leaves the rule', async () => {
      const id = await ruleId('ingress', WORLD);
      org.sb.faults.add({ service: 'ec2', operation: 'RevokeSecurityGroupIngress', kind: 'access-denied' });
      const result = await gateway.revoke(groupId, 'ingress', [{ ruleId: id, permission: ssh(WORLD) }]);
      expect(result).toMatchObject([{ status: 'access-denied' }]);
      expect(await cidrsOn('ingress', 22)).toContain(WORLD);
    });

    it('maps persistent 5xx to retryable, and recovers from a single one', async () => {
      const id = await ruleId('ingress', WORLD);
      org.sb.faults.add({ service: 'ec2', operation: 'RevokeSecurityGroupIngress', kind: 'server-error' });
      const failed = await gateway.revoke(groupId, 'ingress', [{ ruleId: id, permission: ssh(WORLD) }]);
      expect(failed).toMatchObject([{ status: 'retryable' }]);
      org.sb.faults.clear();
      org.sb.faults.add({
        service: 'ec2',
        operation: 'RevokeSecurityGroupIngress',
        kind: 'server-error',
        times: 1,
      });
      const recovered = await gateway.revoke(groupId, 'ingress', [{ ruleId: id, permission: ssh(WORLD) }]);
      expect(recovered).toEqual([{ status: 'applied' }]);
    });

    it('maps throttling that outlasts the SDK retries to retryable', async () => {
      org.sb.faults.add({ service: 'ec2', operation: 'RevokeSecurityGroupIngress', kind: 'throttle' });
      const result = await gateway.revoke(groupId, 'ingress', [{ permission: ssh(WORLD) }]);
      expect(result).toMatchObject([{ status: 'retryable', code: 'RequestLimitExceeded' }]);
      expect(callsTo(org.sb, 'RevokeSecurityGroupIngress')).toHaveLength(2);
    });

    it('does nothing for an empty list', async () => {
      const before = org.sb.calls.length;
      expect(await gateway.revoke(groupId, 'ingress', [])).toEqual([]);
      expect(org.sb.calls.length).toBe(before);
    });
  });

  describe('authorize', () => {
    const https = (cidr: string) => ({
      IpProtocol: 'tcp',
      FromPort: 443,
      ToPort: 443,
      IpRanges: [{ CidrIp: cidr }],
    });

    it('authorizes an ingress permission', async () => {
      await expect(gateway.authorize(groupId, 'ingress', [https(OFFICE)])).resolves.toEqual([
        { status: 'applied' },
      ]);
      expect(await cidrsOn('ingress', 443)).toEqual([OFFICE]);
    });

    it('authorizes an egress permission', async () => {
      await expect(gateway.authorize(groupId, 'egress', [https(WORLD)])).resolves.toEqual([
        { status: 'applied' },
      ]);
      expect(await cidrsOn('egress', 443)).toEqual([WORLD]);
    });

    it('counts a duplicate as already applied (InvalidPermission.Duplicate)', async () => {
      const result = await gateway.authorize(groupId, 'ingress', [ssh(OFFICE)]);
      expect(result).toEqual([{ status: 'already-applied', code: 'InvalidPermission.Duplicate' }]);
    });

    it('says which of several permissions were duplicates, and adds the others', async () => {
      const before = callsTo(org.sb, 'AuthorizeSecurityGroupIngress').length;
      const result = await gateway.authorize(groupId, 'ingress', [ssh(OFFICE), https(OFFICE)]);
      expect(result).toEqual([
        { status: 'already-applied', code: 'InvalidPermission.Duplicate' },
        { status: 'applied' },
      ]);
      expect(await cidrsOn('ingress', 443)).toEqual([OFFICE]);
      // The rejected call, then one per permission.
      expect(callsTo(org.sb, 'AuthorizeSecurityGroupIngress').length - before).toBe(3);
    });

    it('adds the missing peers when one peer of the permission already exists', async () => {
      const both = { ...ssh(OFFICE), IpRanges: [{ CidrIp: OFFICE }, { CidrIp: '172.16.0.0/12' }] };
      await expect(gateway.authorize(groupId, 'ingress', [both])).resolves.toEqual([{ status: 'applied' }]);
      expect(await cidrsOn('ingress', 22)).toEqual([WORLD, OFFICE, '172.16.0.0/12'].sort());
    });

    it('says group-not-found for a missing group', async () => {
      const result = await gateway.authorize('sg-0000000000000dead', 'ingress', [https(OFFICE)]);
      expect(result).toEqual([{ status: 'group-not-found' }]);
    });

    it('maps an access denial to access-denied', async () => {
      org.sb.faults.add({
        service: 'ec2',
        operation: 'AuthorizeSecurityGroupIngress',
        kind: 'access-denied',
      });
      const result = await gateway.authorize(groupId, 'ingress', [https(OFFICE)]);
      expect(result).toMatchObject([{ status: 'access-denied' }]);
      expect(await cidrsOn('ingress', 443)).toEqual([]);
    });

    it('maps a persistent timeout to retryable', async () => {
      org.sb.faults.add({ service: 'ec2', operation: 'AuthorizeSecurityGroupEgress', kind: 'timeout' });
      const result = await gateway.authorize(groupId, 'egress', [https(WORLD)]);
      expect(result).toMatchObject([{ status: 'retryable', code: 'TimeoutError' }]);
    });

    it('does nothing for an empty list', async () => {
      const before = org.sb.calls.length;
      expect(await gateway.authorize(groupId, 'ingress', [])).toEqual([]);
      expect(org.sb.calls.length).toBe(before);
    });
  });
});
