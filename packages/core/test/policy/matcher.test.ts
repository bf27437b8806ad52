import fc from 'fast-check';
import { compileMatcher, compileRule, matcherCovers, matcherOverlaps } from '../../src/policy/matcher';
import type { Matcher, MatcherPeer } from '../../src/policy/types';
import type { Peer, Rule } from '../../src/rules/types';

const SELF = 'sg-0aaaaaaaaaaaaaaaa';

function peerOf(text: string): Peer {
  if (text.startsWith('pl-')) return { kind: 'prefixList', prefixListId: text };
  if (text.startsWith('sg-')) return { kind: 'securityGroup', groupId: text };
  return text.includes(':') ? { kind: 'ipv6', cidr: text } : { kind: 'ipv4', cidr: text };
}

/** "tcp 22 0.0.0.0/0", "-1 -1 ::/0", "icmp 8/-1 1.2.3.4/32", "50 - 10.0.0.0/8" */
function rule(text: string): Rule {
  const [protocol = '', ports = '', peer = ''] = text.split(' ');
  let fromPort = -1;
  let toPort = -1;
  if (protocol === 'icmp' || protocol === 'icmpv6')
    [fromPort, toPort] = ports.split('/').map(Number) as [number, number];
  else if (ports !== '-' && ports !== '-1')
    [fromPort, toPort] = ports.includes('-')
      ? (ports.split('-').map(Number) as [number, number])
      : [Number(ports), Number(ports)];
  return { direction: 'ingress', protocol, fromPort, toPort, peer: peerOf(peer) };
}

function matcher(protocol: Matcher['protocol'], ports: Matcher['ports'], peer: MatcherPeer): Matcher {
  return { protocol, ports, peer };
}

const internet = 'internet' as const;

// matcher, rule, deny matches (overlap), allow covers (containment)
const table: [string, Matcher, string, boolean, boolean][] = [
  ['exact', matcher('tcp', 22, internet), 'tcp 22 0.0.0.0/0', true, false],
  ['split /1 low half', matcher('tcp', 22, internet), 'tcp 22 0.0.0.0/1', true, false],
  ['split /1 high half', matcher('tcp', 22, internet), 'tcp 22 128.0.0.0/1', true, false],
  ['public /24', matcher('tcp', 22, internet), 'tcp 22 1.2.3.0/24', true, true],
  ['private /8 never internet', matcher('tcp', 22, internet), 'tcp 22 10.0.0.0/8', false, false],
  ['10/7 straddles private', matcher('tcp', 22, internet), 'tcp 22 10.0.0.0/7', true, false],
  ['all protocols rule', matcher('tcp', 22, internet), '-1 - 0.0.0.0/0', true, false],
  ['0-65535', matcher('tcp', 22, internet), 'tcp 0-65535 0.0.0.0/0', true, false],
  ['tcp -1 is every port', matcher('tcp', 22, internet), 'tcp -1 1.2.3.4/32', true, false],
  ['ipv6 ::/0', matcher('tcp', 22, internet), 'tcp 22 ::/0', true, false],
  ['ipv6 public', matcher('tcp', 22, internet), 'tcp 22 2001:db8::/32', true, true],
  ['ipv6 ula', matcher('tcp', 22, internet), 'tcp 22 fd00::/8', false, false],
  ['other port', matcher('tcp', 22, internet), 'tcp 80 0.0.0.0/0', false, false],
  ['udp is not tcp', matcher('tcp', 22, internet), 'udp 22 0.0.0.0/0', false, false],
  ['prefix list is never internet', matcher('tcp', 22, internet), 'tcp 22 pl-0123abcd', false, false],
  [
    'sg reference is never internet',
    matcher('tcp', 22, internet),
    'tcp 22 sg-0bbbbbbbbbbbbbbbb',
    false,
    false,
  ],
  [
    'range overlapping, not contained',
    matcher('tcp', '1000-2000', 'any'),
    'tcp 1500-2500 10.0.0.0/8',
    true,
    false,
  ],
  ['range contained', matcher('tcp', '1000-2000', 'any'), 'tcp 1500-1600 10.0.0.0/8', true, true],
  [
    'allow 443 from 10/8 vs 10/7',
    matcher('tcp', 443, { cidr: '10.0.0.0/8' }),
    'tcp 443 10.0.0.0/7',
    true,
    false,
  ],
  [
    'allow 443 from 10/8 vs 10.1/16',
    matcher('tcp', 443, { cidr: '10.0.0.0/8' }),
    'tcp 443 10.1.0.0/16',
    true,
    true,
  ],
  ['cidr vs other family', matcher('tcp', 443, { cidr: '10.0.0.0/8' }), 'tcp 443 ::/0', false, false],
  ['cidr vs prefix list', matcher('tcp', 443, { cidr: '10.0.0.0/8' }), 'tcp 443 pl-0123abcd', false, false],
  ['cidr v6', matcher('tcp', 443, { cidr: '::/0' }), 'tcp 443 2001:db8::/32', true, true],
  ['all/all vs anything', matcher('all', 'all', internet), 'udp 53 8.8.8.8/32', true, true],
  ['all/all vs all-protocols', matcher('all', 'all', 'any'), '-1 - sg-0bbbbbbbbbbbbbbbb', true, true],
  ['-1 is all', matcher(-1, 'all', 'any'), 'icmp -1/-1 10.0.0.0/8', true, true],
  ['all 22 vs tcp 22', matcher('all', 22, 'any'), 'tcp 22 10.0.0.0/8', true, true],
  ['all 22 vs udp 20-30', matcher('all', 22, 'any'), 'udp 20-30 10.0.0.0/8', true, false],
  ['all 0-65535 vs tcp 0-65535', matcher('all', '0-65535', 'any'), 'tcp 0-65535 10.0.0.0/8', true, true],
  ['all 22 vs all-protocols rule', matcher('all', 22, 'any'), '-1 - 10.0.0.0/8', true, false],
  ['all 0-65535 vs all-protocols rule', matcher('all', '0-65535', 'any'), '-1 - 10.0.0.0/8', true, false],
  ['all 22 vs icmp (types are not ports)', matcher('all', 22, 'any'), 'icmp 22/-1 10.0.0.0/8', false, false],
  ['all 22 vs protocol 50', matcher('all', 22, 'any'), '50 - 10.0.0.0/8', false, false],
  ['icmp all', matcher('icmp', 'all', 'any'), 'icmp 8/0 10.0.0.0/8', true, true],
  ['icmp type 8 vs 8/any', matcher('icmp', 8, 'any'), 'icmp 8/-1 10.0.0.0/8', true, true],
  ['icmp type 8 vs any type', matcher('icmp', 8, 'any'), 'icmp -1/-1 10.0.0.0/8', true, false],
  ['icmp 3-4 vs 3/4', matcher('icmp', '3-4', 'any'), 'icmp 3/4 10.0.0.0/8', true, true],
  ['icmp 3-4 vs 3/any', matcher('icmp', '3-4', 'any'), 'icmp 3/-1 10.0.0.0/8', true, false],
  ['icmp 3-4 vs 3/1', matcher('icmp', '3-4', 'any'), 'icmp 3/1 10.0.0.0/8', false, false],
  ['icmp vs icmpv6', matcher('icmp', 'all', 'any'), 'icmpv6 -1/-1 ::/0', false, false],
  ['icmp as number 1', matcher(1, 'all', 'any'), 'icmp -1/-1 0.0.0.0/0', true, true],
  ['tcp as number 6', matcher(6, 22, internet), 'tcp 22 0.0.0.0/0', true, false],
  ['protocol 50', matcher(50, 'all', 'any'), '50 - 10.0.0.0/8', true, true],
  ['protocol 50 vs 51', matcher(50, 'all', 'any'), '51 - 10.0.0.0/8', false, false],
  ['tcp vs all-protocols rule', matcher('tcp', 'all', 'any'), '-1 - 10.0.0.0/8', true, false],
  ['tcp all vs udp', matcher('tcp', 'all', 'any'), 'udp -1 10.0.0.0/8', false, false],
  ['prefix list same', matcher('tcp', 443, { prefixList: 'pl-0123abcd' }), 'tcp 443 pl-0123abcd', true, true],
  [
    'prefix list other',
    matcher('tcp', 443, { prefixList: 'pl-0123abcd' }),
    'tcp 443 pl-0fffffff',
    false,
    false,
  ],
  [
    'prefix list vs cidr',
    matcher('tcp', 443, { prefixList: 'pl-0123abcd' }),
    'tcp 443 0.0.0.0/0',
    false,
    false,
  ],
  [
    'sg same',
    matcher('tcp', 443, { securityGroup: 'sg-0bbbbbbbbbbbbbbbb' }),
    'tcp 443 sg-0bbbbbbbbbbbbbbbb',
    true,
    true,
  ],
  [
    'sg other',
    matcher('tcp', 443, { securityGroup: 'sg-0bbbbbbbbbbbbbbbb' }),
    'tcp 443 sg-0cccccccccccccccc',
    false,
    false,
  ],
  [
    'sg vs prefix list',
    matcher('tcp', 443, { securityGroup: 'sg-0bbbbbbbbbbbbbbbb' }),
    'tcp 443 pl-0123abcd',
    false,
    false,
  ],
  ['self', matcher('all', 'all', { securityGroup: 'self' }), `-1 - ${SELF}`, true, true],
  [
    'self vs other group',
    matcher('all', 'all', { securityGroup: 'self' }),
    '-1 - sg-0bbbbbbbbbbbbbbbb',
    false,
    false,
  ],
  ['any vs anything', matcher('tcp', 443, 'any'), 'tcp 443 pl-0123abcd', true, true],
  ['unparsable rule cidr: deny fails safe', matcher('tcp', 22, internet), 'tcp 22 not-a-cidr', true, false],
  [
    'unparsable rule cidr vs cidr',
    matcher('tcp', 22, { cidr: '10.0.0.0/8' }),
    'tcp 22 not-a-cidr',
    true,
    false,
  ],
  ['unparsable rule cidr vs any', matcher('tcp', 22, 'any'), 'tcp 22 not-a-cidr', true, true],
];

describe('matcher semantics (design.md section 5)', () => {
  it.each(table)('%s', (_name, m, r, overlaps, covers) => {
    const compiled = compileMatcher(m);
    const target = compileRule(rule(r));
    expect(matcherOverlaps(compiled, target, SELF)).toBe(overlaps);
    expect(matcherCovers(compiled, target, SELF)).toBe(covers);
  });
});

describe('rules as matchers (required permissions)', () => {
  it.each([
    ['tcp 443 0.0.0.0/0', 'tcp 443 1.2.3.0/24', true, true],
    ['tcp 443 1.2.3.0/24', 'tcp 443 0.0.0.0/0', true, false],
    ['tcp 0-65535 10.0.0.0/8', 'tcp 22 10.1.0.0/16', true, true],
    ['-1 - 10.0.0.0/8', 'udp 53 10.0.0.0/8', true, true],
    ['tcp 22 10.0.0.0/8', '-1 - 10.0.0.0/8', true, false],
    ['tcp 22 pl-0123abcd', 'tcp 22 pl-0123abcd', true, true],
    ['tcp 22 not-a-cidr', 'tcp 22 10.0.0.0/8', false, false],
    ['tcp 22 10.0.0.0/8', 'tcp 22 10.0.0.0/8', true, true],
  ])('%s vs %s', (outer, inner, overlaps, covers) => {
    const target = compileRule(rule(inner));
    expect(matcherOverlaps(compileRule(rule(outer)), target, SELF)).toBe(overlaps);
    expect(matcherCovers(compileRule(rule(outer)), target, SELF)).toBe(covers);
  });
});

const protocols = fc.constantFrom<Matcher['protocol']>('tcp', 'udp', 'icmp', 'icmpv6', 'all', 50);
const portRange = fc
  .tuple(fc.integer({ min: 0, max: 65535 }), fc.integer({ min: 0, max: 65535 }))
  .map(([a, b]) => `${Math.min(a, b)}-${Math.max(a, b)}`);
const arbMatcher = fc
  .record({
    protocol: protocols,
    ports: fc.oneof(fc.constant('all'), portRange, fc.integer({ min: 0, max: 255 })),
    peer: fc.oneof(
      fc.constantFrom<MatcherPeer>(
        'internet',
        'any',
        { prefixList: 'pl-0123abcd' },
        { securityGroup: 'self' },
      ),
      fc
        .record({ address: fc.ipV4(), prefix: fc.integer({ min: 0, max: 32 }) })
        .map((x) => ({ cidr: `${x.address}/${x.prefix}` })),
    ),
  })
  .filter(
    (m) =>
      m.ports === 'all' ||
      (typeof m.protocol !== 'number' &&
        !(String(m.protocol).startsWith('icmp') && typeof m.ports === 'string')),
  );
const arbRule = fc
  .record({
    protocol: fc.constantFrom('tcp', 'udp', 'icmp', '-1', '50'),
    from: fc.integer({ min: 0, max: 255 }),
    span: fc.integer({ min: 0, max: 3000 }),
    peer: fc.oneof(
      fc.constantFrom<Peer>(
        { kind: 'prefixList', prefixListId: 'pl-0123abcd' },
        { kind: 'securityGroup', groupId: SELF },
      ),
      fc
        .record({ address: fc.ipV4(), prefix: fc.integer({ min: 0, max: 32 }) })
        .map((x): Peer => ({ kind: 'ipv4', cidr: `${x.address}/${x.prefix}` })),
    ),
  })
  .map(({ protocol, from, span, peer }): Rule => {
    const ported = protocol === 'tcp' || protocol === 'udp';
    const icmp = protocol === 'icmp';
    return {
      direction: 'ingress',
      protocol,
      fromPort: ported || icmp ? from : -1,
      toPort: ported ? from + span : icmp ? from % 16 : -1,
      peer,
    };
  });

describe('properties', () => {
  it('a matcher that covers a rule also overlaps it', () => {
    fc.assert(
      fc.property(arbMatcher, arbRule, (m, r) => {
        const compiled = compileMatcher(m);
        const target = compileRule(r);
        if (matcherCovers(compiled, target, SELF)) expect(matcherOverlaps(compiled, target, SELF)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('a rule, as a required permission, covers itself', () => {
    fc.assert(
      fc.property(arbRule, (r) => {
        expect(matcherCovers(compileRule(r), compileRule(r), SELF)).toBe(true);
      }),
    );
  });
});
