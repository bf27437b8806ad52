/**
 * The forwarding health check, from the hub: each account x region's member rules, their target
 * and the forwarding dead-letter queue, read through the remediation role. Written as the attack
 * it catches even when nothing was forwarded: an admin disables the forwarding rule and strips the
 * watchdog's target in one go (so no tamper event reaches the hub); the next check alerts, the
 * repair is told once, and a verdict that stays the same is not repeated.
 */
import {
  DisableRuleCommand,
  EnableRuleCommand,
  EventBridgeClient,
  RemoveTargetsCommand,
} from '@aws-sdk/client-eventbridge';
import { GUARDRAIL_NAMES } from '@guardrail/core';
import { captureStdoutPerTest } from './support/stdout';
import { createWorld, PROD, REGION, type World } from './support/world';

captureStdoutPerTest();

let checks = 0;
/** A forwarding-only sweep target for prod, as the 15-minute schedule's planner enqueues it. */
async function check(world: World) {
  checks++;
  const target = {
    guardrail: 'sweep-target',
    sweepId: `health:${checks}`,
    account: PROD,
    region: REGION,
    checks: 'forwarding',
  };
  expect((await world.deliverSweep([target])).batchItemFailures).toEqual([]);
}

const summary = (world: World) =>
  world.alerts().map((a) => `${a.document.kind} ${a.document.severity} ${a.document.outcome}`);

describe('forwarding health check', () => {
  it('finds the cut, says what is wrong, then tells the repair once', async () => {
    const world = createWorld({ forwarding: true });
    await check(world);
    expect(world.alerts()).toEqual([]);

    const events = world.sb.attach(
      new EventBridgeClient(world.sb.clientConfig({ principalArn: world.alice, region: REGION })),
    );
    await events.send(
      new RemoveTargetsCommand({ Rule: GUARDRAIL_NAMES.watchdogRule, Ids: ['guardrail-hub-bus'] }),
    );
    await events.send(new DisableRuleCommand({ Name: GUARDRAIL_NAMES.forwardingRule }));
    // Neither call reached the hub: the watchdog had no target left, the forwarding rule was off.
    expect(world.sb.eventbridge.takeDelivered(world.hubBusArn!).map((d) => d.event.detail.eventName)).toEqual(
      ['RemoveTargets'],
    );

    await check(world);
    expect(summary(world)).toEqual(['forwarding critical forwarding-broken']);
    const [broken] = world.alerts();
    expect(broken!.document).toMatchObject({
      forwarding: {
        status: 'broken',
        problems: [
          { code: 'rule-disabled', resource: GUARDRAIL_NAMES.forwardingRule },
          { code: 'target-missing', resource: GUARDRAIL_NAMES.watchdogRule },
        ],
      },
    });
    expect(broken!.attributes).toMatchObject({ account: PROD, region: REGION, severity: 'critical' });

    // Still broken at the next check: not told again.
    await check(world);
    expect(world.alerts()).toHaveLength(1);

    // Repaired (the forwarding rule enabled, the watchdog's target put back): told once, as info.
    await events.send(new EnableRuleCommand({ Name: GUARDRAIL_NAMES.forwardingRule }));
    const { putTargets } = world.sb.eventbridge;
    putTargets.call(world.sb.eventbridge, PROD, REGION, {
      Rule: GUARDRAIL_NAMES.watchdogRule,
      Targets: [
        {
          Id: 'guardrail-hub-bus',
          Arn: world.hubBusArn!,
          RoleArn: `arn:aws:iam::${PROD}:role/${GUARDRAIL_NAMES.forwarderRolePrefix}${REGION}`,
          DeadLetterConfig: {
            Arn: `arn:aws:sqs:${REGION}:${PROD}:${GUARDRAIL_NAMES.forwardingDeadLetterQueue}`,
          },
          RetryPolicy: { MaximumRetryAttempts: 185, MaximumEventAgeInSeconds: 86400 },
        },
      ],
    });
    await check(world);
    await check(world);
    expect(summary(world)).toEqual([
      'forwarding critical forwarding-broken',
      'forwarding info forwarding-resolved',
    ]);
  });

  it('every full sweep target checks its forwarding too', async () => {
    const world = createWorld({ forwarding: true });
    const events = world.sb.attach(
      new EventBridgeClient(world.sb.clientConfig({ principalArn: world.alice, region: REGION })),
    );
    await events.send(new DisableRuleCommand({ Name: GUARDRAIL_NAMES.watchdogRule }));
    const target = { guardrail: 'sweep-target', sweepId: 'sweep-1', account: PROD, region: REGION };
    expect((await world.deliverSweep([target])).batchItemFailures).toEqual([]);
    expect(summary(world)).toEqual(['forwarding critical forwarding-broken']);
  });
});
