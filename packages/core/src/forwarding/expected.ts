/**
 * What the member stack (infra/src/member/member-stack.ts) deploys in one account x region, built
 * from the same pattern builders, so that the health check compares against exactly what was
 * deployed: the forwarding and watchdog rules everywhere, the role-watch rule where IAM's events
 * arrive, each on the default bus with the one hub target and the member dead-letter queue.
 */
import { IAM_EVENTS_REGION } from '../events/catalog';
import {
  buildForwardingPattern,
  buildRoleWatchPattern,
  buildWatchdogPattern,
  type MemberRuleNames,
} from '../events/forwarding-patterns';
import type { ExpectedForwarding, ExpectedRule, ExpectedTarget } from './types';

/** The member target's Id (member-stack.ts `hubTarget`). */
export const HUB_TARGET_ID = 'guardrail-hub-bus';

/** CloudTrail events reach the account's default bus: the member rules are there. */
export const MEMBER_RULES_BUS = 'default';

export interface ExpectedForwardingInput {
  names: MemberRuleNames;
  account: string;
  region: string;
  partition: string;
  hubBusArn: string;
  forwardingDeadLetterQueue: string;
  /** Where the role-watch rule is deployed (default IAM_EVENTS_REGION, us-east-1). */
  iamEventsRegion?: string;
}

export function expectedForwarding(input: ExpectedForwardingInput): ExpectedForwarding {
  const { names, account, region, partition } = input;
  const queueArn = `arn:${partition}:sqs:${region}:${account}:${input.forwardingDeadLetterQueue}`;
  const target: ExpectedTarget = {
    Id: HUB_TARGET_ID,
    Arn: input.hubBusArn,
    // One forwarder role per region, `<prefix><region>` (a fixed name the protection SCP names).
    RoleArn: `arn:${partition}:iam::${account}:role/${names.forwarderRolePrefix}${region}`,
    DeadLetterConfig: { Arn: queueArn },
  };
  const rule = (
    kind: ExpectedRule['kind'],
    name: string,
    pattern: ExpectedRule['pattern'],
  ): ExpectedRule => ({
    kind,
    name,
    eventBusName: MEMBER_RULES_BUS,
    pattern,
    // A copy each: a caller changing one rule's target must not change the others'.
    target: { ...target, DeadLetterConfig: { ...target.DeadLetterConfig } },
  });
  const rules = [
    rule('forwarding', names.forwardingRule, buildForwardingPattern(names)),
    rule('watchdog', names.watchdogRule, buildWatchdogPattern(names)),
  ];
  if (region === (input.iamEventsRegion ?? IAM_EVENTS_REGION))
    rules.push(rule('role-watch', names.roleWatchRule, buildRoleWatchPattern(names)));
  return { account, region, rules, queue: { name: input.forwardingDeadLetterQueue, arn: queueArn } };
}
