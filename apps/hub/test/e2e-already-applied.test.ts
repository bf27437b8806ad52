/**
 * Already-applied is never alerted as a revert. Written as the attack: with NO state table
 * (dedupe in memory, per instance), an attacker opens SSH to the world on an opted-in group and
 * the CloudTrail event reaches many hub instances (Lambda execution environments) at once. Each
 * reads the group, finds SSH open and revokes it; EC2 says "not found" to all but one, and those
 * must stay silent: the security team hears of the attack once, from the instance that reverted.
 * Through the real EC2 client on the sandbox, the hub Lambda's handler (buildHub, as lambda.ts
 * wires it) and what SNS delivers.
 */
import { AuthorizeSecurityGroupIngressCommand, type IpPermission } from '@aws-sdk/client-ec2';
import type { EventBridgeEvent } from '@guardrail/sandbox';
import type { SQSBatchResponse } from 'aws-lambda';
import type { BuiltHub } from '../src/compose';
import { captureStdoutPerTest, emfMetrics } from './support/stdout';
import { createWorld, HUB, PROD, REGION, STATE_TABLE, type World } from './support/world';

const SSH_WORLD = { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] };
const RDP_WORLD = { IpProtocol: 'tcp', FromPort: 3389, ToPort: 3389, IpRanges: [{ CidrIp: '0.0.0.0/0' }] };
const HTTPS_WORLD = { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '0.0.0.0/0' }] };

const INSTANCES = 50;

const out = captureStdoutPerTest();

function guardedGroup(world: World): string {
  return world.sb.ec2.seedSecurityGroup({
    account: PROD,
    region: REGION,
    groupName: 'bastion',
    tags: { 'guardrail:policy': 'no-public-admin-ports' },
    ingress: [HTTPS_WORLD],
  });
}

/** The attacker (Alice's stolen keys) opens `permission` with the real EC2 client; its CloudTrail event. */
async function attack(world: World, groupId: string, permission: IpPermission): Promise<EventBridgeEvent> {
  await world.aliceEc2.send(
    new AuthorizeSecurityGroupIngressCommand({ GroupId: groupId, IpPermissions: [permission] }),
  );
  const events = world.take().filter((e) => e.detail.eventName === 'AuthorizeSecurityGroupIngress');
  expect(events).toHaveLength(1);
  return events[0] as EventBridgeEvent;
}

function deliver(world: World, instance: BuiltHub, events: readonly unknown[]): Promise<SQSBatchResponse> {
  return instance.handler(world.sqsEvent(events)) as Promise<SQSBatchResponse>;
}

/** What EC2 answered the hub's revokes: calls that removed something, and those that found nothing. */
function revokes(world: World) {
  const calls = world.ec2Mutations().filter((c) => c.startsWith('RevokeSecurityGroupIngress'));
  return {
    applied: calls.filter((c) => !c.includes('!')).length,
    notFound: calls.filter((c) => c.includes('!')),
  };
}

function remediationCounts() {
  const counts: Record<string, number> = {};
  for (const m of emfMetrics(out.lines()).filter((m) => m.name === 'Remediations')) {
    const outcome = String(m.dimensions.outcome);
    counts[outcome] = (counts[outcome] ?? 0) + Number(m.value);
  }
  return counts;
}

describe('attack: one event, many hub instances, no state table', () => {
  it(`${INSTANCES} instances get the same SSH event at once: one revert, exactly one alert`, async () => {
    const world = createWorld();
    // No GUARDRAIL_STATE_TABLE: each instance dedupes in its own memory, and no DynamoDB call is made.
    expect(world.config.stateTable).toBeUndefined();
    const instances = [world.built, ...Array.from({ length: INSTANCES - 1 }, () => world.buildInstance())];
    const groupId = guardedGroup(world);
    const event = await attack(world, groupId, SSH_WORLD);
    expect(world.ingress(groupId)).toEqual(['tcp 22 0.0.0.0/0', 'tcp 443 0.0.0.0/0']);

    const responses = await Promise.all(instances.map((instance) => deliver(world, instance, [event])));

    // Every instance is done with its record: nothing to retry, nothing dead-lettered.
    expect(responses.map((r) => r.batchItemFailures)).toEqual(responses.map(() => []));
    // EC2 no longer holds the rule; the rest of the group is untouched.
    expect(world.ingress(groupId)).toEqual(['tcp 443 0.0.0.0/0']);

    // The race was real: instances read the group before any revert and revoked after it.
    const { applied, notFound } = revokes(world);
    expect(applied).toBe(1);
    expect(notFound.length).toBeGreaterThan(0);
    expect(notFound.every((c) => /NotFound/.test(c))).toBe(true);
    const counts = remediationCounts();
    expect(counts.succeeded).toBe(1);
    expect(counts['already-applied']).toBeGreaterThan(0);
    expect(world.sb.calls.filter((c) => c.service === 'dynamodb')).toEqual([]);
    expect(world.sb.dynamodb.items(HUB, REGION, STATE_TABLE)).toEqual([]);
    // Only the revert this hub made is timed as an exposure window.
    expect(emfMetrics(out.lines()).filter((m) => m.name === 'ExposureWindow')).toHaveLength(1);

    // The security team receives exactly one alert: critical, reverted, naming the attacker.
    const alerts = world.alerts();
    expect(alerts).toHaveLength(1);
    const [alert] = alerts;
    expect(alert?.subject).toMatch(
      new RegExp(`^\\[CRITICAL\\] Reverted tcp 22 from 0\\.0\\.0\\.0/0 on ${groupId} \\(`),
    );
    expect(alert?.attributes).toMatchObject({ severity: 'critical', outcome: 'remediated', account: PROD });
    expect(alert?.document).toMatchObject({
      kind: 'remediation',
      severity: 'critical',
      outcome: 'remediated',
      group: { groupId },
      changes: [{ eventId: event.detail.eventID, actor: { arn: world.alice } }],
    });
    expect(alert?.document.findings.map((f) => [f.rule, f.decision, f.cause])).toEqual([
      ['tcp 22 from 0.0.0.0/0', 'reverted', 'change'],
    ]);
    expect(alert?.document.exposure?.seconds).toBeGreaterThanOrEqual(0);
    expect(alert?.text).toContain('outcome: reverted at');
    expect(alert?.text).not.toContain('already removed');

    for (const instance of instances.slice(1)) instance.destroy();
  });

  it('two instances, two different events for the same group: one revert of both rules, one alert', async () => {
    const world = createWorld();
    const other = world.buildInstance();
    const groupId = guardedGroup(world);
    const ssh = await attack(world, groupId, SSH_WORLD);
    const rdp = await attack(world, groupId, RDP_WORLD);
    expect(world.ingress(groupId)).toEqual(['tcp 22 0.0.0.0/0', 'tcp 3389 0.0.0.0/0', 'tcp 443 0.0.0.0/0']);

    const responses = await Promise.all([deliver(world, world.built, [ssh]), deliver(world, other, [rdp])]);

    expect(responses.map((r) => r.batchItemFailures)).toEqual([[], []]);
    expect(world.ingress(groupId)).toEqual(['tcp 443 0.0.0.0/0']);
    // Both instances planned both rules (level-triggered); one call removed them, the other found
    // nothing (the gateway then asks rule by rule: not found either).
    const { applied, notFound } = revokes(world);
    expect(applied).toBe(1);
    expect(notFound.length).toBeGreaterThan(0);
    expect(remediationCounts()).toMatchObject({ succeeded: 2, 'already-applied': 2 });

    const alerts = world.alerts();
    expect(alerts).toHaveLength(1);
    const [alert] = alerts;
    expect(alert?.attributes).toMatchObject({ severity: 'critical', outcome: 'remediated' });
    expect(alert?.subject).toMatch(/^\[CRITICAL\] Reverted tcp (22|3389) from 0\.0\.0\.0\/0 /);
    expect(alert?.document.findings.map((f) => [f.rule, f.decision]).sort()).toEqual([
      ['tcp 22 from 0.0.0.0/0', 'reverted'],
      ['tcp 3389 from 0.0.0.0/0', 'reverted'],
    ]);
    // The winner's alert carries the event it received: the other rule is drift to it.
    const [change] = alert?.document.changes ?? [];
    expect([ssh.detail.eventID, rdp.detail.eventID]).toContain(change?.eventId);
    expect(alert?.document.changes).toHaveLength(1);
    expect(alert?.document.findings.filter((f) => f.cause === 'change')).toHaveLength(1);

    other.destroy();
  });
});
