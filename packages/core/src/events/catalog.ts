/**
 * The events Guardrail listens to (design.md section 4). The member forwarding rule's pattern is
 * built from this list, and a test checks that the parser handles every name in it.
 */
import { GUARDRAIL_NAMES } from '../contract/names';
export const EC2_EVENT_SOURCE = 'ec2.amazonaws.com';
export const TAGGING_EVENT_SOURCE = 'tagging.amazonaws.com';
export const EVENTS_EVENT_SOURCE = 'events.amazonaws.com';
export const IAM_EVENT_SOURCE = 'iam.amazonaws.com';

export const EC2_EVENT_NAMES = [
  'AuthorizeSecurityGroupIngress',
  'AuthorizeSecurityGroupEgress',
  'RevokeSecurityGroupIngress',
  'RevokeSecurityGroupEgress',
  'ModifySecurityGroupRules',
  'UpdateSecurityGroupRuleDescriptionsIngress',
  'UpdateSecurityGroupRuleDescriptionsEgress',
  'CreateSecurityGroup',
  'DeleteSecurityGroup',
  'CreateTags',
  'DeleteTags',
  // A prefix list widened after a rule from it was accepted: the groups that use it are re-judged.
  // (CreateManagedPrefixList is not watched: no group can reference a list before it exists.)
  'ModifyManagedPrefixList',
  'RestoreManagedPrefixListVersion',
] as const;

export const TAGGING_EVENT_NAMES = ['TagResources', 'UntagResources'] as const;

/** Only when they name one of the guardrail's own member rules: tampering. */
export const EVENTS_EVENT_NAMES = [
  'DisableRule',
  'DeleteRule',
  'RemoveTargets',
  'PutRule',
  'PutTargets',
] as const;

/**
 * Only when they name one of the guardrail's own member roles (remediation, forwarders): tampering.
 * IAM is global: its CloudTrail events reach EventBridge in us-east-1 only.
 */
export const IAM_EVENT_NAMES = [
  'UpdateAssumeRolePolicy',
  'PutRolePolicy',
  'DeleteRolePolicy',
  'AttachRolePolicy',
  'DetachRolePolicy',
  'PutRolePermissionsBoundary',
  'DeleteRolePermissionsBoundary',
  'UpdateRole',
  'DeleteRole',
] as const;

/** The region where IAM's CloudTrail events are delivered to EventBridge. */
export const IAM_EVENTS_REGION = 'us-east-1';

export const DETAIL_TYPE = 'AWS API Call via CloudTrail';

/** The default name of the member forwarding rule (the tamper events are filtered on it). */
export const DEFAULT_FORWARDING_RULE_NAME: string = GUARDRAIL_NAMES.forwardingRule;

/** The guardrail's own member rules and roles, whose changes are tampering (names as deployed). */
export interface GuardedResources {
  /** The forwarding, watchdog and role-watch rules. */
  ruleNames: readonly string[];
  /** Exact role names (the remediation role). */
  roleNames: readonly string[];
  /** Role name prefixes (the forwarder roles, `<prefix><region>`). */
  rolePrefixes: readonly string[];
}

export const DEFAULT_GUARDED_RESOURCES: GuardedResources = {
  ruleNames: [GUARDRAIL_NAMES.forwardingRule, GUARDRAIL_NAMES.watchdogRule, GUARDRAIL_NAMES.roleWatchRule],
  roleNames: [GUARDRAIL_NAMES.remediationRole],
  rolePrefixes: [GUARDRAIL_NAMES.forwarderRolePrefix],
};

export type Ec2EventName = (typeof EC2_EVENT_NAMES)[number];
export type TaggingEventName = (typeof TAGGING_EVENT_NAMES)[number];
export type EventsEventName = (typeof EVENTS_EVENT_NAMES)[number];
export type IamEventName = (typeof IAM_EVENT_NAMES)[number];
export type WatchedEventName = Ec2EventName | TaggingEventName | EventsEventName | IamEventName;
