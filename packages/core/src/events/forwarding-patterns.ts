/**
 * The EventBridge patterns of the member rules, built from the event catalog so that what is
 * forwarded and what the hub parses cannot drift apart (design.md section 4). One source for infra
 * (the member template, the hub bus rule) and for the hub's forwarding health check, which
 * compares each deployed rule's pattern with these.
 *
 * - the forwarding rule: security group calls, tag calls on groups, and the EventBridge calls on
 *   Guardrail's own member rules;
 * - the watchdog rule: the EventBridge calls on those rules only, so that disabling the forwarding
 *   rule is forwarded by the watchdog (and disabling the watchdog by the forwarding rule);
 * - the role-watch rule (us-east-1, where IAM's events arrive): changes to Guardrail's member roles.
 * Failed calls (`errorCode`) are forwarded too: the hub logs and counts them.
 */
import {
  DETAIL_TYPE,
  EC2_EVENT_NAMES,
  EC2_EVENT_SOURCE,
  EVENTS_EVENT_NAMES,
  EVENTS_EVENT_SOURCE,
  IAM_EVENT_NAMES,
  IAM_EVENT_SOURCE,
  TAGGING_EVENT_NAMES,
  TAGGING_EVENT_SOURCE,
} from './catalog';

/** An EventBridge event pattern, as CloudFormation and the EventBridge API take it (JSON). */
export type EventPattern = { [key: string]: unknown };

/** The names of Guardrail's member resources the patterns filter on. */
export interface MemberRuleNames {
  forwardingRule: string;
  watchdogRule: string;
  roleWatchRule: string;
  remediationRole: string;
  /** Forwarder roles are `<prefix><region>`. */
  forwarderRolePrefix: string;
}

/** CloudTrail events reach EventBridge with `source` = `aws.<service prefix>`. */
function sourceOf(eventSource: string): string {
  return `aws.${eventSource.split('.')[0]}`;
}

/** EC2 tag calls name any resource: only those on security groups (`sg-` ids) matter. */
const EC2_TAG_EVENTS = new Set<string>(['CreateTags', 'DeleteTags']);
/** Tamper calls that name the rule in `requestParameters.name` (the others use `requestParameters.rule`). */
const RULE_BY_NAME = new Set<string>(['DisableRule', 'DeleteRule', 'PutRule']);

function guardedRules(names: MemberRuleNames): string[] {
  return [names.forwardingRule, names.watchdogRule, names.roleWatchRule];
}

/** The `$or` arms that match EventBridge calls on Guardrail's own rules. */
function ruleTamperArms(names: MemberRuleNames): EventPattern[] {
  const source = [sourceOf(EVENTS_EVENT_SOURCE)];
  const eventSource = [EVENTS_EVENT_SOURCE];
  const rules = guardedRules(names);
  return [
    {
      source,
      detail: {
        eventSource,
        eventName: EVENTS_EVENT_NAMES.filter((n) => RULE_BY_NAME.has(n)),
        requestParameters: { name: rules },
      },
    },
    {
      source,
      detail: {
        eventSource,
        eventName: EVENTS_EVENT_NAMES.filter((n) => !RULE_BY_NAME.has(n)),
        requestParameters: { rule: rules },
      },
    },
  ];
}

function securityGroupArms(): EventPattern[] {
  const source = [sourceOf(EC2_EVENT_SOURCE)];
  const eventSource = [EC2_EVENT_SOURCE];
  return [
    { source, detail: { eventSource, eventName: EC2_EVENT_NAMES.filter((n) => !EC2_TAG_EVENTS.has(n)) } },
    {
      source,
      detail: {
        eventSource,
        eventName: EC2_EVENT_NAMES.filter((n) => EC2_TAG_EVENTS.has(n)),
        requestParameters: { resourcesSet: { items: { resourceId: [{ prefix: 'sg-' }] } } },
      },
    },
    {
      source: [sourceOf(TAGGING_EVENT_SOURCE)],
      detail: {
        eventSource: [TAGGING_EVENT_SOURCE],
        eventName: [...TAGGING_EVENT_NAMES],
        requestParameters: { resourceARNList: [{ wildcard: 'arn:aws*:ec2:*:*:security-group/*' }] },
      },
    },
  ];
}

function roleArm(names: MemberRuleNames): EventPattern {
  return {
    source: [sourceOf(IAM_EVENT_SOURCE)],
    detail: {
      eventSource: [IAM_EVENT_SOURCE],
      eventName: [...IAM_EVENT_NAMES],
      requestParameters: { roleName: [names.remediationRole, { prefix: names.forwarderRolePrefix }] },
    },
  };
}

export function buildForwardingPattern(names: MemberRuleNames): EventPattern {
  return { 'detail-type': [DETAIL_TYPE], $or: [...securityGroupArms(), ...ruleTamperArms(names)] };
}

export function buildWatchdogPattern(names: MemberRuleNames): EventPattern {
  return { 'detail-type': [DETAIL_TYPE], $or: ruleTamperArms(names) };
}

export function buildRoleWatchPattern(names: MemberRuleNames): EventPattern {
  return { 'detail-type': [DETAIL_TYPE], ...roleArm(names) };
}

/** The hub bus rule's pattern, a second filter: whatever any of the member rules forwards. */
export function buildHubIntakePattern(names: MemberRuleNames): EventPattern {
  return {
    'detail-type': [DETAIL_TYPE],
    $or: [...securityGroupArms(), ...ruleTamperArms(names), roleArm(names)],
  };
}
