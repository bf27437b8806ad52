import { DescribeSecurityGroupsCommand } from '@aws-sdk/client-ec2';
import {
  DescribeRuleCommand,
  DisableRuleCommand,
  EnableRuleCommand,
  EventBridgeClient,
  ListTargetsByRuleCommand,
  PutTargetsCommand,
  RemoveTargetsCommand,
} from '@aws-sdk/client-eventbridge';
import { GetQueueAttributesCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import type { EventBridgeEvent } from '../src';
import {
  eventbridgeOrganization,
  FORWARDING_RULE,
  forwardingPattern,
  HUB_BUS_NAME,
  WATCHDOG_RULE,
  watchdogPattern,
} from './eventbridge-fixtures';
import { HUB, MEMBER, REGION } from './fixtures';

const FORWARDING_ARN = `arn:aws:events:${REGION}:${MEMBER}:rule/${FORWARDING_RULE}`;
const DLQ_NAME = 'guardrail-forward-dlq';
const DLQ_ARN = `arn:aws:sqs:${REGION}:${MEMBER}:${DLQ_NAME}`;

/** A member account whose forwarding rule targets the hub bus (set up through the test API). */
function setup(target: { createHubBus?: boolean; deadLetter?: boolean; maximumRetryAttempts?: number } = {}) {
  const env = eventbridgeOrganization();
  const { sb, hubBusArn } = env;
  if (target.createHubBus ?? true) sb.eventbridge.createEventBus(HUB, REGION, HUB_BUS_NAME);
  const dlqUrl = sb.sqs.createQueue(MEMBER, REGION, DLQ_NAME);
  sb.eventbridge.putRule(MEMBER, REGION, { Name: FORWARDING_RULE, EventPattern: forwardingPattern });
  sb.eventbridge.putTargets(MEMBER, REGION, {
    Rule: FORWARDING_RULE,
    Targets: [
      {
        Id: 'hub',
        Arn: hubBusArn,
        RoleArn: `arn:aws:iam::${MEMBER}:role/guardrail-forwarder`,
        ...(target.deadLetter === false ? {} : { DeadLetterConfig: { Arn: DLQ_ARN } }),
        ...(target.maximumRetryAttempts !== undefined
          ? { RetryPolicy: { MaximumRetryAttempts: target.maximumRetryAttempts } }
          : {}),
      },
    ],
  });
  const inbox = () => sb.eventbridge.takeDelivered(hubBusArn);
  const names = () => inbox().map((d) => d.event.detail.eventName);
  return { ...env, dlqUrl, inbox, names, events: env.eventsAs(env.admin) };
}

describe('delivery of CloudTrail events through member rules', () => {
  it('puts a matching EC2 call on the hub bus, with the rule that delivered it, and leaves the trail as it was', async () => {
    const { sb, inbox, authorize } = setup();
    const out = await authorize();
    const trail = sb.takeEvents();
    expect(trail).toHaveLength(1);
    const delivered = inbox();
    expect(delivered).toEqual([
      { event: trail[0], ruleArn: FORWARDING_ARN, targetId: 'hub', at: new Date('2025-03-01T10:00:00.000Z') },
    ]);
    expect(delivered[0]?.event).toMatchObject({
      account: MEMBER,
      region: REGION,
      source: 'aws.ec2',
      detail: { eventName: 'AuthorizeSecurityGroupIngress', requestID: out.$metadata.requestId },
    });
    expect(inbox()).toEqual([]); // drained
    expect(sb.eventbridge.failedDeliveries()).toEqual([]);
  });

  it('stops delivering once an admin disables the rule through the real client; the hub reads the state; enabling delivers again', async () => {
    const { sb, names, authorize, events, hubRole, remediationRole, stsAs } = setup();
    await authorize();
    expect(names()).toEqual(['AuthorizeSecurityGroupIngress']);

    await events.send(new DisableRuleCommand({ Name: FORWARDING_RULE }));
    await authorize();
    expect(names()).toEqual([]); // neither the disabling (the rule was off by then) nor the EC2 call
    expect(sb.events.map((e) => e.detail.eventName).slice(-2)).toEqual([
      'DisableRule',
      'AuthorizeSecurityGroupIngress',
    ]); // both still in CloudTrail

    // The hub's health check, through the member role it assumes.
    const { Credentials: c } = await stsAs(hubRole).send(
      new AssumeRoleCommand({ RoleArn: remediationRole, RoleSessionName: 'guardrail-health' }),
    );
    const asHub = sb.attach(
      new EventBridgeClient({
        region: REGION,
        credentials: {
          accessKeyId: c!.AccessKeyId!,
          secretAccessKey: c!.SecretAccessKey!,
          sessionToken: c!.SessionToken,
        },
      }),
    );
    expect((await asHub.send(new DescribeRuleCommand({ Name: FORWARDING_RULE }))).State).toBe('DISABLED');

    await events.send(new EnableRuleCommand({ Name: FORWARDING_RULE }));
    await authorize();
    expect(names()).toEqual(['AuthorizeSecurityGroupIngress']); // EnableRule is not in the pattern
    expect((await asHub.send(new DescribeRuleCommand({ Name: FORWARDING_RULE }))).State).toBe('ENABLED');
  });

  it('stops delivering once the target is removed, and delivers the re-adding', async () => {
    const { names, authorize, events, hubBusArn } = setup();
    await events.send(new RemoveTargetsCommand({ Rule: FORWARDING_RULE, Ids: ['hub'] }));
    await authorize();
    expect(names()).toEqual([]); // the RemoveTargets event found no target left, the EC2 call neither
    expect((await events.send(new ListTargetsByRuleCommand({ Rule: FORWARDING_RULE }))).Targets).toEqual([]);
    await events.send(
      new PutTargetsCommand({ Rule: FORWARDING_RULE, Targets: [{ Id: 'hub', Arn: hubBusArn }] }),
    );
    await authorize();
    expect(names()).toEqual(['PutTargets', 'AuthorizeSecurityGroupIngress']); // tampering, then traffic
  });

  it('does not deliver through a rule whose pattern does not match, nor for reads', async () => {
    const { sb, inbox, authorize, ec2As, alice, events } = setup();
    const other = sb.eventbridge.createEventBus(HUB, REGION, 'other');
    sb.eventbridge.putRule(MEMBER, REGION, { Name: 's3-only', EventPattern: { source: ['aws.s3'] } });
    sb.eventbridge.putTargets(MEMBER, REGION, { Rule: 's3-only', Targets: [{ Id: 'o', Arn: other }] });
    sb.eventbridge.putRule(MEMBER, REGION, {
      Name: 'all-events-api',
      EventPattern: { source: ['aws.events'] },
    });
    sb.eventbridge.putTargets(MEMBER, REGION, { Rule: 'all-events-api', Targets: [{ Id: 'o', Arn: other }] });
    await authorize();
    await ec2As(alice).send(new DescribeSecurityGroupsCommand({}));
    await events.send(new DescribeRuleCommand({ Name: FORWARDING_RULE }));
    await events.send(new ListTargetsByRuleCommand({ Rule: FORWARDING_RULE }));
    expect(sb.eventbridge.takeDelivered(other)).toEqual([]);
    expect(inbox().map((d) => d.event.detail.eventName)).toEqual(['AuthorizeSecurityGroupIngress']);
  });

  it('delivers events emitted for calls the sandbox does not serve, except read-only ones', () => {
    const { sb, names, alice } = setup();
    const tag = (readOnly: boolean) =>
      sb.cloudtrail.emit(
        {
          eventSource: 'tagging.amazonaws.com',
          eventName: 'TagResources',
          readOnly,
          requestParameters: { resourceARNList: [`arn:aws:ec2:${REGION}:${MEMBER}:security-group/sg-1`] },
        },
        { principalArn: alice, region: REGION },
      );
    sb.eventbridge.putRule(MEMBER, REGION, {
      Name: FORWARDING_RULE,
      EventPattern: { source: ['aws.tagging'] },
    });
    tag(true);
    tag(false);
    expect(names()).toEqual(['TagResources']);
    expect(sb.events).toHaveLength(2);
  });

  it('delivers the DisableRule call itself through a second rule (the watchdog), not through the rule disabled', async () => {
    const { sb, inbox, events, admin } = setup();
    const watchdog = sb.eventbridge.putRule(MEMBER, REGION, {
      Name: WATCHDOG_RULE,
      EventPattern: watchdogPattern,
    });
    sb.eventbridge.putTargets(MEMBER, REGION, {
      Rule: WATCHDOG_RULE,
      Targets: [{ Id: 'hub', Arn: sb.eventbridge.busArn(HUB, REGION, HUB_BUS_NAME) }],
    });
    await events.send(new DisableRuleCommand({ Name: FORWARDING_RULE }));
    const delivered = inbox();
    expect(delivered.map((d) => [d.ruleArn, d.event.detail.eventName])).toEqual([[watchdog, 'DisableRule']]);
    expect(delivered[0]?.event.detail).toMatchObject({
      eventSource: 'events.amazonaws.com',
      requestParameters: { name: FORWARDING_RULE },
      userIdentity: { arn: admin },
    });
    // A call naming another rule is not the watchdog's business.
    sb.eventbridge.putRule(MEMBER, REGION, { Name: 'team-rule', EventPattern: { source: ['aws.s3'] } });
    await events.send(new DisableRuleCommand({ Name: 'team-rule' }));
    expect(inbox()).toEqual([]);
  });
});

describe('failed deliveries', () => {
  const receiveAll = (env: ReturnType<typeof setup>) =>
    env.sqsAs(env.admin).send(
      new ReceiveMessageCommand({
        QueueUrl: env.dlqUrl,
        MaxNumberOfMessages: 10,
        MessageAttributeNames: ['All'],
      }),
    );
  const depth = async (env: ReturnType<typeof setup>) =>
    (
      await env.sqsAs(env.admin).send(
        new GetQueueAttributesCommand({
          QueueUrl: env.dlqUrl,
          AttributeNames: ['ApproximateNumberOfMessages'],
        }),
      )
    ).Attributes?.ApproximateNumberOfMessages;

  it('sends the event to the target DLQ when the hub bus does not exist, with the attributes EventBridge sets', async () => {
    const env = setup({ createHubBus: false });
    await env.authorize();
    expect(await depth(env)).toBe('1');
    const { Messages } = await receiveAll(env);
    expect(Messages).toHaveLength(1);
    const [event] = env.sb.takeEvents();
    expect(JSON.parse(Messages![0]!.Body!) as EventBridgeEvent).toEqual(event);
    expect(Messages![0]!.MessageAttributes).toEqual({
      RULE_ARN: { DataType: 'String', StringValue: FORWARDING_ARN },
      TARGET_ARN: { DataType: 'String', StringValue: env.hubBusArn },
      ERROR_CODE: { DataType: 'String', StringValue: 'NO_RESOURCE' },
      ERROR_MESSAGE: { DataType: 'String', StringValue: `Event bus ${env.hubBusArn} does not exist.` },
      RETRY_ATTEMPTS: { DataType: 'String', StringValue: '0' }, // a missing target is not retried
    });
    expect(env.sb.eventbridge.failedDeliveries()).toMatchObject([
      { outcome: 'dead-lettered', errorCode: 'NO_RESOURCE', deadLetterArn: DLQ_ARN, ruleArn: FORWARDING_ARN },
    ]);
    // Once the bus exists, delivery works.
    env.sb.eventbridge.createEventBus(HUB, REGION, HUB_BUS_NAME);
    await env.authorize();
    expect(env.names()).toEqual(['AuthorizeSecurityGroupIngress']);
  });

  it('retries an injected PutEvents throttle up to MaximumRetryAttempts, then dead-letters the event', async () => {
    const env = setup({ maximumRetryAttempts: 2 });
    env.sb.faults.add({ service: 'events', operation: 'PutEvents', kind: 'throttle' });
    await env.authorize();
    expect(env.names()).toEqual([]);
    const { Messages } = await receiveAll(env);
    expect(Messages?.[0]?.MessageAttributes).toMatchObject({
      ERROR_CODE: { StringValue: 'THROTTLING' },
      RETRY_ATTEMPTS: { StringValue: '2' },
      EXHAUSTED_RETRY_CONDITION: { StringValue: 'MaximumRetryAttempts' },
    });
    expect(env.sb.calls.filter((c) => c.service === 'events')).toEqual([]); // deliveries are not API calls
  });

  it('delivers once a retried fault clears, and does not retry access denied', async () => {
    const env = setup({ maximumRetryAttempts: 2 });
    env.sb.faults.add({ service: 'events', operation: 'PutEvents', kind: 'server-error', times: 2 });
    await env.authorize();
    expect(env.names()).toEqual(['AuthorizeSecurityGroupIngress']);
    env.sb.faults.add({
      service: 'events',
      operation: 'PutEvents',
      account: MEMBER,
      kind: 'access-denied',
      times: 1,
    });
    await env.authorize();
    expect(env.names()).toEqual([]);
    expect(env.sb.eventbridge.failedDeliveries()).toMatchObject([
      { errorCode: 'NO_PERMISSIONS', retryAttempts: 0, outcome: 'dead-lettered' },
    ]);
    expect(await depth(env)).toBe('1');
  });

  it('drops the event (counted) when the target has no DLQ, or its DLQ does not exist', async () => {
    const env = setup({ createHubBus: false, deadLetter: false });
    await env.authorize();
    env.sb.eventbridge.putTargets(MEMBER, REGION, {
      Rule: FORWARDING_RULE,
      Targets: [{ Id: 'hub', Arn: env.hubBusArn, DeadLetterConfig: { Arn: `${DLQ_ARN}-missing` } }],
    });
    await env.authorize();
    const failures = env.sb.eventbridge.failedDeliveries();
    expect(failures.map((f) => [f.outcome, f.deadLetterArn ?? null])).toEqual([
      ['dropped', null],
      ['dropped', `${DLQ_ARN}-missing`],
    ]);
    expect(await depth(env)).toBe('0');
  });
});
