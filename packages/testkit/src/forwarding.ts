/**
 * Guardrail's member forwarding installed in one sandbox account and region, as the member
 * template deploys it: the forwarding rule, the watchdog rule (and in us-east-1 the role-watch
 * rule), each targeting the hub bus through the forwarder role, with the forwarding dead-letter
 * queue. The patterns are core's, the ones infra synthesizes.
 */
import {
  buildForwardingPattern,
  buildRoleWatchPattern,
  buildWatchdogPattern,
  type EventPattern,
  GUARDRAIL_NAMES,
  IAM_EVENTS_REGION,
  type MemberRuleNames,
} from '@guardrail/core';
import type { Sandbox } from '@guardrail/sandbox';

export const MEMBER_RULE_NAMES: MemberRuleNames = {
  forwardingRule: GUARDRAIL_NAMES.forwardingRule,
  watchdogRule: GUARDRAIL_NAMES.watchdogRule,
  roleWatchRule: GUARDRAIL_NAMES.roleWatchRule,
  remediationRole: GUARDRAIL_NAMES.remediationRole,
  forwarderRolePrefix: GUARDRAIL_NAMES.forwarderRolePrefix,
};

export interface InstalledForwarding {
  /** Rule name -> ARN. */
  rules: Record<string, string>;
  deadLetterQueueUrl: string;
  deadLetterQueueArn: string;
}

export function installMemberForwarding(
  sb: Sandbox,
  where: { account: string; region: string; hubBusArn: string; names?: MemberRuleNames },
): InstalledForwarding {
  const { account, region, hubBusArn } = where;
  const names = where.names ?? MEMBER_RULE_NAMES;
  const queueName = GUARDRAIL_NAMES.forwardingDeadLetterQueue;
  const deadLetterQueueUrl = sb.sqs.createQueue(account, region, queueName);
  const deadLetterQueueArn = `arn:aws:sqs:${region}:${account}:${queueName}`;
  const target = {
    Id: 'guardrail-hub-bus',
    Arn: hubBusArn,
    RoleArn: `arn:aws:iam::${account}:role/${names.forwarderRolePrefix}${region}`,
    DeadLetterConfig: { Arn: deadLetterQueueArn },
    RetryPolicy: { MaximumRetryAttempts: 185, MaximumEventAgeInSeconds: 86400 },
  };
  const specs: [string, EventPattern][] = [
    [names.forwardingRule, buildForwardingPattern(names)],
    [names.watchdogRule, buildWatchdogPattern(names)],
    ...(region === IAM_EVENTS_REGION
      ? [[names.roleWatchRule, buildRoleWatchPattern(names)] as [string, EventPattern]]
      : []),
  ];
  const rules: Record<string, string> = {};
  for (const [Name, EventPattern] of specs) {
    rules[Name] = sb.eventbridge.putRule(account, region, { Name, EventPattern, State: 'ENABLED' });
    sb.eventbridge.putTargets(account, region, { Rule: Name, Targets: [target] });
  }
  return { rules, deadLetterQueueUrl, deadLetterQueueArn };
}
