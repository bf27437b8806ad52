import {
  cidrFieldProblem,
  ipProtocolProblem,
  portsProblem,
  prefixListIdProblem,
  securityGroupIdProblem,
} from '../../src/rules';

describe('ipProtocolProblem: what EC2 takes as IpProtocol', () => {
  it.each(['tcp', 'udp', 'icmp', 'icmpv6', 'TCP', '-1', '0', '6', '50', '255', '17', -1, 6, 255])(
    'takes %p',
    (value) => {
      expect(ipProtocolProblem(value)).toBeUndefined();
    },
  );

  it.each(['tcpp', 'all', '300', '256', '-2', '-0', ' tcp', '1.5', '', 'esp', 300, -2, 1.5])(
    'refuses %p',
    (value) => {
      expect(ipProtocolProblem(value)).toBe(
        `${JSON.stringify(value)} is not an IP protocol (tcp, udp, icmp, icmpv6, a protocol number 0 to 255, or -1 for all)`,
      );
    },
  );
});

describe('portsProblem: the ports EC2 takes for a protocol', () => {
  const range = 'ports must be 0 to 65535, FromPort <= ToPort';

  it.each<[string | number, number | undefined, number | undefined]>([
    ['tcp', 22, 22],
    ['tcp', 0, 65535],
    ['6', 1024, 2048],
    [17, 53, 53],
    ['icmp', -1, -1],
    ['icmp', 8, -1],
    ['icmp', 3, 4],
    ['icmp', undefined, undefined],
    ['icmpv6', 255, 255],
    ['58', -1, undefined],
    ['-1', undefined, undefined],
    ['50', 99999, -7],
  ])('takes %p %p-%p', (protocol, from, to) => {
    expect(portsProblem(protocol, from, to)).toBeUndefined();
  });

  it.each<[string | number, number | undefined, number | undefined, string, string]>([
    ['tcp', undefined, 22, 'FromPort', 'tcp needs FromPort and ToPort (FromPort is missing)'],
    ['udp', 53, undefined, 'ToPort', 'udp needs FromPort and ToPort (ToPort is missing)'],
    ['tcp', -1, 22, 'FromPort', `-1 is not a port (${range})`],
    ['tcp', 22, 65536, 'ToPort', `65536 is not a port (${range})`],
    ['tcp', 1.5, 2, 'FromPort', `1.5 is not a port (${range})`],
    ['6', 3389, 22, 'FromPort', `3389 is greater than ToPort 22 (${range})`],
    [
      'icmp',
      256,
      0,
      'FromPort',
      '256 is not an ICMP type (icmp type (FromPort) and code (ToPort) must be -1 to 255)',
    ],
    [
      '1',
      -2,
      0,
      'FromPort',
      '-2 is not an ICMP type (icmp type (FromPort) and code (ToPort) must be -1 to 255)',
    ],
    [
      'icmpv6',
      1,
      300,
      'ToPort',
      '300 is not an ICMP code (icmpv6 type (FromPort) and code (ToPort) must be -1 to 255)',
    ],
    ['icmp', -1, 4, 'ToPort', '4: with every icmp type (FromPort -1) the code must be -1'],
  ])('refuses %p %p-%p in %s', (protocol, from, to, field, message) => {
    expect(portsProblem(protocol, from, to)).toEqual({ field, message });
  });
});

describe('cidrFieldProblem: an EC2 CIDR field of one family', () => {
  it.each<[string, 4 | 6]>([
    ['0.0.0.0/0', 4],
    ['10.0.0.0/8', 4],
    // EC2 canonicalizes host bits (100.68.0.18/18 is stored as 100.68.0.0/18).
    ['100.68.0.18/18', 4],
    ['::/0', 6],
    ['2001:db8::1/64', 6],
    ['::ffff:192.0.2.0/120', 6],
  ])('takes %s as IPv%s', (text, family) => {
    expect(cidrFieldProblem(text, family)).toBeUndefined();
  });

  it.each<[string, 4 | 6, string]>([
    ['10.0.0.0/33', 4, 'invalid CIDR "10.0.0.0/33": prefix length must be 0 to 32'],
    ['hello', 4, '"hello" is not a CIDR block (expected address/prefix)'],
    ['hello/8', 4, 'invalid CIDR "hello/8": not an IPv4 address'],
    ['192.0.2.1', 4, '"192.0.2.1" is not a CIDR block (expected address/prefix)'],
    ['fe80::1%eth0/64', 6, 'invalid CIDR "fe80::1%eth0/64": not an IPv6 address'],
    ['::/0', 4, '"::/0" is not an IPv4 CIDR block'],
    ['0.0.0.0/0', 6, '"0.0.0.0/0" is not an IPv6 CIDR block'],
    [' 10.0.0.0/8', 4, '" 10.0.0.0/8" has spaces around it'],
    ['10.0.0.0/8\n', 4, '"10.0.0.0/8\\n" has spaces around it'],
    ['10.0.0.0/8\nx', 4, 'invalid CIDR "10.0.0.0/8\\nx": prefix length must be 0 to 32'],
  ])('refuses %j as IPv%s', (text, family, message) => {
    expect(cidrFieldProblem(text, family)).toBe(message);
  });
});

describe('ids', () => {
  it('takes pl- and hex digits as a prefix list id', () => {
    expect(prefixListIdProblem('pl-6da54004')).toBeUndefined();
    expect(prefixListIdProblem('pl-0123456789abcdef0')).toBeUndefined();
    expect(prefixListIdProblem('not a pl')).toBe('"not a pl" is not a prefix list id (pl-...)');
    expect(prefixListIdProblem('pl-XYZ')).toBe('"pl-XYZ" is not a prefix list id (pl-...)');
  });

  it('takes sg- and 8 or 17 hex digits as a security group id', () => {
    expect(securityGroupIdProblem('sg-843f59ed')).toBeUndefined();
    expect(securityGroupIdProblem('sg-0123456789abcdef0')).toBeUndefined();
    expect(securityGroupIdProblem('sg-web')).toBe('"sg-web" is not a security group id (sg-...)');
    expect(securityGroupIdProblem('sg-0123456789')).toBe(
      '"sg-0123456789" is not a security group id (sg-...)',
    );
  });
});
