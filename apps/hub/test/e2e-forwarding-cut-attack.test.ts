/**
 * Cutting the guard's eyes is seen at once. Written as the attack: a member-account admin disables
 * Guardrail's forwarding rule (or strips the watchdog of its target) before opening SSH. The rules
 * are installed in the sandbox as the member template deploys them and events reach the hub bus
 * only through them; the admin's calls go through the real EventBridge and EC2 clients.
 */
import { AuthorizeSecurityGroupIngressCommand } from '@aws-sdk/client-ec2';
import { DisableRuleCommand, EventBridgeClient, RemoveTargetsCommand } from '@aws-sdk/client-eventbridge';
import { GUARDRAIL_NAMES } from '@guardrail/core';
import { installMemberForwarding } from '@guardrail/testkit';
import { captureStdoutPerTest } from './support/stdout';
import { createWorld, HUB, PROD, REGION, type World } from './support/world';

const SSH = [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }];

captureStdoutPerTest();

function forwardedWorld() {
  const world = createWorld();
  const hubBusArn = world.sb.eventbridge.createEventBus(HUB, REGION, 'guardrail-hub');
  installMemberForwarding(world.sb, { account: PROD, region: REGION, hubBusArn });
  const aliceEvents = world.sb.attach(
    new EventBridgeClient(world.sb.clientConfig({ principalArn: world.alice, region: REGION })),
  );
  /** What reached the hub bus since the last call, handed to the hub as SQS records. */
  const deliverForwarded = async (w: World) => {
    const forwarded = w.sb.eventbridge.takeDelivered(hubBusArn).map((d) => d.event);
    w.take(); // the trail: not what the hub sees here
    expect((await w.deliver(forwarded)).batchItemFailures).toEqual([]);
    return forwarded;
  };
  return { world, aliceEvents, deliverForwarded };
}

describe('attack: cut forwarding, then open a group', () => {
  it('disabling the forwarding rule is forwarded by the watchdog: a critical tamper alert naming her', async () => {
    const { world, aliceEvents, deliverForwarded } = forwardedWorld();
    const groupId = world.sb.ec2.seedSecurityGroup({
      account: PROD,
      region: REGION,
      groupName: 'db',
      tags: { 'guardrail:policy': 'no-public-admin-ports' },
    });
    await aliceEvents.send(new DisableRuleCommand({ Name: GUARDRAIL_NAMES.forwardingRule }));
    const told = await deliverForwarded(world);
    expect(told.map((e) => e.detail.eventName)).toEqual(['DisableRule']);
    expect(world.alerts().map((a) => `${a.document.kind} ${a.document.severity}`)).toEqual([
      'tamper critical',
    ]);
    expect(world.alerts()[0]!.text).toContain(
      `Someone called DisableRule on the guardrail's member rule ${GUARDRAIL_NAMES.forwardingRule}`,
    );
    expect(world.alerts()[0]!.text).toContain(`arn:aws:iam::${PROD}:user/alice`);

    // What she does next no longer reaches the hub: that is why the alert is critical (the sweep,
    // and the forwarding health check, are what is left there).
    await world.aliceEc2.send(
      new AuthorizeSecurityGroupIngressCommand({ GroupId: groupId, IpPermissions: SSH }),
    );
    expect(await deliverForwarded(world)).toEqual([]);
  });

  it('stripping the watchdog of its target is forwarded by the forwarding rule', async () => {
    const { world, aliceEvents, deliverForwarded } = forwardedWorld();
    await aliceEvents.send(
      new RemoveTargetsCommand({ Rule: GUARDRAIL_NAMES.watchdogRule, Ids: ['guardrail-hub-bus'] }),
    );
    const told = await deliverForwarded(world);
    expect(told.map((e) => e.detail.eventName)).toEqual(['RemoveTargets']);
    expect(world.alerts()[0]!.document).toMatchObject({
      kind: 'tamper',
      severity: 'critical',
      tamper: { target: { type: 'rule', name: GUARDRAIL_NAMES.watchdogRule } },
    });
  });
});
