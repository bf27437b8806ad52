import {
  DEFAULT_FORWARDING_RULE_NAME,
  DETAIL_TYPE,
  EC2_EVENT_SOURCE,
  EVENTS_EVENT_SOURCE,
  TAGGING_EVENT_SOURCE,
} from '@guardrail/core';

/** Minimal EventBridge envelopes of CloudTrail records, shaped as AWS delivers them. */
export interface CloudTrailEvent {
  source: string;
  'detail-type': string;
  account: string;
  region: string;
  detail: {
    eventSource: string;
    eventName: string;
    requestParameters?: Record<string, unknown>;
    [key: string]: unknown;
  };
}

const ACCOUNT = '222222222222';
const REGION = 'eu-west-1';

export function cloudTrailEvent(
  eventSource: string,
  eventName: string,
  requestParameters: Record<string, unknown>,
): CloudTrailEvent {
  return {
    source: `aws.${eventSource.split('.')[0]}`,
    'detail-type': DETAIL_TYPE,
    account: ACCOUNT,
    region: REGION,
    detail: { eventSource, eventName, awsRegion: REGION, recipientAccountId: ACCOUNT, requestParameters },
  };
}

export const ec2Event = (
  name: string,
  params: Record<string, unknown> = { groupId: 'sg-0123456789abcdef0' },
) => cloudTrailEvent(EC2_EVENT_SOURCE, name, params);

export const ec2TagEvent = (name: string, resourceIds: string[]) =>
  ec2Event(name, {
    resourcesSet: { items: resourceIds.map((resourceId) => ({ resourceId })) },
    tagSet: { items: [{ key: 'guardrail:policy', value: 'web-public' }] },
  });

export const taggingEvent = (name: string, arns: string[]) =>
  cloudTrailEvent(TAGGING_EVENT_SOURCE, name, {
    resourceARNList: arns,
    tags: { 'guardrail:policy': 'web-public' },
  });

/** DisableRule/DeleteRule/PutRule carry the rule in `name`; PutTargets/RemoveTargets in `rule`. */
export const eventsEvent = (name: string, ruleName: string = DEFAULT_FORWARDING_RULE_NAME) =>
  cloudTrailEvent(
    EVENTS_EVENT_SOURCE,
    name,
    ['PutTargets', 'RemoveTargets'].includes(name) ? { rule: ruleName, ids: ['t'] } : { name: ruleName },
  );

export const sgArn = (id = 'sg-0123456789abcdef0') => `arn:aws:ec2:${REGION}:${ACCOUNT}:security-group/${id}`;
