/** One member account x region as Guardrail deploys it, and the read of it that finds it intact. */
import {
  type ExpectedForwarding,
  expectedForwarding,
  type MemberRuleNames,
  type ObservedForwarding,
  type ObservedRuleFound,
} from '../../src';

export const NAMES: MemberRuleNames = {
  forwardingRule: 'guardrail-forward-sg-events',
  watchdogRule: 'guardrail-watch-forwarding',
  roleWatchRule: 'guardrail-watch-roles',
  remediationRole: 'guardrail-remediation',
  forwarderRolePrefix: 'guardrail-forwarder-',
};
export const ACCOUNT = '222222222222';
export const HUB_BUS = 'arn:aws:events:eu-west-1:111111111111:event-bus/guardrail-hub';
export const QUEUE = 'guardrail-forwarding-dlq';

export function expected(region = 'eu-west-1'): ExpectedForwarding {
  return expectedForwarding({
    names: NAMES,
    account: ACCOUNT,
    region,
    partition: 'aws',
    hubBusArn: HUB_BUS,
    forwardingDeadLetterQueue: QUEUE,
  });
}

/** What DescribeRule and ListTargetsByRule answer for a rule deployed as expected. */
export function intact(want: ExpectedForwarding): ObservedForwarding {
  const rules: Record<string, ObservedRuleFound> = {};
  for (const rule of want.rules)
    rules[rule.name] = {
      state: 'ENABLED',
      eventPattern: JSON.stringify(rule.pattern),
      eventBusName: 'default',
      targets: [structuredClone(rule.target)],
    };
  return { rules, queue: { messages: 0 } };
}
