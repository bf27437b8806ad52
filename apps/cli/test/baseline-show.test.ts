/**
 * `guardrail baseline show` and `history` through the real SDK clients against the sandbox: the
 * baseline as the hub saved it in its state table, the group read live through a read-only role,
 * how it differs, in text and JSON; the table named or found through the hub stack; and that
 * neither command writes anything.
 */
import {
  AuthorizeSecurityGroupIngressCommand,
  DescribeSecurityGroupRulesCommand,
  RevokeSecurityGroupIngressCommand,
  UpdateSecurityGroupRuleDescriptionsIngressCommand,
} from '@aws-sdk/client-ec2';
import { type Baseline, DEFAULT_HUB_STACK_NAME, HUB_STACK_OUTPUTS, parseBaseline } from '@guardrail/core';
import {
  type BaselineWorld,
  baselineWorld,
  HUB,
  PG_APP,
  PG_VPN,
  PROD,
  READ_ROLE,
  REGION,
  TAG,
  target,
} from './baseline-world';
import { cli } from './support/plan-cli';

const READS =
  /^(dynamodb:GetItem|sts:(GetCallerIdentity|AssumeRole)|ec2:(Describe|Get)\w+|cloudformation:DescribeStacks)$/;

let w: BaselineWorld;
afterEach(() => w.destroy());

async function lockedGroup(seed: number) {
  w = baselineWorld(seed);
  const sg = w.seedGroup('db', { [TAG]: 'db-locked' }, [PG_APP, PG_VPN]);
  const captured = await w.capture(sg);
  return { sg, captured };
}

/** Alice adds a rule, removes a baseline rule and changes the description of another. */
async function drift(sg: string) {
  const ec2 = w.aliceEc2();
  await ec2.send(
    new AuthorizeSecurityGroupIngressCommand({
      GroupId: sg,
      IpPermissions: [
        { IpProtocol: 'tcp', FromPort: 6379, ToPort: 6379, IpRanges: [{ CidrIp: '10.1.0.0/16' }] },
      ],
    }),
  );
  await ec2.send(new RevokeSecurityGroupIngressCommand({ GroupId: sg, IpPermissions: [PG_VPN] }));
  await ec2.send(
    new UpdateSecurityGroupRuleDescriptionsIngressCommand({
      GroupId: sg,
      IpPermissions: [{ ...PG_APP, IpRanges: [{ CidrIp: '10.0.0.0/8', Description: 'temporary' }] }],
    }),
  );
  const { SecurityGroupRules: rules = [] } = await ec2.send(
    new DescribeSecurityGroupRulesCommand({ Filters: [{ Name: 'group-id', Values: [sg] }] }),
  );
  return rules.find((r) => r.FromPort === 6379)?.SecurityGroupRuleId as string;
}

const show = (sg: string, extra: string[] = []) =>
  cli(['baseline', 'show', ...target(w, sg, ['--role-arn', READ_ROLE, ...extra])], { aws: w.awsAs(w.dana) });

describe('guardrail baseline show', () => {
  it('prints the baseline (version, who set it, when, why, its rules) and the group now: exactly it', async () => {
    const { sg } = await lockedGroup(61);
    const { code, stdout, stderr } = await show(sg);
    expect([code, stderr]).toEqual([0, '']);
    expect(stdout).toBe(
      [
        `${sg} (db)  ${PROD} / ${REGION}`,
        'baseline version 1, policy db-locked, 3 rules',
        `set 2025-05-01T08:00:00.000Z, captured by ${w.org.hubRoleArn}`,
        '',
        'ingress',
        '    tcp 5432 from 10.0.0.0/8 "app servers"',
        '    tcp 5432 from 172.16.0.0/12 "vpn"',
        'egress',
        '    all traffic to 0.0.0.0/0',
        '',
        'the group now: exactly its baseline',
        '',
      ].join('\n'),
    );
  });

  it('tells each rule added, each baseline rule missing and each description changed since', async () => {
    const { sg } = await lockedGroup(62);
    const redis = await drift(sg);
    const { code, stdout } = await show(sg);
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    const from = lines.indexOf('the group now: 1 added, 1 missing, 1 description changed');
    expect(from).toBeGreaterThan(0);
    expect(lines.slice(from + 1, from + 3)).toEqual([
      `  + tcp 6379 from 10.1.0.0/16 (${redis})  not in the baseline`,
      '  - tcp 5432 from 172.16.0.0/12 "vpn"  in the baseline, missing from the group',
    ]);
    expect(lines[from + 3]).toMatch(
      /^ {2}~ tcp 5432 from 10\.0\.0\.0\/8 "temporary" \(sgr-\w+\) {2}the baseline says "app servers"$/,
    );
  });

  it('--format json: { baseline, diff }, the baseline exactly as the hub keeps it', async () => {
    const { sg, captured } = await lockedGroup(63);
    const redis = await drift(sg);
    const { code, stdout } = await show(sg, ['--format', 'json']);
    expect(code).toBe(0);
    const json = JSON.parse(stdout);
    expect(Object.keys(json)).toEqual(['baseline', 'diff']);
    expect(json.baseline).toEqual(captured);
    expect(parseBaseline(json.baseline)).toEqual(captured);
    expect(json.diff).toEqual({
      added: [
        {
          direction: 'ingress',
          protocol: 'tcp',
          fromPort: 6379,
          toPort: 6379,
          peer: { kind: 'ipv4', cidr: '10.1.0.0/16' },
          ruleId: redis,
        },
      ],
      missing: [
        {
          direction: 'ingress',
          protocol: 'tcp',
          fromPort: 5432,
          toPort: 5432,
          peer: { kind: 'ipv4', cidr: '172.16.0.0/12' },
          description: 'vpn',
        },
      ],
      modified: [
        {
          rule: expect.objectContaining({ description: 'temporary', ruleId: expect.stringMatching(/^sgr-/) }),
          baseline: expect.objectContaining({ description: 'app servers' }),
        },
      ],
    });
  });

  it('only reads: the table item (GetItem), the caller, the role, the group', async () => {
    const { sg } = await lockedGroup(64);
    const mark = w.sb.calls.length;
    expect((await show(sg)).code).toBe(0);
    const calls = w.callsSince(mark);
    expect(calls).toContain('dynamodb:GetItem');
    expect(calls.filter((call) => !READS.test(call))).toEqual([]);
    // The table is read as dana herself, the group through the role she assumes.
    const principals = w.sb.calls.slice(mark).map((c) => `${c.service} ${c.principalArn}`);
    expect(principals).toContain(`dynamodb ${w.dana}`);
    expect(
      principals.filter((p) => p.startsWith('ec2 ')).every((p) => p.includes('guardrail-baseline-read')),
    ).toBe(true);
  });

  it('finds the table through the hub stack (--stack), in --hub-region', async () => {
    const { sg } = await lockedGroup(65);
    w.sb.cloudformation.putStack({
      name: DEFAULT_HUB_STACK_NAME,
      account: HUB,
      region: REGION,
      outputs: { [HUB_STACK_OUTPUTS.stateTableName]: w.table },
    });
    const args = ['--account', PROD, '--region', REGION, '--group-id', sg, '--stack', DEFAULT_HUB_STACK_NAME];
    const { code, stdout } = await cli(
      ['baseline', 'show', ...args, '--hub-region', REGION, '--role-arn', READ_ROLE, '--format', 'json'],
      { aws: w.awsAs(w.dana) },
    );
    expect(code).toBe(0);
    expect(JSON.parse(stdout).baseline.version).toBe(1);
  });

  it('a group the hub keeps no baseline for: exit 2, one line saying the hub captures one', async () => {
    w = baselineWorld(66);
    const sg = w.seedGroup('db', { [TAG]: 'db-locked' }, [PG_APP]);
    const { code, stdout, stderr } = await show(sg);
    expect([code, stdout]).toEqual([2, '']);
    expect(stderr).toBe(
      `error: --group-id: no baseline is kept for ${sg} (account ${PROD}, ${REGION}) in table ${w.table}: ` +
        'the hub captures one when the group is opted into a lock policy (or first finds it opted in)\n',
    );
  });

  it('a table that does not exist is exit 2; a table that cannot be read is exit 1: one line each', async () => {
    const { sg } = await lockedGroup(67);
    const missing = await cli(
      ['baseline', 'show', ...target(w, sg).slice(0, 6), '--table', 'no-such-table'],
      { aws: w.awsAs(w.dana) },
    );
    expect([missing.code, missing.stderr]).toEqual([
      2,
      `error: --table: table no-such-table not found in ${REGION}\n`,
    ]);
    w.sb.faults.add({ service: 'dynamodb', kind: 'access-denied' });
    const denied = await show(sg);
    expect(denied.code).toBe(1);
    expect(denied.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    expect(denied.stderr).toMatch(
      new RegExp(`^error: cannot use table ${w.table} in ${REGION}: AccessDenied`),
    );
    expect(denied.stderr).not.toMatch(/\bat \w+ \(/);
  });

  it('an item that is not a baseline is never shown as none: exit 1, naming the table', async () => {
    const { sg } = await lockedGroup(68);
    // A version written by something that is not Guardrail's writer: a rule without a peer.
    const { captured } = { captured: (await w.recall(sg)) as Baseline };
    const broken = { ...captured, version: 2, rules: [{ direction: 'ingress' }] } as unknown as Baseline;
    expect(await w.hubStores.baselines.save(broken, 1)).toBe('saved');
    const { code, stderr } = await show(sg);
    expect(code).toBe(1);
    expect(stderr).toMatch(
      new RegExp(`^error: the baseline item in ${w.table} cannot be read: .*rules\\[0\\]`),
    );
  });
});

describe('guardrail baseline history', () => {
  it('lists the versions newest first, the current one marked, from the table alone', async () => {
    const { sg } = await lockedGroup(69);
    for (const reason of ['CHG-1 widen', 'CHG-2 narrow']) {
      const accepted = await cli(
        [
          'baseline',
          'accept',
          ...target(w, sg, ['--role-arn', READ_ROLE, '--policies', w.policiesFile, '--reason', reason]),
        ],
        { aws: w.awsAs(w.dana) },
      );
      expect(accepted.code).toBe(0);
    }
    const mark = w.sb.calls.length;
    const json = await cli(['baseline', 'history', ...target(w, sg, ['--format', 'json'])], {
      aws: w.awsAs(w.dana),
    });
    expect(json.code).toBe(0);
    expect(w.callsSince(mark)).toEqual(['dynamodb:GetItem']);
    const history = JSON.parse(json.stdout);
    expect(history).toMatchObject({ account: PROD, region: REGION, groupId: sg, policy: 'db-locked' });
    expect(
      history.versions.map(
        (v: { version: number; current: boolean; setBy: { reason: string; note?: string } }) => [
          v.version,
          v.current,
          v.setBy.reason,
          v.setBy.note,
        ],
      ),
    ).toEqual([
      [3, true, 'accepted', 'CHG-2 narrow'],
      [2, false, 'accepted', 'CHG-1 widen'],
      [1, false, 'captured', undefined],
    ]);
    const text = await cli(['baseline', 'history', ...target(w, sg)], { aws: w.awsAs(w.dana) });
    expect(text.stdout.split('\n').filter((line) => /^v\d/.test(line))).toEqual([
      `v3  2025-05-12T10:00:05.000Z  3 rules   accepted by ${w.dana}: "CHG-2 narrow"  (current)`,
      `v2  2025-05-12T10:00:05.000Z  3 rules   accepted by ${w.dana}: "CHG-1 widen"`,
      `v1  2025-05-01T08:00:00.000Z  3 rules   captured by ${w.org.hubRoleArn}`,
    ]);
  });
});
