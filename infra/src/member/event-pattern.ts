import {
  DETAIL_TYPE,
  EC2_EVENT_NAMES,
  EC2_EVENT_SOURCE,
  EVENTS_EVENT_NAMES,
  EVENTS_EVENT_SOURCE,
  TAGGING_EVENT_NAMES,
  TAGGING_EVENT_SOURCE,
} from '@guardrail/core';

/** An EventBridge event pattern, as CloudFormation takes it (JSON). */
export type EventPattern = { [key: string]: unknown };

/** CloudTrail events reach EventBridge with `source` = `aws.<service prefix>`. */
function sourceOf(eventSource: string): string {
  return `aws.${eventSource.split('.')[0]}`;
}

/** EC2 tag calls name any resource: only those on security groups (`sg-` ids) matter. */
const EC2_TAG_EVENTS = new Set<string>(['CreateTags', 'DeleteTags']);
/** Tamper calls that name the rule in `requestParameters.name` (the others use `requestParameters.rule`). */
const RULE_BY_NAME = new Set<string>(['DisableRule', 'DeleteRule', 'PutRule']);

/**
 * The pattern of the member forwarding rule (and of the hub rule, as a second filter), built from
 * the core's event catalog so that the two cannot drift apart: every event the hub parses is
 * forwarded, and nothing else (design.md section 4). Failed calls (`errorCode`) are forwarded too:
 * the hub logs and counts them.
 */
export function buildForwardingPattern(forwardingRuleName: string): EventPattern {
  const ec2 = { source: [sourceOf(EC2_EVENT_SOURCE)], eventSource: [EC2_EVENT_SOURCE] };
  const eventsSource = { source: [sourceOf(EVENTS_EVENT_SOURCE)], eventSource: [EVENTS_EVENT_SOURCE] };
  return {
    'detail-type': [DETAIL_TYPE],
    $or: [
      {
        source: ec2.source,
        detail: {
          eventSource: ec2.eventSource,
          eventName: EC2_EVENT_NAMES.filter((n) => !EC2_TAG_EVENTS.has(n)),
        },
      },
      {
        source: ec2.source,
        detail: {
          eventSource: ec2.eventSource,
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
      {
        source: eventsSource.source,
        detail: {
          eventSource: eventsSource.eventSource,
          eventName: EVENTS_EVENT_NAMES.filter((n) => RULE_BY_NAME.has(n)),
          requestParameters: { name: [forwardingRuleName] },
        },
      },
      {
        source: eventsSource.source,
        detail: {
          eventSource: eventsSource.eventSource,
          eventName: EVENTS_EVENT_NAMES.filter((n) => !RULE_BY_NAME.has(n)),
          requestParameters: { rule: [forwardingRuleName] },
        },
      },
    ],
  };
}
