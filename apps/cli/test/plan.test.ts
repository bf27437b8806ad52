import { join } from 'node:path';
import { cli, tempFile } from './support/plan-cli';

const repo = join(__dirname, '..', '..', '..');
const example = (path: string) => join(repo, 'examples', path);

describe('guardrail plan --format json', () => {
  it('reverts a new SSH rule on a web group: revoke by id, caused by the event', async () => {
    const { code, stdout, stderr } = await cli([
      'plan',
      '--group',
      example('groups/web-ssh-open.json'),
      '--event',
      example('events/ssh-opened.json'),
      '--format',
      'json',
    ]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(out).toMatchObject({
      groupId: 'sg-0123456789abcdef0',
      managed: true,
      policy: 'web-public',
      mode: 'enforce',
      evaluatedAt: '2025-05-12T10:00:05.000Z',
    });
    expect(out.violations).toEqual([
      expect.objectContaining({
        direction: 'ingress',
        code: 'denied',
        cause: 'change',
        reason: 'tcp 22 from 198.51.100.7/32 is denied by policies.web-public.ingress.deny[0]',
        permission: {
          IpProtocol: 'tcp',
          FromPort: 22,
          ToPort: 22,
          IpRanges: [{ CidrIp: '198.51.100.7/32' }],
        },
      }),
    ]);
    expect(out.actions).toEqual([
      {
        type: 'revoke',
        direction: 'ingress',
        ruleId: 'sgr-0aaa1111bbbb2222c',
        permission: {
          IpProtocol: 'tcp',
          FromPort: 22,
          ToPort: 22,
          IpRanges: [{ CidrIp: '198.51.100.7/32' }],
        },
        cause: 'change',
      },
    ]);
  });

  it('brings 80/443/465/993 back to 80 and 443, re-authorizing the missing 443 only', async () => {
    const { code, stdout } = await cli([
      'plan',
      '--group',
      example('groups/web-mail-missing-443.json'),
      '--event',
      example('events/https-revoked.json'),
      '--format',
      'json',
    ]);
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(
      out.actions.map((a: { type: string; permission: { FromPort: number } }) => [
        a.type,
        a.permission.FromPort,
      ]),
    ).toEqual([
      ['revoke', 465],
      ['revoke', 993],
      ['authorize', 443],
    ]);
    expect(out.actions[2]).toEqual({
      type: 'authorize',
      direction: 'ingress',
      permission: { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '0.0.0.0/0' }] },
      cause: 'change',
    });
  });

  it('in audit mode reports 80 and 443 to authorize and 445 to revoke, with no action', async () => {
    const { code, stdout } = await cli([
      'plan',
      '--group',
      example('groups/web-audit-smb.json'),
      '--policies',
      example('policies-audit.yaml'),
      '--format',
      'json',
    ]);
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(out.mode).toBe('audit');
    expect(
      out.violations.map((v: { code: string; permission: { FromPort: number } }) => [
        v.code,
        v.permission.FromPort,
      ]),
    ).toEqual([
      ['denied', 445],
      ['missing-required', 80],
      ['missing-required', 443],
    ]);
    expect(out.actions).toEqual([]);
  });

  it('an untagged group is not managed; policy and mode are null', async () => {
    const { code, stdout } = await cli([
      'plan',
      '--group',
      example('groups/untagged.json'),
      '--format',
      'json',
    ]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({
      managed: false,
      policy: null,
      mode: null,
      violations: [],
      actions: [],
    });
  });
});

describe('guardrail plan (text)', () => {
  it('shows what stays, what goes and what comes back', async () => {
    const { code, stdout } = await cli([
      'plan',
      '--group',
      example('groups/web-mail-missing-443.json'),
      '--event',
      example('events/https-revoked.json'),
    ]);
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    expect(lines[0]).toBe('sg-0fedcba9876543210 (web-mail)  111122223333 / eu-west-1');
    expect(lines).toContain('policy web-public, mode enforce');
    expect(lines).toContain('    tcp 80 from 0.0.0.0/0');
    expect(lines).toContain(
      '  - tcp 465 from 0.0.0.0/0  denied: policies.web-public.ingress.deny[0] (already there)',
    );
    expect(lines).toContain(
      '  + tcp 443 from 0.0.0.0/0  missing: policies.web-public.ingress.required[1] (removed by this change)',
    );
    expect(lines).toContain('3 violations; 2 revokes, 1 authorize');
    expect(stdout).not.toContain('\u001b[');
  });

  it('colours when asked', async () => {
    const { stdout } = await cli(['plan', '--group', example('groups/web-ssh-open.json')], { color: true });
    expect(stdout).toContain('\u001b[31m  - tcp 22 from 198.51.100.7/32');
    expect(stdout).toContain('(already there)');
  });

  it('says so in audit mode, for a compliant group and for an unmanaged one', async () => {
    const audit = await cli([
      'plan',
      '--group',
      example('groups/web-audit-smb.json'),
      '--policies',
      example('policies-audit.yaml'),
    ]);
    expect(audit.stdout).toContain('mode audit (report only, nothing is changed)');
    expect(audit.stdout).toContain('(already missing)');
    expect(audit.stdout).toContain('3 violations; no action (audit mode)');
    const compliant = await cli([
      'plan',
      '--group',
      example('groups/web-mail-drift.json'),
      '--policies',
      tempFile('p.yaml', 'version: 1\npolicies:\n  web-public: {}\n'),
    ]);
    expect(compliant.stdout).toContain('compliant: nothing to do');
    const unmanaged = await cli(['plan', '--group', example('groups/untagged.json')]);
    expect(unmanaged.stdout).toContain('not managed: the group does not carry the opt-in tag');
    expect(unmanaged.stdout).toContain('\nnothing to do\n');
  });

  it('reports a misconfigured group and changes nothing', async () => {
    const group = JSON.stringify({
      GroupId: 'sg-0123456789abcdef0',
      Tags: [{ Key: 'guardrail:policy', Value: 'no-such-policy' }],
      IpPermissions: [],
      IpPermissionsEgress: [],
    });
    const { code, stdout } = await cli(['plan', '--group', tempFile('g.json', group)]);
    expect(code).toBe(0);
    expect(stdout).toContain('misconfigured: tag guardrail:policy names unknown policy "no-such-policy"');
    expect(stdout).toContain('(no rules)');
  });

  it('notes an event that does not touch the group', async () => {
    const { code, stderr } = await cli([
      'plan',
      '--group',
      example('groups/web-mail-drift.json'),
      '--event',
      example('events/ssh-opened.json'),
    ]);
    expect(code).toBe(0);
    expect(stderr).toContain('does not touch sg-0fedcba9876543210');
  });
});

describe('guardrail plan: bad input exits 2 with one message naming the file and field', () => {
  it.each([
    [['--group', example('events/ssh-opened.json')], /ssh-opened\.json: GroupId: is required/],
    [['--group', example('policies.yaml')], /policies\.yaml: not valid JSON/],
    [['--group', '/nonexistent/group.json'], /\/nonexistent\/group\.json: cannot read/],
    [
      ['--group', example('groups/untagged.json'), '--event', example('groups/untagged.json')],
      /untagged\.json: eventSource: is required/,
    ],
    [
      ['--group', example('groups/untagged.json'), '--now', 'yesterday'],
      /--now: "yesterday" is not an ISO 8601 instant/,
    ],
    [['--group', example('groups/untagged.json'), '--now', '2025-05-12T10:00:00'], /--now/],
    [['--group', example('groups/untagged.json'), '--format', 'xml'], /--format: "xml" is not text or json/],
    [
      ['--group', example('groups/untagged.json'), '--policies', '/nonexistent/p.yaml'],
      /\/nonexistent\/p\.yaml: cannot read/,
    ],
    [[], /say which groups to plan: --group <file> .* or read them live with --region <region>/],
  ])('%j', async (args, message) => {
    const { code, stdout, stderr } = await cli(['plan', ...args]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(message);
    expect(stderr.trim().split('\n')).toHaveLength(1);
  });

  it('a policy file with a bad field names the file and the field path', async () => {
    const policies = tempFile(
      'bad.yaml',
      'version: 1\npolicies:\n  web-public:\n    ingress:\n      deny:\n        - { protocol: tcp, ports: 99999, peer: internet }\n',
    );
    const { code, stderr } = await cli([
      'plan',
      '--group',
      example('groups/untagged.json'),
      '--policies',
      policies,
    ]);
    expect(code).toBe(2);
    expect(stderr).toBe(
      `error: ${policies}: policies.web-public.ingress.deny[0].ports: ports must be 0 to 65535, from <= to (line 6, column 35)\n`,
    );
  });

  it('an unknown option is a usage error', async () => {
    const { code, stderr } = await cli(['plan', '--group', 'x', '--bogus']);
    expect(code).toBe(2);
    expect(stderr).toContain("unknown option '--bogus'");
  });
});

describe('guardrail --help', () => {
  it('lists the plan command and exits 0', async () => {
    const { code, stdout } = await cli(['--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('plan [options]');
  });
});

describe('guardrail plan --exit-code (a pipeline gate)', () => {
  const misconfigured = () =>
    tempFile(
      'g.json',
      JSON.stringify({
        GroupId: 'sg-0123456789abcdef0',
        Tags: [{ Key: 'guardrail:policy', Value: 'no-such-policy' }],
        IpPermissions: [],
        IpPermissionsEgress: [],
      }),
    );

  it('exits 1 for a group that violates its policy, still printing the plan', async () => {
    const { code, stdout, stderr } = await cli([
      'plan',
      '--group',
      example('groups/web-ssh-open.json'),
      '--exit-code',
    ]);
    expect(code).toBe(1);
    expect(stdout).toContain('- tcp 22 from 198.51.100.7/32  denied');
    expect(stderr).toBe('');
    // Without the option the same plan exits 0, as before.
    expect((await cli(['plan', '--group', example('groups/web-ssh-open.json')])).code).toBe(0);
  });

  it('exits 1 for a misconfigured group, 0 for a compliant one', async () => {
    expect((await cli(['plan', '--group', misconfigured(), '--exit-code'])).code).toBe(1);
    const compliant = tempFile(
      'ok.json',
      JSON.stringify({
        GroupId: 'sg-0123456789abcdef0',
        Tags: [{ Key: 'guardrail:policy', Value: 'no-public-admin-ports' }],
        IpPermissions: [],
        IpPermissionsEgress: [],
      }),
    );
    expect((await cli(['plan', '--group', compliant, '--exit-code'])).code).toBe(0);
  });
});
