/**
 * Properties of prefix lists in the planner (docs/policies.md, "Prefix lists"): a rule from a
 * resolved customer-managed list is a violation exactly when a rule from one of its CIDRs would
 * be, with the same exposure; an unreadable list (or an AWS-managed service list) changes nothing
 * to today's verdicts; and a list that is not reported unverifiable could not have changed them.
 */
import fc from 'fast-check';
import { ruleExposure } from '../../src/alerts/rule-exposure';
import { planGroup } from '../../src/plan/plan';
import type { Plan } from '../../src/plan/types';
import type { Matcher, MatcherPeer, Policy, PolicyFile } from '../../src/policy/types';
import type { PrefixListResolution } from '../../src/prefix-lists/types';
import type { Direction, IpPermission, Rule } from '../../src/rules/types';

const GROUP = 'sg-0123456789abcdef0';
const ACCOUNT = '111122223333';
const LIST = 'pl-0123456789abcdef0';
const OTHER_LIST = 'pl-0fedcba9876543210';
const now = new Date('2026-06-01T00:00:00Z');
const RUNS = 400;

const interesting = [
  '0.0.0.0/0',
  '0.0.0.0/1',
  '128.0.0.0/1',
  '10.0.0.0/8',
  '10.0.0.0/7',
  '10.1.0.0/16',
  '172.16.0.0/12',
  '192.168.1.0/24',
  '100.64.0.0/10',
  '1.2.3.0/24',
  '8.8.8.8/32',
  '203.0.113.0/25',
  '203.0.113.0/24',
  '::/0',
  'fd00::/8',
  '2001:db8::/32',
];
const octet = fc.integer({ min: 0, max: 255 });
const cidr = fc.oneof(
  fc.constantFrom(...interesting),
  fc
    .tuple(octet, octet, octet, octet, fc.integer({ min: 0, max: 32 }))
    .map(([a, b, c, d, p]) => `${a}.${b}.${c}.${d}/${p}`),
);

const protocol = fc.constantFrom<Matcher['protocol']>('tcp', 'udp', 'all', 'icmp');
const ports = fc.constantFrom<Matcher['ports']>(22, 80, 443, '20-25', '0-1024', 'all');

function peerArbitrary(withList: boolean): fc.Arbitrary<MatcherPeer> {
  const peers: fc.Arbitrary<MatcherPeer>[] = [
    fc.constantFrom<MatcherPeer>('internet', 'any', { securityGroup: 'self' }, { prefixList: OTHER_LIST }),
    cidr.map((c) => ({ cidr: c })),
  ];
  if (withList) peers.push(fc.constant({ prefixList: LIST }));
  return fc.oneof(...peers);
}

function matcherArbitrary(withList: boolean): fc.Arbitrary<Matcher> {
  return fc.record({ protocol, ports, peer: peerArbitrary(withList) }).map((m) =>
    // ICMP ports are a type: keep them in range.
    m.protocol === 'icmp' && typeof m.ports === 'string' && m.ports !== 'all' ? { ...m, ports: 'all' } : m,
  );
}

function requiredArbitrary(withList: boolean): fc.Arbitrary<IpPermission> {
  const peer = withList
    ? fc.oneof(
        cidr.map(
          (c): Partial<IpPermission> =>
            c.includes(':') ? { Ipv6Ranges: [{ CidrIpv6: c }] } : { IpRanges: [{ CidrIp: c }] },
        ),
        fc.constant<Partial<IpPermission>>({ PrefixListIds: [{ PrefixListId: LIST }] }),
      )
    : cidr.map(
        (c): Partial<IpPermission> =>
          c.includes(':') ? { Ipv6Ranges: [{ CidrIpv6: c }] } : { IpRanges: [{ CidrIp: c }] },
      );
  return fc
    .tuple(fc.constantFrom(22, 80, 443), peer)
    .map(([port, p]) => ({ IpProtocol: 'tcp', FromPort: port, ToPort: port, ...p }));
}

function directionArbitrary(withList: boolean) {
  return fc.record({
    required: fc.array(requiredArbitrary(withList), { maxLength: 2 }),
    allow: fc.option(fc.array(matcherArbitrary(withList), { maxLength: 3 }), { nil: undefined }),
    deny: fc.array(matcherArbitrary(withList), { maxLength: 3 }),
  });
}

function policyFileArbitrary(withList: boolean): fc.Arbitrary<PolicyFile> {
  return fc
    .tuple(
      directionArbitrary(withList),
      directionArbitrary(withList),
      fc.array(fc.tuple(fc.constantFrom<Direction>('ingress', 'egress'), matcherArbitrary(withList)), {
        maxLength: 2,
      }),
    )
    .map(([ingress, egress, exceptions]) => {
      const clean = (d: typeof ingress) =>
        d.allow === undefined ? { required: d.required, deny: d.deny } : d;
      const policy: Policy = {
        mode: 'enforce',
        modeOverride: false,
        ingress: clean(ingress),
        egress: clean(egress),
      };
      return {
        version: 1 as const,
        policies: { p: policy },
        exceptions: exceptions.map(([direction, match], i) => ({
          account: ACCOUNT,
          direction,
          match,
          expires: '2030-01-01T00:00:00Z',
          reason: `exception ${i}`,
        })),
      };
    });
}

/** A rule's traffic, as EC2 writes it, without a peer. */
const traffic = fc.oneof(
  fc
    .tuple(fc.constantFrom('tcp', 'udp'), fc.integer({ min: 0, max: 1100 }), fc.integer({ min: 0, max: 30 }))
    .map(([p, from, width]) => ({ protocol: p, fromPort: from, toPort: from + width })),
  fc.constant({ protocol: '-1', fromPort: -1, toPort: -1 }),
  fc.constant({ protocol: 'tcp', fromPort: 22, toPort: 22 }),
  fc.constant({ protocol: 'icmp', fromPort: 8, toPort: -1 }),
);
const direction = fc.constantFrom<Direction>('ingress', 'egress');

function fromList(t: { protocol: string; fromPort: number; toPort: number }, d: Direction): Rule {
  return { direction: d, ...t, peer: { kind: 'prefixList', prefixListId: LIST } };
}

function fromCidr(t: { protocol: string; fromPort: number; toPort: number }, d: Direction, c: string): Rule {
  return {
    direction: d,
    ...t,
    peer: c.includes(':') ? { kind: 'ipv6', cidr: c } : { kind: 'ipv4', cidr: c },
  };
}

function plan(policies: PolicyFile, rules: Rule[], prefixLists?: Map<string, PrefixListResolution>): Plan {
  return planGroup({
    group: { groupId: GROUP, ownerId: ACCOUNT, tags: { 'guardrail:policy': 'p' }, rules },
    policies,
    now,
    ...(prefixLists ? { prefixLists } : {}),
  });
}

const offending = (p: Plan) => p.violations.filter((v) => v.code !== 'missing-required');

const customer = (entries: string[]) =>
  new Map<string, PrefixListResolution>([[LIST, { id: LIST, owner: 'customer', version: 1, entries }]]);

describe('a rule from a resolved customer-managed list', () => {
  it('is a violation iff a rule from one of its CIDRs would be, with the same exposure', () => {
    fc.assert(
      fc.property(
        policyFileArbitrary(false),
        traffic,
        direction,
        fc.array(cidr, { minLength: 1, maxLength: 5 }),
        (policies, t, d, entries) => {
          const listPlan = plan(policies, [fromList(t, d)], customer(entries));
          const cidrRules = entries.map((c) => fromCidr(t, d, c));
          const cidrPlan = plan(policies, cidrRules);
          const listViolation = offending(listPlan)[0];
          expect(listViolation !== undefined).toBe(offending(cidrPlan).length > 0);
          expect(listPlan.unverifiable).toEqual([]);
          if (listViolation === undefined) return;
          const exposures = cidrRules.map(ruleExposure);
          expect(listViolation.internet).toBe(exposures.some((e) => e.internet));
          expect(listViolation.adminPort).toBe(exposures.some((e) => e.adminPort));
          // The revoke is of the list rule, as it is in EC2.
          const revokes = listPlan.actions.filter((a) => a.type === 'revoke');
          expect(revokes.map((a) => a.permission.PrefixListIds)).toEqual([[{ PrefixListId: LIST }]]);
        },
      ),
      { numRuns: RUNS },
    );
  });
});

describe('a rule from a list that is a reference', () => {
  it('is judged as without resolutions when the list is unreadable or an AWS service list', () => {
    const unreadable = new Map<string, PrefixListResolution>([
      [LIST, { id: LIST, unreadable: true, reason: 'access-denied' }],
    ]);
    const s3 = new Map<string, PrefixListResolution>([
      [LIST, { id: LIST, owner: 'aws', name: 'com.amazonaws.eu-west-1.s3', entries: ['0.0.0.0/0'] }],
    ]);
    fc.assert(
      fc.property(policyFileArbitrary(true), traffic, direction, (policies, t, d) => {
        const rules = [fromList(t, d)];
        const today = plan(policies, rules);
        for (const lists of [unreadable, s3]) {
          const resolved = plan(policies, rules, lists);
          expect(resolved.violations).toEqual(today.violations);
          expect(resolved.actions).toEqual(today.actions);
        }
        expect(plan(policies, rules, s3).unverifiable).toEqual([]);
      }),
      { numRuns: RUNS },
    );
  });

  it('is reported unverifiable whenever what the list holds could change its verdict', () => {
    const unreadable = new Map<string, PrefixListResolution>([
      [LIST, { id: LIST, unreadable: true, reason: 'throttled' }],
    ]);
    fc.assert(
      fc.property(
        policyFileArbitrary(true),
        traffic,
        direction,
        fc.array(cidr, { maxLength: 4 }),
        (policies, t, d, entries) => {
          const rule = fromList(t, d);
          const blind = plan(policies, [rule], unreadable);
          const unverifiable = blind.unverifiable ?? [];
          expect(unverifiable.flatMap((u) => u.rules)).toEqual(unverifiable.length > 0 ? [rule] : []);
          if (unverifiable.length > 0) {
            expect(unverifiable[0]).toMatchObject({ prefixListId: LIST, reason: 'throttled' });
            return;
          }
          // Not reported: whatever the list holds, the verdict is the same.
          const seeing = plan(policies, [rule], customer(entries));
          expect(offending(seeing).map((v) => v.code)).toEqual(offending(blind).map((v) => v.code));
        },
      ),
      { numRuns: RUNS },
    );
  });
});
