import { describePeer, describeRule, describeTraffic } from '../../src/rules';
import type { Rule } from '../../src/rules/types';

const rule = (overrides: Partial<Rule>): Rule => ({
  direction: 'ingress',
  protocol: 'tcp',
  fromPort: 22,
  toPort: 22,
  peer: { kind: 'ipv4', cidr: '0.0.0.0/0' },
  ...overrides,
});

describe('describeRule', () => {
  it.each<[Partial<Rule>, string]>([
    [{}, 'tcp 22 from 0.0.0.0/0'],
    [
      {
        direction: 'egress',
        protocol: '-1',
        fromPort: -1,
        toPort: -1,
        peer: { kind: 'ipv4', cidr: '10.0.0.0/8' },
      },
      'all traffic to 10.0.0.0/8',
    ],
    [{ protocol: 'icmp', fromPort: 8, toPort: -1 }, 'icmp type 8 code any from 0.0.0.0/0'],
    [
      { protocol: 'icmpv6', fromPort: -1, toPort: -1, peer: { kind: 'ipv6', cidr: '::/0' } },
      'icmpv6 type any code any from ::/0',
    ],
    [{ protocol: 'icmp', fromPort: 3, toPort: 4 }, 'icmp type 3 code 4 from 0.0.0.0/0'],
    [{ fromPort: 0, toPort: 65535 }, 'tcp 0-65535 from 0.0.0.0/0'],
    [{ fromPort: -1, toPort: -1 }, 'tcp all ports from 0.0.0.0/0'],
    [
      { protocol: 'udp', fromPort: 53, toPort: 53, peer: { kind: 'prefixList', prefixListId: 'pl-123' } },
      'udp 53 from pl-123',
    ],
    [
      {
        protocol: '6',
        fromPort: 443,
        toPort: 443,
        peer: { kind: 'securityGroup', groupId: 'sg-abc', userId: '222233334444' },
      },
      'tcp 443 from sg-abc (account 222233334444)',
    ],
    [{ protocol: '50', fromPort: 1, toPort: 2 }, 'protocol 50 from 0.0.0.0/0'],
  ])('%p reads "%s"', (overrides, words) => {
    expect(describeRule(rule(overrides))).toBe(words);
  });
});

describe('describePeer', () => {
  it('names a referenced group with its owner and peering when known', () => {
    expect(describePeer({ kind: 'securityGroup', groupId: 'sg-1' })).toBe('sg-1');
    expect(describePeer({ kind: 'securityGroup', groupId: 'sg-1', vpcPeeringConnectionId: 'pcx-9' })).toBe(
      'sg-1 (via pcx-9)',
    );
    expect(
      describePeer({ kind: 'securityGroup', groupId: 'sg-1', userId: '2', vpcPeeringConnectionId: 'pcx-9' }),
    ).toBe('sg-1 (account 2, via pcx-9)');
    expect(describePeer({ kind: 'ipv6', cidr: '2001:db8::/32' })).toBe('2001:db8::/32');
  });
});

describe('describeTraffic', () => {
  it('describes protocol and ports without a peer', () => {
    expect(describeTraffic({ protocol: 'udp', fromPort: 1000, toPort: 2000 })).toBe('udp 1000-2000');
  });
});
