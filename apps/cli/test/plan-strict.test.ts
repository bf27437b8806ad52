/**
 * `guardrail plan --group` reads strictly: every field EC2 would refuse exits 2 with one line
 * naming the file, the JSON path and the value. Each case of the first table was a silent wrong
 * verdict before (exit 0, "compliant: nothing to do" or a rule judged as something it is not).
 */
import { cli, tempFile } from './support/plan-cli';

const GROUP_ID = 'sg-0123456789abcdef0';
const TAGS = [{ Key: 'guardrail:policy', Value: 'no-public-admin-ports' }];
const OPEN = { IpRanges: [{ CidrIp: '0.0.0.0/0' }] };

/** A bare group kept to no-public-admin-ports with these ingress permissions. */
const group = (...IpPermissions: object[]) => ({
  GroupId: GROUP_ID,
  Tags: TAGS,
  IpPermissions,
  IpPermissionsEgress: [],
});

const rule = <T extends object>(fields: T) => ({
  SecurityGroupRuleId: 'sgr-0123456789abcdef0',
  GroupId: GROUP_ID,
  IsEgress: false,
  ...fields,
});

/** A group given by its rules only (no IpPermissions keys: nothing to cross-check). */
const withRules = (...rules: object[]) => ({ GroupId: GROUP_ID, Tags: TAGS, SecurityGroupRules: rules });

async function planFile(content: unknown, ...args: string[]) {
  const file = tempFile('group.json', content);
  return { file, ...(await cli(['plan', '--group', file, ...args])) };
}

function expectOneError(result: { code: number; stdout: string; stderr: string }, message: string) {
  expect(result.stdout).toBe('');
  expect(result.stderr).toBe(`error: ${message}\n`);
  expect(result.code).toBe(2);
}

describe('guardrail plan --group: what EC2 would refuse exits 2, naming file, JSON path and value', () => {
  it.each<[string, unknown, string]>([
    [
      'tcp FromPort 3389 ToPort 22 from 0.0.0.0/0 (was "compliant")',
      group({ IpProtocol: 'tcp', FromPort: 3389, ToPort: 22, ...OPEN }),
      'IpPermissions[0].FromPort: 3389 is greater than ToPort 22 (ports must be 0 to 65535, FromPort <= ToPort)',
    ],
    [
      'tcp 22 with no ToPort (was "compliant")',
      group({ IpProtocol: 'tcp', FromPort: 22, ...OPEN }),
      'IpPermissions[0].ToPort: tcp needs FromPort and ToPort (ToPort is missing)',
    ],
    [
      'protocol 6 (tcp) with no FromPort',
      group({ IpProtocol: '6', ToPort: 22, ...OPEN }),
      'IpPermissions[0].FromPort: tcp needs FromPort and ToPort (FromPort is missing)',
    ],
    [
      'udp (17) reversed',
      group({ IpProtocol: '17', FromPort: 200, ToPort: 100, ...OPEN }),
      'IpPermissions[0].FromPort: 200 is greater than ToPort 100 (ports must be 0 to 65535, FromPort <= ToPort)',
    ],
    [
      'ToPort 99999',
      group({ IpProtocol: 'tcp', FromPort: 22, ToPort: 99999, ...OPEN }),
      'IpPermissions[0].ToPort: 99999 is not a port (ports must be 0 to 65535, FromPort <= ToPort)',
    ],
    [
      'tcp FromPort -1',
      group({ IpProtocol: 'tcp', FromPort: -1, ToPort: 22, ...OPEN }),
      'IpPermissions[0].FromPort: -1 is not a port (ports must be 0 to 65535, FromPort <= ToPort)',
    ],
    [
      'IpProtocol "tcpp" (was "compliant")',
      group({ IpProtocol: 'tcpp', FromPort: 22, ToPort: 22, ...OPEN }),
      'IpPermissions[0].IpProtocol: "tcpp" is not an IP protocol (tcp, udp, icmp, icmpv6, a protocol number 0 to 255, or -1 for all)',
    ],
    [
      'IpProtocol "300" (was "compliant")',
      group({ IpProtocol: '300', ...OPEN }),
      'IpPermissions[0].IpProtocol: "300" is not an IP protocol (tcp, udp, icmp, icmpv6, a protocol number 0 to 255, or -1 for all)',
    ],
    [
      'IpProtocol "-2" (was "compliant")',
      group({ IpProtocol: '-2', ...OPEN }),
      'IpPermissions[0].IpProtocol: "-2" is not an IP protocol (tcp, udp, icmp, icmpv6, a protocol number 0 to 255, or -1 for all)',
    ],
    [
      'IpProtocol "all" (the policy matchers\' word, not EC2\'s)',
      group({ IpProtocol: 'all', ...OPEN }),
      'IpPermissions[0].IpProtocol: "all" is not an IP protocol (tcp, udp, icmp, icmpv6, a protocol number 0 to 255, or -1 for all)',
    ],
    [
      'ICMP type 300',
      group({ IpProtocol: 'icmp', FromPort: 300, ToPort: -1, ...OPEN }),
      'IpPermissions[0].FromPort: 300 is not an ICMP type (icmp type (FromPort) and code (ToPort) must be -1 to 255)',
    ],
    [
      'ICMPv6 (58) code 256',
      group({ IpProtocol: '58', FromPort: 128, ToPort: 256, Ipv6Ranges: [{ CidrIpv6: '::/0' }] }),
      'IpPermissions[0].ToPort: 256 is not an ICMP code (icmpv6 type (FromPort) and code (ToPort) must be -1 to 255)',
    ],
    [
      'ICMP (1) every type with one code',
      group({ IpProtocol: '1', FromPort: -1, ToPort: 4, ...OPEN }),
      'IpPermissions[0].ToPort: 4: with every icmp type (FromPort -1) the code must be -1',
    ],
    [
      'CIDR 10.0.0.0/33',
      group({ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '10.0.0.0/33' }] }),
      'IpPermissions[0].IpRanges[0].CidrIp: invalid CIDR "10.0.0.0/33": prefix length must be 0 to 32',
    ],
    [
      'CIDR "hello"',
      group({ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: 'hello' }] }),
      'IpPermissions[0].IpRanges[0].CidrIp: "hello" is not a CIDR block (expected address/prefix)',
    ],
    [
      'an address without a prefix length',
      group({ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '203.0.113.9' }] }),
      'IpPermissions[0].IpRanges[0].CidrIp: "203.0.113.9" is not a CIDR block (expected address/prefix)',
    ],
    [
      'an IPv6 CIDR in IpRanges',
      group({ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '::/0' }] }),
      'IpPermissions[0].IpRanges[0].CidrIp: "::/0" is not an IPv4 CIDR block',
    ],
    [
      'fe80::1%eth0/64 (a zone index)',
      group({ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, Ipv6Ranges: [{ CidrIpv6: 'fe80::1%eth0/64' }] }),
      'IpPermissions[0].Ipv6Ranges[0].CidrIpv6: invalid CIDR "fe80::1%eth0/64": not an IPv6 address',
    ],
    [
      'an IPv4 CIDR in Ipv6Ranges',
      group({ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, Ipv6Ranges: [{ CidrIpv6: '0.0.0.0/0' }] }),
      'IpPermissions[0].Ipv6Ranges[0].CidrIpv6: "0.0.0.0/0" is not an IPv6 CIDR block',
    ],
    [
      'a prefix list id that is not one',
      group({ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, PrefixListIds: [{ PrefixListId: 'not a pl' }] }),
      'IpPermissions[0].PrefixListIds[0].PrefixListId: "not a pl" is not a prefix list id (pl-...)',
    ],
    [
      'egress, in a describe-security-groups output',
      {
        SecurityGroups: [
          { ...group(), IpPermissionsEgress: [{ IpProtocol: 'udp', FromPort: 53, ToPort: 70000, ...OPEN }] },
        ],
      },
      'SecurityGroups[0].IpPermissionsEgress[0].ToPort: 70000 is not a port (ports must be 0 to 65535, FromPort <= ToPort)',
    ],
    [
      'SecurityGroupRules: an IPv6 CIDR in CidrIpv4',
      withRules(rule({ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIpv4: '::/0' })),
      'SecurityGroupRules[0].CidrIpv4: "::/0" is not an IPv4 CIDR block',
    ],
    [
      'SecurityGroupRules: an IPv4 CIDR in CidrIpv6',
      withRules(rule({ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIpv6: '0.0.0.0/0' })),
      'SecurityGroupRules[0].CidrIpv6: "0.0.0.0/0" is not an IPv6 CIDR block',
    ],
    [
      'SecurityGroupRules: reversed ports',
      withRules(rule({ IpProtocol: 'tcp', FromPort: 3389, ToPort: 22, CidrIpv4: '0.0.0.0/0' })),
      'SecurityGroupRules[0].FromPort: 3389 is greater than ToPort 22 (ports must be 0 to 65535, FromPort <= ToPort)',
    ],
    [
      'SecurityGroupRules: an unknown protocol',
      withRules(rule({ IpProtocol: 'tcpp', FromPort: 22, ToPort: 22, CidrIpv4: '0.0.0.0/0' })),
      'SecurityGroupRules[0].IpProtocol: "tcpp" is not an IP protocol (tcp, udp, icmp, icmpv6, a protocol number 0 to 255, or -1 for all)',
    ],
    [
      'SecurityGroupRules: a bad prefix list id',
      withRules(rule({ IpProtocol: '-1', FromPort: -1, ToPort: -1, PrefixListId: 'pl-xyz' })),
      'SecurityGroupRules[0].PrefixListId: "pl-xyz" is not a prefix list id (pl-...)',
    ],
    [
      'SecurityGroupRules: two peers in one rule (the second was dropped unseen)',
      withRules(
        rule({ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIpv4: '10.0.0.0/8', CidrIpv6: '::/0' }),
      ),
      'SecurityGroupRules[0]: names CidrIpv4 and CidrIpv6: a rule has exactly one peer',
    ],
  ])('%s', async (_name, content, message) => {
    const result = await planFile(content);
    expectOneError(result, `${result.file}: ${message}`);
  });

  it('a shape error still names the field (the strict checks come after the shape)', async () => {
    const result = await planFile(group({ IpProtocol: 'tcp', FromPort: '22x', ToPort: 22, ...OPEN }));
    expectOneError(result, `${result.file}: IpPermissions[0].FromPort: expected an integer, got a string`);
  });
});

describe('guardrail plan --group: what EC2 takes is planned as before', () => {
  it('host bits: EC2 canonicalizes them (10.0.0.1/8 is 10.0.0.0/8), so 0.0.0.1/0 is the internet', async () => {
    const { code, stdout, stderr } = await planFile(
      group({ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.1/0' }] }),
      '--format',
      'json',
    );
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(JSON.parse(stdout).violations).toEqual([
      expect.objectContaining({ code: 'denied', internet: true, adminPort: true }),
    ]);
  });

  it.each<[string, object]>([
    ['protocol numbers for tcp, with ports', { IpProtocol: '6', FromPort: 443, ToPort: 443, ...OPEN }],
    ['upper case names', { IpProtocol: 'TCP', FromPort: 443, ToPort: 443, ...OPEN }],
    [
      'another protocol: its ports are ignored by EC2',
      { IpProtocol: '50', FromPort: 99999, ToPort: 7, ...OPEN },
    ],
    ['every protocol, without ports', { IpProtocol: '-1', IpRanges: [{ CidrIp: '10.0.0.0/8' }] }],
    ['icmp every type and code', { IpProtocol: 'icmp', FromPort: -1, ToPort: -1, ...OPEN }],
    [
      'icmpv6 without ports (EC2: all types and codes)',
      { IpProtocol: 'icmpv6', Ipv6Ranges: [{ CidrIpv6: '::/0' }] },
    ],
    [
      'the whole port range',
      { IpProtocol: 'udp', FromPort: 0, ToPort: 65535, IpRanges: [{ CidrIp: '10.0.0.0/8' }] },
    ],
    [
      'an embedded IPv4 address',
      { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, Ipv6Ranges: [{ CidrIpv6: '::ffff:192.0.2.0/120' }] },
    ],
    [
      'an AWS-managed prefix list',
      { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, PrefixListIds: [{ PrefixListId: 'pl-6da54004' }] },
    ],
  ])('%s', async (_name, permission) => {
    const { code, stderr } = await planFile(group(permission));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });
});

describe('guardrail plan --group: SecurityGroupRules and IpPermissions together', () => {
  const permissions = [
    { IpProtocol: 'tcp', FromPort: 80, ToPort: 80, ...OPEN },
    { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, ...OPEN },
    { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, ...OPEN },
    { IpProtocol: 'tcp', FromPort: 3389, ToPort: 3389, ...OPEN },
    { IpProtocol: 'udp', FromPort: 53, ToPort: 53, IpRanges: [{ CidrIp: '10.0.0.0/8' }] },
    { IpProtocol: 'tcp', FromPort: 8080, ToPort: 8080, IpRanges: [{ CidrIp: '10.0.0.0/8' }] },
    { IpProtocol: 'tcp', FromPort: 9000, ToPort: 9000, IpRanges: [{ CidrIp: '10.0.0.0/8' }] },
  ];
  const egress = [{ IpProtocol: '-1', ...OPEN }];
  /** describe-security-group-rules for the rules above, ids sgr-...0 to sgr-...7. */
  const allRules = [
    ...permissions.map((p, i) =>
      rule({
        SecurityGroupRuleId: `sgr-000000000000000${i}`,
        IpProtocol: p.IpProtocol,
        FromPort: p.FromPort,
        ToPort: p.ToPort,
        CidrIpv4: p.IpRanges[0]!.CidrIp,
      }),
    ),
    rule({
      SecurityGroupRuleId: 'sgr-0000000000000007',
      IsEgress: true,
      IpProtocol: '-1',
      FromPort: -1,
      ToPort: -1,
      CidrIpv4: '0.0.0.0/0',
    }),
  ];
  const document = (rules: object[], extra: object = {}) => ({
    SecurityGroups: [
      { GroupId: GROUP_ID, Tags: TAGS, IpPermissions: permissions, IpPermissionsEgress: egress },
    ],
    SecurityGroupRules: rules,
    ...extra,
  });

  it('a truncated page (NextToken, 2 of 8 rules) is an error, not "compliant" (RDP and SSH are open)', async () => {
    const result = await planFile(document(allRules.slice(0, 2), { NextToken: 'eyJ2IjoiMiJ9' }));
    expectOneError(
      result,
      `${result.file}: NextToken: truncated: SecurityGroupRules is one page of describe-security-group-rules (NextToken present: "eyJ2IjoiMiJ9"); read every page (without --max-items)`,
    );
  });

  it('a NextToken beside the rules alone is an error too', async () => {
    const result = await planFile({ ...withRules(...allRules), NextToken: 'abc' });
    expectOneError(
      result,
      `${result.file}: NextToken: truncated: SecurityGroupRules is one page of describe-security-group-rules (NextToken present: "abc"); read every page (without --max-items)`,
    );
  });

  it('2 of 8 rules without a NextToken: names the rules missing', async () => {
    const result = await planFile(document(allRules.slice(0, 2)));
    expectOneError(
      result,
      `${result.file}: SecurityGroupRules: disagrees with the permissions of ${GROUP_ID}: ` +
        'lacks 5 of the 7 of SecurityGroups[0].IpPermissions (tcp 22 from 0.0.0.0/0, tcp 3389 from 0.0.0.0/0, ' +
        'udp 53 from 10.0.0.0/8, tcp 8080 from 10.0.0.0/8, tcp 9000 from 10.0.0.0/8); ' +
        'lacks 1 of the 1 of SecurityGroups[0].IpPermissionsEgress (all traffic to 0.0.0.0/0); ' +
        'read both outputs again, whole and at the same time',
    );
  });

  it('a rule the permissions lack, and more missing than are listed', async () => {
    const other = rule({ IpProtocol: 'tcp', FromPort: 25, ToPort: 25, CidrIpv4: '0.0.0.0/0' });
    const result = await planFile(document([other, allRules[7]!]));
    expectOneError(
      result,
      `${result.file}: SecurityGroupRules: disagrees with the permissions of ${GROUP_ID}: ` +
        'lacks 7 of the 7 of SecurityGroups[0].IpPermissions (tcp 80 from 0.0.0.0/0, tcp 443 from 0.0.0.0/0, ' +
        'tcp 22 from 0.0.0.0/0, tcp 3389 from 0.0.0.0/0, udp 53 from 10.0.0.0/8, and 2 more); ' +
        'has 1 not in SecurityGroups[0].IpPermissions (tcp 25 from 0.0.0.0/0); ' +
        'read both outputs again, whole and at the same time',
    );
  });

  it('the same rules agree: planned by rule id, RDP and SSH revoked', async () => {
    // Written otherwise, meaning the same: 6 for tcp, host bits, another order.
    const rules = [...allRules].reverse().map((r) => ({
      ...r,
      IpProtocol: r.IpProtocol === 'tcp' ? '6' : r.IpProtocol,
      CidrIpv4: r.CidrIpv4 === '10.0.0.0/8' ? '10.1.2.3/8' : r.CidrIpv4,
    }));
    const { code, stdout, stderr } = await planFile(document(rules), '--format', 'json');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const revoked = JSON.parse(stdout).actions.map((a: { ruleId: string }) => a.ruleId);
    expect(revoked.sort()).toEqual(['sgr-0000000000000002', 'sgr-0000000000000003']);
  });

  it('rules of a group that is not given are an error naming the group (they were left out before)', async () => {
    const others = allRules.slice(0, 2).map((r) => ({ ...r, GroupId: 'sg-0fedcba9876543210' }));
    const result = await planFile(document(others));
    expectOneError(
      result,
      `${result.file}: SecurityGroupRules[0].GroupId: "sg-0fedcba9876543210" is not a group of --group ${result.file}: give that group too, or leave its rules out`,
    );
  });

  it('a direction the document gives no permissions for is not compared', async () => {
    const { SecurityGroups, SecurityGroupRules } = document(allRules);
    const withoutEgress = { ...SecurityGroups[0], IpPermissionsEgress: undefined };
    const { code, stderr } = await planFile({ SecurityGroups: [withoutEgress], SecurityGroupRules });
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });

  it('a NextToken of null is no page token', async () => {
    const { code, stderr } = await planFile(document(allRules, { NextToken: null }));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });
});

describe('guardrail plan --now: a real ISO 8601 instant', () => {
  const compliant = () =>
    tempFile('group.json', group({ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, ...OPEN }));

  it.each([
    ['2025-02-30T00:00:00Z', 'is not a real date and time'],
    ['2025-02-29T00:00:00Z', 'is not a real date and time'],
    ['2025-04-31T10:00:00Z', 'is not a real date and time'],
    ['2025-05-12T24:00:00Z', 'is not a real date and time'],
    ['2025-05-12T10:60:00Z', 'is not a real date and time'],
    ['2025-05-12T10:00:60Z', 'is not a real date and time'],
    ['2025-05-12T10:00:00+24:00', 'is not a real date and time'],
    ['2025-05-12T10:00:00+02:60', 'is not a real date and time'],
    ['2025-13-01T00:00:00Z', 'is not a real date and time'],
    ['Mon, 12 May 2025 10:00:00 +0000', 'is not an ISO 8601 instant'],
    ['2025-05-12', 'is not an ISO 8601 instant'],
    ['2025-05-12 10:00:00Z', 'is not an ISO 8601 instant'],
  ])('%s %s', async (now, problem) => {
    const result = await cli(['plan', '--group', compliant(), '--now', now]);
    expectOneError(result, `--now: "${now}" ${problem} (e.g. 2025-05-12T10:00:00Z)`);
  });

  it.each([
    ['2024-02-29T23:59:59Z', '2024-02-29T23:59:59.000Z'],
    ['2025-05-12T12:00:00+02:00', '2025-05-12T10:00:00.000Z'],
    ['2025-05-12T05:30-0430', '2025-05-12T10:00:00.000Z'],
    ['2025-05-12T10:00:00.1234Z', '2025-05-12T10:00:00.123Z'],
    ['2025-05-12t10:00:00z', '2025-05-12T10:00:00.000Z'],
    ['0099-01-01T00:00:00Z', '0099-01-01T00:00:00.000Z'],
  ])('%s is %s', async (now, instant) => {
    const { code, stdout, stderr } = await cli([
      'plan',
      '--group',
      compliant(),
      '--now',
      now,
      '--format',
      'json',
    ]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(JSON.parse(stdout).evaluatedAt).toBe(instant);
  });
});

describe('guardrail plan --policies: required permissions and YAML, one message each', () => {
  const compliant = () =>
    tempFile('group.json', group({ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, ...OPEN }));
  const required = (permission: string) =>
    tempFile(
      'p.yaml',
      `version: 1\npolicies:\n  web:\n    ingress:\n      required:\n        - ${permission}\n`,
    );

  it.each([
    [
      '{ IpProtocol: tcpp, FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: 0.0.0.0/0 }] }',
      'policies.web.ingress.required[0].IpProtocol: "tcpp" is not an IP protocol (tcp, udp, icmp, icmpv6, a protocol number 0 to 255, or -1 for all) (line 6, column 25)',
    ],
    [
      '{ IpProtocol: tcp, FromPort: 443, ToPort: 443, PrefixListIds: [{ PrefixListId: "not a pl" }] }',
      'policies.web.ingress.required[0].PrefixListIds[0].PrefixListId: "not a pl" is not a prefix list id (pl-...) (line 6, column 90)',
    ],
  ])('%s', async (permission, message) => {
    const file = required(permission);
    const result = await cli(['plan', '--group', compliant(), '--policies', file]);
    expectOneError(result, `${file}: ${message}`);
  });

  it('a YAML alias bomb exits 2 with one message and no stack trace', async () => {
    const lines = ['a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]'];
    for (const [name, previous] of [
      ['b', 'a'],
      ['c', 'b'],
      ['d', 'c'],
      ['e', 'd'],
      ['f', 'e'],
    ]) {
      lines.push(`${name}: &${name} [${Array(10).fill(`*${previous}`).join(', ')}]`);
    }
    const file = tempFile('bomb.yaml', `${lines.join('\n')}\nversion: 1\n`);
    const started = Date.now();
    const result = await cli(['plan', '--group', compliant(), '--policies', file]);
    expectOneError(
      result,
      `${file}: YAML: too many alias expansions (more than 100): the file looks like an alias bomb`,
    );
    expect(Date.now() - started).toBeLessThan(2000);
  });
});
