import { AuthorizeSecurityGroupIngressCommand } from '@aws-sdk/client-ec2';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DEFAULT_FORWARDING_RULE_NAME, DETAIL_TYPE, EC2_EVENT_NAMES } from '@guardrail/core';
import { HUB, MEMBER, organization, REGION } from './fixtures';

export const FORWARDING_RULE = DEFAULT_FORWARDING_RULE_NAME;
export const WATCHDOG_RULE = 'guardrail-watchdog';
export const HUB_BUS_NAME = 'guardrail-hub';

const TAG_CALLS = new Set<string>(['CreateTags', 'DeleteTags']);

/** The member forwarding rule's pattern, in the shape infra builds it (EC2 calls and tampering). */
export const forwardingPattern = {
  'detail-type': [DETAIL_TYPE],
  $or: [
    {
      source: ['aws.ec2'],
      detail: {
        eventSource: ['ec2.amazonaws.com'],
        eventName: EC2_EVENT_NAMES.filter((n) => !TAG_CALLS.has(n)),
      },
    },
    {
      source: ['aws.ec2'],
      detail: {
        eventSource: ['ec2.amazonaws.com'],
        eventName: [...TAG_CALLS],
        requestParameters: { resourcesSet: { items: { resourceId: [{ prefix: 'sg-' }] } } },
      },
    },
    {
      source: ['aws.events'],
      detail: {
        eventSource: ['events.amazonaws.com'],
        eventName: ['DisableRule', 'DeleteRule', 'PutRule'],
        requestParameters: { name: [FORWARDING_RULE] },
      },
    },
    {
      source: ['aws.events'],
      detail: {
        eventSource: ['events.amazonaws.com'],
        eventName: ['RemoveTargets', 'PutTargets'],
        requestParameters: { rule: [FORWARDING_RULE] },
      },
    },
  ],
};

/** A second rule that sees every EventBridge call naming the forwarding rule, its own disabling included. */
export const watchdogPattern = {
  source: ['aws.events'],
  detail: {
    eventSource: ['events.amazonaws.com'],
    $or: [
      { requestParameters: { name: [FORWARDING_RULE] } },
      { requestParameters: { rule: [FORWARDING_RULE] } },
    ],
  },
};

/**
 * The organization of fixtures.ts, with a member admin, a hub bus, a `web` group, and helpers for
 * the real EventBridge, SQS and EC2 clients.
 */
export function eventbridgeOrganization() {
  const env = organization();
  const { sb } = env;
  const admin = sb.iam.createUser(MEMBER, 'admin');
  const groupId = sb.ec2.seedSecurityGroup({ account: MEMBER, region: REGION, groupName: 'web' });
  const eventsAs = (principalArn: string) =>
    sb.attach(new EventBridgeClient(sb.clientConfig({ principalArn, region: REGION })));
  const sqsAs = (principalArn: string) =>
    sb.attach(new SQSClient(sb.clientConfig({ principalArn, region: REGION })));
  let port = 1000;
  /** One EC2 mutating call by alice: one CloudTrail event (a new port each time, so it never duplicates). */
  const authorize = () =>
    env.ec2As(env.alice).send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: groupId,
        IpPermissions: [
          { IpProtocol: 'tcp', FromPort: port, ToPort: port++, IpRanges: [{ CidrIp: '10.0.0.0/8' }] },
        ],
      }),
    );
  return {
    ...env,
    admin,
    groupId,
    eventsAs,
    sqsAs,
    authorize,
    hubBusArn: sb.eventbridge.busArn(HUB, REGION, HUB_BUS_NAME),
  };
}
