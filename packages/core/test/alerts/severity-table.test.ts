/**
 * "Severity is exposure, outcome is action" (design.md section 6), end to end through the real
 * planner and the alert composer: for every outcome x mode x exposure x cause, the severity of the
 * alert (or that there is none) and its outcome attribute. The exposure flags come from the
 * planner, not from the test; the test only sets what EC2 answered to each action.
 */
import {
  type ActionOutcome,
  type AlertOutcome,
  accountErrorIncident,
  composeAlert,
  type Decision,
  type ForwardingProblemCode,
  forwardingIncident,
  type Severity,
  sweepSummaryIncident,
} from '../../src';
import type { GroupChange } from '../../src/events/types';
import { actionRules } from '../../src/plan/actions';
import { planGroup } from '../../src/plan/plan';
import type { Action, Plan } from '../../src/plan/types';
import { ADMIN_PORT_MATCHERS } from '../../src/policy/shipped';
import type { PolicyFile } from '../../src/policy/types';
import { ruleKey } from '../../src/rules/convert';
import { describeRule } from '../../src/rules/describe';
import type { Rule } from '../../src/rules/types';
import {
  ACCOUNT,
  COMPLETED_AT,
  change,
  context,
  EVALUATED_AT,
  GROUP,
  outcome,
  plan,
  REGION,
  revoke,
  tcp,
} from './builders';

/**
 * 443 from the world is required (and the hub may put it back even where no change removed it:
 * the account is in the policy's scope); admin ports and 8080 from the internet, 5000-5999 from
 * 10/8 are denied.
 */
const POLICIES: PolicyFile = {
  version: 1,
  policies: {
    guard: {
      mode: 'enforce',
      modeOverride: true,
      ingress: {
        required: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
        deny: [
          ...ADMIN_PORT_MATCHERS,
          { protocol: 'tcp', ports: 8080, peer: 'internet' },
          { protocol: 'tcp', ports: '5000-5999', peer: { cidr: '10.0.0.0/8' } },
        ],
      },
      egress: { required: [], deny: [] },
      scope: { accounts: [ACCOUNT], organizationalUnits: [] },
    },
  },
  exceptions: [],
};

const HTTPS = tcp(443);

type Exposure =
  | 'an admin port to the internet'
  | 'another port to the internet'
  | 'a violation off the internet'
  | 'a missing required rule'
  | 'nothing';

/** The rule each exposure is about: in the group (or, for the missing one, taken out of it). */
const TARGET: Record<Exposure, Rule> = {
  'an admin port to the internet': tcp(22, '0.0.0.0/0', { ruleId: 'sgr-target' }),
  'another port to the internet': tcp(8080, '0.0.0.0/0', { ruleId: 'sgr-target' }),
  // PostgreSQL, an admin port, but only from a private range: not exposed to the internet.
  'a violation off the internet': tcp(5432, '10.1.0.0/16', { ruleId: 'sgr-target' }),
  'a missing required rule': HTTPS,
  // A change that added a rule the policy does not mind.
  nothing: tcp(80, '10.0.0.0/8', { ruleId: 'sgr-target' }),
};

/** Another violation, pre-existing, off the internet: what the mixed outcomes need a second action for. */
const OTHER = tcp(5433, '10.2.0.0/16', { ruleId: 'sgr-other' });

type Cause = 'change' | 'drift';
type Mode = 'enforce' | 'audit';

function targetPlan(mode: Mode, exposure: Exposure, cause: Cause, withOther: boolean): Plan {
  const target = TARGET[exposure];
  const missing = exposure === 'a missing required rule';
  const rules = [...(missing ? [] : [HTTPS, target]), ...(withOther ? [OTHER] : [])];
  const changes: GroupChange[] =
    cause === 'drift'
      ? []
      : [
          missing
            ? change({ kind: 'revoke', eventName: 'RevokeSecurityGroupIngress', rulesRemoved: [target] })
            : change({ rulesAdded: [target] }),
        ];
  return planGroup({
    group: {
      groupId: GROUP,
      ownerId: ACCOUNT,
      region: REGION,
      tags: { 'guardrail:policy': 'guard', ...(mode === 'audit' ? { 'guardrail:mode': 'audit' } : {}) },
      rules,
    },
    policies: POLICIES,
    changes,
    now: new Date(EVALUATED_AT),
  });
}

const touches = (action: Action, rule: Rule) => actionRules(action).some((r) => ruleKey(r) === ruleKey(rule));

type Answer = ActionOutcome['status'];

/** What EC2 answered: to the target's action, and to the other violation's (when there is one). */
interface Scenario {
  mode: Mode;
  name: string;
  target?: Answer;
  other?: Answer;
  outcome: AlertOutcome | undefined;
}

const SCENARIOS: Scenario[] = [
  { mode: 'enforce', name: 'reverted or restored', target: 'succeeded', outcome: 'remediated' },
  {
    mode: 'enforce',
    name: 'fixed, another violation failed',
    target: 'succeeded',
    other: 'failed',
    outcome: 'partially-remediated',
  },
  {
    mode: 'enforce',
    name: 'failed, another violation fixed',
    target: 'failed',
    other: 'succeeded',
    outcome: 'partially-remediated',
  },
  { mode: 'enforce', name: 'failed', target: 'failed', outcome: 'failed' },
  { mode: 'enforce', name: 'not attempted', target: 'skipped', outcome: 'failed' },
  {
    mode: 'enforce',
    name: 'already applied by someone else, another violation fixed',
    target: 'already-applied',
    other: 'succeeded',
    outcome: 'remediated',
  },
  // The instance (or person) that made the fix is the one to alert.
  {
    mode: 'enforce',
    name: 'all already applied by someone else',
    target: 'already-applied',
    outcome: undefined,
  },
  { mode: 'audit', name: 'reported only', outcome: 'audit' },
];

/** Severity is what the target exposed, whatever was done about it and whatever brought it. */
const EXPOSED: Record<Exclude<Exposure, 'nothing'>, Severity> = {
  'an admin port to the internet': 'critical',
  'another port to the internet': 'high',
  'a violation off the internet': 'medium',
  'a missing required rule': 'medium',
};

interface Row {
  mode: Mode;
  scenario: Scenario;
  exposure: Exposure;
  cause: Cause;
  severity: Severity | undefined;
}

/** The target finding's decision, by what EC2 answered to its action (none: audit mode). */
function decisionOf(exposure: Exposure, answer: Answer | undefined): Decision {
  switch (answer) {
    case undefined:
      return 'audit-only';
    case 'succeeded':
      return exposure === 'a missing required rule' ? 'restored' : 'reverted';
    default:
      return answer;
  }
}

const CAUSES: Cause[] = ['change', 'drift'];

const ROWS: Row[] = [
  ...SCENARIOS.flatMap((scenario) =>
    (Object.keys(EXPOSED) as (keyof typeof EXPOSED)[]).flatMap((exposure) =>
      CAUSES.map((cause) => ({
        mode: scenario.mode,
        scenario,
        exposure,
        cause,
        severity: scenario.outcome === undefined ? undefined : EXPOSED[exposure],
      })),
    ),
  ),
  // A compliant group is not alerted, in either mode, whatever changed.
  ...(['enforce', 'audit'] as const).flatMap((mode) =>
    CAUSES.map((cause) => ({
      mode,
      scenario: { mode, name: 'compliant', outcome: undefined },
      exposure: 'nothing' as const,
      cause,
      severity: undefined,
    })),
  ),
];

describe('severity: every outcome x mode x exposure x cause', () => {
  it('covers every combination once', () => {
    expect(ROWS).toHaveLength(SCENARIOS.length * 4 * 2 + 4);
    expect(new Set(ROWS.map((r) => `${r.mode}|${r.scenario.name}|${r.exposure}|${r.cause}`)).size).toBe(
      ROWS.length,
    );
  });

  it.each(ROWS.map((row) => ({ ...row, expected: row.severity ?? 'no alert' })))(
    '$mode, $scenario.name, $exposure ($cause): $expected',
    ({ mode, scenario, exposure, cause, severity }) => {
      const p = targetPlan(mode, exposure, cause, scenario.other !== undefined);
      const target = TARGET[exposure];
      // The planner saw what the row says: the target's cause, and (enforce) one action per violation.
      if (exposure !== 'nothing') {
        const found = p.violations.find((v) => ruleKey(v.rule) === ruleKey(target));
        expect(found?.cause).toBe(cause);
      }
      expect(p.actions).toHaveLength(mode === 'audit' ? 0 : p.violations.length);
      const outcomes = p.actions.map((action) => {
        const status = touches(action, target) ? scenario.target : scenario.other;
        return outcome(action as Parameters<typeof outcome>[0], status);
      });
      const alert = composeAlert({
        kind: 'remediation',
        plan: p,
        outcomes,
        context: context(),
        completedAt: COMPLETED_AT,
      });
      expect(alert?.severity).toBe(severity);
      expect(alert?.attributes.severity).toBe(severity);
      expect(alert?.document.severity).toBe(severity);
      expect(alert?.subject.startsWith(`[${severity?.toUpperCase()}] `) ?? true).toBe(true);
      expect(alert?.document.outcome).toBe(scenario.outcome);
      expect(alert?.attributes.outcome).toBe(scenario.outcome);
      if (!alert) return;
      const finding = alert.document.findings.find((f) => f.rule === describeRule(target));
      expect(finding?.decision).toBe(decisionOf(exposure, scenario.target));
    },
  );

  it('rates a failed action with no finding medium: nothing known exposed, but not fixed', () => {
    const action = revoke(tcp(22));
    const alert = composeAlert({
      kind: 'remediation',
      plan: plan({ actions: [action] }),
      outcomes: [outcome(action, 'failed')],
      context: context(),
      completedAt: COMPLETED_AT,
    });
    expect([alert?.severity, alert?.document.outcome]).toEqual(['medium', 'failed']);
  });
});

describe('severity of an account error: what its changes opened', () => {
  const added = (rule: Rule, extra: Parameters<typeof change>[0] = {}) =>
    change({ rulesAdded: [rule], ...extra });
  const prefixList: Rule = { ...tcp(22), peer: { kind: 'prefixList', prefixListId: 'pl-0abc' } };
  const group: Rule = { ...tcp(22), peer: { kind: 'securityGroup', groupId: 'sg-0other' } };
  const allTraffic: Rule = { ...tcp(0), protocol: '-1', fromPort: -1, toPort: -1 };

  it.each<[Severity, string, GroupChange[]]>([
    ['medium', 'no change at all (a sweep)', []],
    ['critical', 'SSH added from the world', [added(tcp(22))]],
    [
      'critical',
      'RDP added from the IPv6 world',
      [added({ ...tcp(3389), peer: { kind: 'ipv6', cidr: '::/0' } })],
    ],
    [
      'critical',
      'a port range spanning an admin port, from one public address',
      [added({ ...tcp(20), toPort: 30, peer: { kind: 'ipv4', cidr: '198.51.100.7/32' } })],
    ],
    ['critical', 'all traffic from the world', [added(allTraffic)]],
    [
      'critical',
      'a rule modified into SSH from the world',
      [change({ kind: 'modify', rulesModified: [{ ruleId: 'sgr-1', rule: tcp(22) }] })],
    ],
    ['high', 'another port added from the world', [added(tcp(8080))]],
    ['high', 'UDP on port 22 from the world (admin ports are TCP)', [added({ ...tcp(22), protocol: 'udp' })]],
    [
      'high',
      'egress to the world on port 22 (admin ports are ingress)',
      [added(tcp(22, '0.0.0.0/0', { direction: 'egress' }))],
    ],
    ['medium', 'SSH added from a private range', [added(tcp(22, '10.0.0.0/8'))]],
    ['medium', 'SSH added from a prefix list', [added(prefixList)]],
    ['medium', 'SSH added from a security group', [added(group)]],
    [
      'medium',
      'a rule modified to an unknown shape',
      [change({ kind: 'modify', rulesModified: [{ ruleId: 'sgr-1' }] })],
    ],
    ['medium', 'SSH from the world removed', [change({ kind: 'revoke', rulesRemoved: [tcp(22)] })]],
    [
      'medium',
      'a failed call that would have added SSH from the world',
      [added(tcp(22), { error: { code: 'UnauthorizedOperation' } })],
    ],
    ['medium', 'a tag change', [change.tag({ tagsSet: { 'guardrail:policy': 'guard' } })]],
    ['critical', 'the worst change wins', [added(tcp(8080)), added(tcp(22, '10.0.0.0/8')), added(tcp(22))]],
    ['high', 'the worst change wins, whatever its place', [added(tcp(8080)), change.tag()]],
  ])('%s for %s', (expected, _what, changes) => {
    const alert = composeAlert(
      accountErrorIncident({
        account: ACCOUNT,
        region: REGION,
        reason: 'no role',
        code: 'AccessDenied',
        changes,
      }),
    );
    expect(alert?.severity).toBe(expected);
    expect(alert?.attributes).toMatchObject({ severity: expected, outcome: 'account-error' });
    expect(alert?.subject).toBe(
      `[${expected.toUpperCase()}] Account error: AccessDenied (${ACCOUNT}, ${REGION})`,
    );
  });
});

describe('severity and outcome of a forwarding health check: every problem code, alone and with unreadable', () => {
  const CODES: ForwardingProblemCode[] = [
    'rule-missing',
    'rule-disabled',
    'state-changed',
    'bus-changed',
    'pattern-changed',
    'target-missing',
    'target-changed',
    'extra-target',
    'dead-letters',
    'queue-missing',
  ];
  const problem = (code: ForwardingProblemCode) => ({
    code,
    resource: 'guardrail-forward-sg-events',
    detail: code,
  });
  const compose = (status: 'broken' | 'resolved', codes: ForwardingProblemCode[]) =>
    composeAlert(
      forwardingIncident({
        account: ACCOUNT,
        region: REGION,
        status,
        problems: codes.map(problem),
        checkedAt: COMPLETED_AT,
      }),
    );

  it.each(CODES.flatMap((code) => [[code], [code, 'unreadable' as const], ['unreadable' as const, code]]))(
    'broken by %s: critical, forwarding-broken',
    (...codes) => {
      const alert = compose('broken', codes);
      expect([alert?.severity, alert?.attributes.outcome]).toEqual(['critical', 'forwarding-broken']);
      expect(compose('resolved', codes)?.attributes).toMatchObject({
        severity: 'info',
        outcome: 'forwarding-resolved',
      });
    },
  );

  it('unreadable alone: high, forwarding-unverified; nothing found: no alert', () => {
    expect(compose('broken', ['unreadable'])?.attributes).toMatchObject({
      severity: 'high',
      outcome: 'forwarding-unverified',
    });
    expect(compose('broken', [])).toBeUndefined();
    expect(compose('resolved', [])?.attributes).toMatchObject({
      severity: 'info',
      outcome: 'forwarding-resolved',
    });
  });
});

describe('severity and outcome of a sweep summary: every status, with and without accounts unread', () => {
  const compose = (status: 'complete' | 'overdue', unreadableCount: number) =>
    composeAlert(
      sweepSummaryIncident(
        {
          sweepId: 'sweep-1',
          status,
          startedAt: EVALUATED_AT,
          at: COMPLETED_AT,
          durationSeconds: 1.5,
          accounts: 2,
          regions: [REGION],
          targets: { expected: 2, finished: status === 'complete' ? 2 : 1 },
          groups: 4,
          violations: 1,
          fixed: 1,
          unreadable: unreadableCount > 0 ? [{ account: '444455556666', reason: 'not active' }] : [],
          unreadableCount,
        },
        { account: ACCOUNT, region: REGION },
      ),
    );

  it.each<['complete' | 'overdue', number, Severity, AlertOutcome]>([
    ['complete', 0, 'info', 'sweep-complete'],
    ['complete', 1, 'medium', 'sweep-complete'],
    ['complete', 250, 'medium', 'sweep-complete'],
    ['overdue', 0, 'high', 'sweep-overdue'],
    ['overdue', 1, 'high', 'sweep-overdue'],
  ])('%s with %i unreadable: %s, %s', (status, unreadable, severity, expected) => {
    const alert = compose(status, unreadable);
    expect(alert?.attributes).toMatchObject({
      severity,
      outcome: expected,
      account: ACCOUNT,
      policy: 'none',
    });
    expect(alert?.document.severity).toBe(severity);
  });
});
