/**
 * A sticky opt-in (`optOut: restore`): taking a group out of its policy does not work at all.
 * Written as the attack: a member-account admin removes the opt-in tag, moves the group to a
 * weaker policy, or sets the mode tag to audit, then opens SSH to the world. The hub puts the
 * tags back, says so, and reverts what follows. Through the real EC2 client on the sandbox, the
 * hub Lambda's handler, and what the security team receives.
 */
import {
  AuthorizeSecurityGroupIngressCommand,
  CreateTagsCommand,
  DeleteTagsCommand,
  DescribeSecurityGroupsCommand,
} from '@aws-sdk/client-ec2';
import { captureStdoutPerTest } from './support/stdout';
import { createWorld, PROD, REGION, type World } from './support/world';

const SSH = [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }];
const POLICIES = `version: 1
policies:
  db-locked:
    optOut: restore
    modeOverride: true
    ingress:
      deny:
        - { protocol: tcp, ports: 22, peer: internet }
  loose:
    mode: audit
`;

captureStdoutPerTest();

async function aliceDoes(world: World, call: () => Promise<unknown>) {
  await call();
  expect((await world.deliver(world.take())).batchItemFailures).toEqual([]);
}

async function optedInGroup(world: World): Promise<string> {
  const groupId = world.sb.ec2.seedSecurityGroup({ account: PROD, region: REGION, groupName: 'db' });
  await aliceDoes(world, () =>
    world.aliceEc2.send(
      new CreateTagsCommand({
        Resources: [groupId],
        Tags: [{ Key: 'guardrail:policy', Value: 'db-locked' }],
      }),
    ),
  );
  return groupId;
}

async function tagsOf(world: World, groupId: string): Promise<Record<string, string>> {
  const { SecurityGroups } = await world.aliceEc2.send(
    new DescribeSecurityGroupsCommand({ GroupIds: [groupId] }),
  );
  return Object.fromEntries((SecurityGroups?.[0]?.Tags ?? []).map((t) => [t.Key ?? '', t.Value ?? '']));
}

const summary = (world: World) =>
  world.alerts().map((a) => `${a.document.kind} ${a.document.severity} ${a.document.outcome}`);

describe('attack: take a group off a sticky policy, then open it', () => {
  it('the removed opt-in tag is put back (high, naming the actor), and SSH opened afterwards is reverted', async () => {
    const world = createWorld({ policies: () => POLICIES });
    const groupId = await optedInGroup(world);

    await aliceDoes(world, () =>
      world.aliceEc2.send(
        new DeleteTagsCommand({ Resources: [groupId], Tags: [{ Key: 'guardrail:policy' }] }),
      ),
    );
    expect(await tagsOf(world, groupId)).toEqual({ 'guardrail:policy': 'db-locked' });
    expect(summary(world)).toEqual(['opt-out high opt-in-restored']);
    const [restored] = world.alerts();
    expect(restored!.document).toMatchObject({
      optOut: {
        from: { policy: 'db-locked', mode: 'enforce' },
        to: {},
        restore: { status: 'restored', tags: { 'guardrail:policy': 'db-locked' } },
      },
    });
    expect(restored!.text).toContain(
      `arn:aws:iam::${PROD}:user/alice took security group ${groupId} out of db-locked (enforce mode) (it would be not opted in: nothing is enforced).`,
    );
    expect(restored!.text).toContain(
      'the hub put guardrail:policy=db-locked back and enforces db-locked again',
    );

    // The hub's own CreateTags comes back through CloudTrail: its loop guard skips it (no alert).
    await aliceDoes(world, () =>
      world.aliceEc2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: groupId, IpPermissions: SSH })),
    );
    expect(world.ingress(groupId)).toEqual([]);
    expect(summary(world)).toEqual(['opt-out high opt-in-restored', 'remediation critical remediated']);
  });

  it('removing the tag and opening SSH in one go: tag back, SSH reverted, the opt-out critical', async () => {
    const world = createWorld({ policies: () => POLICIES });
    const groupId = await optedInGroup(world);
    await world.aliceEc2.send(
      new DeleteTagsCommand({ Resources: [groupId], Tags: [{ Key: 'guardrail:policy' }] }),
    );
    await aliceDoes(world, () =>
      world.aliceEc2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: groupId, IpPermissions: SSH })),
    );
    expect(world.ingress(groupId)).toEqual([]);
    expect(await tagsOf(world, groupId)).toEqual({ 'guardrail:policy': 'db-locked' });
    expect(summary(world).sort()).toEqual([
      'opt-out critical opt-in-restored',
      'remediation critical remediated',
    ]);
  });

  it('moving the group to a weaker policy, or its mode tag to audit, is undone the same way', async () => {
    const world = createWorld({ policies: () => POLICIES });
    const groupId = await optedInGroup(world);
    const tag = (Key: string, Value: string) =>
      world.aliceEc2.send(new CreateTagsCommand({ Resources: [groupId], Tags: [{ Key, Value }] }));

    await aliceDoes(world, () => tag('guardrail:policy', 'loose'));
    expect(await tagsOf(world, groupId)).toEqual({ 'guardrail:policy': 'db-locked' });
    await aliceDoes(world, () => tag('guardrail:mode', 'audit'));
    expect(await tagsOf(world, groupId)).toEqual({
      'guardrail:policy': 'db-locked',
      'guardrail:mode': 'enforce',
    });
    await aliceDoes(world, () =>
      world.aliceEc2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: groupId, IpPermissions: SSH })),
    );
    expect(world.ingress(groupId)).toEqual([]);
    expect(summary(world)).toEqual([
      'opt-out high opt-in-restored',
      'opt-out high opt-in-restored',
      'remediation critical remediated',
    ]);
    expect(
      world.alerts().map((a) => (a.document.kind === 'opt-out' ? a.document.optOut.to : undefined)),
    ).toEqual([{ policy: 'loose', mode: 'audit' }, { policy: 'db-locked', mode: 'audit' }, undefined]);
  });

  it('a restore the member role may not make is told (opted-out, with the reason), and tried again later', async () => {
    const world = createWorld({ policies: () => POLICIES });
    const groupId = await optedInGroup(world);
    world.sb.faults.add({
      service: 'ec2',
      operation: 'CreateTags',
      account: PROD,
      kind: 'access-denied',
      times: 1,
    });

    await aliceDoes(world, () =>
      world.aliceEc2.send(
        new DeleteTagsCommand({ Resources: [groupId], Tags: [{ Key: 'guardrail:policy' }] }),
      ),
    );
    expect(await tagsOf(world, groupId)).toEqual({});
    expect(summary(world)).toEqual(['opt-out high opted-out']);
    expect(world.alerts()[0]!.document).toMatchObject({
      optOut: { restore: { status: 'failed', tags: { 'guardrail:policy': 'db-locked' } } },
    });
    expect(world.alerts()[0]!.text).toContain('but the hub could not put guardrail:policy=db-locked back');

    // The next event on the group finds the role able again: the opt-in is back, SSH reverted.
    await aliceDoes(world, () =>
      world.aliceEc2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: groupId, IpPermissions: SSH })),
    );
    expect(await tagsOf(world, groupId)).toEqual({ 'guardrail:policy': 'db-locked' });
    expect(world.ingress(groupId)).toEqual([]);
    expect(summary(world)).toEqual([
      'opt-out high opted-out',
      'opt-out critical opt-in-restored',
      'remediation critical remediated',
    ]);
  });
});
