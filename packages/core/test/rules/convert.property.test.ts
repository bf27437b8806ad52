/**
 * Property tests of the rule conversions: EC2's shapes and the one-peer Rule carry the same
 * rules, whatever the mix of protocols, ports and peers.
 */
import fc from 'fast-check';
import {
  ipPermissionFromRule,
  ipPermissionsFromRules,
  ruleFromSecurityGroupRule,
  ruleKey,
  rulesFromIpPermission,
  rulesFromIpPermissions,
} from '../../src/rules';
import type { Direction, IpPermission, Peer, Rule, SecurityGroupRule } from '../../src/rules/types';

const RUNS = 2000;

const direction = fc.constantFrom<Direction>('ingress', 'egress');
const port = fc.integer({ min: 0, max: 65535 });
const icmpValue = fc.integer({ min: -1, max: 255 });

/** Protocol and ports as EC2 would hold them (normalised). */
const traffic = fc.oneof(
  fc.tuple(fc.constantFrom('tcp', 'udp'), port, port).map(([protocol, a, b]) => ({
    protocol,
    fromPort: Math.min(a, b),
    toPort: Math.max(a, b),
  })),
  fc.tuple(fc.constantFrom('icmp', 'icmpv6'), icmpValue, icmpValue).map(([protocol, type, code]) => ({
    protocol,
    fromPort: type,
    toPort: type === -1 ? -1 : code,
  })),
  fc.constantFrom('-1', '50', '47').map((protocol) => ({ protocol, fromPort: -1, toPort: -1 })),
);

const ipv4Cidr = fc.tuple(fc.ipV4(), fc.integer({ min: 0, max: 32 })).map(([ip, bits]) => `${ip}/${bits}`);
const ipv6Cidr = fc.tuple(fc.ipV6(), fc.integer({ min: 0, max: 128 })).map(([ip, bits]) => `${ip}/${bits}`);
const hexId = (prefix: string) => fc.stringMatching(/^[0-9a-f]{8,17}$/).map((hex) => `${prefix}-${hex}`);
const accountId = fc.stringMatching(/^\d{12}$/);

const peer: fc.Arbitrary<Peer> = fc.oneof(
  ipv4Cidr.map((cidr) => ({ kind: 'ipv4' as const, cidr })),
  ipv6Cidr.map((cidr) => ({ kind: 'ipv6' as const, cidr })),
  hexId('pl').map((prefixListId) => ({ kind: 'prefixList' as const, prefixListId })),
  fc
    .record({ groupId: hexId('sg'), userId: accountId }, { requiredKeys: ['groupId'] })
    .map((group) => ({ kind: 'securityGroup' as const, ...group })),
);

const description = fc.option(fc.string({ maxLength: 20 }), { nil: undefined });

function ruleArbitrary(dir: fc.Arbitrary<Direction>): fc.Arbitrary<Rule> {
  return fc
    .record({ direction: dir, traffic, peer, description })
    .map(({ direction, traffic, peer, description }) => {
      const rule: Rule = { direction, ...traffic, peer };
      if (description !== undefined) rule.description = description;
      return rule;
    });
}

/** A rule's identity and description: what a conversion must carry over. */
const carried = (rule: Rule) => `${ruleKey(rule)}#${rule.description ?? ''}`;
const sorted = (rules: Rule[]) => rules.map(carried).sort();

describe('rule conversions (properties)', () => {
  it('rules -> ipPermissionsFromRules -> rulesFromIpPermissions keeps the multiset of rules', () => {
    fc.assert(
      fc.property(
        direction.chain((dir) =>
          fc.tuple(fc.constant(dir), fc.array(ruleArbitrary(fc.constant(dir)), { maxLength: 12 })),
        ),
        ([dir, rules]) => {
          const permissions = ipPermissionsFromRules(rules);
          expect(sorted(rulesFromIpPermissions(permissions, dir))).toEqual(sorted(rules));
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('ipPermissionsFromRules makes exactly one permission per protocol and port range', () => {
    fc.assert(
      fc.property(fc.array(ruleArbitrary(fc.constant('ingress')), { maxLength: 12 }), (rules) => {
        const heads = new Set(rules.map((rule) => `${rule.protocol}|${rule.fromPort}|${rule.toPort}`));
        expect(ipPermissionsFromRules(rules)).toHaveLength(heads.size);
      }),
      { numRuns: RUNS },
    );
  });

  it('a rule survives ipPermissionFromRule -> rulesFromIpPermission unchanged', () => {
    fc.assert(
      fc.property(ruleArbitrary(direction), (rule) => {
        expect(rulesFromIpPermission(ipPermissionFromRule(rule), rule.direction)).toEqual([rule]);
      }),
      { numRuns: RUNS },
    );
  });

  it('ruleFromSecurityGroupRule agrees with rulesFromIpPermission on the same EC2 rule', () => {
    // Protocol spellings EC2 accepts for the same protocol, and raw ports as the API may print them.
    const spelling = fc.constantFrom(
      'tcp',
      'TCP',
      '6',
      'udp',
      '17',
      'icmp',
      '1',
      'icmpv6',
      '58',
      '-1',
      'all',
      '50',
    );
    const rawPort = fc.option(fc.integer({ min: -1, max: 65535 }), { nil: undefined });
    const sgRule = fc.record(
      {
        SecurityGroupRuleId: hexId('sgr'),
        IsEgress: fc.boolean(),
        IpProtocol: spelling,
        FromPort: rawPort,
        ToPort: rawPort,
        Description: description,
        peer: fc.oneof(
          ipv4Cidr.map((CidrIpv4) => ({ CidrIpv4 })),
          ipv6Cidr.map((CidrIpv6) => ({ CidrIpv6 })),
          hexId('pl').map((PrefixListId) => ({ PrefixListId })),
          fc
            .record({ GroupId: hexId('sg'), UserId: accountId })
            .map((ReferencedGroupInfo) => ({ ReferencedGroupInfo })),
        ),
      },
      { requiredKeys: ['SecurityGroupRuleId', 'IsEgress', 'IpProtocol', 'peer'] },
    );
    fc.assert(
      fc.property(sgRule, ({ peer, ...fields }) => {
        const raw: SecurityGroupRule = { ...fields, ...peer };
        const permission: IpPermission = {
          IpProtocol: raw.IpProtocol,
          FromPort: raw.FromPort,
          ToPort: raw.ToPort,
        };
        const described = raw.Description === undefined ? {} : { Description: raw.Description };
        if (raw.CidrIpv4) permission.IpRanges = [{ CidrIp: raw.CidrIpv4, ...described }];
        if (raw.CidrIpv6) permission.Ipv6Ranges = [{ CidrIpv6: raw.CidrIpv6, ...described }];
        if (raw.PrefixListId) permission.PrefixListIds = [{ PrefixListId: raw.PrefixListId, ...described }];
        if (raw.ReferencedGroupInfo)
          permission.UserIdGroupPairs = [{ ...raw.ReferencedGroupInfo, ...described }];
        const fromPermission = rulesFromIpPermission(permission, raw.IsEgress ? 'egress' : 'ingress');
        const { ruleId, ...fromRule } = ruleFromSecurityGroupRule(raw);
        expect(ruleId).toBe(raw.SecurityGroupRuleId);
        expect(fromPermission).toEqual([fromRule]);
      }),
      { numRuns: RUNS },
    );
  });

  it('ruleKey ignores description and rule id, and nothing else', () => {
    fc.assert(
      fc.property(ruleArbitrary(direction), ruleArbitrary(direction), description, (a, b, text) => {
        expect(ruleKey({ ...a, description: text, ruleId: 'sgr-x' })).toBe(ruleKey(a));
        const same =
          a.direction === b.direction &&
          a.protocol === b.protocol &&
          a.fromPort === b.fromPort &&
          a.toPort === b.toPort &&
          JSON.stringify(a.peer.kind === 'securityGroup' ? { g: a.peer.groupId } : a.peer) ===
            JSON.stringify(b.peer.kind === 'securityGroup' ? { g: b.peer.groupId } : b.peer);
        expect(ruleKey(a) === ruleKey(b)).toBe(same);
      }),
      { numRuns: RUNS },
    );
  });
});
