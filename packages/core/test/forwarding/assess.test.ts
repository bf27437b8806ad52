/** Every way the forwarding of one account x region can differ from what Guardrail deployed. */
import {
  assessForwarding,
  type ExpectedForwarding,
  expectedForwarding,
  type ForwardingProblem,
  type ObservedForwarding,
  type ObservedRuleFound,
} from '../../src';
import { ACCOUNT, expected, HUB_BUS, intact, NAMES, QUEUE } from './fixtures';

const FORWARDING = NAMES.forwardingRule;
const WATCHDOG = NAMES.watchdogRule;
const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/guardrail-forwarder-eu-west-1`;
const DLQ_ARN = `arn:aws:sqs:eu-west-1:${ACCOUNT}:${QUEUE}`;

/** The intact read with the forwarding rule (or another) changed. */
function withRule(
  change: Partial<ObservedRuleFound>,
  name = FORWARDING,
  want: ExpectedForwarding = expected(),
): ObservedForwarding {
  const observed = intact(want);
  observed.rules[name] = { ...(observed.rules[name] as ObservedRuleFound), ...change };
  return observed;
}

const assess = (observed: ObservedForwarding, want = expected()) => assessForwarding(want, observed);
const codes = (problems: ForwardingProblem[]) => problems.map((p) => [p.code, p.resource]);

describe('assessForwarding: healthy', () => {
  it('finds nothing wrong with the rules, target and empty queue as deployed, in any region', () => {
    expect(assess(intact(expected()))).toEqual([]);
    const east = expected('us-east-1');
    expect(assess(intact(east), east)).toEqual([]);
  });

  it('ignores the key order of a deployed pattern', () => {
    const reordered =
      '{"$or":' +
      JSON.stringify(expected().rules[1]?.pattern.$or) +
      ',"detail-type":["AWS API Call via CloudTrail"]}';
    expect(assess(withRule({ eventPattern: reordered }, WATCHDOG))).toEqual([]);
  });
});

describe('assessForwarding: rules', () => {
  it('reports a rule that does not exist, with what goes unseen by the rule kind', () => {
    const east = expected('us-east-1');
    const observed = intact(east);
    for (const rule of east.rules) observed.rules[rule.name] = { status: 'missing' };
    expect(assess(observed, east)).toEqual([
      {
        code: 'rule-missing',
        resource: FORWARDING,
        detail: `rule ${FORWARDING} does not exist on the default bus: security group changes there do not reach the hub`,
      },
      {
        code: 'rule-missing',
        resource: WATCHDOG,
        detail: `rule ${WATCHDOG} does not exist on the default bus: tampering with the forwarding rule there does not reach the hub`,
      },
      {
        code: 'rule-missing',
        resource: NAMES.roleWatchRule,
        detail: `rule ${NAMES.roleWatchRule} does not exist on the default bus: changes to Guardrail's member roles do not reach the hub`,
      },
    ]);
  });

  it('reports a disabled rule, and any other state than ENABLED', () => {
    expect(assess(withRule({ state: 'DISABLED' }))).toEqual([
      {
        code: 'rule-disabled',
        resource: FORWARDING,
        detail: `rule ${FORWARDING} is DISABLED (expected ENABLED): security group changes there do not reach the hub`,
      },
    ]);
    expect(assess(withRule({ state: 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS' }))).toEqual([
      {
        code: 'state-changed',
        resource: FORWARDING,
        detail: `rule ${FORWARDING} is ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS (expected ENABLED)`,
      },
    ]);
  });

  it('reports a rule on another bus', () => {
    expect(assess(withRule({ eventBusName: 'elsewhere' }))).toEqual([
      {
        code: 'bus-changed',
        resource: FORWARDING,
        detail: `rule ${FORWARDING} is on bus elsewhere (expected default)`,
      },
    ]);
  });

  it('reports a changed pattern, saying where it differs', () => {
    const pattern = structuredClone(expected().rules[0]?.pattern) as {
      $or: { detail: { eventName: string[] } }[];
    };
    pattern.$or[0]!.detail.eventName = ['CreateSecurityGroup'];
    expect(assess(withRule({ eventPattern: JSON.stringify(pattern) }))).toEqual([
      {
        code: 'pattern-changed',
        resource: FORWARDING,
        detail:
          `rule ${FORWARDING} has an event pattern that differs from Guardrail's at $or[0].detail.eventName: ` +
          'what it forwards is no longer what Guardrail deployed',
      },
    ]);
    expect(assess(withRule({ eventPattern: undefined }))[0]?.detail).toBe(
      `rule ${FORWARDING} has no event pattern: what it forwards is no longer what Guardrail deployed`,
    );
  });

  it('reports a rule it could not read, or that was not read at all (a rule may be named toString)', () => {
    const observed = intact(expected());
    observed.rules[WATCHDOG] = { status: 'unreadable', code: 'AccessDeniedException', message: 'denied' };
    delete observed.rules[FORWARDING];
    expect(assess(observed)).toEqual([
      { code: 'unreadable', resource: FORWARDING, detail: `rule ${FORWARDING} was not read` },
      {
        code: 'unreadable',
        resource: WATCHDOG,
        detail: `cannot read rule ${WATCHDOG}: AccessDeniedException: denied`,
      },
    ]);
    const odd = expectedForwarding({
      names: { ...NAMES, forwardingRule: 'toString' },
      account: ACCOUNT,
      region: 'eu-west-1',
      partition: 'aws',
      hubBusArn: HUB_BUS,
      forwardingDeadLetterQueue: QUEUE,
    });
    const read = intact(odd);
    Reflect.deleteProperty(read.rules, 'toString');
    expect(codes(assess(read, odd))).toEqual([['unreadable', 'toString']]);
  });

  it('lists every problem of a rule, in order: state, bus, pattern, targets', () => {
    const problems = assess(
      withRule({ state: 'DISABLED', eventBusName: 'other', eventPattern: '{}', targets: [] }),
    );
    expect(codes(problems)).toEqual([
      ['rule-disabled', FORWARDING],
      ['bus-changed', FORWARDING],
      ['pattern-changed', FORWARDING],
      ['target-missing', FORWARDING],
    ]);
  });
});

describe('assessForwarding: targets', () => {
  const hub = {
    Id: 'guardrail-hub-bus',
    Arn: HUB_BUS,
    RoleArn: ROLE_ARN,
    DeadLetterConfig: { Arn: DLQ_ARN },
  };

  it('reports a rule without the hub target', () => {
    expect(assess(withRule({ targets: [] }))).toEqual([
      {
        code: 'target-missing',
        resource: FORWARDING,
        detail: `rule ${FORWARDING} has no target guardrail-hub-bus (the hub bus ${HUB_BUS}): security group changes there do not reach the hub`,
      },
    ]);
  });

  it('reports each field of the hub target that differs, in one problem', () => {
    const other = 'arn:aws:events:eu-west-1:999999999999:event-bus/attacker';
    expect(
      assess(withRule({ targets: [{ ...hub, Arn: other, RoleArn: undefined, DeadLetterConfig: {} }] })),
    ).toEqual([
      {
        code: 'target-changed',
        resource: FORWARDING,
        detail:
          `rule ${FORWARDING}'s target guardrail-hub-bus: Arn is ${other} (expected ${HUB_BUS}); ` +
          `RoleArn is none (expected ${ROLE_ARN}); dead-letter queue is none (expected ${DLQ_ARN})`,
      },
    ]);
    const { DeadLetterConfig: _, ...noDeadLetter } = hub;
    expect(assess(withRule({ targets: [{ ...noDeadLetter, RoleArn: `${ROLE_ARN}x` }] }))[0]?.detail).toBe(
      `rule ${FORWARDING}'s target guardrail-hub-bus: RoleArn is ${ROLE_ARN}x (expected ${ROLE_ARN}); ` +
        `dead-letter queue is none (expected ${DLQ_ARN})`,
    );
  });

  it('reports a target that rewrites what reaches the hub', () => {
    const problems = assess(
      withRule({ targets: [{ ...hub, Input: '{}', InputTransformer: { InputTemplate: '"x"' } }] }),
    );
    expect(problems).toEqual([
      {
        code: 'target-changed',
        resource: FORWARDING,
        detail: `rule ${FORWARDING}'s target guardrail-hub-bus: Input, InputTransformer set: the hub would not receive the events as they happened`,
      },
    ]);
    expect(assess(withRule({ targets: [{ ...hub, InputPath: '$.detail' }] }))[0]?.detail).toContain(
      'InputPath set',
    );
  });

  it('reports a target Guardrail did not deploy, beside the hub one or in its place', () => {
    const extra = { Id: 'exfil', Arn: 'arn:aws:sqs:eu-west-1:999999999999:copy' };
    expect(assess(withRule({ targets: [hub, extra] }))).toEqual([
      {
        code: 'extra-target',
        resource: FORWARDING,
        detail: `rule ${FORWARDING} has a target Guardrail did not deploy, exfil to ${extra.Arn}: what the rule forwards goes there too`,
      },
    ]);
    expect(codes(assess(withRule({ targets: [{ ...hub, Id: 'renamed' }] })))).toEqual([
      ['target-missing', FORWARDING],
      ['extra-target', FORWARDING],
    ]);
  });

  it('reports targets it could not list, and still checks the rule itself', () => {
    expect(
      assess(
        withRule({
          state: 'DISABLED',
          targets: { status: 'unreadable', code: 'ThrottlingException', message: 'slow down' },
        }),
      ),
    ).toEqual([
      expect.objectContaining({ code: 'rule-disabled' }),
      {
        code: 'unreadable',
        resource: FORWARDING,
        detail: `cannot list the targets of rule ${FORWARDING}: ThrottlingException: slow down`,
      },
    ]);
  });
});

describe('assessForwarding: the dead-letter queue', () => {
  const withQueue = (queue: ObservedForwarding['queue']) => ({ ...intact(expected()), queue });

  it('reports undelivered events, by count', () => {
    expect(assess(withQueue({ messages: 1 }))).toEqual([
      {
        code: 'dead-letters',
        resource: QUEUE,
        detail:
          `dead-letter queue ${QUEUE} holds 1 event the rules could not deliver to the hub bus: ` +
          'changes the hub never saw (the sweep still checks the groups)',
      },
    ]);
    expect(assess(withQueue({ messages: 3 }))[0]?.detail).toContain('holds 3 events the rules');
  });

  it('reports a missing queue and one it could not read', () => {
    expect(assess(withQueue({ status: 'missing' }))).toEqual([
      {
        code: 'queue-missing',
        resource: QUEUE,
        detail: `dead-letter queue ${QUEUE} does not exist: events the rules fail to deliver to the hub are lost`,
      },
    ]);
    expect(assess(withQueue({ status: 'unreadable', code: 'AccessDenied', message: 'no' }))).toEqual([
      {
        code: 'unreadable',
        resource: QUEUE,
        detail: `cannot read dead-letter queue ${QUEUE}: AccessDenied: no`,
      },
    ]);
  });

  it('lists the rules first, then the queue', () => {
    const observed = { ...withRule({ state: 'DISABLED' }, WATCHDOG), queue: { messages: 2 } };
    expect(codes(assess(observed))).toEqual([
      ['rule-disabled', WATCHDOG],
      ['dead-letters', QUEUE],
    ]);
  });
});
