/** `guardrail plan` over several groups: the line that ends the text output. */
import type { Plan } from '@guardrail/core';
import { type PlanStatus, planStatus } from '../plan/status';

const WORDS: Record<PlanStatus, string> = {
  compliant: 'compliant',
  violating: 'violating',
  misconfigured: 'misconfigured',
  'not-opted-in': 'not opted in',
  unjudged: 'not judged (no baseline)',
};

/** Counted only when there is one: the line stays as it was for groups of no lock policy. */
const WHEN_ANY: ReadonlySet<PlanStatus> = new Set<PlanStatus>(['unjudged']);

/** `3 groups: 1 compliant, 1 violating, 1 misconfigured, 0 not opted in[, 1 not judged (no baseline)]`. */
export function renderPlanSummary(plans: readonly Plan[]): string {
  const counts: Record<PlanStatus, number> = {
    compliant: 0,
    violating: 0,
    misconfigured: 0,
    'not-opted-in': 0,
    unjudged: 0,
  };
  for (const plan of plans) counts[planStatus(plan)] += 1;
  const parts = (Object.keys(WORDS) as PlanStatus[])
    .filter((status) => !WHEN_ANY.has(status) || counts[status] > 0)
    .map((status) => `${counts[status]} ${WORDS[status]}`);
  return `${plans.length} group${plans.length === 1 ? '' : 's'}: ${parts.join(', ')}\n`;
}
