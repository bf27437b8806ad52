/**
 * Two hub instances (two Lambda execution environments: two buildHub calls) sharing the DynamoDB
 * state table (GUARDRAIL_STATE_TABLE) on the sandbox: a redelivered event alerts once whichever
 * instance gets it, the circuit breaker counts across instances, and a DynamoDB outage does not
 * stop remediation.
 */
import { AuthorizeSecurityGroupIngressCommand, DeleteTagsCommand } from '@aws-sdk/client-ec2';
import type { SQSBatchResponse } from 'aws-lambda';
import type { BuiltHub } from '../src/compose';
import { captureStdoutPerTest, emfMetrics } from './support/stdout';
import { createWorld, HUB, PROD, REGION, STATE_TABLE, type World } from './support/world';

const SSH_WORLD = { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] };

const out = captureStdoutPerTest();

function seed(world: World, policy: string): string {
  return world.sb.ec2.seedSecurityGroup({
    account: PROD,
    region: REGION,
    groupName: 'app',
    tags: { 'guardrail:policy': policy },
  });
}

/** Alice opens SSH to the world; returns the CloudTrail event of it. */
async function openSsh(world: World, groupId: string, permission: object = SSH_WORLD) {
  await world.aliceEc2.send(
    new AuthorizeSecurityGroupIngressCommand({ GroupId: groupId, IpPermissions: [permission] }),
  );
  const [event] = world.take().filter((e) => e.detail.eventName === 'AuthorizeSecurityGroupIngress');
  if (!event) throw new Error('no AuthorizeSecurityGroupIngress event');
  return event;
}

async function deliver(world: World, instance: BuiltHub, events: readonly unknown[]) {
  return (await instance.handler(world.sqsEvent(events))) as SQSBatchResponse;
}

describe('hub e2e: state shared by instances (GUARDRAIL_STATE_TABLE)', () => {
  it('alerts once when the same audit-mode event reaches two instances, one after the other', async () => {
    const world = createWorld({ stateTable: true });
    const a = world.built;
    const b = world.buildInstance();
    const groupId = seed(world, 'admin-ports-audit');
    const event = await openSsh(world, groupId);

    expect((await deliver(world, a, [event])).batchItemFailures).toEqual([]);
    expect((await deliver(world, b, [event])).batchItemFailures).toEqual([]);

    expect(world.alerts().map((x) => x.document.kind)).toEqual(['remediation']);
    expect(world.alerts()[0]?.document).toMatchObject({ mode: 'audit' });
    // Audit mode: nothing changed.
    expect(world.ingress(groupId)).toEqual(['tcp 22 0.0.0.0/0']);
    expect(out.lines().filter((l) => l.message === 'event skipped')).toMatchObject([
      { reason: 'duplicate', detail: 'already handled', eventId: event.detail.eventID },
    ]);
    // The event's claim, done; and the policy the hub saw the group under (to tell an opt-out).
    expect(world.sb.dynamodb.items(HUB, REGION, STATE_TABLE)).toEqual([
      expect.objectContaining({ pk: { S: `event#${event.detail.eventID}` }, state: { S: 'done' } }),
      expect.objectContaining({
        pk: { S: `policy#${PROD}#${REGION}#${groupId}` },
        policy: { S: 'admin-ports-audit' },
        mode: { S: 'audit' },
      }),
    ]);
    b.destroy();
  });

  it('alerts once when both instances get it at the same time; the loser retries and finds it done', async () => {
    const world = createWorld({ stateTable: true });
    const a = world.built;
    const b = world.buildInstance();
    const groupId = seed(world, 'admin-ports-audit');
    const event = await openSsh(world, groupId);

    // The winner is still reading the group (EC2 answers in 50 ms) when the loser reads the claim.
    world.sb.setLatency({ ec2: 50 });
    const responses = await Promise.all([deliver(world, a, [event]), deliver(world, b, [event])]);
    world.sb.setLatency(0);
    expect(world.alerts()).toHaveLength(1);
    // The instance that found the claim taken failed its record: the queue redelivers it...
    const failures = responses.map((r) => r.batchItemFailures.length);
    expect(failures.sort()).toEqual([0, 1]);
    expect(out.lines().filter((l) => l.message === 'event skipped')).toMatchObject([
      { reason: 'in-progress' },
    ]);
    // ...and the redelivery is a duplicate by then.
    const loser = failures[0] === 1 ? a : b;
    expect((await deliver(world, loser, [event])).batchItemFailures).toEqual([]);
    expect(world.alerts()).toHaveLength(1);
    b.destroy();
  });

  it('pauses a fought-over rule on remediations made by different instances, with one contested alert', async () => {
    const world = createWorld({ stateTable: true, breakerMaxRemediations: 2 });
    const instances = [world.built, world.buildInstance()];
    const groupId = seed(world, 'no-public-admin-ports');
    // Something keeps re-opening SSH; each event lands on the other instance.
    for (let round = 0; round < 3; round++) {
      const event = await openSsh(world, groupId);
      const instance = instances[round % 2] as BuiltHub;
      expect((await deliver(world, instance, [event])).batchItemFailures).toEqual([]);
    }
    // Only SSH is paused: RDP opened next, on the instance that did not trip it, is reverted and alerted.
    const rdp = await openSsh(world, groupId, { ...SSH_WORLD, FromPort: 3389, ToPort: 3389 });
    expect((await deliver(world, instances[1] as BuiltHub, [rdp])).batchItemFailures).toEqual([]);
    // SSH reverted twice (once by each), then held back by both; RDP reverted.
    expect(world.ingress(groupId)).toEqual(['tcp 22 0.0.0.0/0']);
    expect(world.alerts().map((x) => x.document.kind)).toEqual([
      'remediation',
      'remediation',
      'contested',
      'remediation',
    ]);
    instances[1]?.destroy();
  });

  it('tells an opt-out on one instance from the policy another instance saw the group under', async () => {
    const world = createWorld({ stateTable: true });
    const b = world.buildInstance();
    const groupId = seed(world, 'no-public-admin-ports');
    const ssh = await openSsh(world, groupId);
    expect((await deliver(world, world.built, [ssh])).batchItemFailures).toEqual([]);
    await world.aliceEc2.send(
      new DeleteTagsCommand({ Resources: [groupId], Tags: [{ Key: 'guardrail:policy' }] }),
    );
    expect((await deliver(world, b, world.take())).batchItemFailures).toEqual([]);
    expect(world.alerts().map((x) => `${x.document.kind} ${x.document.severity}`)).toEqual([
      'remediation critical',
      'opt-out high',
    ]);
    b.destroy();
  });

  it('keeps remediating through a DynamoDB outage, and says so (log and metric)', async () => {
    const world = createWorld({ stateTable: true });
    const groupId = seed(world, 'no-public-admin-ports');
    const event = await openSsh(world, groupId);
    world.sb.faults.add({ service: 'dynamodb', kind: 'access-denied' });

    expect((await world.deliver([event])).batchItemFailures).toEqual([]);

    expect(world.ingress(groupId)).toEqual([]);
    expect(world.alerts().map((x) => x.document.kind)).toEqual(['remediation']);
    const failures = out.lines().filter((l) => String(l.message).startsWith('state store'));
    expect(failures.map((l) => `${l.store} ${l.operation}`)).toEqual(
      expect.arrayContaining(['dedupe claim', 'breaker read', 'breaker record', 'dedupe complete']),
    );
    const errors = emfMetrics(out.lines()).filter((m) => m.name === 'StateStoreErrors');
    expect(errors.length).toBeGreaterThanOrEqual(4);
  });
});
