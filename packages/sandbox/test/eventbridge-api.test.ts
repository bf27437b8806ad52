import {
  AccessDeniedException,
  CreateEventBusCommand,
  DeleteRuleCommand,
  DescribeRuleCommand,
  DisableRuleCommand,
  EnableRuleCommand,
  EventBridgeClient,
  InvalidEventPatternException,
  LimitExceededException,
  ListTargetsByRuleCommand,
  PutRuleCommand,
  PutTargetsCommand,
  RemoveTargetsCommand,
  ResourceAlreadyExistsException,
  ResourceNotFoundException,
} from '@aws-sdk/client-eventbridge';
import { SandboxError } from '../src';
import {
  eventbridgeOrganization,
  FORWARDING_RULE,
  forwardingPattern,
  HUB_BUS_NAME,
} from './eventbridge-fixtures';
import { fastRetries, HUB, MEMBER, REGION } from './fixtures';

const PATTERN = JSON.stringify(forwardingPattern);
const RULE_ARN = `arn:aws:events:${REGION}:${MEMBER}:rule/${FORWARDING_RULE}`;

function setup() {
  const env = eventbridgeOrganization();
  return { ...env, events: env.eventsAs(env.admin) };
}

describe('EventBridge rules through the real client', () => {
  it('puts a rule on the default bus and describes it', async () => {
    const { events } = setup();
    const put = await events.send(
      new PutRuleCommand({ Name: FORWARDING_RULE, EventPattern: PATTERN, Description: 'Guardrail: forward' }),
    );
    expect(put.RuleArn).toBe(RULE_ARN);
    const described = await events.send(new DescribeRuleCommand({ Name: FORWARDING_RULE }));
    expect(described).toMatchObject({
      Name: FORWARDING_RULE,
      Arn: RULE_ARN,
      EventPattern: PATTERN,
      State: 'ENABLED',
      Description: 'Guardrail: forward',
      EventBusName: 'default',
      CreatedBy: MEMBER,
    });
  });

  it('disables and enables a rule, and answers ResourceNotFoundException for an unknown one', async () => {
    const { events } = setup();
    await events.send(
      new PutRuleCommand({ Name: FORWARDING_RULE, EventPattern: PATTERN, State: 'DISABLED' }),
    );
    expect((await events.send(new DescribeRuleCommand({ Name: FORWARDING_RULE }))).State).toBe('DISABLED');
    await events.send(new EnableRuleCommand({ Name: FORWARDING_RULE }));
    expect((await events.send(new DescribeRuleCommand({ Name: FORWARDING_RULE }))).State).toBe('ENABLED');
    await events.send(new DisableRuleCommand({ Name: FORWARDING_RULE }));
    expect((await events.send(new DescribeRuleCommand({ Name: FORWARDING_RULE }))).State).toBe('DISABLED');
    for (const command of [
      new DescribeRuleCommand({ Name: 'nope' }),
      new EnableRuleCommand({ Name: 'nope' }),
      new DisableRuleCommand({ Name: 'nope' }),
      new ListTargetsByRuleCommand({ Rule: 'nope' }),
      new PutTargetsCommand({
        Rule: 'nope',
        Targets: [{ Id: 'a', Arn: `arn:aws:events:${REGION}:${HUB}:event-bus/x` }],
      }),
      new RemoveTargetsCommand({ Rule: 'nope', Ids: ['a'] }),
    ]) {
      // biome-ignore lint/suspicious/noExplicitAny: one loop over commands of different output types
      const error = await events.send(command as any).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ResourceNotFoundException);
      expect(error).toMatchObject({ message: 'Rule nope does not exist on EventBus default.' });
    }
  });

  it('keeps the targets of a rule put again, and replaces its definition', async () => {
    const { sb, events, hubBusArn } = setup();
    sb.eventbridge.createEventBus(HUB, REGION, HUB_BUS_NAME);
    await events.send(new PutRuleCommand({ Name: 'r', EventPattern: PATTERN, Description: 'first' }));
    await events.send(new PutTargetsCommand({ Rule: 'r', Targets: [{ Id: 'hub', Arn: hubBusArn }] }));
    await events.send(new DisableRuleCommand({ Name: 'r' }));
    await events.send(new PutRuleCommand({ Name: 'r', EventPattern: '{"source":["aws.ec2"]}' }));
    expect(await events.send(new DescribeRuleCommand({ Name: 'r' }))).not.toHaveProperty('Description');
    expect(sb.eventbridge.describeRule(MEMBER, REGION, 'r')).toMatchObject({
      EventPattern: '{"source":["aws.ec2"]}',
      State: 'ENABLED', // PutRule without State enables, as in EventBridge
    });
    expect((await events.send(new ListTargetsByRuleCommand({ Rule: 'r' }))).Targets).toEqual([
      { Id: 'hub', Arn: hubBusArn },
    ]);
  });

  it('refuses what EventBridge refuses in PutRule', async () => {
    const { events } = setup();
    await expect(
      events.send(new PutRuleCommand({ Name: 'bad name', EventPattern: PATTERN })),
    ).rejects.toMatchObject({
      name: 'ValidationException',
    });
    await expect(events.send(new PutRuleCommand({ Name: 'r' }))).rejects.toMatchObject({
      name: 'ValidationException',
      message: 'Parameter(s) EventPattern or ScheduleExpression must be specified.',
    });
    await expect(
      events.send(new PutRuleCommand({ Name: 'r', EventPattern: PATTERN, State: 'PAUSED' as 'ENABLED' })),
    ).rejects.toMatchObject({ name: 'ValidationException' });
    const invalid = await events
      .send(new PutRuleCommand({ Name: 'r', EventPattern: '{"source":"aws.ec2"}' }))
      .catch((e: unknown) => e);
    expect(invalid).toBeInstanceOf(InvalidEventPatternException);
    await expect(
      events.send(new PutRuleCommand({ Name: 'r', EventPattern: PATTERN, EventBusName: 'missing' })),
    ).rejects.toBeInstanceOf(ResourceNotFoundException);
    // An operator EventBridge has but the sandbox does not evaluate: a sandbox limit, not an AWS error.
    await expect(
      events.send(new PutRuleCommand({ Name: 'r', EventPattern: '{"source":[{"suffix":".ec2"}]}' })),
    ).rejects.toBeInstanceOf(SandboxError);
    await expect(events.send(new DescribeRuleCommand({ Name: 'r' }))).rejects.toBeInstanceOf(
      ResourceNotFoundException,
    );
  });
});

describe('EventBridge targets through the real client', () => {
  it('puts, lists (page by page), replaces by Id and removes targets', async () => {
    const { events, hubBusArn } = setup();
    await events.send(new PutRuleCommand({ Name: 'r', EventPattern: PATTERN }));
    const dlq = `arn:aws:sqs:${REGION}:${MEMBER}:guardrail-dlq`;
    const put = await events.send(
      new PutTargetsCommand({
        Rule: 'r',
        Targets: [
          {
            Id: 'hub',
            Arn: hubBusArn,
            RoleArn: `arn:aws:iam::${MEMBER}:role/guardrail-forwarder`,
            DeadLetterConfig: { Arn: dlq },
            RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 3600 },
          },
          { Id: 'second', Arn: hubBusArn },
          { Id: 'third', Arn: hubBusArn },
        ],
      }),
    );
    expect(put).toMatchObject({ FailedEntryCount: 0, FailedEntries: [] });
    const first = await events.send(new ListTargetsByRuleCommand({ Rule: 'r', Limit: 2 }));
    expect(first.Targets).toEqual([
      {
        Id: 'hub',
        Arn: hubBusArn,
        RoleArn: `arn:aws:iam::${MEMBER}:role/guardrail-forwarder`,
        DeadLetterConfig: { Arn: dlq },
        RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 3600 },
      },
      { Id: 'second', Arn: hubBusArn },
    ]);
    const rest = await events.send(new ListTargetsByRuleCommand({ Rule: 'r', NextToken: first.NextToken }));
    expect(rest.Targets?.map((t) => t.Id)).toEqual(['third']);
    expect(rest.NextToken).toBeUndefined();
    await expect(
      events.send(new ListTargetsByRuleCommand({ Rule: 'r', NextToken: 'not-a-token' })),
    ).rejects.toMatchObject({ name: 'ValidationException' });

    await events.send(
      new PutTargetsCommand({ Rule: 'r', Targets: [{ Id: 'second', Arn: `${hubBusArn}-b` }] }),
    );
    const removed = await events.send(new RemoveTargetsCommand({ Rule: 'r', Ids: ['hub', 'never-there'] }));
    expect(removed).toMatchObject({ FailedEntryCount: 0, FailedEntries: [] });
    expect((await events.send(new ListTargetsByRuleCommand({ Rule: 'r' }))).Targets).toEqual([
      { Id: 'second', Arn: `${hubBusArn}-b` },
      { Id: 'third', Arn: hubBusArn },
    ]);
  });

  it('refuses what EventBridge refuses in PutTargets', async () => {
    const { events, hubBusArn } = setup();
    await events.send(new PutRuleCommand({ Name: 'r', EventPattern: PATTERN }));
    const put = (targets: { Id: string; Arn: string; RetryPolicy?: { MaximumRetryAttempts: number } }[]) =>
      events.send(new PutTargetsCommand({ Rule: 'r', Targets: targets }));
    await expect(put([{ Id: 'a b', Arn: hubBusArn }])).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(put([{ Id: 'a', Arn: 'not-an-arn' }])).rejects.toMatchObject({
      name: 'ValidationException',
    });
    await expect(
      put([{ Id: 'a', Arn: hubBusArn, RetryPolicy: { MaximumRetryAttempts: 186 } }]),
    ).rejects.toMatchObject({ name: 'ValidationException' });
    const six = ['1', '2', '3', '4', '5', '6'].map((Id) => ({ Id, Arn: hubBusArn }));
    await expect(put(six)).rejects.toBeInstanceOf(LimitExceededException);
    // The sandbox delivers to event buses only: any other target is a test needing more of it.
    await expect(
      put([{ Id: 'a', Arn: `arn:aws:lambda:${REGION}:${MEMBER}:function:f` }]),
    ).rejects.toBeInstanceOf(SandboxError);
    expect((await events.send(new ListTargetsByRuleCommand({ Rule: 'r' }))).Targets).toEqual([]);
  });

  it('refuses to delete a rule that has targets, as EventBridge does, and deletes it once they are gone', async () => {
    const { events, hubBusArn } = setup();
    await events.send(new PutRuleCommand({ Name: 'r', EventPattern: PATTERN }));
    await events.send(new PutTargetsCommand({ Rule: 'r', Targets: [{ Id: 'hub', Arn: hubBusArn }] }));
    await expect(events.send(new DeleteRuleCommand({ Name: 'r' }))).rejects.toMatchObject({
      name: 'ValidationException',
      message: "Rule can't be deleted since it has targets.",
      $metadata: { httpStatusCode: 400 },
    });
    await events.send(new RemoveTargetsCommand({ Rule: 'r', Ids: ['hub'] }));
    await events.send(new DeleteRuleCommand({ Name: 'r' }));
    await expect(events.send(new DescribeRuleCommand({ Name: 'r' }))).rejects.toBeInstanceOf(
      ResourceNotFoundException,
    );
    await expect(events.send(new DeleteRuleCommand({ Name: 'r' }))).resolves.toBeDefined(); // idempotent
  });
});

describe('EventBridge buses', () => {
  it('creates a bus once, and puts rules on it by name or ARN', async () => {
    const { sb, hubRole } = setup();
    const hub = sb.attach(new EventBridgeClient(sb.clientConfig({ principalArn: hubRole, region: REGION })));
    const { EventBusArn } = await hub.send(new CreateEventBusCommand({ Name: HUB_BUS_NAME }));
    expect(EventBusArn).toBe(`arn:aws:events:${REGION}:${HUB}:event-bus/${HUB_BUS_NAME}`);
    await expect(hub.send(new CreateEventBusCommand({ Name: HUB_BUS_NAME }))).rejects.toBeInstanceOf(
      ResourceAlreadyExistsException,
    );
    await expect(hub.send(new CreateEventBusCommand({ Name: 'default' }))).rejects.toBeInstanceOf(
      ResourceAlreadyExistsException,
    );
    const byName = await hub.send(
      new PutRuleCommand({ Name: 'intake', EventPattern: PATTERN, EventBusName: HUB_BUS_NAME }),
    );
    expect(byName.RuleArn).toBe(`arn:aws:events:${REGION}:${HUB}:rule/${HUB_BUS_NAME}/intake`);
    const byArn = await hub.send(new DescribeRuleCommand({ Name: 'intake', EventBusName: EventBusArn }));
    expect(byArn).toMatchObject({ EventBusName: HUB_BUS_NAME, Arn: byName.RuleArn });
    await expect(hub.send(new DescribeRuleCommand({ Name: 'intake' }))).rejects.toBeInstanceOf(
      ResourceNotFoundException,
    );
  });
});

describe('EventBridge calls in CloudTrail', () => {
  it('records every mutating call as CloudTrail does, and no read', async () => {
    const { sb, admin, events, hubBusArn } = setup();
    const dlq = `arn:aws:sqs:${REGION}:${MEMBER}:guardrail-dlq`;
    const put = await events.send(new PutRuleCommand({ Name: FORWARDING_RULE, EventPattern: PATTERN }));
    await events.send(
      new PutTargetsCommand({
        Rule: FORWARDING_RULE,
        Targets: [
          {
            Id: 'hub',
            Arn: hubBusArn,
            DeadLetterConfig: { Arn: dlq },
            RetryPolicy: { MaximumRetryAttempts: 2 },
          },
        ],
      }),
    );
    await events.send(new DescribeRuleCommand({ Name: FORWARDING_RULE }));
    await events.send(new ListTargetsByRuleCommand({ Rule: FORWARDING_RULE }));
    await events.send(new DisableRuleCommand({ Name: FORWARDING_RULE }));
    await events.send(new EnableRuleCommand({ Name: FORWARDING_RULE }));
    await events.send(new RemoveTargetsCommand({ Rule: FORWARDING_RULE, Ids: ['hub'] }));
    await events.send(new DeleteRuleCommand({ Name: FORWARDING_RULE }));
    const details = sb.events.map((e) => e.detail);
    expect(details.map((d) => d.eventName)).toEqual([
      'PutRule',
      'PutTargets',
      'DisableRule',
      'EnableRule',
      'RemoveTargets',
      'DeleteRule',
    ]);
    expect(sb.events.every((e) => e.source === 'aws.events' && e.account === MEMBER)).toBe(true);
    expect(details[0]).toMatchObject({
      eventSource: 'events.amazonaws.com',
      awsRegion: REGION,
      recipientAccountId: MEMBER,
      readOnly: false,
      userIdentity: { type: 'IAMUser', arn: admin },
      requestID: put.$metadata.requestId,
      requestParameters: { name: FORWARDING_RULE, eventPattern: PATTERN },
      responseElements: { ruleArn: RULE_ARN },
      tlsDetails: { clientProvidedHostHeader: `events.${REGION}.amazonaws.com` },
    });
    expect(details[1]).toMatchObject({
      requestParameters: {
        rule: FORWARDING_RULE,
        targets: [
          {
            id: 'hub',
            arn: hubBusArn,
            deadLetterConfig: { arn: dlq },
            retryPolicy: { maximumRetryAttempts: 2 },
          },
        ],
      },
      responseElements: { failedEntryCount: 0, failedEntries: [] },
    });
    for (const detail of [details[2], details[3], details[5]]) {
      expect(detail).toMatchObject({ requestParameters: { name: FORWARDING_RULE }, responseElements: null });
    }
    expect(details[4]?.requestParameters).toEqual({ rule: FORWARDING_RULE, ids: ['hub'] });
    // What tests drain is the same CloudTrail queue as for EC2.
    expect(sb.takeEvents().map((e) => e.detail.eventName)).toHaveLength(6);
  });

  it('records failed calls with the error, injected faults included', async () => {
    const { sb, events } = setup();
    await events.send(new DisableRuleCommand({ Name: 'nope' })).catch(() => undefined);
    sb.faults.add({ service: 'events', operation: 'DisableRule', kind: 'access-denied', times: 1 });
    await events.send(new PutRuleCommand({ Name: FORWARDING_RULE, EventPattern: PATTERN }));
    const denied = await events
      .send(new DisableRuleCommand({ Name: FORWARDING_RULE }))
      .catch((e: unknown) => e);
    expect(denied).toBeInstanceOf(AccessDeniedException);
    expect(sb.events.map((e) => [e.detail.eventName, e.detail.errorCode ?? null])).toEqual([
      ['DisableRule', 'ResourceNotFoundException'],
      ['PutRule', null],
      ['DisableRule', 'AccessDeniedException'],
    ]);
    expect(sb.events[0]?.detail).toMatchObject({
      errorMessage: 'Rule nope does not exist on EventBus default.',
      requestParameters: { name: 'nope' },
      responseElements: null,
    });
    expect(sb.eventbridge.describeRule(MEMBER, REGION, FORWARDING_RULE)?.State).toBe('ENABLED');
  });

  it('retries throttling as the SDK does, each attempt recorded', async () => {
    const { sb, admin } = setup();
    sb.faults.add({ service: 'events', kind: 'throttle', times: 1 });
    const events = sb.attach(
      new EventBridgeClient({
        ...sb.clientConfig({ principalArn: admin, region: REGION }),
        retryStrategy: fastRetries(2),
      }),
    );
    const out = await events.send(new PutRuleCommand({ Name: 'r', EventPattern: PATTERN }));
    expect(out.$metadata.attempts).toBe(2);
    expect(sb.events.map((e) => e.detail.errorCode ?? null)).toEqual(['ThrottlingException', null]);
  });
});

describe('the EventBridge test API', () => {
  it('sets rules and targets up without CloudTrail events, as seedSecurityGroup does', () => {
    const { sb, hubBusArn } = setup();
    const arn = sb.eventbridge.putRule(MEMBER, REGION, {
      Name: FORWARDING_RULE,
      EventPattern: forwardingPattern,
    });
    sb.eventbridge.putTargets(MEMBER, REGION, {
      Rule: FORWARDING_RULE,
      Targets: [{ Id: 'hub', Arn: hubBusArn }],
    });
    expect(arn).toBe(RULE_ARN);
    expect(sb.eventbridge.describeRule(MEMBER, REGION, FORWARDING_RULE)).toEqual({
      Name: FORWARDING_RULE,
      Arn: RULE_ARN,
      EventPattern: PATTERN,
      State: 'ENABLED',
      EventBusName: 'default',
      CreatedBy: MEMBER,
    });
    expect(sb.eventbridge.describeRule(MEMBER, REGION, 'nope')).toBeUndefined();
    expect(sb.events).toEqual([]);
  });

  it('throws SandboxError for setup EventBridge would refuse', () => {
    const { sb, hubBusArn } = setup();
    expect(() =>
      sb.eventbridge.putRule(MEMBER, REGION, { Name: 'r', EventPattern: '{"source":"x"}' }),
    ).toThrow(SandboxError);
    expect(() =>
      sb.eventbridge.putTargets(MEMBER, REGION, { Rule: 'nope', Targets: [{ Id: 'hub', Arn: hubBusArn }] }),
    ).toThrow(/ResourceNotFoundException: Rule nope does not exist/);
    sb.eventbridge.createEventBus(HUB, REGION, HUB_BUS_NAME);
    expect(() => sb.eventbridge.createEventBus(HUB, REGION, HUB_BUS_NAME)).toThrow(SandboxError);
    expect(() => sb.eventbridge.delivered(`arn:aws:events:${REGION}:${HUB}:event-bus/missing`)).toThrow(
      SandboxError,
    );
  });
});
