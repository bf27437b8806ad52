/**
 * The forwarding health check's verdict for one account x region: every way what the hub read
 * differs from what Guardrail deployed, one problem each, in a stable order (each rule as
 * expected, then the queue). An empty list is healthy. A read that failed is an `unreadable`
 * problem, never a guess either way: it cannot be verified, and is told apart from a known break.
 */
import { patternDifference } from './pattern-diff';
import type {
  ExpectedForwarding,
  ExpectedRule,
  ForwardingProblem,
  ForwardingUnreadable,
  MemberRuleKind,
  ObservedForwarding,
  ObservedQueue,
  ObservedRule,
  ObservedRuleFound,
  ObservedTarget,
} from './types';

/** What a rule that forwards nothing leaves unseen. */
const UNSEEN: Record<MemberRuleKind, string> = {
  forwarding: 'security group changes there do not reach the hub',
  watchdog: 'tampering with the forwarding rule there does not reach the hub',
  'role-watch': "changes to Guardrail's member roles do not reach the hub",
};

const EXPECTED_STATE = 'ENABLED';

function failure(value: ForwardingUnreadable): string {
  return `${value.code}: ${value.message}`;
}

function ruleProblems(expected: ExpectedRule, observed: ObservedRule | undefined): ForwardingProblem[] {
  const resource = expected.name;
  const problem = (code: ForwardingProblem['code'], detail: string): ForwardingProblem => ({
    code,
    resource,
    detail,
  });
  if (observed === undefined) return [problem('unreadable', `rule ${resource} was not read`)];
  if ('status' in observed) {
    return observed.status === 'missing'
      ? [
          problem(
            'rule-missing',
            `rule ${resource} does not exist on the ${expected.eventBusName} bus: ${UNSEEN[expected.kind]}`,
          ),
        ]
      : [problem('unreadable', `cannot read rule ${resource}: ${failure(observed)}`)];
  }
  return [...definitionProblems(expected, observed, problem), ...targetProblems(expected, observed, problem)];
}

type Problem = (code: ForwardingProblem['code'], detail: string) => ForwardingProblem;

function definitionProblems(expected: ExpectedRule, observed: ObservedRuleFound, problem: Problem) {
  const problems: ForwardingProblem[] = [];
  const name = expected.name;
  if (observed.state === 'DISABLED')
    problems.push(
      problem(
        'rule-disabled',
        `rule ${name} is DISABLED (expected ${EXPECTED_STATE}): ${UNSEEN[expected.kind]}`,
      ),
    );
  else if (observed.state !== EXPECTED_STATE)
    problems.push(problem('state-changed', `rule ${name} is ${observed.state} (expected ${EXPECTED_STATE})`));
  if (observed.eventBusName !== expected.eventBusName)
    problems.push(
      problem(
        'bus-changed',
        `rule ${name} is on bus ${observed.eventBusName} (expected ${expected.eventBusName})`,
      ),
    );
  const difference = patternDifference(expected.pattern, observed.eventPattern);
  if (difference !== undefined)
    problems.push(
      problem(
        'pattern-changed',
        `rule ${name} ${difference}: what it forwards is no longer what Guardrail deployed`,
      ),
    );
  return problems;
}

const INPUT_FIELDS = ['Input', 'InputPath', 'InputTransformer'] as const;

/** Each way the hub target differs from Guardrail's, in words. */
function targetDifferences(expected: ExpectedRule['target'], observed: ObservedTarget): string[] {
  const was = (value: string | undefined) => value ?? 'none';
  const differences: string[] = [];
  if (observed.Arn !== expected.Arn) differences.push(`Arn is ${observed.Arn} (expected ${expected.Arn})`);
  if (observed.RoleArn !== expected.RoleArn)
    differences.push(`RoleArn is ${was(observed.RoleArn)} (expected ${expected.RoleArn})`);
  const deadLetter = observed.DeadLetterConfig?.Arn;
  if (deadLetter !== expected.DeadLetterConfig.Arn)
    differences.push(`dead-letter queue is ${was(deadLetter)} (expected ${expected.DeadLetterConfig.Arn})`);
  const reshaped = INPUT_FIELDS.filter((field) => observed[field] !== undefined);
  if (reshaped.length > 0)
    differences.push(`${reshaped.join(', ')} set: the hub would not receive the events as they happened`);
  return differences;
}

function targetProblems(expected: ExpectedRule, observed: ObservedRuleFound, problem: Problem) {
  const name = expected.name;
  const { targets } = observed;
  if (!Array.isArray(targets))
    return [problem('unreadable', `cannot list the targets of rule ${name}: ${failure(targets)}`)];
  const want = expected.target;
  const problems: ForwardingProblem[] = [];
  const hub = targets.find((target) => target.Id === want.Id);
  if (hub === undefined)
    problems.push(
      problem(
        'target-missing',
        `rule ${name} has no target ${want.Id} (the hub bus ${want.Arn}): ${UNSEEN[expected.kind]}`,
      ),
    );
  else {
    const differences = targetDifferences(want, hub);
    if (differences.length > 0)
      problems.push(problem('target-changed', `rule ${name}'s target ${want.Id}: ${differences.join('; ')}`));
  }
  for (const other of targets.filter((target) => target.Id !== want.Id))
    problems.push(
      problem(
        'extra-target',
        `rule ${name} has a target Guardrail did not deploy, ${other.Id} to ${other.Arn}: what the rule ` +
          'forwards goes there too',
      ),
    );
  return problems;
}

function queueProblems(expected: ExpectedForwarding['queue'], observed: ObservedQueue): ForwardingProblem[] {
  const resource = expected.name;
  if ('status' in observed) {
    return observed.status === 'missing'
      ? [
          {
            code: 'queue-missing',
            resource,
            detail: `dead-letter queue ${resource} does not exist: events the rules fail to deliver to the hub are lost`,
          },
        ]
      : [
          {
            code: 'unreadable',
            resource,
            detail: `cannot read dead-letter queue ${resource}: ${failure(observed)}`,
          },
        ];
  }
  if (observed.messages <= 0) return [];
  const events = observed.messages === 1 ? '1 event' : `${observed.messages} events`;
  return [
    {
      code: 'dead-letters',
      resource,
      detail:
        `dead-letter queue ${resource} holds ${events} the rules could not deliver to the hub bus: ` +
        'changes the hub never saw (the sweep still checks the groups)',
    },
  ];
}

/** Every problem found; empty when the account x region's forwarding is intact. */
export function assessForwarding(
  expected: ExpectedForwarding,
  observed: ObservedForwarding,
): ForwardingProblem[] {
  return [
    // Own keys only: a rule may be named `toString`.
    ...expected.rules.flatMap((rule) =>
      ruleProblems(rule, Object.hasOwn(observed.rules, rule.name) ? observed.rules[rule.name] : undefined),
    ),
    ...queueProblems(expected.queue, observed.queue),
  ];
}
