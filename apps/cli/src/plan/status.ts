/** Where a plan leaves its group, in one word: the summary line and `--exit-code` read it. */
import type { Plan } from '@guardrail/core';

export type PlanStatus = 'compliant' | 'violating' | 'misconfigured' | 'not-opted-in';

export function planStatus(plan: Plan): PlanStatus {
  // A misconfigured group may list violations too (a bad mode tag): it is changed in no case.
  if (plan.misconfiguration !== undefined) return 'misconfigured';
  if (!plan.managed) return 'not-opted-in';
  return plan.violations.length > 0 ? 'violating' : 'compliant';
}

/** What fails a pipeline gate (`--exit-code`). */
export function failsGate(plan: Plan): boolean {
  const status = planStatus(plan);
  return status === 'violating' || status === 'misconfigured';
}
