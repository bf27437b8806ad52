import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GuardrailError } from '../../src/errors';
import { PolicyFileError } from '../../src/policy/errors';
import { formatPath, loadPolicyFile } from '../../src/policy/load';

const fixture = (name: string) => readFileSync(join(__dirname, '..', 'fixtures', 'policies', name), 'utf8');
const examplePath = join(__dirname, '..', '..', '..', '..', 'examples', 'policies.yaml');

function errorOf(text: string, file = 'p.yaml'): PolicyFileError {
  try {
    loadPolicyFile(text, file);
  } catch (error) {
    if (error instanceof PolicyFileError) return error;
    throw error;
  }
  throw new Error('expected a PolicyFileError');
}

describe('loadPolicyFile', () => {
  it('loads the shipped example file with defaults filled in', () => {
    const file = loadPolicyFile(readFileSync(examplePath, 'utf8'), 'examples/policies.yaml');
    expect(Object.keys(file.policies)).toEqual(['no-public-admin-ports', 'web-public', 'internal-only']);
    const web = file.policies['web-public']!;
    expect(web.mode).toBe('enforce');
    expect(web.modeOverride).toBe(false);
    expect(web.egress).toEqual({ required: [], deny: [] });
    expect(web.ingress.allow).toBeUndefined();
    expect(file.policies['internal-only']!.ingress.allow).toHaveLength(4);
    expect(file.exceptions[0]).toMatchObject({ account: '111122223333', expires: '2026-12-31T00:00:00Z' });
  });

  it('keeps an empty allow list (it allows nothing) apart from no allow list', () => {
    const file = loadPolicyFile('version: 1\npolicies:\n  p:\n    ingress: { allow: [] }\n', 'p.yaml');
    expect(file.policies.p!.ingress.allow).toEqual([]);
    expect(file.exceptions).toEqual([]);
  });

  it('normalises IpProtocol written as a number', () => {
    const file = loadPolicyFile(
      'version: 1\npolicies:\n  p:\n    egress:\n      required: [{ IpProtocol: -1, IpRanges: [{ CidrIp: 10.0.0.0/8 }] }]\n',
      'p.yaml',
    );
    expect(file.policies.p!.egress.required[0]!.IpProtocol).toBe('-1');
  });

  it('lists every problem of a file, each with its field path and line', () => {
    const error = errorOf(fixture('invalid.yaml'), 'invalid.yaml');
    expect(error).toBeInstanceOf(GuardrailError);
    expect(error.name).toBe('PolicyFileError');
    expect(error.file).toBe('invalid.yaml');
    const paths = error.issues.map((issue) => issue.path);
    expect(paths).toEqual([
      'version',
      'policies.web-public.mode',
      'policies.web-public.ingress.required[0].IpRanges[0].CidrIp',
      'policies.web-public.ingress.required[0].ToPort',
      'policies.web-public.ingress.required[1]',
      'policies.web-public.ingress.deny[1].peer.cidr',
      'policies.web-public.ingress.deny[2].extra',
      'policies.web-public.ingress.deny[2].ports',
      'policies.web-public.ingress.deny[3].protocol',
      'policies.web-public.ingress.deny[3].ports',
      'policies.web-public.ingress.deny[3].peer',
      'policies.web-public.ingress.deny[4].peer.cidr',
      'policies.web-public.ingress.deny[4].ports',
      'policies.web-public.egres',
      'exceptions[0].account',
      'exceptions[0].match.ports',
      'exceptions[0].expires',
      'exceptions[0].reason',
    ]);
    expect(error.message.split('\n')).toHaveLength(paths.length);
    expect(error.message).toContain(
      'invalid.yaml: policies.web-public.ingress.deny[2].ports: ports must be 0 to 65535, from <= to (line 9, column 35)',
    );
    expect(error.message).toContain('invalid.yaml: policies.web-public.egres: unknown key (line 15');
  });

  it.each([
    [
      'tcp needs ports',
      '{ IpProtocol: tcp, IpRanges: [{ CidrIp: 0.0.0.0/0 }] }',
      'tcp needs FromPort and ToPort',
    ],
    [
      'port order',
      '{ IpProtocol: udp, FromPort: 9, ToPort: 1, IpRanges: [{ CidrIp: 0.0.0.0/0 }] }',
      'FromPort <= ToPort',
    ],
    [
      'icmp type',
      '{ IpProtocol: icmp, FromPort: 300, ToPort: -1, IpRanges: [{ CidrIp: 0.0.0.0/0 }] }',
      'must be -1 to 255',
    ],
    [
      'icmp code',
      '{ IpProtocol: icmpv6, FromPort: 1, ToPort: 256, Ipv6Ranges: [{ CidrIpv6: ::/0 }] }',
      'must be -1 to 255',
    ],
    [
      'ipv6 range',
      '{ IpProtocol: "-1", Ipv6Ranges: [{ CidrIpv6: 10.0.0.0/8 }] }',
      'is not an IPv6 CIDR block',
    ],
    [
      'group pair',
      '{ IpProtocol: "-1", UserIdGroupPairs: [{ GroupId: web }] }',
      'expected a security group id',
    ],
    [
      'unknown protocol name',
      '{ IpProtocol: tcpp, FromPort: 1, ToPort: 2, IpRanges: [{ CidrIp: 0.0.0.0/0 }] }',
      '"tcpp" is not an IP protocol',
    ],
    [
      'protocol number out of range',
      '{ IpProtocol: 300, IpRanges: [{ CidrIp: 0.0.0.0/0 }] }',
      '300 is not an IP protocol',
    ],
    [
      'protocol -2 as text',
      '{ IpProtocol: "-2", IpRanges: [{ CidrIp: 0.0.0.0/0 }] }',
      '"-2" is not an IP protocol',
    ],
    [
      "all is not EC2's",
      '{ IpProtocol: all, IpRanges: [{ CidrIp: 0.0.0.0/0 }] }',
      '"all" is not an IP protocol',
    ],
    [
      'port out of range',
      '{ IpProtocol: tcp, FromPort: 22, ToPort: 99999, IpRanges: [{ CidrIp: 0.0.0.0/0 }] }',
      '99999 is not a port',
    ],
    [
      'every ICMP type with one code',
      '{ IpProtocol: icmp, FromPort: -1, ToPort: 3, IpRanges: [{ CidrIp: 0.0.0.0/0 }] }',
      'the code must be -1',
    ],
    [
      'prefix list id',
      '{ IpProtocol: tcp, FromPort: 1, ToPort: 2, PrefixListIds: [{ PrefixListId: "not a pl" }] }',
      '"not a pl" is not a prefix list id',
    ],
    [
      'an address without a prefix',
      '{ IpProtocol: tcp, FromPort: 1, ToPort: 2, IpRanges: [{ CidrIp: 10.0.0.1 }] }',
      'is not a CIDR block (expected address/prefix)',
    ],
    [
      'spaces around a CIDR',
      '{ IpProtocol: tcp, FromPort: 1, ToPort: 2, IpRanges: [{ CidrIp: " 10.0.0.0/8" }] }',
      'has spaces around it',
    ],
    [
      'a zone index',
      '{ IpProtocol: tcp, FromPort: 1, ToPort: 2, Ipv6Ranges: [{ CidrIpv6: "fe80::1%eth0/64" }] }',
      'not an IPv6 address',
    ],
  ])('validates required permissions: %s', (_name, permission, message) => {
    const error = errorOf(
      `version: 1\npolicies:\n  p:\n    ingress:\n      required:\n        - ${permission}\n`,
    );
    expect(error.issues).toHaveLength(1);
    expect(error.issues[0]!.path).toMatch(/^policies\.p\.ingress\.required\[0\]/);
    expect(error.issues[0]!.message).toContain(message);
  });

  it.each([
    ['icmp type-code', '{ protocol: icmp, ports: 3-4, peer: any }'],
    ['icmpv6 type', '{ protocol: icmpv6, ports: 128, peer: any }'],
    ['quoted single port', '{ protocol: tcp, ports: "22", peer: { prefixList: pl-0123abcd } }'],
    ['all with ports', '{ protocol: all, ports: 0-1023, peer: { securityGroup: sg-0123456789abcdef0 } }'],
    ['other protocol', '{ protocol: 50, ports: all, peer: { cidr: "2001:db8::/32" } }'],
  ])('accepts matcher %s', (_name, matcher) => {
    expect(() =>
      loadPolicyFile(`version: 1\npolicies:\n  p:\n    egress:\n      deny:\n        - ${matcher}\n`, 'p'),
    ).not.toThrow();
  });

  it.each([
    [
      'prefix list',
      '{ IpProtocol: tcp, FromPort: 1, ToPort: 2, PrefixListIds: [{ PrefixListId: pl-0123abcd }] }',
    ],
    [
      'group pair',
      '{ IpProtocol: "50", UserIdGroupPairs: [{ GroupId: sg-0123456789abcdef0, UserId: "111122223333" }] }',
    ],
    ['ipv6', '{ IpProtocol: icmpv6, FromPort: -1, ToPort: -1, Ipv6Ranges: [{ CidrIpv6: "::/0" }] }'],
    ['icmp without ports', '{ IpProtocol: icmp, IpRanges: [{ CidrIp: 10.0.0.0/8 }] }'],
    [
      'host bits (EC2 canonicalizes them)',
      '{ IpProtocol: "6", FromPort: 1, ToPort: 2, IpRanges: [{ CidrIp: 10.1.2.3/8 }] }',
    ],
    ['a protocol number without ports', '{ IpProtocol: 50, IpRanges: [{ CidrIp: 10.0.0.0/8 }] }'],
  ])('accepts required permission with %s', (_name, permission) => {
    const text = `version: 1\npolicies:\n  p:\n    ingress:\n      required:\n        - ${permission}\n`;
    expect(loadPolicyFile(text, 'p').policies.p!.ingress.required).toHaveLength(1);
  });

  it('rejects unknown top-level keys', () => {
    expect(errorOf('version: 1\npolicy: {}\n').message).toBe(
      'p.yaml: policy: unknown key (line 2, column 9)',
    );
  });

  it('accepts a date-only expiry and an offset', () => {
    const text = (expires: string) =>
      `version: 1\nexceptions:\n  - { account: "111122223333", direction: egress, match: { protocol: all, ports: all, peer: any }, expires: "${expires}", reason: r }\n`;
    expect(loadPolicyFile(text('2026-01-01'), 'p').exceptions[0]!.expires).toBe('2026-01-01');
    expect(loadPolicyFile(text('2026-01-01T00:00:00+02:00'), 'p').exceptions[0]!.expires).toBe(
      '2026-01-01T00:00:00+02:00',
    );
  });

  it('rejects bad policy names', () => {
    expect(errorOf('version: 1\npolicies:\n  "bad name": {}\n').issues[0]).toMatchObject({
      path: 'policies["bad name"]',
      message: expect.stringContaining('policy names'),
    });
  });

  it('reports YAML syntax errors with line and column', () => {
    const error = errorOf('version: 1\npolicies:\n  a: [1,\n  b: x: y\n', 'syntax.yaml');
    expect(error.issues[0]).toMatchObject({ path: '', line: 4 });
    expect(error.issues[0]!.message).toMatch(/^YAML syntax: /);
    expect(error.message).toMatch(/^syntax\.yaml: YAML syntax: .* \(line 4, column \d+\)/);
  });

  it('refuses a YAML alias bomb with one issue, before it is built', () => {
    const lines = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (const [name, previous] of [
      ['b', 'a'],
      ['c', 'b'],
      ['d', 'c'],
      ['e', 'd'],
      ['f', 'e'],
      ['g', 'f'],
    ]) {
      lines.push(`${name}: &${name} [${Array(10).fill(`*${previous}`).join(', ')}]`);
    }
    const error = errorOf(`${lines.join('\n')}\nversion: 1\n`, 'bomb.yaml');
    expect(error.message).toBe(
      'bomb.yaml: YAML: too many alias expansions (more than 100): the file looks like an alias bomb',
    );
    expect(error.cause).toBeInstanceOf(ReferenceError);
  });

  it('still takes a file that reuses an anchor a few times', () => {
    const text =
      'version: 1\npolicies:\n  p:\n    ingress:\n      deny:\n        - &ssh { protocol: tcp, ports: 22, peer: internet }\n    egress:\n      deny: [*ssh]\n';
    expect(loadPolicyFile(text, 'p').policies.p!.egress.deny).toHaveLength(1);
  });

  it('reports an alias to no anchor as a problem of the file', () => {
    expect(errorOf('version: 1\npolicies: *nowhere\n').message).toBe(
      'p.yaml: YAML: Unresolved alias (the anchor must be set before the alias): nowhere',
    );
  });

  it('prints no yaml warning of its own on stderr (a collection as a key)', () => {
    const warn = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    try {
      expect(errorOf('version: 1\n[a, b]: 1\n').issues[0]).toMatchObject({ message: 'unknown key' });
      expect(warn).not.toHaveBeenCalled();
    } finally {
      warn.mockRestore();
    }
  });

  it('reports an empty file', () => {
    expect(errorOf('', 'empty.yaml').message).toBe(
      'empty.yaml: expected a mapping with version: 1 and policies',
    );
  });
});

describe('formatPath', () => {
  it.each([
    [['policies', 'web-public', 'ingress', 'deny', 2, 'ports'], 'policies.web-public.ingress.deny[2].ports'],
    [['policies', 'a.b', 'mode'], 'policies["a.b"].mode'],
    [[], ''],
    [[0], '[0]'],
  ])('%j', (path, text) => {
    expect(formatPath(path)).toBe(text);
  });
});
