/**
 * The lock policy (issue 12), written as the attack and as the pipeline: a locked group stays
 * exactly as it was approved, both ways (an added rule goes, a removed one comes back), while the
 * deployment role's changes become the new baseline. Through the real EC2 client on the sandbox,
 * the hub Lambda's handler, its state table and what the security team receives.
 */
import {
  AuthorizeSecurityGroupIngressCommand,
  CreateTagsCommand,
  RevokeSecurityGroupIngressCommand,
  UpdateSecurityGroupRuleDescriptionsIngressCommand,
} from '@aws-sdk/client-ec2';
import { type Baseline, baselineKey } from '@guardrail/core';
import { sweepTargetBody } from '@guardrail/engine';
import { captureStdoutPerTest } from './support/stdout';
import { createWorld, HUB, PROD, REGION, STATE_TABLE, type World } from './support/world';

const POLICIES = `version: 1
policies:
  locked-db:
    lock: true
    trustedPrincipals:
      - "arn:aws:iam::*:role/ci-deployer"
    ingress:
      deny:
        - { protocol: tcp, ports: 22, peer: internet }
`;

const rule = (port: number, cidr: string, description?: string) => ({
  IpProtocol: 'tcp',
  FromPort: port,
  ToPort: port,
  IpRanges: [{ CidrIp: cidr, ...(description ? { Description: description } : {}) }],
});
const APP = rule(5432, '10.0.0.0/16', 'app subnets');
const SSH_WORLD = rule(22, '0.0.0.0/0');

const out = captureStdoutPerTest();

async function deliverAll(world: World) {
  const response = await world.deliver(world.take());
  expect(response.batchItemFailures).toEqual([]);
  return response;
}

/** A group with the app rule and SSH to the world, then opted into the lock policy by alice. */
async function lockedGroup(world: World): Promise<string> {
  const groupId = world.sb.ec2.seedSecurityGroup({
    account: PROD,
    region: REGION,
    groupName: 'db',
    ingress: [APP, SSH_WORLD],
  });
  await world.aliceEc2.send(
    new CreateTagsCommand({ Resources: [groupId], Tags: [{ Key: 'guardrail:policy', Value: 'locked-db' }] }),
  );
  await deliverAll(world);
  return groupId;
}

function storedBaseline(world: World, groupId: string): Baseline | undefined {
  const key = baselineKey({ account: PROD, region: REGION, groupId });
  const text = (value: unknown) =>
    typeof value === 'object' && value !== null && 'S' in value ? String(value.S) : undefined;
  const item = world.sb.dynamodb.items(HUB, REGION, STATE_TABLE).find((i) => text(i.pk) === key);
  const document = text(item?.baseline);
  return document === undefined ? undefined : (JSON.parse(document) as Baseline);
}

const kinds = (world: World) => world.alerts().map((a) => `${a.document.kind} ${a.document.severity}`);

describe('a locked group stays as it was approved', () => {
  it('captures the baseline at opt-in, minus what the policy denies (revoked and reported)', async () => {
    const world = createWorld({ policies: () => POLICIES, stateTable: true });
    const groupId = await lockedGroup(world);
    expect(world.ingress(groupId)).toEqual(['tcp 5432 10.0.0.0/16']);
    const baseline = storedBaseline(world, groupId);
    expect(baseline).toMatchObject({ version: 1, policy: 'locked-db', setBy: { principal: world.alice } });
    expect(baseline?.rules.map((r) => `${r.direction} ${r.fromPort} ${r.description ?? ''}`)).toEqual(
      expect.arrayContaining(['ingress 5432 app subnets']),
    );
    expect(baseline?.rules.some((r) => r.fromPort === 22)).toBe(false);
    expect(kinds(world).sort()).toEqual(['baseline info', 'remediation critical']);
  });

  it('reverts a rule added by hand, and restores a rule removed by hand', async () => {
    const world = createWorld({ policies: () => POLICIES, stateTable: true });
    const groupId = await lockedGroup(world);
    await world.aliceEc2.send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: groupId,
        IpPermissions: [rule(443, '10.1.0.0/16')],
      }),
    );
    await deliverAll(world);
    expect(world.ingress(groupId)).toEqual(['tcp 5432 10.0.0.0/16']);

    await world.aliceEc2.send(
      new RevokeSecurityGroupIngressCommand({ GroupId: groupId, IpPermissions: [APP] }),
    );
    await deliverAll(world);
    expect(world.ingress(groupId)).toEqual(['tcp 5432 10.0.0.0/16']);
    // Put back as approved, description included.
    const restored = world.group(groupId).rules.find((r) => r.FromPort === 5432);
    expect(restored?.Description).toBe('app subnets');
    expect(storedBaseline(world, groupId)?.version).toBe(1);
  });

  it('puts back a description changed by hand', async () => {
    const world = createWorld({ policies: () => POLICIES, stateTable: true });
    const groupId = await lockedGroup(world);
    const app = world.group(groupId).rules.find((r) => r.FromPort === 5432);
    await world.aliceEc2.send(
      new UpdateSecurityGroupRuleDescriptionsIngressCommand({
        GroupId: groupId,
        SecurityGroupRuleDescriptions: [
          { SecurityGroupRuleId: app?.SecurityGroupRuleId, Description: 'temp' },
        ],
      }),
    );
    expect(world.group(groupId).rules.find((r) => r.FromPort === 5432)?.Description).toBe('temp');
    await deliverAll(world);
    expect(world.group(groupId).rules.find((r) => r.FromPort === 5432)?.Description).toBe('app subnets');
    expect(world.ec2Mutations().at(-1)).toBe('UpdateSecurityGroupRuleDescriptionsIngress');
    // Its own call comes back as an event: judged, and nothing left to do.
    await world.deliver(world.take());
    expect(world.ec2Mutations().at(-1)).toBe('UpdateSecurityGroupRuleDescriptionsIngress');
  });

  it("accepts the pipeline role's change as the next baseline, then reverts an untrusted change against it", async () => {
    const world = createWorld({ policies: () => POLICIES, stateTable: true });
    const groupId = await lockedGroup(world);
    const pipeline = world.sb.iam.createRole(PROD, {
      roleName: 'ci-deployer',
      assumeRolePolicyDocument: {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { AWS: world.alice }, Action: 'sts:AssumeRole' }],
      },
    });
    const pipelineEc2 = world.ec2For(pipeline);
    await pipelineEc2.send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: groupId,
        IpPermissions: [rule(443, '10.1.0.0/16')],
      }),
    );
    await deliverAll(world);
    expect(world.ingress(groupId)).toEqual(['tcp 443 10.1.0.0/16', 'tcp 5432 10.0.0.0/16']);
    const v2 = storedBaseline(world, groupId);
    expect(v2).toMatchObject({ version: 2, setBy: { reason: 'trusted-change' } });
    expect(v2?.setBy.principal).toContain('ci-deployer');
    expect(v2?.history.map((h) => h.version)).toEqual([1]);
    const updated = world.alerts().at(-1);
    expect(updated?.document).toMatchObject({ kind: 'baseline', severity: 'info' });
    expect(updated?.subject).toMatch(/updated/i);

    // Someone else removes the pipeline's rule and adds their own: both measured against v2.
    await world.aliceEc2.send(
      new RevokeSecurityGroupIngressCommand({ GroupId: groupId, IpPermissions: [rule(443, '10.1.0.0/16')] }),
    );
    await world.aliceEc2.send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: groupId,
        IpPermissions: [rule(8080, '10.2.0.0/16')],
      }),
    );
    await deliverAll(world);
    expect(world.ingress(groupId)).toEqual(['tcp 443 10.1.0.0/16', 'tcp 5432 10.0.0.0/16']);
    expect(storedBaseline(world, groupId)?.version).toBe(2);
  });

  it('finds drift no event reported on the sweep, and puts the group back', async () => {
    const world = createWorld({ policies: () => POLICIES, stateTable: true });
    const groupId = await lockedGroup(world);
    await world.aliceEc2.send(
      new RevokeSecurityGroupIngressCommand({ GroupId: groupId, IpPermissions: [APP] }),
    );
    await world.aliceEc2.send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: groupId,
        IpPermissions: [rule(3306, '10.9.0.0/16')],
      }),
    );
    world.take(); // the events are lost
    expect((await world.deliverSweep([sweepTargetBody('sweep-1', PROD, REGION)])).batchItemFailures).toEqual(
      [],
    );
    expect(world.ingress(groupId)).toEqual(['tcp 5432 10.0.0.0/16']);
  });

  it('changes nothing and alerts (high) when the baseline store cannot be read', async () => {
    const world = createWorld({ policies: () => POLICIES, stateTable: true });
    const groupId = await lockedGroup(world);
    const before = world.alerts().length;
    world.sb.faults.add({ service: 'dynamodb', kind: 'server-error' });
    await world.aliceEc2.send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: groupId,
        IpPermissions: [rule(443, '10.1.0.0/16')],
      }),
    );
    await world.deliver(world.take());
    world.sb.faults.clear();
    // Not judged: no baseline means nothing to judge by, never "everything is allowed" or "wrong".
    expect(world.ingress(groupId)).toEqual(['tcp 443 10.1.0.0/16', 'tcp 5432 10.0.0.0/16']);
    const [alert] = world.alerts().slice(before);
    expect(alert?.document).toMatchObject({ kind: 'baseline', severity: 'high' });
    expect(alert?.text).toMatch(/not (judged|enforced)|nothing was changed/i);
    expect(
      out.lines().some((l) => l.message === 'a lock group was not judged: its baseline could not be read'),
    ).toBe(true);
    // Once the store answers again, the next event (or sweep) measures the group against it.
    expect((await world.deliverSweep([sweepTargetBody('sweep-2', PROD, REGION)])).batchItemFailures).toEqual(
      [],
    );
    expect(world.ingress(groupId)).toEqual(['tcp 5432 10.0.0.0/16']);
  });

  it('keeps the baseline in memory without a state table (hub run, the demo)', async () => {
    const world = createWorld({ policies: () => POLICIES });
    const groupId = await lockedGroup(world);
    await world.aliceEc2.send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: groupId,
        IpPermissions: [rule(443, '10.1.0.0/16')],
      }),
    );
    await deliverAll(world);
    expect(world.ingress(groupId)).toEqual(['tcp 5432 10.0.0.0/16']);
  });
});
