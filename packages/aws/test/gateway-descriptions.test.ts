/**
 * SecurityGroupGateway.updateDescriptions through the real SDK against the sandbox: a lock
 * policy's descriptions put back, by rule id when every item has one (one call), else by
 * IpPermissions (one call); a rule gone meanwhile is `already-applied` for its item alone; every
 * other failure is a value.
 */
import { DeleteSecurityGroupCommand } from '@aws-sdk/client-ec2';
import type { IpPermission } from '@guardrail/core';
import { SecurityGroupGateway } from '../src';
import { callsTo, createOrg, MEMBER, type Org, REGION } from './fixture';

const OFFICE = '10.0.0.0/8';
const VPN = '172.16.0.0/12';
const WORLD = '0.0.0.0/0';

const INGRESS_OP = 'UpdateSecurityGroupRuleDescriptionsIngress';
const EGRESS_OP = 'UpdateSecurityGroupRuleDescriptionsEgress';

/** The tcp `port` rule from `cidr`, as a one-rule permission carrying `description` (if any). */
const permission = (port: number, cidr: string, description?: string): IpPermission => ({
  IpProtocol: 'tcp',
  FromPort: port,
  ToPort: port,
  IpRanges: [{ CidrIp: cidr, ...(description === undefined ? {} : { Description: description }) }],
});

describe('SecurityGroupGateway.updateDescriptions', () => {
  let org: Org;
  let gateway: SecurityGroupGateway;
  let groupId: string;

  /** "direction port cidr: description" of every rule, as EC2 reports it now, sorted. */
  async function described(): Promise<string[]> {
    const result = await gateway.readGroup(groupId);
    if (result.status !== 'found') throw new Error(`group not readable: ${JSON.stringify(result)}`);
    return result.group.rules
      .map(
        (r) =>
          `${r.direction} ${r.fromPort} ${r.peer.kind === 'ipv4' ? r.peer.cidr : r.peer.kind}: ${r.description ?? '(none)'}`,
      )
      .sort();
  }
  async function ruleId(direction: 'ingress' | 'egress', port: number, cidr: string): Promise<string> {
    const result = await gateway.readGroup(groupId);
    const rule =
      result.status === 'found'
        ? result.group.rules.find(
            (r) =>
              r.direction === direction &&
              r.fromPort === port &&
              r.peer.kind === 'ipv4' &&
              r.peer.cidr === cidr,
          )
        : undefined;
    if (!rule?.ruleId) throw new Error(`no ${direction} rule for ${cidr}:${port}`);
    return rule.ruleId;
  }
  /** The request CloudTrail recorded for the last call to the operation. */
  const lastRequest = (operation: string) =>
    org.sb.events.filter((e) => e.detail.eventName === operation).at(-1)?.detail.requestParameters;

  beforeEach(() => {
    org = createOrg();
    gateway = new SecurityGroupGateway(org.broker().ec2(MEMBER, REGION));
    groupId = org.sb.ec2.seedSecurityGroup({
      account: MEMBER,
      region: REGION,
      groupName: 'db',
      tags: { 'guardrail:policy': 'db-locked' },
      ingress: [
        {
          IpProtocol: 'tcp',
          FromPort: 5432,
          ToPort: 5432,
          IpRanges: [
            { CidrIp: OFFICE, Description: 'changed by hand' },
            { CidrIp: VPN, Description: 'changed too' },
          ],
        },
      ],
      egress: [
        { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: WORLD, Description: 'x' }] },
      ],
    });
  });

  it('puts descriptions back by rule id in one call when every item has an id', async () => {
    const office = await ruleId('ingress', 5432, OFFICE);
    const vpn = await ruleId('ingress', 5432, VPN);
    const result = await gateway.updateDescriptions(groupId, 'ingress', [
      { ruleId: office, permission: permission(5432, OFFICE, 'app servers') },
      { ruleId: vpn, permission: permission(5432, VPN, 'vpn users') },
    ]);
    expect(result).toEqual([{ status: 'applied' }, { status: 'applied' }]);
    expect(callsTo(org.sb, INGRESS_OP)).toHaveLength(1);
    expect(lastRequest(INGRESS_OP)).toEqual({
      groupId,
      securityGroupRuleDescriptionSet: {
        items: [
          { securityGroupRuleId: office, description: 'app servers' },
          { securityGroupRuleId: vpn, description: 'vpn users' },
        ],
      },
    });
    expect(await described()).toEqual([
      `egress 443 ${WORLD}: x`,
      `ingress 5432 ${OFFICE}: app servers`,
      `ingress 5432 ${VPN}: vpn users`,
    ]);
    // Same rules, same ids: a description is put back in place.
    expect(await ruleId('ingress', 5432, OFFICE)).toBe(office);
  });

  it('removes a description by leaving it out, for no description and for an empty one', async () => {
    const office = await ruleId('ingress', 5432, OFFICE);
    const vpn = await ruleId('ingress', 5432, VPN);
    await gateway.updateDescriptions(groupId, 'ingress', [
      { ruleId: office, permission: permission(5432, OFFICE) },
      { ruleId: vpn, permission: permission(5432, VPN, '') },
    ]);
    expect(lastRequest(INGRESS_OP)).toEqual({
      groupId,
      securityGroupRuleDescriptionSet: {
        items: [{ securityGroupRuleId: office }, { securityGroupRuleId: vpn }],
      },
    });
    expect(await described()).toEqual([
      `egress 443 ${WORLD}: x`,
      `ingress 5432 ${OFFICE}: (none)`,
      `ingress 5432 ${VPN}: (none)`,
    ]);
  });

  it('calls the egress operation for egress rules', async () => {
    const out = await ruleId('egress', 443, WORLD);
    const result = await gateway.updateDescriptions(groupId, 'egress', [
      { ruleId: out, permission: permission(443, WORLD, 'https out') },
    ]);
    expect(result).toEqual([{ status: 'applied' }]);
    expect(callsTo(org.sb, EGRESS_OP)).toHaveLength(1);
    expect(callsTo(org.sb, INGRESS_OP)).toHaveLength(0);
    expect(await described()).toContain(`egress 443 ${WORLD}: https out`);
  });

  it('goes by IpPermissions, in one call, as soon as one item has no id', async () => {
    const office = await ruleId('ingress', 5432, OFFICE);
    const result = await gateway.updateDescriptions(groupId, 'ingress', [
      { ruleId: office, permission: permission(5432, OFFICE, 'app servers') },
      { permission: permission(5432, VPN, '') },
    ]);
    expect(result).toEqual([{ status: 'applied' }, { status: 'applied' }]);
    expect(callsTo(org.sb, INGRESS_OP)).toHaveLength(1);
    const request = lastRequest(INGRESS_OP) as { ipPermissions: { items: unknown[] } };
    expect(request.ipPermissions.items).toEqual([
      expect.objectContaining({ ipRanges: { items: [{ cidrIp: OFFICE, description: 'app servers' }] } }),
      // The empty description left out: EC2's way to remove one.
      expect.objectContaining({ ipRanges: { items: [{ cidrIp: VPN }] } }),
    ]);
    expect(await described()).toEqual([
      `egress 443 ${WORLD}: x`,
      `ingress 5432 ${OFFICE}: app servers`,
      `ingress 5432 ${VPN}: (none)`,
    ]);
  });

  it('answers a rule that already has the description as applied (EC2 does not say)', async () => {
    const office = await ruleId('ingress', 5432, OFFICE);
    const item = { ruleId: office, permission: permission(5432, OFFICE, 'changed by hand') };
    expect(await gateway.updateDescriptions(groupId, 'ingress', [item])).toEqual([{ status: 'applied' }]);
  });

  it('answers a rule id gone meanwhile as already applied, for that item alone, and still fixes the others', async () => {
    const office = await ruleId('ingress', 5432, OFFICE);
    const vpn = await ruleId('ingress', 5432, VPN);
    await gateway.revoke(groupId, 'ingress', [{ ruleId: vpn, permission: permission(5432, VPN) }]);
    const result = await gateway.updateDescriptions(groupId, 'ingress', [
      { ruleId: vpn, permission: permission(5432, VPN, 'vpn users') },
      { ruleId: office, permission: permission(5432, OFFICE, 'app servers') },
    ]);
    expect(result).toEqual([
      { status: 'already-applied', code: 'InvalidSecurityGroupRuleId.NotFound' },
      { status: 'applied' },
    ]);
    // The whole call rejected, then each item alone.
    expect(callsTo(org.sb, INGRESS_OP).map((c) => c.error ?? 'ok')).toEqual([
      'InvalidSecurityGroupRuleId.NotFound',
      expect.any(String),
      expect.any(String),
    ]);
    expect(await described()).toEqual([`egress 443 ${WORLD}: x`, `ingress 5432 ${OFFICE}: app servers`]);
  });

  it('answers a permission that matches no rule any more as already applied, for that item alone', async () => {
    await gateway.revoke(groupId, 'ingress', [{ permission: permission(5432, VPN) }]);
    const result = await gateway.updateDescriptions(groupId, 'ingress', [
      { permission: permission(5432, OFFICE, 'app servers') },
      { permission: permission(5432, VPN, 'vpn users') },
    ]);
    expect(result).toEqual([
      { status: 'applied' },
      { status: 'already-applied', code: 'InvalidPermission.NotFound' },
    ]);
    expect(await described()).toEqual([`egress 443 ${WORLD}: x`, `ingress 5432 ${OFFICE}: app servers`]);
  });

  it('tries the peers of one permission one by one when EC2 rejects it whole', async () => {
    const both: IpPermission = {
      ...permission(5432, OFFICE, 'app servers'),
      IpRanges: [
        { CidrIp: OFFICE, Description: 'app servers' },
        { CidrIp: '192.168.0.0/16', Description: 'nobody' },
      ],
    };
    expect(await gateway.updateDescriptions(groupId, 'ingress', [{ permission: both }])).toEqual([
      { status: 'applied' },
    ]);
    expect(await described()).toContain(`ingress 5432 ${OFFICE}: app servers`);
  });

  it('makes no call for no items', async () => {
    expect(await gateway.updateDescriptions(groupId, 'ingress', [])).toEqual([]);
    expect(callsTo(org.sb, INGRESS_OP)).toHaveLength(0);
  });

  it('answers a gone group, a refused call and throttling as values', async () => {
    const office = await ruleId('ingress', 5432, OFFICE);
    const item = { ruleId: office, permission: permission(5432, OFFICE, 'app servers') };
    org.sb.faults.add({ service: 'ec2', operation: INGRESS_OP, kind: 'access-denied', times: 1 });
    expect(await gateway.updateDescriptions(groupId, 'ingress', [item])).toMatchObject([
      { status: 'access-denied', code: 'UnauthorizedOperation' },
    ]);
    org.sb.faults.add({ service: 'ec2', operation: INGRESS_OP, kind: 'throttle' });
    expect(await gateway.updateDescriptions(groupId, 'ingress', [item])).toMatchObject([
      { status: 'retryable' },
    ]);
    org.sb.faults.clear();
    await org
      .broker()
      .ec2(MEMBER, REGION)
      .send(new DeleteSecurityGroupCommand({ GroupId: groupId }));
    expect(await gateway.updateDescriptions(groupId, 'ingress', [item, item])).toEqual([
      { status: 'group-not-found' },
      { status: 'group-not-found' },
    ]);
  });
});
