/**
 * Joins a plan with what became of its actions: for every violation, the decision taken and its
 * outcome (reverted / restored / already applied by someone else / audit only / failed: why), and
 * for every rule a change brought that this hub reverted, the exposure window.
 */
import { isRuleChange } from '../events/change-kinds';
import type { GroupChange } from '../events/types';
import { actionRules } from '../plan/actions';
import type { Action, Plan, Violation } from '../plan/types';
import { ipPermissionFromRule, ruleKey } from '../rules/convert';
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

/** What makes two actions the same: their type and their rules, in order. */
function actionKey(action: Action): string {
  return `${action.type}|${actionRules(action).map(ruleKey).join('&')}`;
}

/**
 * Outcomes by action: the same object, or failing that an equal action (the engine may have
 * copied the plan). Built once, so matching stays linear however many rules a group has.
 */
function outcomeLookup(outcomes: ActionOutcome[]): (action: Action) => ActionOutcome | undefined {
  const byObject = new Map<Action, ActionOutcome>();
  const byKey = new Map<string, ActionOutcome>();
  // Filled from the end so that the first outcome reported for an action wins.
  for (const outcome of [...outcomes].reverse()) {
    byObject.set(outcome.action, outcome);
    byKey.set(actionKey(outcome.action), outcome);
  }
  return (action) => byObject.get(action) ?? byKey.get(actionKey(action));
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
      // A description put back restores the baseline's rule, as an authorize restores a rule.
      return {
        decision: action.type === 'revoke' ? 'reverted' : 'restored',
        completedAt: outcome.completedAt,
      };
    // Another hub instance or a person did it first: not this hub's revert, and not its window.
    case 'already-applied':
      return { decision: 'already-applied', completedAt: outcome.completedAt };
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

/** The triggering changes, oldest first, with the rules each brought (by shape and by id). */
interface ChangeIndex {
  earliest?: GroupChange;
  byRule: Map<string, GroupChange>;
  byRuleId: Map<string, GroupChange>;
}

function indexChanges(changes: GroupChange[]): ChangeIndex {
  const oldestFirst = [...changes].sort((a, b) => Date.parse(a.eventTime) - Date.parse(b.eventTime));
  const byRule = new Map<string, GroupChange>();
  const byRuleId = new Map<string, GroupChange>();
  // Filled newest first so that, for a rule several changes touched, the oldest one wins.
  for (const change of [...oldestFirst].reverse()) {
    if (!isRuleChange(change)) continue;
    for (const added of change.rulesAdded) byRule.set(ruleKey(added), change);
    for (const modified of change.rulesModified) {
      if (modified.rule) byRule.set(ruleKey(modified.rule), change);
      byRuleId.set(modified.ruleId, change);
    }
  }
  return { earliest: oldestFirst[0], byRule, byRuleId };
}

/** The change that brought a rule: by shape among the rules it added or modified, or by id. */
function changeThatAdded(rule: Rule, index: ChangeIndex): GroupChange | undefined {
  return (
    index.byRule.get(ruleKey(rule)) ??
    (rule.ruleId === undefined ? undefined : index.byRuleId.get(rule.ruleId))
  );
}

interface PlanIndex {
  actionFor: (rule: Rule) => Action | undefined;
  outcomeFor: (action: Action) => ActionOutcome | undefined;
  changes: ChangeIndex;
}

function indexPlan(plan: Plan, outcomes: ActionOutcome[]): PlanIndex {
  const byRule = new Map<string, Action>();
  for (const action of [...plan.actions].reverse()) {
    for (const rule of actionRules(action)) byRule.set(ruleKey(rule), action);
  }
  return {
    actionFor: (rule) => byRule.get(ruleKey(rule)),
    outcomeFor: outcomeLookup(outcomes),
    changes: indexChanges(plan.changes),
  };
}

function finding(plan: Plan, index: PlanIndex, violation: Violation, options: AssessOptions): AlertFinding {
  const { rule } = violation;
  const action = index.actionFor(rule);
  const outcome = action && index.outcomeFor(action);
  const { decision, error, completedAt } = verdict(
    plan,
    action,
    outcome,
    options.skipReason ?? NOT_ATTEMPTED,
  );
  // The rule's exposure starts with the change that added it; when the change that brought it
  // cannot be told apart, the earliest trigger gives the conservative (longest) window. It ends
  // only with this hub's own revert: a rule found already gone (`already-applied`) has none here.
  const origin = violation.cause === 'change' ? changeThatAdded(rule, index.changes) : undefined;
  const start = origin ?? (violation.cause === 'change' ? index.changes.earliest : undefined);
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

function alertAction(action: Action, index: PlanIndex): AlertAction {
  const outcome = index.outcomeFor(action);
  return {
    type: action.type,
    direction: action.direction,
    ruleId: action.type === 'authorize' ? undefined : action.ruleId,
    permission: action.permission,
    rules: actionRules(action).map(describeRule),
    ...(action.type === 'update-description' ? { description: action.description } : {}),
    cause: action.cause,
    status: outcome?.status ?? 'not-attempted',
    error: outcome?.error,
    completedAt: outcome?.completedAt,
  };
}

export function assessPlan(plan: Plan, outcomes: ActionOutcome[], options: AssessOptions = {}): Assessment {
  const index = indexPlan(plan, outcomes);
  const findings = plan.violations.map((violation) => finding(plan, index, violation, options));
  const actions = plan.actions.map((action) => alertAction(action, index));
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
 * The exposure windows this hub's own reverts closed (the ExposureWindow metric), one per finding:
 * exactly the windows the alert shows. A rule someone else had already removed
 * (`already-applied`) has none: the hub did not end that exposure.
 */
export function closedExposures(
  plan: Plan,
  outcomes: ActionOutcome[],
  completedAt?: string,
): ExposureWindow[] {
  const { findings } = assessPlan(plan, outcomes, { completedAt });
  return findings.flatMap((finding) => (finding.exposure ? [finding.exposure] : []));
}
