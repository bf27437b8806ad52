/** Small inline builders for alert tests: a plan, its actions and outcomes, in a few lines. */
// The kit by path (packages/core does not depend on it: the kit depends on core), and only its
// builders, which need nothing at run time (no sandbox, no SDK in core's tests).
import { changeBuilder } from '../../../testkit/src/changes';
import { tcp } from '../../../testkit/src/rules';
import type { ActionOutcome, IncidentContext } from '../../src/alerts';
import type { Actor } from '../../src/events/types';
import type { Action, AuthorizeAction, Plan, RevokeAction, Violation } from '../../src/plan/types';
import { ipPermissionFromRule, ipPermissionsFromRules } from '../../src/rules/convert';
import type { Rule } from '../../src/rules/types';

export { tcp };

export const ACCOUNT = '111122223333';
export const REGION = 'eu-west-1';
export const GROUP = 'sg-0123456789abcdef0';
export const CHANGE_TIME = '2025-06-01T10:00:00Z';
export const EVALUATED_AT = '2025-06-01T10:00:02.000Z';
export const COMPLETED_AT = '2025-06-01T10:00:03.500Z';

/** SSH from the world unless `overrides` say otherwise. */
export function rule(overrides: Partial<Rule> = {}): Rule {
  return tcp(22, '0.0.0.0/0', overrides);
}

export function actor(overrides: Partial<Actor> = {}): Actor {
  return {
    arn: `arn:aws:sts::${ACCOUNT}:assumed-role/Developer/alice`,
    type: 'AssumedRole',
    accountId: ACCOUNT,
    principalId: 'AROAEXAMPLE:alice',
    sessionIssuerArn: `arn:aws:iam::${ACCOUNT}:role/Developer`,
    sourceIp: '203.0.113.7',
    userAgent: 'aws-cli/2.15.0',
    viaConsole: false,
    ...overrides,
  };
}

/** The actor() authorized ingress on GROUP in ACCOUNT at CHANGE_TIME (event evt-1). */
export const change = changeBuilder(() => ({
  eventId: 'evt-1',
  eventTime: CHANGE_TIME,
  account: ACCOUNT,
  region: REGION,
  groupIds: [GROUP],
  actor: actor(),
}));

/** A violation of the rule; internet and admin-port flags follow the usual SSH-to-the-world case. */
export function violation(r: Rule, overrides: Partial<Violation> = {}): Violation {
  return {
    code: 'denied',
    direction: r.direction,
    rule: r,
    reason: `tcp ${r.fromPort} is denied by policies.no-public-admin-ports.ingress.deny[0]`,
    source: 'policies.no-public-admin-ports.ingress.deny[0]',
    cause: 'change',
    internet: true,
    adminPort: true,
    ...overrides,
  };
}

export function revoke(r: Rule, cause: 'change' | 'drift' = 'change'): RevokeAction {
  return {
    type: 'revoke',
    direction: r.direction,
    ruleId: r.ruleId,
    permission: ipPermissionFromRule(r),
    rule: r,
    cause,
  };
}

export function authorize(rules: Rule[], cause: 'change' | 'drift' = 'drift'): AuthorizeAction {
  return {
    type: 'authorize',
    direction: 'ingress',
    permission: ipPermissionsFromRules(rules)[0]!,
    rules,
    cause,
  };
}

export function plan(overrides: Partial<Plan> = {}): Plan {
  return {
    groupId: GROUP,
    account: ACCOUNT,
    region: REGION,
    managed: true,
    policy: 'no-public-admin-ports',
    mode: 'enforce',
    violations: [],
    actions: [],
    changes: [],
    evaluatedAt: EVALUATED_AT,
    ...overrides,
  };
}

export function context(overrides: Partial<IncidentContext> = {}): IncidentContext {
  return {
    account: { id: ACCOUNT, name: 'prod' },
    region: REGION,
    group: { groupId: GROUP, groupName: 'web', vpcId: 'vpc-0abc' },
    ...overrides,
  };
}

export function outcome(
  action: Action,
  status: ActionOutcome['status'] = 'succeeded',
  extra: Partial<ActionOutcome> = {},
): ActionOutcome {
  return { action, status, completedAt: COMPLETED_AT, ...extra };
}

/** The classic case: SSH from the world added by one event, reverted. */
export function sshIncident() {
  const ssh = tcp(22, '0.0.0.0/0', { ruleId: 'sgr-0ssh' });
  const action = revoke(ssh);
  const p = plan({
    violations: [violation(ssh)],
    actions: [action],
    changes: [change({ rulesAdded: [ssh] })],
  });
  return {
    kind: 'remediation' as const,
    plan: p,
    outcomes: [outcome(action)],
    context: context(),
    completedAt: COMPLETED_AT,
  };
}
