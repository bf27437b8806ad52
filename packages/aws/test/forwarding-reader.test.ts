/**
 * The forwarding health check's reads through the real SDK clients, against the sandbox's
 * EventBridge and SQS: the member account deployed as the member stack deploys it, then changed
 * by a member admin (through the real client) or broken by the sandbox (a missing hub bus, faults),
 * read through the remediation role, and judged by core's assessForwarding.
 */
import { AuthorizeSecurityGroupIngressCommand, EC2Client } from '@aws-sdk/client-ec2';
import {
  DisableRuleCommand,
  EventBridgeClient,
  PutTargetsCommand,
  RemoveTargetsCommand,
} from '@aws-sdk/client-eventbridge';
import { SQSClient } from '@aws-sdk/client-sqs';
import {
  assessForwarding,
  composeAlert,
  type ExpectedForwarding,
  expectedForwarding,
  forwardingIncident,
  GUARDRAIL_NAMES,
  type MemberRuleNames,
} from '@guardrail/core';
import { type CredentialBroker, ForwardingReader, forwardingReaderFor } from '../src';
import { callsTo, createOrg, HUB_ACCOUNT, MEMBER, type Org, OTHER_REGION, REGION } from './fixture';

/** The broker's clients of the member account, as forwardingReaderFor asks for them. */
const eventsClient = (b: CredentialBroker, region: string) => b.client(EventBridgeClient, MEMBER, region);
const sqsClient = (b: CredentialBroker, region: string) => b.client(SQSClient, MEMBER, region);

const NAMES: MemberRuleNames = {
  forwardingRule: GUARDRAIL_NAMES.forwardingRule,
  watchdogRule: GUARDRAIL_NAMES.watchdogRule,
  roleWatchRule: GUARDRAIL_NAMES.roleWatchRule,
  remediationRole: GUARDRAIL_NAMES.remediationRole,
  forwarderRolePrefix: GUARDRAIL_NAMES.forwarderRolePrefix,
};
const QUEUE = GUARDRAIL_NAMES.forwardingDeadLetterQueue;
const HUB_BUS = 'guardrail-hub';

interface Member {
  org: Org;
  want: ExpectedForwarding;
  reader: ForwardingReader;
  /** A member admin's EventBridge client (the real SDK, as a person would change the rules). */
  admin: EventBridgeClient;
  read(): ReturnType<ForwardingReader['read']>;
}

/**
 * A member account x region deployed as the member stack does it: the rules on the default bus,
 * each with the hub target, and the dead-letter queue. `skip` leaves parts out.
 */
function member(
  options: { region?: string; hubBus?: boolean; queue?: boolean; skipRules?: string[] } = {},
): Member {
  const org = createOrg();
  const { sb } = org;
  const region = options.region ?? REGION;
  if (options.hubBus ?? true) sb.eventbridge.createEventBus(HUB_ACCOUNT, REGION, HUB_BUS);
  if (options.queue ?? true) sb.sqs.createQueue(MEMBER, region, QUEUE);
  const want = expectedForwarding({
    names: NAMES,
    account: MEMBER,
    region,
    partition: 'aws',
    hubBusArn: sb.eventbridge.busArn(HUB_ACCOUNT, REGION, HUB_BUS),
    forwardingDeadLetterQueue: QUEUE,
  });
  for (const rule of want.rules) {
    if (options.skipRules?.includes(rule.name)) continue;
    sb.eventbridge.putRule(MEMBER, region, { Name: rule.name, EventPattern: rule.pattern });
    sb.eventbridge.putTargets(MEMBER, region, { Rule: rule.name, Targets: [rule.target] });
  }
  const broker = org.broker();
  const reader = forwardingReaderFor(broker, MEMBER, region);
  const adminArn = sb.iam.createUser(MEMBER, 'admin');
  const admin = sb.attach(new EventBridgeClient(sb.clientConfig({ principalArn: adminArn, region })));
  const read = () =>
    reader.read(
      want.rules.map((r) => r.name),
      QUEUE,
    );
  return { org, want, reader, admin, read };
}

const problems = async (m: Member) => assessForwarding(m.want, await m.read());
const codes = async (m: Member) => (await problems(m)).map((p) => [p.code, p.resource]);

describe('ForwardingReader', () => {
  it('reads the rules, their targets and the queue as deployed, through the remediation role: healthy', async () => {
    const m = member();
    const observed = await m.read();
    expect(observed).toEqual({
      rules: Object.fromEntries(
        m.want.rules.map((rule) => [
          rule.name,
          {
            state: 'ENABLED',
            eventPattern: JSON.stringify(rule.pattern),
            eventBusName: 'default',
            targets: [rule.target],
          },
        ]),
      ),
      queue: { messages: 0 },
    });
    expect(assessForwarding(m.want, observed)).toEqual([]);
    const { sb } = m.org;
    expect(
      ['DescribeRule', 'ListTargetsByRule', 'GetQueueUrl', 'GetQueueAttributes'].map(
        (op) => callsTo(sb, op).length,
      ),
    ).toEqual([2, 2, 1, 1]);
    for (const call of [...callsTo(sb, 'DescribeRule'), ...callsTo(sb, 'GetQueueAttributes')]) {
      expect(call.principalArn).toMatch(
        new RegExp(`^arn:aws:sts::${MEMBER}:assumed-role/${NAMES.remediationRole}/`),
      );
      expect(call.region).toBe(REGION);
    }
  });

  it('sees a rule an admin disabled through the real client: rule-disabled', async () => {
    const m = member();
    await m.admin.send(new DisableRuleCommand({ Name: NAMES.forwardingRule }));
    const observed = await m.read();
    expect(observed.rules[NAMES.forwardingRule]).toMatchObject({ state: 'DISABLED' });
    expect(await problems(m)).toEqual([
      {
        code: 'rule-disabled',
        resource: NAMES.forwardingRule,
        detail: `rule ${NAMES.forwardingRule} is DISABLED (expected ENABLED): security group changes there do not reach the hub`,
      },
    ]);
  });

  it('reads a rule never created as missing (the role-watch rule in us-east-1)', async () => {
    const m = member({ region: OTHER_REGION, skipRules: [NAMES.roleWatchRule] });
    expect((await m.read()).rules[NAMES.roleWatchRule]).toEqual({ status: 'missing' });
    expect(await codes(m)).toEqual([['rule-missing', NAMES.roleWatchRule]]);
  });

  it('counts an event dead-lettered on its way to a hub bus that does not exist: dead-letters', async () => {
    const m = member({ hubBus: false });
    const { sb } = m.org;
    const alice = sb.iam.createUser(MEMBER, 'alice');
    const groupId = sb.ec2.seedSecurityGroup({ account: MEMBER, region: REGION, groupName: 'web' });
    await sb.attach(new EC2Client(sb.clientConfig({ principalArn: alice, region: REGION }))).send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: groupId,
        IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
      }),
    );
    expect(sb.eventbridge.failedDeliveries()).toMatchObject([
      { outcome: 'dead-lettered', errorCode: 'NO_RESOURCE' },
    ]);
    expect((await m.read()).queue).toEqual({ messages: 1 });
    expect(await problems(m)).toEqual([
      expect.objectContaining({
        code: 'dead-letters',
        resource: QUEUE,
        detail: expect.stringContaining(`dead-letter queue ${QUEUE} holds 1 event`),
      }),
    ]);
  });

  it('reads a missing queue as missing: queue-missing', async () => {
    const m = member({ queue: false });
    expect((await m.read()).queue).toEqual({ status: 'missing' });
    expect(await codes(m)).toEqual([['queue-missing', QUEUE]]);
  });

  it('sees a target an admin added, and the hub target removed', async () => {
    const m = member();
    const copy = m.org.sb.eventbridge.createEventBus('999999999999', REGION, 'copy');
    await m.admin.send(
      new PutTargetsCommand({ Rule: NAMES.watchdogRule, Targets: [{ Id: 'copy', Arn: copy }] }),
    );
    await m.admin.send(new RemoveTargetsCommand({ Rule: NAMES.forwardingRule, Ids: ['guardrail-hub-bus'] }));
    expect(await codes(m)).toEqual([
      ['target-missing', NAMES.forwardingRule],
      ['extra-target', NAMES.watchdogRule],
    ]);
  });

  it('reads every page of the targets', async () => {
    const m = member();
    const bus = m.org.sb.eventbridge.busArn(HUB_ACCOUNT, REGION, HUB_BUS);
    m.org.sb.eventbridge.putTargets(MEMBER, REGION, {
      Rule: NAMES.forwardingRule,
      Targets: ['a', 'b', 'c', 'd'].map((Id) => ({ Id, Arn: bus })),
    });
    // Pages of two, so that five targets take three pages.
    const broker = m.org.broker();
    const events = broker.client(EventBridgeClient, MEMBER, REGION);
    events.middlewareStack.add(
      (next, context) => (args) => {
        if (context.commandName === 'ListTargetsByRuleCommand') (args.input as { Limit?: number }).Limit = 2;
        return next(args);
      },
      { step: 'initialize' },
    );
    const reader = new ForwardingReader(events, broker.client(SQSClient, MEMBER, REGION));
    const observed = await reader.read([NAMES.forwardingRule], QUEUE);
    const targets = observed.rules[NAMES.forwardingRule];
    expect(
      targets && 'targets' in targets && Array.isArray(targets.targets) && targets.targets.map((t) => t.Id),
    ).toEqual(['guardrail-hub-bus', 'a', 'b', 'c', 'd']);
    expect(callsTo(m.org.sb, 'ListTargetsByRule').filter((c) => c.region === REGION)).toHaveLength(3);
  });

  it('reads a rule deleted between its describe and its targets as missing', async () => {
    const m = member();
    const broker = m.org.broker();
    const events = broker.client(EventBridgeClient, MEMBER, REGION);
    events.middlewareStack.add(
      (next, context) => (args) => {
        if (context.commandName === 'ListTargetsByRuleCommand')
          (args.input as { Rule?: string }).Rule = 'gone';
        return next(args);
      },
      { step: 'initialize' },
    );
    const reader = new ForwardingReader(events, broker.client(SQSClient, MEMBER, REGION));
    expect((await reader.read([NAMES.forwardingRule], QUEUE)).rules).toEqual({
      [NAMES.forwardingRule]: { status: 'missing' },
    });
  });
});

describe("CredentialBroker: the health check's clients", () => {
  it("reuses one EventBridge and one SQS client per account and region, on the account's one role session", async () => {
    // forwardingReaderFor asks the broker for exactly these clients.
    const { sb, broker } = createOrg();
    const b = broker();
    const events = eventsClient(b, REGION);
    expect(eventsClient(b, REGION)).toBe(events);
    expect(eventsClient(b, OTHER_REGION)).not.toBe(events);
    expect(sqsClient(b, REGION)).toBe(sqsClient(b, REGION));
    expect(sqsClient(b, REGION)).not.toBe(sqsClient(b, OTHER_REGION));
    // The client class is the cache key: each caller gets a client of the class it asked for.
    expect(sqsClient(b, REGION)).toBeInstanceOf(SQSClient);
    expect(eventsClient(b, REGION)).toBeInstanceOf(EventBridgeClient);
    await forwardingReaderFor(b, MEMBER, REGION).read([NAMES.forwardingRule], QUEUE);
    await forwardingReaderFor(b, MEMBER, OTHER_REGION).read([], QUEUE);
    expect(callsTo(sb, 'AssumeRole')).toHaveLength(1);
    b.destroy();
    expect(eventsClient(b, REGION)).not.toBe(events);
  });
});

describe('ForwardingReader: failures are values', () => {
  it('reads an access-denied EventBridge as unreadable: the check says unverified, nothing known broken', async () => {
    const m = member();
    m.org.sb.faults.add({ service: 'events', kind: 'access-denied', account: MEMBER });
    const observed = await m.read();
    for (const rule of m.want.rules)
      expect(observed.rules[rule.name]).toEqual({
        status: 'unreadable',
        code: 'AccessDeniedException',
        message: expect.stringContaining('events:DescribeRule'),
      });
    expect(observed.queue).toEqual({ messages: 0 });
    const found = assessForwarding(m.want, observed);
    expect(found.map((p) => p.code)).toEqual(['unreadable', 'unreadable']);
    const alert = composeAlert(
      forwardingIncident({
        account: MEMBER,
        region: REGION,
        status: 'broken',
        problems: found,
        checkedAt: '2025-06-01T12:00:00Z',
      }),
    );
    expect(alert?.attributes).toMatchObject({ severity: 'high', outcome: 'forwarding-unverified' });
  });

  it('keeps what it read of a rule whose targets it could not list', async () => {
    const m = member();
    await m.admin.send(new DisableRuleCommand({ Name: NAMES.forwardingRule }));
    m.org.sb.faults.add({ service: 'events', operation: 'ListTargetsByRule', kind: 'access-denied' });
    const observed = await m.read();
    expect(observed.rules[NAMES.forwardingRule]).toMatchObject({
      state: 'DISABLED',
      targets: { status: 'unreadable', code: 'AccessDeniedException' },
    });
    expect(await codes(m)).toEqual([
      ['rule-disabled', NAMES.forwardingRule],
      ['unreadable', NAMES.forwardingRule],
      ['unreadable', NAMES.watchdogRule],
    ]);
  });

  it('reads an access-denied or failing SQS as an unreadable queue, never thrown', async () => {
    const m = member();
    m.org.sb.faults.add({ service: 'sqs', operation: 'GetQueueAttributes', kind: 'access-denied', times: 1 });
    expect((await m.read()).queue).toEqual({
      status: 'unreadable',
      code: 'AccessDenied',
      message: expect.any(String),
    });
    m.org.sb.faults.add({ service: 'sqs', operation: 'GetQueueUrl', kind: 'server-error' });
    expect((await m.read()).queue).toMatchObject({ status: 'unreadable', code: 'InternalFailure' });
  });

  it('reads a queue whose depth is not told as unreadable', async () => {
    const m = member();
    const sqs = sqsClient(m.org.broker(), REGION);
    sqs.middlewareStack.add(
      (next, context) => async (args) => {
        const result = await next(args);
        if (context.commandName === 'GetQueueAttributesCommand')
          (result.output as { Attributes?: object }).Attributes = {};
        return result;
      },
      { step: 'initialize' },
    );
    const reader = new ForwardingReader(eventsClient(m.org.broker(), REGION), sqs);
    expect((await reader.read([], QUEUE)).queue).toEqual({
      status: 'unreadable',
      code: 'InvalidResponse',
      message: `GetQueueAttributes answered no ApproximateNumberOfMessages for ${QUEUE}`,
    });
  });
});
