/**
 * A plan cut in two by its actions: the circuit breaker pauses some of a group's actions (those
 * fought over) and the rest are enforced. Each part keeps the violations its actions address, so
 * that each alert speaks of its own rules; violations no action addresses stay with the enforced
 * part (they are reported as they would have been).
 */
import { ruleKey } from '../rules/convert';
import { actionRules } from './actions';
import type { Action, Plan, Violation } from './types';

function addresses(action: Action, violation: Violation): boolean {
  const key = ruleKey(violation.rule);
  return actionRules(action).some((rule) => ruleKey(rule) === key);
}

export interface SplitPlan {
  /** The actions `held` picked, with the violations they address. */
  held: Plan;
  /** Everything else. */
  rest: Plan;
}

export function splitPlan(plan: Plan, held: (action: Action, index: number) => boolean): SplitPlan {
  const heldActions = plan.actions.filter(held);
  const restActions = plan.actions.filter((action, index) => !held(action, index));
  const isHeld = (violation: Violation) =>
    heldActions.some((action) => addresses(action, violation)) &&
    !restActions.some((action) => addresses(action, violation));
  return {
    held: { ...plan, actions: heldActions, violations: plan.violations.filter(isHeld) },
    rest: { ...plan, actions: restActions, violations: plan.violations.filter((v) => !isHeld(v)) },
  };
}
