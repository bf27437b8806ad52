/**
 * Opting out is no silent off switch. Written as the attack: a member-account admin takes an
 * opted-in group out of its policy (removes the opt-in tag, or moves it to a weaker policy), then
 * opens SSH to the world. Through the real EC2 client on the sandbox, the hub Lambda's handler,
 * and what the security team receives.
 */
import {
  AuthorizeSecurityGroupIngressCommand,
  CreateTagsCommand,
  DeleteTagsCommand,
} from '@aws-sdk/client-ec2';
import { captureStdoutPerTest } from './support/stdout';
import { createWorld, PROD, REGION, type World } from './support/world';

const SSH = [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }];

captureStdoutPerTest();

async function aliceDoes(world: World, call: () => Promise<unknown>) {
  await call();
  expect((await world.deliver(world.take())).batchItemFailures).toEqual([]);
}

/** A group the security team opts in (the hub sees the tagging event and remembers the policy). */
async function optedInGroup(world: World, policy = 'no-public-admin-ports'): Promise<string> {
  const groupId = world.sb.ec2.seedSecurityGroup({ account: PROD, region: REGION, groupName: 'db' });
  await aliceDoes(world, () =>
    world.aliceEc2.send(
      new CreateTagsCommand({ Resources: [groupId], Tags: [{ Key: 'guardrail:policy', Value: policy }] }),
    ),
  );
  return groupId;
}

const summary = (world: World) =>
  world.alerts().map((a) => `${a.document.kind} ${a.document.severity} ${a.document.outcome}`);

describe('attack: opt out, then open the group', () => {
  it('tells the opt-out (high), then SSH opened on the opted-out group (critical), naming who did it', async () => {
    const world = createWorld();
    const groupId = await optedInGroup(world);
    expect(world.alerts()).toEqual([]);

    await aliceDoes(world, () =>
      world.aliceEc2.send(
        new DeleteTagsCommand({ Resources: [groupId], Tags: [{ Key: 'guardrail:policy' }] }),
      ),
    );
    expect(summary(world)).toEqual(['opt-out high opted-out']);
    const [optOut] = world.alerts();
    expect(optOut!.document).toMatchObject({
      kind: 'opt-out',
      policy: 'no-public-admin-ports',
      optOut: { from: { policy: 'no-public-admin-ports', mode: 'enforce' }, to: {}, followUp: false },
    });
    expect(optOut!.text).toContain(
      `${world.alice} took security group ${groupId} out of no-public-admin-ports`,
    );
    expect(optOut!.attributes).toMatchObject({ severity: 'high', outcome: 'opted-out' });

    await aliceDoes(world, () =>
      world.aliceEc2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: groupId, IpPermissions: SSH })),
    );
    // Not enforced any more (the group is out), but never silent: critical, with the violation.
    expect(world.ingress(groupId)).toEqual(['tcp 22 0.0.0.0/0']);
    expect(summary(world)).toEqual(['opt-out high opted-out', 'opt-out critical opted-out']);
    expect(world.alerts()[1]!.document).toMatchObject({
      optOut: { followUp: true },
      findings: [expect.objectContaining({ rule: 'tcp 22 from 0.0.0.0/0', adminPort: true, internet: true })],
    });
  });

  it('tells a move to a weaker policy, with the violations against the one it left', async () => {
    const world = createWorld();
    const groupId = await optedInGroup(world);
    await aliceDoes(world, () =>
      world.aliceEc2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: groupId, IpPermissions: SSH })),
    );
    expect(world.ingress(groupId)).toEqual([]);
    // Alice re-tags it with the audit-only policy (it only reports) and opens SSH again.
    await aliceDoes(world, () =>
      world.aliceEc2.send(
        new CreateTagsCommand({
          Resources: [groupId],
          Tags: [{ Key: 'guardrail:policy', Value: 'admin-ports-audit' }],
        }),
      ),
    );
    await aliceDoes(world, () =>
      world.aliceEc2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: groupId, IpPermissions: SSH })),
    );
    expect(world.ingress(groupId)).toEqual(['tcp 22 0.0.0.0/0']);
    expect(summary(world)).toEqual([
      'remediation critical remediated',
      'opt-out high opted-out',
      // Under the audit policy it is reported, at the severity of what it exposes.
      'remediation critical audit',
    ]);
    expect(world.alerts()[1]!.document).toMatchObject({
      optOut: {
        from: { policy: 'no-public-admin-ports', mode: 'enforce' },
        to: { policy: 'admin-ports-audit', mode: 'audit' },
      },
    });
  });

  it('says nothing when the group goes back under the policy it left', async () => {
    const world = createWorld();
    const groupId = await optedInGroup(world);
    const tag = (Value: string) =>
      world.aliceEc2.send(
        new CreateTagsCommand({ Resources: [groupId], Tags: [{ Key: 'guardrail:policy', Value }] }),
      );
    await aliceDoes(world, () =>
      world.aliceEc2.send(
        new DeleteTagsCommand({ Resources: [groupId], Tags: [{ Key: 'guardrail:policy' }] }),
      ),
    );
    await aliceDoes(world, () => tag('no-public-admin-ports'));
    expect(summary(world)).toEqual(['opt-out high opted-out']);
  });
});
