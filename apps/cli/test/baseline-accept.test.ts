/**
 * `guardrail baseline accept` through the real SDK clients against the sandbox: the group's rules
 * now become the next version, recorded with the caller's ARN and the reason, denied rules left
 * out and reported; a version written meanwhile is never overwritten; a group without a baseline,
 * or not under a lock policy, is refused before anything is written.
 */
import {
  AuthorizeSecurityGroupIngressCommand,
  CreateTagsCommand,
  DeleteTagsCommand,
} from '@aws-sdk/client-ec2';
import type { ClientPlugin } from '@guardrail/aws';
import { captureBaseline, HUB_ENV, parseBaseline } from '@guardrail/core';
import { composeHub, loadHubConfig } from '@guardrail/engine';
import { hubEnvironment } from '@guardrail/testkit';
import {
  type BaselineWorld,
  baselineWorld,
  CAPTURED_AT,
  PG_APP,
  PG_VPN,
  POLICIES_YAML,
  PROD,
  READ_ROLE,
  REGION,
  TAG,
  target,
} from './baseline-world';
import { cli } from './support/plan-cli';

const SSH_WORLD = { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] };
const HTTPS_INTERNAL = {
  IpProtocol: 'tcp',
  FromPort: 443,
  ToPort: 443,
  IpRanges: [{ CidrIp: '10.0.0.0/8' }],
};

let w: BaselineWorld;
afterEach(() => w.destroy());

async function lockedGroup(seed: number) {
  w = baselineWorld(seed);
  const sg = w.seedGroup('db', { [TAG]: 'db-locked' }, [PG_APP, PG_VPN]);
  await w.capture(sg);
  return sg;
}

const acceptArgs = (sg: string, extra: string[] = []) => [
  'baseline',
  'accept',
  ...target(w, sg, ['--role-arn', READ_ROLE, '--policies', w.policiesFile, ...extra]),
];

async function aliceAdds(sg: string, ...permissions: (typeof SSH_WORLD)[]) {
  await w
    .aliceEc2()
    .send(new AuthorizeSecurityGroupIngressCommand({ GroupId: sg, IpPermissions: permissions }));
}

describe('guardrail baseline accept', () => {
  it("writes the next version: the group's rules now, by the caller's ARN, with the reason", async () => {
    const sg = await lockedGroup(71);
    await aliceAdds(sg, HTTPS_INTERNAL);
    const { code, stdout, stderr } = await cli(
      acceptArgs(sg, ['--reason', 'CHG-42 new API', '--format', 'json']),
      {
        aws: w.awsAs(w.dana),
      },
    );
    expect([code, stderr]).toEqual([0, '']);
    const stored = await w.recall(sg);
    expect(stored).toMatchObject({
      version: 2,
      policy: 'db-locked',
      setAt: '2025-05-12T10:00:05.000Z',
      setBy: { principal: w.dana, reason: 'accepted', note: 'CHG-42 new API' },
      history: [
        { version: 1, setAt: CAPTURED_AT.toISOString(), setBy: { reason: 'captured' }, ruleCount: 3 },
      ],
    });
    expect(stored?.rules).toContainEqual({
      direction: 'ingress',
      protocol: 'tcp',
      fromPort: 443,
      toPort: 443,
      peer: { kind: 'ipv4', cidr: '10.0.0.0/8' },
    });
    const result = JSON.parse(stdout);
    expect(result.baseline).toEqual(stored);
    expect(result).toMatchObject({ replaced: 1, denied: [], changes: { missing: [], modified: [] } });
    expect(result.changes.added).toHaveLength(1);
  });

  it('keeps no denied rule: reports it (the hub revokes it), keeps the rest', async () => {
    const sg = await lockedGroup(72);
    await aliceAdds(sg, SSH_WORLD, HTTPS_INTERNAL);
    const { code, stdout } = await cli(acceptArgs(sg, ['--reason', 'CHG-43']), { aws: w.awsAs(w.dana) });
    expect(code).toBe(0);
    const stored = await w.recall(sg);
    expect(stored?.rules.map((r) => r.fromPort).sort((a, b) => a - b)).toEqual([-1, 443, 5432, 5432]);
    expect(stdout).toContain(
      [
        `accepted: baseline version 2 (4 rules) replaces version 1`,
        `set 2025-05-12T10:00:05.000Z, accepted by ${w.dana}: "CHG-43"`,
        '',
        'against version 1: 1 added, 0 missing, 0 descriptions changed',
        '  + tcp 443 from 10.0.0.0/8  now in the baseline',
        '',
        'not kept: 1 rule policy db-locked denies (a baseline never keeps a denied rule; the hub revokes it):',
      ].join('\n'),
    );
    expect(stdout).toMatch(/\n {2}- tcp 22 from 0\.0\.0\.0\/0 \(sgr-\w+\)\n$/);
  });

  it('a version written meanwhile (the hub, another accept) is never overwritten: exit 1, nothing written', async () => {
    const sg = await lockedGroup(73);
    const first = (await w.recall(sg))!;
    // The hub records a trusted change just before the CLI's write reaches the table.
    const hubVersion = captureBaseline({
      group: await w.readNow(sg),
      policies: w.policies,
      policyName: 'db-locked',
      by: 'arn:aws:sts::111122223333:assumed-role/ci-deployer/build-7',
      reason: 'trusted-change',
      now: new Date('2025-05-12T10:00:04Z'),
      previous: first,
    }).baseline;
    let raced = false;
    const race: ClientPlugin = {
      applyToStack(stack) {
        stack.add(
          (next, context) => async (args) => {
            if (!raced && context.commandName === 'PutItemCommand') {
              raced = true;
              expect(await w.hubStores.baselines.save(hubVersion, 1)).toBe('saved');
            }
            return next(args);
          },
          { step: 'initialize', name: 'hubWritesFirst' },
        );
      },
    };
    const { code, stdout, stderr } = await cli(acceptArgs(sg, ['--reason', 'CHG-44']), {
      aws: w.awsAs(w.dana, [race]),
    });
    expect(raced).toBe(true);
    expect([code, stdout]).toEqual([1, '']);
    expect(stderr).toBe(
      `error: the baseline of ${sg} changed while this ran (version 1 is no longer the current one): nothing was ` +
        'written; see it again with guardrail baseline show, and accept again if still wanted\n',
    );
    expect(await w.recall(sg)).toEqual(hubVersion);
  });

  it('a group the hub keeps no baseline for is refused (exit 2): the hub captures the first', async () => {
    w = baselineWorld(74);
    const sg = w.seedGroup('db', { [TAG]: 'db-locked' }, [PG_APP]);
    const mark = w.sb.calls.length;
    const { code, stdout, stderr } = await cli(acceptArgs(sg, ['--reason', 'CHG-45']), {
      aws: w.awsAs(w.dana),
    });
    expect([code, stdout]).toEqual([2, '']);
    expect(stderr).toBe(
      `error: --group-id: no baseline is kept for ${sg} (account ${PROD}, ${REGION}) in table ${w.table}: ` +
        'nothing to accept: the hub captures the first baseline when the group is opted into a lock policy\n',
    );
    expect(w.callsSince(mark)).not.toContain('dynamodb:PutItem');
    expect(await w.recall(sg)).toBeUndefined();
  });

  it.each<[string, string | undefined, string]>([
    [
      'under a policy that is not a lock policy',
      'internal-only',
      `is under policy internal-only, which is not a lock policy in `,
    ],
    ['not opted in', undefined, `is not opted in (no ${TAG} tag)`],
    ['tagged with a policy that does not exist', 'nope', 'has guardrail tags that are not valid ('],
  ])('a group %s is refused (exit 2), its baseline left as it was', async (_, policy, why) => {
    const sg = await lockedGroup(75);
    const before = await w.recall(sg);
    // The tags changed after the capture: the policy file decides, as it does for the hub.
    const ec2 = w.aliceEc2();
    if (policy === undefined)
      await ec2.send(new DeleteTagsCommand({ Resources: [sg], Tags: [{ Key: TAG }] }));
    else await ec2.send(new CreateTagsCommand({ Resources: [sg], Tags: [{ Key: TAG, Value: policy }] }));
    const mark = w.sb.calls.length;
    const { code, stdout, stderr } = await cli(acceptArgs(sg, ['--reason', 'CHG-47']), {
      aws: w.awsAs(w.dana),
    });
    expect([code, stdout]).toEqual([2, '']);
    expect(stderr).toContain(`error: --group-id: ${sg} ${why}`);
    expect(stderr).toMatch(/: only a lock policy's group has a baseline to accept\n$/);
    expect(stderr.split('\n')).toHaveLength(2);
    expect(w.callsSince(mark)).not.toContain('dynamodb:PutItem');
    expect(await w.recall(sg)).toEqual(before);
  });

  it('what accept wrote is what show prints, and the group is then exactly its baseline', async () => {
    const sg = await lockedGroup(76);
    await aliceAdds(sg, HTTPS_INTERNAL);
    expect((await cli(acceptArgs(sg, ['--reason', 'CHG-46']), { aws: w.awsAs(w.dana) })).code).toBe(0);
    const shown = await cli(
      ['baseline', 'show', ...target(w, sg, ['--role-arn', READ_ROLE, '--format', 'json'])],
      {
        aws: w.awsAs(w.dana),
      },
    );
    const json = JSON.parse(shown.stdout);
    expect(parseBaseline(json.baseline)).toEqual(await w.recall(sg));
    expect(json.diff).toEqual({ added: [], missing: [], modified: [] });
  });

  it('the hub then measures the next change against the accepted version: the accepted rule stays, a new one goes', async () => {
    const sg = await lockedGroup(73);
    await aliceAdds(sg, HTTPS_INTERNAL);
    w.sb.takeEvents(); // accepted by hand below, not told to the hub
    const accepted = await cli(acceptArgs(sg, ['--reason', 'CHG-43']), { aws: w.awsAs(w.dana) });
    expect(accepted.code).toBe(0);
    // The hub as the Lambda composes it, on the same state table.
    const { hub, destroy } = composeHub(
      loadHubConfig(hubEnvironment(w.org, { [HUB_ENV.policyYaml]: POLICIES_YAML })),
      { aws: w.org.hubAws(2) },
    );
    try {
      const extra = {
        IpProtocol: 'tcp',
        FromPort: 8080,
        ToPort: 8080,
        IpRanges: [{ CidrIp: '10.9.0.0/16' }],
      };
      await aliceAdds(sg, extra);
      const events = w.sb.takeEvents().filter((e) => e.detail.eventName === 'AuthorizeSecurityGroupIngress');
      const report = await hub.processBatch(
        events.map((e, i) => ({ id: `m-${i}`, body: JSON.stringify(e) })),
      );
      expect(report.batchItemFailures).toEqual([]);
      const ports = w.sb.ec2
        .getGroup(PROD, REGION, sg)
        ?.rules.filter((r) => !r.IsEgress)
        .map((r) => r.FromPort)
        .sort((a, b) => (a ?? 0) - (b ?? 0));
      expect(ports).toContain(443);
      expect(ports).not.toContain(8080);
      expect((await w.recall(sg))?.version).toBe(2);
    } finally {
      destroy();
    }
  });
});
