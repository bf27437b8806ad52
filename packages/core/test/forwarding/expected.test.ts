/** What the health check expects: the member stack's rules, target and queue, per region. */
import {
  buildForwardingPattern,
  buildRoleWatchPattern,
  buildWatchdogPattern,
  expectedForwarding,
  HUB_TARGET_ID,
  IAM_EVENTS_REGION,
} from '../../src';
import { ACCOUNT, expected, HUB_BUS, NAMES, QUEUE } from './fixtures';

describe('expectedForwarding', () => {
  it('expects the forwarding and watchdog rules outside us-east-1, with the hub target and the member DLQ', () => {
    const want = expected('eu-west-1');
    const target = {
      Id: HUB_TARGET_ID,
      Arn: HUB_BUS,
      RoleArn: `arn:aws:iam::${ACCOUNT}:role/guardrail-forwarder-eu-west-1`,
      DeadLetterConfig: { Arn: `arn:aws:sqs:eu-west-1:${ACCOUNT}:${QUEUE}` },
    };
    expect(want).toEqual({
      account: ACCOUNT,
      region: 'eu-west-1',
      rules: [
        {
          kind: 'forwarding',
          name: NAMES.forwardingRule,
          eventBusName: 'default',
          pattern: buildForwardingPattern(NAMES),
          target,
        },
        {
          kind: 'watchdog',
          name: NAMES.watchdogRule,
          eventBusName: 'default',
          pattern: buildWatchdogPattern(NAMES),
          target,
        },
      ],
      queue: { name: QUEUE, arn: `arn:aws:sqs:eu-west-1:${ACCOUNT}:${QUEUE}` },
    });
    expect(HUB_TARGET_ID).toBe('guardrail-hub-bus');
  });

  it('adds the role-watch rule in us-east-1, where IAM events arrive', () => {
    const want = expected(IAM_EVENTS_REGION);
    expect(want.rules.map((r) => [r.kind, r.name])).toEqual([
      ['forwarding', NAMES.forwardingRule],
      ['watchdog', NAMES.watchdogRule],
      ['role-watch', NAMES.roleWatchRule],
    ]);
    expect(want.rules[2]?.pattern).toEqual(buildRoleWatchPattern(NAMES));
    expect(want.rules[2]?.target.RoleArn).toBe(`arn:aws:iam::${ACCOUNT}:role/guardrail-forwarder-us-east-1`);
  });

  it('names the partition in the role and queue ARNs, and takes another IAM events region', () => {
    const want = expectedForwarding({
      names: NAMES,
      account: ACCOUNT,
      region: 'us-gov-west-1',
      partition: 'aws-us-gov',
      hubBusArn: 'arn:aws-us-gov:events:us-gov-west-1:111111111111:event-bus/hub',
      forwardingDeadLetterQueue: 'dlq',
      iamEventsRegion: 'us-gov-west-1',
    });
    expect(want.rules).toHaveLength(3);
    expect(want.rules[0]?.target).toEqual({
      Id: HUB_TARGET_ID,
      Arn: 'arn:aws-us-gov:events:us-gov-west-1:111111111111:event-bus/hub',
      RoleArn: `arn:aws-us-gov:iam::${ACCOUNT}:role/guardrail-forwarder-us-gov-west-1`,
      DeadLetterConfig: { Arn: `arn:aws-us-gov:sqs:us-gov-west-1:${ACCOUNT}:dlq` },
    });
  });

  it('gives each rule its own target object', () => {
    const [first, second] = expected().rules;
    first!.target.DeadLetterConfig.Arn = 'changed';
    expect(second?.target.DeadLetterConfig.Arn).toBe(`arn:aws:sqs:eu-west-1:${ACCOUNT}:${QUEUE}`);
  });
});
