/**
 * The member rules' patterns are built in @guardrail/core (events/forwarding-patterns.ts), where
 * the hub's health check reads them too; here they are named from the deploy config.
 */
import type { MemberRuleNames } from '@guardrail/core';
import type { DeployConfig } from '../config/schema';

export {
  buildForwardingPattern,
  buildHubIntakePattern,
  buildRoleWatchPattern,
  buildWatchdogPattern,
  type EventPattern,
  type MemberRuleNames,
} from '@guardrail/core';

export function memberRuleNames(config: DeployConfig): MemberRuleNames {
  const { names } = config;
  return {
    forwardingRule: names.forwardingRule,
    watchdogRule: names.watchdogRule,
    roleWatchRule: names.roleWatchRule,
    remediationRole: names.remediationRole,
    forwarderRolePrefix: names.forwarderRolePrefix,
  };
}
