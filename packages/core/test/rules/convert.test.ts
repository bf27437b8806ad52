import { GuardrailError } from '../../src/errors';
import {
  ipPermissionFromRule,
  ipPermissionsFromRules,
  RuleConversionError,
  ruleFromSecurityGroupRule,
  ruleKey,
  rulesFromIpPermission,
  rulesFromIpPermissions,
  sameRule,
} from '../../src/rules';
import type { IpPermission, Rule } from '../../src/rules/types';

const ssh: Rule = {
  direction: 'ingress',
  protocol: 'tcp',
  fromPort: 22,
  toPort: 22,
  peer: { kind: 'ipv4', cidr: '0.0.0.0/0' },
};

describe('rulesFromIpPermission', () => {
  it('makes one rule per range, prefix list and group pair, keeping each description', () => {
    const permission: IpPermission = {
      IpProtocol: '6',
      FromPort: 443,
      ToPort: 443,
      IpRanges: [{ CidrIp: '0.0.0.0/0', Description: 'world' }, { CidrIp: '10.0.0.0/8' }],
      Ipv6Ranges: [{ CidrIpv6: '::/0', Description: 'v6 world' }],
      PrefixListIds: [{ PrefixListId: 'pl-123' }],
      UserIdGroupPairs: [
        {
          GroupId: 'sg-abc',
          UserId: '222233334444',
          VpcId: 'vpc-1',
          VpcPeeringConnectionId: 'pcx-1',
          Description: 'lb',
        },
      ],
    };
    expect(rulesFromIpPermission(permission, 'ingress')).toEqual([
      {
        direction: 'ingress',
        protocol: 'tcp',
        fromPort: 443,
        toPort: 443,
        peer: { kind: 'ipv4', cidr: '0.0.0.0/0' },
        description: 'world',
      },
      {
        direction: 'ingress',
        protocol: 'tcp',
        fromPort: 443,
        toPort: 443,
        peer: { kind: 'ipv4', cidr: '10.0.0.0/8' },
      },
      {
        direction: 'ingress',
        protocol: 'tcp',
        fromPort: 443,
        toPort: 443,
        peer: { kind: 'ipv6', cidr: '::/0' },
        description: 'v6 world',
      },
      {
        direction: 'ingress',
        protocol: 'tcp',
        fromPort: 443,
        toPort: 443,
        peer: { kind: 'prefixList', prefixListId: 'pl-123' },
      },
      {
        direction: 'ingress',
        protocol: 'tcp',
        fromPort: 443,
        toPort: 443,
        peer: {
          kind: 'securityGroup',
          groupId: 'sg-abc',
          userId: '222233334444',
          vpcId: 'vpc-1',
          vpcPeeringConnectionId: 'pcx-1',
        },
        description: 'lb',
      },
    ]);
  });

  it('gives all-traffic rules every port and keeps ICMP type/code', () => {
    expect(
      rulesFromIpPermission({ IpProtocol: '-1', IpRanges: [{ CidrIp: '10.0.0.0/8' }] }, 'egress'),
    ).toEqual([
      {
        direction: 'egress',
        protocol: '-1',
        fromPort: -1,
        toPort: -1,
        peer: { kind: 'ipv4', cidr: '10.0.0.0/8' },
      },
    ]);
    const [icmp] = rulesFromIpPermission(
      { IpProtocol: 'icmp', FromPort: 8, ToPort: -1, IpRanges: [{ CidrIp: '1.2.3.4/32' }] },
      'ingress',
    );
    expect(icmp).toMatchObject({ protocol: 'icmp', fromPort: 8, toPort: -1 });
  });

  it('skips entries that lack their identifying field', () => {
    const permission: IpPermission = {
      IpProtocol: 'tcp',
      FromPort: 1,
      ToPort: 2,
      IpRanges: [{}],
      Ipv6Ranges: [{}],
      PrefixListIds: [{}],
      UserIdGroupPairs: [{ GroupName: 'default' }],
    };
    expect(rulesFromIpPermission(permission, 'ingress')).toEqual([]);
    expect(rulesFromIpPermission({ IpProtocol: 'tcp' }, 'ingress')).toEqual([]);
  });
});

describe('rulesFromIpPermissions', () => {
  it('flattens every permission and accepts undefined', () => {
    expect(rulesFromIpPermissions(undefined, 'ingress')).toEqual([]);
    const rules = rulesFromIpPermissions(
      [
        { IpProtocol: 'tcp', FromPort: 80, ToPort: 80, IpRanges: [{ CidrIp: '0.0.0.0/0' }] },
        { IpProtocol: 'udp', FromPort: 53, ToPort: 53, PrefixListIds: [{ PrefixListId: 'pl-1' }] },
      ],
      'egress',
    );
    expect(rules.map((r) => `${r.direction} ${r.protocol} ${r.fromPort}`)).toEqual([
      'egress tcp 80',
      'egress udp 53',
    ]);
  });
});

describe('ruleFromSecurityGroupRule', () => {
  it('keeps the rule id and reads IsEgress as the direction', () => {
    expect(
      ruleFromSecurityGroupRule({
        SecurityGroupRuleId: 'sgr-1',
        GroupId: 'sg-1',
        IsEgress: true,
        IpProtocol: '-1',
        FromPort: -1,
        ToPort: -1,
        CidrIpv4: '0.0.0.0/0',
        Description: 'all out',
      }),
    ).toEqual({
      direction: 'egress',
      protocol: '-1',
      fromPort: -1,
      toPort: -1,
      peer: { kind: 'ipv4', cidr: '0.0.0.0/0' },
      description: 'all out',
      ruleId: 'sgr-1',
    });
  });

  it('reads each kind of peer', () => {
    const base = { IsEgress: false, IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432 };
    expect(ruleFromSecurityGroupRule({ ...base, CidrIpv6: '::/0' }).peer).toEqual({
      kind: 'ipv6',
      cidr: '::/0',
    });
    expect(ruleFromSecurityGroupRule({ ...base, PrefixListId: 'pl-9' }).peer).toEqual({
      kind: 'prefixList',
      prefixListId: 'pl-9',
    });
    expect(
      ruleFromSecurityGroupRule({ ...base, ReferencedGroupInfo: { GroupId: 'sg-2', UserId: '111' } }),
    ).toEqual({
      direction: 'ingress',
      protocol: 'tcp',
      fromPort: 5432,
      toPort: 5432,
      peer: { kind: 'securityGroup', groupId: 'sg-2', userId: '111' },
    });
  });

  it('throws a typed error when the rule names no peer', () => {
    const noPeer = () => ruleFromSecurityGroupRule({ SecurityGroupRuleId: 'sgr-9', IpProtocol: 'tcp' });
    expect(noPeer).toThrow(RuleConversionError);
    expect(noPeer).toThrow(/sgr-9/);
    expect(() => ruleFromSecurityGroupRule({ IpProtocol: 'tcp', ReferencedGroupInfo: {} })).toThrow(
      '(no id)',
    );
    try {
      noPeer();
    } catch (error) {
      expect(error).toBeInstanceOf(GuardrailError);
      expect((error as Error).name).toBe('RuleConversionError');
    }
  });
});

describe('ipPermissionFromRule', () => {
  it('omits ports for all traffic and keeps the description', () => {
    expect(
      ipPermissionFromRule({
        direction: 'egress',
        protocol: '-1',
        fromPort: -1,
        toPort: -1,
        peer: { kind: 'ipv4', cidr: '0.0.0.0/0' },
        description: 'x',
      }),
    ).toEqual({ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0', Description: 'x' }] });
    expect(ipPermissionFromRule({ ...ssh, protocol: '50', fromPort: 3, toPort: 4 })).toEqual({
      IpProtocol: '50',
      IpRanges: [{ CidrIp: '0.0.0.0/0' }],
    });
  });

  it('writes each peer kind in the EC2 shape', () => {
    expect(ipPermissionFromRule(ssh)).toEqual({
      IpProtocol: 'tcp',
      FromPort: 22,
      ToPort: 22,
      IpRanges: [{ CidrIp: '0.0.0.0/0' }],
    });
    expect(ipPermissionFromRule({ ...ssh, peer: { kind: 'ipv6', cidr: '::/0' } }).Ipv6Ranges).toEqual([
      { CidrIpv6: '::/0' },
    ]);
    expect(
      ipPermissionFromRule({ ...ssh, peer: { kind: 'prefixList', prefixListId: 'pl-1' }, description: 'd' })
        .PrefixListIds,
    ).toEqual([{ PrefixListId: 'pl-1', Description: 'd' }]);
  });

  it('names the owner of a referenced group only when it is another account', () => {
    const rule: Rule = {
      ...ssh,
      peer: {
        kind: 'securityGroup',
        groupId: 'sg-abc',
        userId: '222233334444',
        vpcId: 'vpc-1',
        vpcPeeringConnectionId: 'pcx-1',
      },
    };
    expect(ipPermissionFromRule(rule).UserIdGroupPairs).toEqual([
      { GroupId: 'sg-abc', UserId: '222233334444', VpcId: 'vpc-1', VpcPeeringConnectionId: 'pcx-1' },
    ]);
    expect(ipPermissionFromRule(rule, { ownerId: '111122223333' }).UserIdGroupPairs?.[0]?.UserId).toBe(
      '222233334444',
    );
    expect(ipPermissionFromRule(rule, { ownerId: '222233334444' }).UserIdGroupPairs?.[0]).not.toHaveProperty(
      'UserId',
    );
    expect(
      ipPermissionFromRule({ ...ssh, peer: { kind: 'securityGroup', groupId: 'sg-x' } }).UserIdGroupPairs,
    ).toEqual([{ GroupId: 'sg-x' }]);
  });

  it('normalises the protocol and the ICMP ports', () => {
    expect(ipPermissionFromRule({ ...ssh, protocol: '1', fromPort: -1, toPort: 0 })).toMatchObject({
      IpProtocol: 'icmp',
      FromPort: -1,
      ToPort: -1,
    });
  });
});

describe('ipPermissionsFromRules', () => {
  it('merges rules of the same protocol and ports into one permission, in first-seen order', () => {
    const rules: Rule[] = [
      ssh,
      { ...ssh, fromPort: 443, toPort: 443 },
      { ...ssh, peer: { kind: 'ipv6', cidr: '::/0' } },
      { ...ssh, peer: { kind: 'ipv4', cidr: '10.0.0.0/8' }, description: 'office' },
    ];
    expect(ipPermissionsFromRules(rules)).toEqual([
      {
        IpProtocol: 'tcp',
        FromPort: 22,
        ToPort: 22,
        IpRanges: [{ CidrIp: '0.0.0.0/0' }, { CidrIp: '10.0.0.0/8', Description: 'office' }],
        Ipv6Ranges: [{ CidrIpv6: '::/0' }],
      },
      { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '0.0.0.0/0' }] },
    ]);
    expect(ipPermissionsFromRules([])).toEqual([]);
  });
});

describe('ruleKey / sameRule', () => {
  it('ignores description and rule id', () => {
    expect(sameRule(ssh, { ...ssh, description: 'x', ruleId: 'sgr-1' })).toBe(true);
  });
  it('tells apart direction, protocol, ports and peer', () => {
    expect(sameRule(ssh, { ...ssh, direction: 'egress' })).toBe(false);
    expect(sameRule(ssh, { ...ssh, protocol: 'udp' })).toBe(false);
    expect(sameRule(ssh, { ...ssh, toPort: 23 })).toBe(false);
    expect(sameRule(ssh, { ...ssh, peer: { kind: 'ipv4', cidr: '0.0.0.0/1' } })).toBe(false);
    expect(
      sameRule(
        { ...ssh, peer: { kind: 'prefixList', prefixListId: 'pl-1' } },
        { ...ssh, peer: { kind: 'prefixList', prefixListId: 'pl-2' } },
      ),
    ).toBe(false);
  });
  it('normalises ports for all traffic and ICMP, protocol spellings and IPv6 case', () => {
    const all: Rule = { ...ssh, protocol: '-1', fromPort: -1, toPort: -1 };
    expect(sameRule(all, { ...all, protocol: 'all', fromPort: 0, toPort: 65535 })).toBe(true);
    expect(
      sameRule(
        { ...ssh, protocol: 'icmp', fromPort: -1, toPort: -1 },
        { ...ssh, protocol: '1', fromPort: -1, toPort: 3 },
      ),
    ).toBe(true);
    expect(sameRule({ ...ssh, protocol: '6' }, ssh)).toBe(true);
    expect(
      sameRule(
        { ...ssh, peer: { kind: 'ipv6', cidr: '2001:DB8::/32' } },
        { ...ssh, peer: { kind: 'ipv6', cidr: '2001:db8::/32' } },
      ),
    ).toBe(true);
  });
  it('compares CIDRs by the block they name, not by their text', () => {
    const v4 = (cidr: string): Rule => ({ ...ssh, peer: { kind: 'ipv4', cidr } });
    const v6 = (cidr: string): Rule => ({ ...ssh, peer: { kind: 'ipv6', cidr } });
    expect(sameRule(v4('10.0.0.1/8'), v4('10.0.0.0/8'))).toBe(true);
    expect(sameRule(v6('2001:db8:0:0::/64'), v6('2001:db8::/64'))).toBe(true);
    expect(sameRule(v6('2001:DB8:0:0:1::/64'), v6('2001:db8::/64'))).toBe(true);
    expect(sameRule(v4('10.0.0.1/9'), v4('10.0.0.0/8'))).toBe(false);
    // An unparsable CIDR keeps its text (IPv6 still compared without case).
    expect(ruleKey(v4('10.0.0.256/8'))).toContain('ipv4:10.0.0.256/8');
    expect(sameRule(v6('2001:DB8::zz/64'), v6('2001:db8::ZZ/64'))).toBe(true);
  });
  it('identifies a referenced group by id, whoever is named as its owner', () => {
    const a: Rule = { ...ssh, peer: { kind: 'securityGroup', groupId: 'sg-1', userId: '111' } };
    expect(ruleKey(a)).toBe(ruleKey({ ...ssh, peer: { kind: 'securityGroup', groupId: 'sg-1' } }));
    expect(sameRule(a, { ...ssh, peer: { kind: 'securityGroup', groupId: 'sg-2' } })).toBe(false);
  });
});
