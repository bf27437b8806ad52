/**
 * `guardrail plan`'s live source against the sandbox, through the real SDK clients: which groups
 * it reads (opted in, named), whole (every page of rules), with the prefix lists they reference,
 * as whom (a profile, an assumed role), the errors a user gets (unknown group, role not assumable,
 * a throttled region), and that it only ever reads.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_TAG_KEYS, loadPolicies, planGroup } from '@guardrail/core';
import { Command } from 'commander';
import { currentUser, sessionNameFor } from '../src/aws/session';
import { ACCOUNTS } from '../src/demo/organization';
import { CliInputError } from '../src/io';
import { addLivePlanOptions, liveSourceOf } from '../src/plan/live';
import { ALICE, liveWorld, OPTED_IN, PROD, PROD_ROLE, REGION, SSH_FROM } from './support/live-world';
import { cli } from './support/plan-cli';

/** The message of the CliInputError the promise rejects with (and that it is one). */
async function inputError(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CliInputError);
  return (error as CliInputError).message;
}

const READ_ONLY = /^(ec2:(Describe|Get)\w+|sts:(GetCallerIdentity|AssumeRole))$/;
/** The calls that are not reads (Describe*, Get*) or STS (the caller's identity, the role). */
const writes = (calls: { service: string; operation: string }[]) =>
  calls.map((c) => `${c.service}:${c.operation}`).filter((call) => !READ_ONLY.test(call));

describe('the live plan source', () => {
  it('with --all-tagged reads only the opted-in groups, each with its rules, region and account', async () => {
    const w = liveWorld(31);
    const web = w.seedGroup('web', OPTED_IN);
    const db = w.seedGroup('db', OPTED_IN, [SSH_FROM('0.0.0.0/0')]);
    w.seedGroup('untagged', {}, [SSH_FROM('0.0.0.0/0')]);
    const live = await w.read({ allTagged: true });
    expect(live.account).toBe(PROD);
    expect(live.region).toBe(REGION);
    expect(live.groups.map((g) => g.groupId).sort()).toEqual([web, db].sort());
    const read = live.groups.find((g) => g.groupId === db);
    expect(read).toMatchObject({ groupName: 'db', ownerId: PROD, region: REGION, tags: OPTED_IN });
    expect(read?.rules).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          direction: 'ingress',
          protocol: 'tcp',
          fromPort: 22,
          toPort: 22,
          peer: { kind: 'ipv4', cidr: '0.0.0.0/0' },
          ruleId: expect.stringMatching(/^sgr-/),
        }),
      ]),
    );
    expect(live.prefixLists.size).toBe(0);
  });

  it('honours a custom opt-in tag key: --all-tagged lists the groups carrying that key only', async () => {
    const w = liveWorld(32);
    w.seedGroup('default-key', OPTED_IN);
    const custom = w.seedGroup('custom-key', { 'acme:guardrail': 'no-public-admin-ports' });
    const live = await w.read({ allTagged: true, tagKeys: { policy: 'acme:guardrail', mode: 'acme:mode' } });
    expect(live.groups.map((g) => g.groupId)).toEqual([custom]);
  });

  it('with --group-id reads the named groups, untagged ones too, in the order asked, each once', async () => {
    const w = liveWorld(33);
    const tagged = w.seedGroup('tagged', OPTED_IN);
    const untagged = w.seedGroup('untagged', {}, [SSH_FROM('0.0.0.0/0')]);
    w.seedGroup('other', OPTED_IN);
    const progress: string[] = [];
    const live = await w.read({
      groupIds: [untagged, tagged, untagged],
      onProgress: (done, total) => progress.push(`${done}/${total}`),
    });
    expect(live.groups.map((g) => g.groupId)).toEqual([untagged, tagged]);
    expect(live.groups[0]).toMatchObject({ tags: {}, region: REGION });
    expect(progress).toEqual(['1/2', '2/2']);
  });

  it('reads a group with more rules than one page whole, both ways', async () => {
    const w = liveWorld(34);
    // 1,100 ingress rules and the default egress rule: EC2 pages describe-security-group-rules at 1,000.
    const ranges = Array.from({ length: 1100 }, (_, i) => ({ CidrIp: `10.${i >> 8}.${i & 255}.0/24` }));
    const big = w.seedGroup('big', OPTED_IN, [
      { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: ranges },
    ]);
    for (const selection of [{ groupIds: [big] }, { allTagged: true }]) {
      w.mark();
      const live = await w.read(selection);
      expect(live.groups).toHaveLength(1);
      expect(live.groups[0]?.rules).toHaveLength(1101);
      const pages = w.callsSince().filter((c) => c.operation === 'DescribeSecurityGroupRules');
      expect(pages).toHaveLength(2);
    }
  });

  it('names a group that does not exist, with the region and the account read', async () => {
    const w = liveWorld(35);
    const real = w.seedGroup('real', OPTED_IN);
    const message = await inputError(w.read({ groupIds: [real, 'sg-0123456789abcdef0', 'sg-89abcdef'] }));
    expect(message).toBe(`sg-0123456789abcdef0, sg-89abcdef: not found in ${REGION} (account ${PROD})`);
  });

  it('refuses bad ids, regions and selections before any AWS call', async () => {
    const w = liveWorld(36);
    w.mark();
    expect(await inputError(w.read({ groupIds: ['sg-123'] }))).toBe(
      '--group-id: "sg-123" is not a security group id (sg-...), 8 or 17 hex digits',
    );
    expect(await inputError(w.read({ groupIds: ['sg-0123456789ABCDEF0'] }))).toMatch(/^--group-id: /);
    expect(await inputError(w.read({ region: 'Europe', allTagged: true }))).toBe(
      '--region: "Europe" is not an AWS region (e.g. eu-west-1)',
    );
    expect(await inputError(w.read({ groupIds: ['sg-01234567'], allTagged: true }))).toBe(
      '--group-id and --all-tagged: give one or the other',
    );
    expect(await inputError(w.read({}))).toMatch(/say which groups to read/);
    expect(await inputError(w.read({ allTagged: true, roleArn: 'guardrail-remediation' }))).toMatch(
      /^--role-arn: "guardrail-remediation" is not an IAM role ARN/,
    );
    expect(w.callsSince()).toEqual([]);
  });

  it('with --role-arn assumes the role once and reads as it, in its account, writing nothing', async () => {
    const w = liveWorld(37);
    const list = w.sb.ec2.seedPrefixList({
      region: REGION,
      owner: PROD,
      name: 'office',
      entries: ['0.0.0.0/0'],
    });
    const bastion = w.seedGroup('bastion', OPTED_IN, [
      { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, PrefixListIds: [{ PrefixListId: list }] },
    ]);
    w.mark();
    // The hub role is the one the remediation role trusts (as deployed).
    const live = await w.read({ allTagged: true, roleArn: PROD_ROLE, aws: w.awsAs(w.hubRoleArn) });
    expect(live.account).toBe(PROD);
    expect(live.groups.map((g) => g.groupId)).toEqual([bastion]);
    expect(live.prefixLists.get(list)).toMatchObject({ id: list, owner: 'customer', entries: ['0.0.0.0/0'] });

    const calls = w.callsSince();
    expect(calls.filter((c) => c.operation === 'AssumeRole')).toHaveLength(1);
    const session = `arn:aws:sts::${PROD}:assumed-role/guardrail-remediation/${sessionNameFor('plan', currentUser())}`;
    expect(new Set(calls.filter((c) => c.service === 'ec2').map((c) => c.principalArn))).toEqual(
      new Set([session]),
    );
    expect(writes(calls)).toEqual([]);
    expect(calls.some((c) => c.operation === 'GetManagedPrefixListEntries')).toBe(true);
    expect(w.eventsSince()).toEqual([]);
  });

  it('says which role the caller cannot assume, and why (trust refused, or no such role)', async () => {
    const w = liveWorld(38);
    expect(await inputError(w.read({ allTagged: true, roleArn: PROD_ROLE }))).toBe(
      `cannot assume ${PROD_ROLE}: AccessDenied: User: ${ALICE} is not authorized to perform: sts:AssumeRole on resource: ${PROD_ROLE}`,
    );
    // sandbox-dev never got the remediation role.
    const missing = `arn:aws:iam::${ACCOUNTS.dev.id}:role/guardrail-remediation`;
    expect(
      await inputError(w.read({ allTagged: true, roleArn: missing, aws: w.awsAs(w.hubRoleArn) })),
    ).toMatch(new RegExp(`^cannot assume ${missing}: AccessDenied: `));
  });

  it('gives up on a region that stays throttled after the SDK retries, with one clear message', async () => {
    const w = liveWorld(39);
    const group = w.seedGroup('web', OPTED_IN);
    // Every DescribeSecurityGroups of the region, however often retried.
    w.sb.faults.add({
      service: 'ec2',
      operation: 'DescribeSecurityGroups',
      region: REGION,
      kind: 'throttle',
    });
    w.mark();
    expect(await inputError(w.read({ allTagged: true }))).toBe(
      `cannot read ${REGION} as ${ALICE}: RequestLimitExceeded: Request limit exceeded. (gave up after 2 attempts)`,
    );
    // Two attempts (maxAttempts 2): the SDK retried before giving up.
    expect(w.callsSince().filter((c) => c.operation === 'DescribeSecurityGroups')).toHaveLength(2);
    expect(await inputError(w.read({ groupIds: [group] }))).toBe(
      `cannot read ${group} in ${REGION} as ${ALICE}: RequestLimitExceeded: Request limit exceeded.`,
    );
  });

  it('names a region the caller may not read', async () => {
    const w = liveWorld(40);
    w.sb.faults.add({
      service: 'ec2',
      operation: 'DescribeSecurityGroups',
      region: REGION,
      kind: 'access-denied',
    });
    expect(await inputError(w.read({ allTagged: true }))).toBe(
      `cannot read ${REGION} as ${ALICE}: UnauthorizedOperation: You are not authorized to perform this operation (ec2:DescribeSecurityGroups).`,
    );
  });

  it('resolves the prefix lists the groups reference, and says why one cannot be read', async () => {
    const w = liveWorld(41);
    const office = w.sb.ec2.seedPrefixList({
      region: REGION,
      owner: PROD,
      name: 'office',
      entries: ['0.0.0.0/0'],
    });
    const gone = 'pl-0123456789abcdef0';
    const bastion = w.seedGroup('bastion', OPTED_IN, [
      { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, PrefixListIds: [{ PrefixListId: office }] },
      { IpProtocol: 'tcp', FromPort: 3389, ToPort: 3389, PrefixListIds: [{ PrefixListId: gone }] },
    ]);
    w.mark();
    const live = await w.read({ groupIds: [bastion] });
    expect(writes(w.callsSince())).toEqual([]);
    expect(w.eventsSince()).toEqual([]);
    expect(live.prefixLists.get(office)).toMatchObject({ owner: 'customer', entries: ['0.0.0.0/0'] });
    expect(live.prefixLists.get(gone)).toMatchObject({
      unreadable: true,
      reason: expect.stringMatching(/^not-found: InvalidPrefixListID\.NotFound: /),
    });
    // The planner judges the readable list as its CIDRs (SSH open to the world) and the other as unverifiable.
    const plan = planGroup({
      group: live.groups[0]!,
      policies: loadPolicies({}),
      now: new Date('2025-06-02T09:00:00Z'),
      account: live.account,
      tagKeys: DEFAULT_TAG_KEYS,
      prefixLists: live.prefixLists,
    });
    expect(plan.violations.map((v) => v.rule.fromPort)).toEqual([22]);
    expect(plan.unverifiable?.map((u) => u.prefixListId)).toEqual([gone]);
  });

  describe('with a profile', () => {
    const saved = { ...process.env };
    afterEach(() => {
      process.env = { ...saved };
    });

    /** A shared credentials file holding `keys` as profile `name`; the SDK's files pointed at it. */
    function useProfile(
      name: string,
      keys: { accessKeyId: string; secretAccessKey: string; sessionToken?: string },
    ) {
      const dir = mkdtempSync(join(tmpdir(), 'guardrail-live-'));
      const file = join(dir, 'credentials');
      writeFileSync(
        file,
        [
          `[${name}]`,
          `aws_access_key_id = ${keys.accessKeyId}`,
          `aws_secret_access_key = ${keys.secretAccessKey}`,
          ...(keys.sessionToken ? [`aws_session_token = ${keys.sessionToken}`] : []),
          '',
        ].join('\n'),
      );
      process.env.AWS_SHARED_CREDENTIALS_FILE = file;
      process.env.AWS_CONFIG_FILE = join(dir, 'config');
      process.env.AWS_EC2_METADATA_DISABLED = 'true';
      for (const key of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE'])
        delete process.env[key];
    }

    it('reads with the profile credentials, and assumes a role with them', async () => {
      const w = liveWorld(42);
      const web = w.seedGroup('web', OPTED_IN);
      const plugins = [w.sb.plugin()];
      useProfile('alice', w.sb.credentialsFor(ALICE));
      w.mark();
      const direct = await w.read({ groupIds: [web], profile: 'alice', aws: { plugins, maxAttempts: 2 } });
      expect(direct.groups.map((g) => g.groupId)).toEqual([web]);
      expect(new Set(w.callsSince().map((c) => c.principalArn))).toEqual(new Set([ALICE]));

      useProfile('hub', w.sb.credentialsFor(w.hubRoleArn));
      const assumed = await w.read({
        groupIds: [web],
        profile: 'hub',
        roleArn: PROD_ROLE,
        aws: { plugins, maxAttempts: 2 },
      });
      expect(assumed).toMatchObject({ account: PROD, groups: [expect.objectContaining({ groupId: web })] });
    });

    it('says when the profile gives no credentials', async () => {
      const w = liveWorld(43);
      useProfile('alice', w.sb.credentialsFor(ALICE));
      const message = await inputError(
        w.read({ allTagged: true, profile: 'nope', aws: { plugins: [w.sb.plugin()], maxAttempts: 2 } }),
      );
      expect(message).toMatch(
        /^cannot sign in to AWS in eu-west-1 with profile nope: CredentialsProviderError: /,
      );
      expect(message).not.toContain('\n');
    });
  });
});

describe('guardrail plan --region (the command, read live)', () => {
  it('plans every opted-in group of the account, says what it would revert, and gates with --exit-code', async () => {
    const w = liveWorld(51);
    const open = w.seedGroup('open-db', OPTED_IN, [SSH_FROM('0.0.0.0/0')]);
    const fine = w.seedGroup('fine', OPTED_IN, [SSH_FROM('10.0.0.0/8')]);
    w.seedGroup('untagged', {}, [SSH_FROM('0.0.0.0/0')]);
    w.mark();
    const run = await cli(['plan', '--region', REGION, '--all-tagged', '--exit-code'], { aws: w.awsAs() });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(open);
    expect(run.stdout).toContain(fine);
    expect(run.stdout).not.toContain('untagged');
    expect(run.stdout).toContain('tcp 22 from 0.0.0.0/0  denied');
    expect(run.stdout).toContain('1 violation; 1 revoke');
    expect(run.stdout).toContain('2 groups: 1 compliant, 1 violating');
    expect(run.stderr).toContain('read 2/2 groups');
    expect(writes(w.callsSince())).toEqual([]);
    expect(w.eventsSince()).toEqual([]);
    // The group was read, not changed: it is still open.
    const again = await w.read({ groupIds: [open] });
    expect(again.groups[0]?.rules.some((r) => r.peer.kind === 'ipv4' && r.peer.cidr === '0.0.0.0/0')).toBe(
      true,
    );
  });

  it('prints the live plan as JSON, with the account the credentials are in', async () => {
    const w = liveWorld(52);
    const open = w.seedGroup('open-db', OPTED_IN, [SSH_FROM('0.0.0.0/0')]);
    const run = await cli(['plan', '--region', REGION, '--group-id', open, '--format', 'json'], {
      aws: w.awsAs(),
    });
    expect(run.code).toBe(0);
    const plan = JSON.parse(run.stdout);
    expect(plan).toMatchObject({ groupId: open });
    expect(JSON.stringify(plan)).toContain(PROD);
  });

  it('without --group or a live source, says both ways to name the groups (exit 2)', async () => {
    const run = await cli(['plan']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--group <file>');
    expect(run.stderr).toContain('--region <region>');
  });

  it('refuses --group with --region: one source or the other (exit 2)', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'guardrail-live-')), 'g.json');
    writeFileSync(file, '{"SecurityGroups": []}');
    const run = await cli(['plan', '--group', file, '--region', REGION, '--all-tagged']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--group reads a file, --region reads AWS');
  });
});

describe('liveSourceOf (which plan flags go together)', () => {
  const parse = (argv: string[]) =>
    addLivePlanOptions(
      new Command('plan')
        .exitOverride()
        .option('--group <file>')
        .option('--rules <file>')
        .option('--prefix-lists <file>'),
    )
      .parse(argv, { from: 'user' })
      .opts();
  const source = (argv: string[]) => liveSourceOf(parse(argv));
  const refused = (argv: string[]) => {
    try {
      source(argv);
    } catch (error) {
      expect(error).toBeInstanceOf(CliInputError);
      return (error as Error).message;
    }
    throw new Error(`accepted: ${argv.join(' ')}`);
  };

  it('is undefined without a live flag: the plan reads its files', () => {
    expect(source(['--group', 'g.json', '--rules', 'r.json'])).toBeUndefined();
    expect(source([])).toBeUndefined();
  });

  it('takes group ids repeated, several after one flag, or comma-separated', () => {
    expect(
      source([
        '--region',
        'eu-west-1',
        '--group-id',
        'sg-01234567',
        'sg-89abcdef',
        '--group-id',
        'sg-0123abcd,sg-01234567',
      ]),
    ).toEqual({ region: 'eu-west-1', groupIds: ['sg-01234567', 'sg-89abcdef', 'sg-0123abcd'] });
    expect(
      source(['--region', 'us-gov-west-1', '--all-tagged', '--profile', 'audit', '--role-arn', PROD_ROLE]),
    ).toEqual({ region: 'us-gov-west-1', allTagged: true, profile: 'audit', roleArn: PROD_ROLE });
  });

  it('refuses live flags with files, without a region, or without exactly one selection', () => {
    expect(refused(['--group', 'g.json', '--region', 'eu-west-1', '--all-tagged'])).toBe(
      '--group reads a file, --region reads AWS: give one or the other (a live plan reads the groups, their rules and prefix lists from AWS)',
    );
    expect(refused(['--all-tagged', '--prefix-lists', 'l.json'])).toMatch(
      /^--prefix-lists reads a file, --all-tagged reads AWS/,
    );
    expect(refused(['--profile', 'dev', '--all-tagged'])).toBe(
      '--profile reads AWS: give the region too (--region eu-west-1)',
    );
    expect(refused(['--group-id', 'sg-01234567'])).toMatch(/^--group-id reads AWS: give the region too/);
    expect(refused(['--region', 'eu-west-1'])).toMatch(/^--region: say which groups to read/);
    expect(refused(['--region', 'eu-west-1', '--all-tagged', '--group-id', 'sg-01234567'])).toBe(
      '--group-id and --all-tagged: give one or the other',
    );
    expect(refused(['--region', 'eu-west-1,us-east-1', '--all-tagged'])).toBe(
      '--region: "eu-west-1,us-east-1" is not an AWS region: one region at a time',
    );
    expect(refused(['--region', 'eu-west-1', '--all-tagged', '--profile', 'my profile'])).toBe(
      '--profile: "my profile" is not a profile name',
    );
    expect(refused(['--region', 'eu-west-1', '--group-id', 'sg-xyz'])).toBe(
      '--group-id: "sg-xyz" is not a security group id (sg-...), 8 or 17 hex digits',
    );
  });

  it('documents every live flag in the help', () => {
    const help = addLivePlanOptions(new Command('plan')).helpInformation();
    for (const flag of [
      '--region <region>',
      '--profile <name>',
      '--role-arn <arn>',
      '--group-id <id...>',
      '--all-tagged',
    ])
      expect(help).toContain(flag);
  });
});

describe('sessionNameFor', () => {
  it('names the session after the command and the user, as STS accepts it', () => {
    expect(sessionNameFor('plan', 'jane')).toBe('guardrail-plan-jane');
    expect(sessionNameFor('plan', 'Jane Doe (ops)')).toBe('guardrail-plan-Jane-Doe--ops-');
    expect(sessionNameFor('plan', undefined)).toBe('guardrail-plan');
    expect(sessionNameFor('plan', 'x'.repeat(100))).toHaveLength(64);
  });
});
