/**
 * Joins a plan with what became of its actions: for every violation, the decision taken and its
 * outcome (reverted / restored / audit only / failed: why), and for every reverted rule that a
 * change brought, the exposure window.
 */
import type { SecurityGroupChange } from '../events/types';
import type { Action, Plan, Violation } from '../plan/types';
import { ipPermissionFromRule, sameRule } from '../rules/convert';
import { describeRule } from '../rules/describe';
import type { Rule } from '../rules/types';
import { exposureWindow, longestExposure } from './exposure';
import type {
  ActionOutcome,
  AlertAction,
  AlertFinding,
  AlertOutcome,
  Decision,
  ExposureWindow,
} from './types';

export interface AssessOptions {
  /** When the hub finished: the end of an exposure whose outcome carries no `completedAt`. */
  completedAt?: string;
  /** Why actions without an outcome were not attempted. */
  skipReason?: string;
}

export interface Assessment {
  findings: AlertFinding[];
  actions: AlertAction[];
  /** The longest exposure among the findings. */
  exposure?: ExposureWindow;
}

const NOT_ATTEMPTED = 'not attempted';

function actionRules(action: Action): Rule[] {
  return action.type === 'revoke' ? [action.rule] : action.rules;
}

function sameAction(a: Action, b: Action): boolean {
  const rulesA = actionRules(a);
  const rulesB = actionRules(b);
  return (
    a.type === b.type &&
    rulesA.length === rulesB.length &&
    rulesA.every((rule, index) => sameRule(rule, rulesB[index] as Rule))
  );
}

/** The outcome reported for an action: the same object, or failing that an equal action. */
export function outcomeFor(action: Action, outcomes: ActionOutcome[]): ActionOutcome | undefined {
  return outcomes.find((o) => o.action === action) ?? outcomes.find((o) => sameAction(o.action, action));
}

function isDone(status: ActionOutcome['status'] | AlertAction['status']): boolean {
  return status === 'succeeded' || status === 'already-applied';
}

interface Verdict {
  decision: Decision;
  error?: string;
  completedAt?: string;
}

function verdict(
  plan: Plan,
  action: Action | undefined,
  outcome: ActionOutcome | undefined,
  skip: string,
): Verdict {
  if (plan.mode === 'audit') return { decision: 'audit-only' };
  if (!action) return { decision: 'not-planned', error: 'no action was planned for it' };
  if (!outcome) return { decision: 'skipped', error: skip };
  switch (outcome.status) {
    case 'succeeded':
    case 'already-applied':
      return {
        decision: action.type === 'revoke' ? 'reverted' : 'restored',
        completedAt: outcome.completedAt,
      };
    case 'failed':
      return {
        decision: 'failed',
        error: outcome.error ?? 'unknown error',
        completedAt: outcome.completedAt,
      };
    case 'skipped':
      return { decision: 'skipped', error: outcome.error ?? skip };
  }
}

/** The change that brought a rule: by shape or id among the rules it added or modified. */
function changeThatAdded(rule: Rule, changes: SecurityGroupChange[]): SecurityGroupChange | undefined {
  return earliest(
    changes.filter(
      (change) =>
        change.rulesAdded.some((added) => sameRule(added, rule)) ||
        change.rulesModified.some(
          (modified) =>
            (modified.rule !== undefined && sameRule(modified.rule, rule)) ||
            (rule.ruleId !== undefined && modified.ruleId === rule.ruleId),
        ),
    ),
  );
}

function earliest(changes: SecurityGroupChange[]): SecurityGroupChange | undefined {
  return changes.reduce<SecurityGroupChange | undefined>(
    (best, change) => (!best || Date.parse(change.eventTime) < Date.parse(best.eventTime) ? change : best),
    undefined,
  );
}

function finding(
  plan: Plan,
  violation: Violation,
  outcomes: ActionOutcome[],
  options: AssessOptions,
): AlertFinding {
  const { rule } = violation;
  const action = plan.actions.find((candidate) => actionRules(candidate).some((r) => sameRule(r, rule)));
  const outcome = action && outcomeFor(action, outcomes);
  const { decision, error, completedAt } = verdict(
    plan,
    action,
    outcome,
    options.skipReason ?? NOT_ATTEMPTED,
  );
  // The rule's exposure starts with the change that added it; when the change that brought it
  // cannot be told apart, the earliest trigger gives the conservative (longest) window.
  const origin = violation.cause === 'change' ? changeThatAdded(rule, plan.changes) : undefined;
  const start = origin ?? (violation.cause === 'change' ? earliest(plan.changes) : undefined);
  const end = completedAt ?? options.completedAt;
  const exposure = decision === 'reverted' && start && end ? exposureWindow(start.eventTime, end) : undefined;
  return {
    code: violation.code,
    direction: violation.direction,
    rule: describeRule(rule),
    ruleId: rule.ruleId,
    permission: ipPermissionFromRule(rule),
    reason: violation.reason,
    source: violation.source,
    cause: violation.cause,
    internet: violation.internet,
    adminPort: violation.adminPort,
    decision,
    error,
    completedAt,
    eventId: origin?.eventId,
    exposure,
  };
}

function alertAction(action: Action, outcomes: ActionOutcome[]): AlertAction {
  const outcome = outcomeFor(action, outcomes);
  return {
    type: action.type,
    direction: action.direction,
    ruleId: action.type === 'revoke' ? action.ruleId : undefined,
    permission: action.permission,
    rules: actionRules(action).map(describeRule),
    cause: action.cause,
    status: outcome?.status ?? 'not-attempted',
    error: outcome?.error,
    completedAt: outcome?.completedAt,
  };
}

export function assessPlan(plan: Plan, outcomes: ActionOutcome[], options: AssessOptions = {}): Assessment {
  const findings = plan.violations.map((violation) => finding(plan, violation, outcomes, options));
  const actions = plan.actions.map((action) => alertAction(action, outcomes));
  return { findings, actions, exposure: longestExposure(findings.map((f) => f.exposure)) };
}

/**
 * The incident's outcome. Audit mode reports; otherwise every action and every violation no
 * action covered counts: all done is remediated, none done is failed, anything between partial.
 */
export function remediationOutcome(plan: Plan, assessment: Assessment): AlertOutcome {
  if (plan.mode === 'audit') return 'audit';
  const results = [
    ...assessment.actions.map((action) => isDone(action.status)),
    ...assessment.findings.filter((f) => f.decision === 'not-planned').map(() => false),
  ];
  if (results.every(Boolean)) return 'remediated';
  return results.some(Boolean) ? 'partially-remediated' : 'failed';
}

/**
 * The exposure window of a remediation, in seconds, for the metrics: the longest among the
 * reverted rules that the triggering changes brought; undefined when there was none.
 */
export function remediationExposureSeconds(
  plan: Plan,
  outcomes: ActionOutcome[],
  completedAt?: string,
): number | undefined {
  return assessPlan(plan, outcomes, { completedAt }).exposure?.seconds;
}
