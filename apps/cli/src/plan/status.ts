/** Where a plan leaves its group, in one word: the summary line and `--exit-code` read it. */
import type { Plan } from '@guardrail/core';

/**
 * `unjudged`: a lock policy's group planned without its baseline (or with another group's): the
 * planner judged nothing, which is not "compliant".
 */
export type PlanStatus = 'compliant' | 'violating' | 'misconfigured' | 'not-opted-in' | 'unjudged';

/** A lock policy's group the planner could not judge: no baseline, or another's. */
export function isUnjudged(plan: Plan): boolean {
  const status = plan.lock?.status;
  return status === 'no-baseline' || status === 'baseline-mismatch';
}

export function planStatus(plan: Plan): PlanStatus {
  // A misconfigured group may list violations too (a bad mode tag): it is changed in no case.
  if (plan.misconfiguration !== undefined) return 'misconfigured';
  if (!plan.managed) return 'not-opted-in';
  if (isUnjudged(plan)) return 'unjudged';
  return plan.violations.length > 0 ? 'violating' : 'compliant';
}

/**
 * What fails a pipeline gate (`--exit-code`): a violation, a misconfiguration, and a locked group
 * that could not be judged (a gate that passes what it did not check would let anything through).
 */
export function failsGate(plan: Plan): boolean {
  const status = planStatus(plan);
  return status === 'violating' || status === 'misconfigured' || status === 'unjudged';
}
