/**
 * `guardrail plan --baseline <file>`: a lock policy's group planned against the baseline `baseline
 * show --format json` printed (or the bare baseline), live and from files; what the plan says of
 * a locked group without it (never "compliant"); a trusted change accepted as the new baseline;
 * and a file that is not a baseline, refused with its path.
 */
import { AuthorizeSecurityGroupIngressCommand } from '@aws-sdk/client-ec2';
import { captureBaseline, loadPolicies, type SecurityGroupState } from '@guardrail/core';
import { planJsonSchema } from '../src/render/plan-json-schema';
import {
  type BaselineWorld,
  baselineWorld,
  PG_APP,
  PG_VPN,
  POLICIES_YAML,
  PROD,
  READ_ROLE,
  REGION,
  TAG,
  target,
} from './baseline-world';
import { cli, tempFile } from './support/plan-cli';

const REDIS = { IpProtocol: 'tcp', FromPort: 6379, ToPort: 6379, IpRanges: [{ CidrIp: '10.1.0.0/16' }] };

describe('guardrail plan --baseline, live, from baseline show', () => {
  let w: BaselineWorld;
  afterEach(() => w.destroy());

  async function shownBaseline(seed: number) {
    w = baselineWorld(seed);
    const sg = w.seedGroup('db', { [TAG]: 'db-locked' }, [PG_APP, PG_VPN]);
    await w.capture(sg);
    const shown = await cli(
      ['baseline', 'show', ...target(w, sg, ['--role-arn', READ_ROLE, '--format', 'json'])],
      {
        aws: w.awsAs(w.dana),
      },
    );
    expect(shown.code).toBe(0);
    return { sg, file: tempFile('baseline.json', shown.stdout), bare: JSON.parse(shown.stdout).baseline };
  }

  const livePlan = (sg: string, extra: string[]) =>
    cli(
      [
        'plan',
        '--region',
        REGION,
        '--role-arn',
        READ_ROLE,
        '--group-id',
        sg,
        '--policies',
        w.policiesFile,
        ...extra,
      ],
      {
        aws: w.awsAs(w.dana),
      },
    );

  it('judges the group by the baseline baseline show printed: an untrusted rule added is revoked', async () => {
    const { sg, file } = await shownBaseline(81);
    await w
      .aliceEc2()
      .send(new AuthorizeSecurityGroupIngressCommand({ GroupId: sg, IpPermissions: [REDIS] }));
    const json = await livePlan(sg, ['--baseline', file, '--format', 'json']);
    expect([json.code, json.stderr]).toEqual([0, 'read 1/1 groups\n']);
    const plan = planJsonSchema.parse(JSON.parse(json.stdout));
    expect(plan.lock).toEqual({ status: 'enforced', version: 1 });
    expect(plan.violations.map((v) => [v.code, v.source, v.permission.FromPort])).toEqual([
      ['not-allowed', 'baseline.v1', 6379],
    ]);
    expect(plan.actions.map((a) => a.type)).toEqual(['revoke']);
    const text = await livePlan(sg, ['--baseline', file]);
    expect(text.stdout).toContain('lock: judged against baseline version 1\n');
    expect(text.stdout).toContain('1 violation; 1 revoke, 0 authorizes\n');
  });

  it('reads the bare baseline the same way', async () => {
    const { sg, file, bare } = await shownBaseline(82);
    const fromShow = await livePlan(sg, ['--baseline', file, '--format', 'json']);
    const fromBare = await livePlan(sg, ['--baseline', tempFile('bare.json', bare), '--format', 'json']);
    expect(JSON.parse(fromBare.stdout)).toEqual(JSON.parse(fromShow.stdout));
    expect(JSON.parse(fromBare.stdout)).toMatchObject({
      lock: { status: 'enforced', version: 1 },
      violations: [],
    });
    const text = await livePlan(sg, ['--baseline', file]);
    expect(text.stdout).toContain('compliant: nothing to do');
  });

  it('a change by a trusted principal (--event) is accepted as the new baseline, not reverted', async () => {
    const { sg, file } = await shownBaseline(83);
    const mark = w.sb.events.length;
    await w
      .pipelineEc2()
      .send(new AuthorizeSecurityGroupIngressCommand({ GroupId: sg, IpPermissions: [REDIS] }));
    const event = tempFile('event.json', w.sb.events.slice(mark)[0]);
    const json = await livePlan(sg, ['--baseline', file, '--event', event, '--format', 'json']);
    expect(json.code).toBe(0);
    const plan = JSON.parse(json.stdout);
    expect(plan.lock).toEqual({
      status: 'rebaseline',
      version: 1,
      by: expect.stringContaining(':assumed-role/ci-deployer/'),
    });
    expect(plan.actions).toEqual([]);
    const text = await livePlan(sg, ['--baseline', file, '--event', event]);
    expect(text.stdout).toMatch(
      /lock: every change is by a trusted principal \(arn:\S+ci-deployer\S+\): accepted as the new baseline after version 1; only denied rules are revoked\n/,
    );
    expect(text.stdout).toContain('nothing to revert: the change is accepted as the new baseline\n');
  });
});

describe('guardrail plan of a lock policy group, from files', () => {
  const GROUP = 'sg-0123456789abcdef0';
  const policies = tempFile('policies.yaml', POLICIES_YAML);
  const groupFile = tempFile('db.json', {
    GroupId: GROUP,
    GroupName: 'db',
    OwnerId: PROD,
    Tags: [{ Key: TAG, Value: 'db-locked' }],
    IpPermissions: [PG_APP],
    IpPermissionsEgress: [],
  });
  const state: SecurityGroupState = {
    groupId: GROUP,
    ownerId: PROD,
    region: REGION,
    tags: { [TAG]: 'db-locked' },
    rules: [
      {
        direction: 'ingress',
        protocol: 'tcp',
        fromPort: 5432,
        toPort: 5432,
        peer: { kind: 'ipv4', cidr: '10.0.0.0/8' },
        description: 'app servers',
      },
    ],
  };
  const capture = (group: SecurityGroupState) =>
    captureBaseline({
      group,
      policies: loadPolicies({ text: POLICIES_YAML }),
      policyName: 'db-locked',
      by: 'arn:aws:iam::222233334444:role/guardrail-hub',
      reason: 'captured',
      now: new Date('2025-05-01T00:00:00Z'),
    }).baseline;
  const plan = (extra: string[]) => cli(['plan', '--group', groupFile, '--policies', policies, ...extra]);

  it('without a baseline: says nothing was judged, never "compliant"; --exit-code fails the gate', async () => {
    const text = await plan([]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(
      'lock: no baseline given (--baseline <file>): nothing is judged, nothing would be changed\n',
    );
    expect(text.stdout).toContain(
      'not judged: db-locked is a lock policy and no baseline was given for this group: give it with --baseline <file> (what guardrail baseline show --format json prints)\n',
    );
    expect(text.stdout).not.toContain('compliant');
    expect(JSON.parse((await plan(['--format', 'json'])).stdout)).toMatchObject({
      lock: { status: 'no-baseline' },
      violations: [],
      actions: [],
    });
    const gate = await plan(['--exit-code']);
    expect(gate.code).toBe(1);
  });

  it("with another group's baseline: not judged, and says whose it is", async () => {
    const other = capture({ ...state, groupId: 'sg-0fedcba9876543210' });
    const text = await plan(['--baseline', tempFile('other.json', other)]);
    expect(text.stdout).toContain(
      `not judged: the baseline given is group sg-0fedcba9876543210's, not ${GROUP}'s\n`,
    );
    const json = JSON.parse(
      (await plan(['--baseline', tempFile('other.json', other), '--format', 'json'])).stdout,
    );
    expect(json.lock).toEqual({
      status: 'baseline-mismatch',
      message: `the baseline given is group sg-0fedcba9876543210's, not ${GROUP}'s`,
    });
  });

  it('the summary of several groups counts the ones not judged, and only then', async () => {
    const both = tempFile('both.json', {
      SecurityGroups: [
        {
          GroupId: GROUP,
          OwnerId: PROD,
          Tags: [{ Key: TAG, Value: 'db-locked' }],
          IpPermissions: [],
          IpPermissionsEgress: [],
        },
        {
          GroupId: 'sg-0fedcba9876543210',
          OwnerId: PROD,
          Tags: [],
          IpPermissions: [],
          IpPermissionsEgress: [],
        },
      ],
    });
    const { stdout } = await cli(['plan', '--group', both, '--policies', policies]);
    expect(stdout).toMatch(
      /\n2 groups: 0 compliant, 0 violating, 0 misconfigured, 1 not opted in, 1 not judged \(no baseline\)\n$/,
    );
    const judged = await cli([
      'plan',
      '--group',
      both,
      '--policies',
      policies,
      '--baseline',
      tempFile('b.json', capture(state)),
    ]);
    expect(judged.stdout).toMatch(/\n2 groups: 0 compliant, 1 violating, 0 misconfigured, 1 not opted in\n$/);
  });

  it('with its baseline: judged, a description changed is put back', async () => {
    const baseline = capture({ ...state, rules: [{ ...state.rules[0]!, description: 'app tier' }] });
    const json = JSON.parse(
      (await plan(['--baseline', tempFile('b.json', baseline), '--format', 'json'])).stdout,
    );
    expect(json.lock).toEqual({ status: 'enforced', version: 1 });
    expect(json.actions).toEqual([
      expect.objectContaining({ type: 'update-description', description: 'app tier' }),
    ]);
  });

  it.each<[string, unknown, string]>([
    [
      'a bad CIDR in a rule',
      (b: Record<string, unknown>) => ({
        ...b,
        rules: [{ ...(b.rules as object[])[0], peer: { kind: 'ipv4', cidr: '10.0.0/8' } }],
      }),
      'rules[0].peer.cidr: ',
    ],
    ['an unknown key', (b: Record<string, unknown>) => ({ ...b, extra: true }), 'extra: unknown key'],
    [
      "a bad field inside baseline show's output",
      (b: Record<string, unknown>) => ({ baseline: { ...b, version: 0 }, diff: {} }),
      'baseline.version: expected an integer of at least 1, got 0',
    ],
    [
      "an unknown key beside baseline show's",
      (b: Record<string, unknown>) => ({ baseline: b, notes: 'x' }),
      'notes: unknown key',
    ],
    ['another schema version', (b: Record<string, unknown>) => ({ ...b, schemaVersion: 2 }), 'schemaVersion'],
  ])('a baseline file with %s: exit 2, one line naming the file and the path', async (_, spoil, path) => {
    const good = JSON.parse(JSON.stringify(capture(state))) as Record<string, unknown>;
    const file = tempFile('bad.json', (spoil as (b: Record<string, unknown>) => unknown)(good));
    const { code, stdout, stderr } = await plan(['--baseline', file]);
    expect([code, stdout]).toEqual([2, '']);
    expect(stderr.startsWith(`error: ${file}: ${path}`)).toBe(true);
    expect(stderr.split('\n')).toHaveLength(2);
  });

  it('a baseline file that is not JSON, or not there: exit 2 naming it', async () => {
    const notJson = tempFile('b.json', '{ nope');
    expect((await plan(['--baseline', notJson])).stderr).toMatch(
      new RegExp(`^error: ${notJson}: not valid JSON: `),
    );
    expect((await plan(['--baseline', '/nonexistent/b.json'])).stderr).toMatch(
      /^error: \/nonexistent\/b\.json: cannot read: /,
    );
  });
});
