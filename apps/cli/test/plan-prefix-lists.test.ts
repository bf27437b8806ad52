import { cli, tempFile } from './support/plan-cli';

const LIST = 'pl-0123456789abcdef0';
const OTHER = 'pl-0fedcba9876543210';

/** A bastion group kept to no-public-admin-ports: SSH from a prefix list (and from another one). */
const bastion = (lists: string[] = [LIST]) =>
  tempFile('group.json', {
    SecurityGroups: [
      {
        GroupId: 'sg-0123456789abcdef0',
        GroupName: 'bastion',
        Description: 'bastion hosts',
        OwnerId: '111122223333',
        VpcId: 'vpc-0a1b2c3d4e5f67890',
        IpPermissions: [
          {
            IpProtocol: 'tcp',
            FromPort: 22,
            ToPort: 22,
            IpRanges: [],
            Ipv6Ranges: [],
            UserIdGroupPairs: [],
            PrefixListIds: lists.map((PrefixListId) => ({ PrefixListId, Description: 'office' })),
          },
        ],
        IpPermissionsEgress: [],
        Tags: [{ Key: 'guardrail:policy', Value: 'no-public-admin-ports' }],
      },
    ],
  });

const entries = (...cidrs: string[]) => ({ Entries: cidrs.map((Cidr) => ({ Cidr, Description: 'x' })) });

describe('guardrail plan --prefix-lists', () => {
  it('judges a rule from a list as the CIDRs it holds: tcp 22 from a list holding 0.0.0.0/0 is reverted', async () => {
    const lists = tempFile('lists.json', { [LIST]: entries('10.0.0.0/8', '0.0.0.0/0') });
    const { code, stdout, stderr } = await cli([
      'plan',
      '--group',
      bastion(),
      '--prefix-lists',
      lists,
      '--format',
      'json',
    ]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(out.violations).toEqual([
      expect.objectContaining({
        code: 'denied',
        internet: true,
        adminPort: true,
        reason: `tcp 22 from ${LIST} is denied by policies.no-public-admin-ports.ingress.deny[0] (${LIST} holds 0.0.0.0/0)`,
      }),
    ]);
    expect(out.actions).toEqual([
      {
        type: 'revoke',
        direction: 'ingress',
        permission: {
          IpProtocol: 'tcp',
          FromPort: 22,
          ToPort: 22,
          PrefixListIds: [{ PrefixListId: LIST }],
        },
        cause: 'drift',
      },
    ]);
    expect(out.unverifiable).toEqual([]);
  });

  it('without the option, keeps prefix lists references (compliant) and prints no unverifiable key', async () => {
    const { code, stdout } = await cli(['plan', '--group', bastion(), '--format', 'json']);
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(out.violations).toEqual([]);
    expect('unverifiable' in out).toBe(false);
  });

  it('reports a referenced list missing from the file as unverifiable, in text and in JSON', async () => {
    const lists = tempFile('lists.json', { [LIST]: entries('10.0.0.0/8') });
    const text = await cli(['plan', '--group', bastion([LIST, OTHER]), '--prefix-lists', lists]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('compliant: nothing to do');
    expect(text.stdout).toContain(
      `unverifiable: ${OTHER} (not in ${lists}): judged as a reference only: tcp 22 from ${OTHER}\n`,
    );
    const json = JSON.parse(
      (await cli(['plan', '--group', bastion([LIST, OTHER]), '--prefix-lists', lists, '--format', 'json']))
        .stdout,
    );
    expect(json.unverifiable).toEqual([
      {
        prefixListId: OTHER,
        reason: `not in ${lists}`,
        permissions: [
          {
            IpProtocol: 'tcp',
            FromPort: 22,
            ToPort: 22,
            PrefixListIds: [{ PrefixListId: OTHER, Description: 'office' }],
          },
        ],
      },
    ]);
  });

  it('accepts an AWS-managed list id (8 hex digits), an empty list and a NextToken of null', async () => {
    const lists = tempFile('lists.json', {
      'pl-6da54004': { Entries: [{ Cidr: '52.218.0.0/17' }] },
      [LIST]: { Entries: [], NextToken: null },
    });
    const { code, stdout } = await cli(['plan', '--group', bastion(), '--prefix-lists', lists]);
    expect(code).toBe(0);
    expect(stdout).toContain('compliant: nothing to do');
    expect(stdout).not.toContain('unverifiable');
  });
});

describe('guardrail plan --prefix-lists: bad input exits 2 naming the file, JSON path and value', () => {
  it.each<[string, unknown, string]>([
    [
      'bad CIDR',
      { [LIST]: entries('10.0.0.0/8', '10.0.0.0/33') },
      `${LIST}.Entries[1].Cidr: invalid CIDR "10.0.0.0/33": prefix length must be 0 to 32`,
    ],
    [
      'not an address',
      { [LIST]: entries('10.0.0.256/32') },
      `${LIST}.Entries[0].Cidr: invalid CIDR "10.0.0.256/32": not an IPv4 address`,
    ],
    [
      'bad id',
      { 'pl-xyz': entries('10.0.0.0/8') },
      'pl-xyz: "pl-xyz" is not a prefix list id (pl- and 8 or 17 hex digits)',
    ],
    [
      'id with a space',
      { 'pl 1': entries() },
      '["pl 1"]: "pl 1" is not a prefix list id (pl- and 8 or 17 hex digits)',
    ],
    ['not an object', [entries('10.0.0.0/8')], '(root): expected an object of prefix list ids'],
    [
      'list not an object',
      { [LIST]: ['10.0.0.0/8'] },
      `${LIST}: expected the output of get-managed-prefix-list-entries`,
    ],
    ['no Entries', { [LIST]: {} }, `${LIST}.Entries: expected an array, got nothing`],
    [
      'Entries not an array',
      { [LIST]: { Entries: '10.0.0.0/8' } },
      `${LIST}.Entries: expected an array, got "10.0.0.0/8"`,
    ],
    [
      'entry not an object',
      { [LIST]: { Entries: ['10.0.0.0/8'] } },
      `${LIST}.Entries[0]: expected { "Cidr": ... }, got "10.0.0.0/8"`,
    ],
    [
      'Cidr missing',
      { [LIST]: { Entries: [{ Description: 'x' }] } },
      `${LIST}.Entries[0].Cidr: expected a CIDR, got nothing`,
    ],
    [
      'Cidr a number',
      { [LIST]: { Entries: [{ Cidr: 10 }] } },
      `${LIST}.Entries[0].Cidr: expected a CIDR, got 10`,
    ],
    [
      'Description a number',
      { [LIST]: { Entries: [{ Cidr: '10.0.0.0/8', Description: 1 }] } },
      `${LIST}.Entries[0].Description: expected a string, got 1`,
    ],
    [
      'unknown entry key',
      { [LIST]: { Entries: [{ Cidr: '10.0.0.0/8', Cird: 'x' }] } },
      `${LIST}.Entries[0].Cird: unknown key (expected Cidr or Description)`,
    ],
    [
      'unknown list key',
      { [LIST]: { Entries: [], Version: 3 } },
      `${LIST}.Version: unknown key (expected Entries or NextToken)`,
    ],
    [
      'one page only',
      { [LIST]: { Entries: [], NextToken: 'abc' } },
      `${LIST}.NextToken: the output is one page of the list only`,
    ],
  ])('%s', async (_name, content, message) => {
    const lists = tempFile('lists.json', content);
    const { code, stdout, stderr } = await cli(['plan', '--group', bastion(), '--prefix-lists', lists]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.startsWith(`error: ${lists}: ${message}`)).toBe(true);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).not.toMatch(/\bat \S+ \(/);
  });

  it('a file that is not JSON, or missing', async () => {
    const garbage = tempFile('lists.json', '{ nope');
    const bad = await cli(['plan', '--group', bastion(), '--prefix-lists', garbage]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(new RegExp(`^error: ${garbage}: not valid JSON`));
    const missing = await cli(['plan', '--group', bastion(), '--prefix-lists', '/nonexistent/lists.json']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^error: \/nonexistent\/lists\.json: cannot read/);
  });
});
