/**
 * Rules of a group the circuit breaker holds back: something keeps re-applying them. Only those
 * rules are paused (the group's other violations are still enforced); the alert is rated by what
 * they expose, never below medium (severity.ts), names who re-applies them and what the hub did,
 * and says when enforcement resumes.
 */
import type { Plan } from '../../plan/types';
import { assessPlan } from '../assess';
import { contestedSeverity } from '../severity';
import type { AlertDocument, Incident, IncidentContext } from '../types';
import { changeActors, groupName, place, planFacts, policyName } from './parts';
import type { IncidentKindModule } from './types';

export function contestedIncident(
  plan: Plan,
  context: IncidentContext,
  breaker: { remediations: number; windowMinutes: number; resumesAt: string },
): Incident {
  return { kind: 'contested', plan, context, ...breaker };
}

function reappliers(document: AlertDocument): string {
  const who = changeActors(document);
  return who.length > 0 ? `re-applied by ${who.join(', ')}` : 're-applied outside any event the hub saw';
}

export const contested: IncidentKindModule<'contested'> = {
  document(incident, options) {
    const { plan, remediations, windowMinutes, resumesAt } = incident;
    const skipReason =
      `paused by the circuit breaker after ${remediations} remediations in ${windowMinutes} minutes, ` +
      `until ${resumesAt}`;
    const { findings, actions } = assessPlan(plan, [], { skipReason });
    return {
      schemaVersion: 1,
      kind: 'contested',
      severity: contestedSeverity({ findings }),
      outcome: 'contested',
      ...place(incident.context, options),
      ...planFacts(plan),
      findings,
      actions,
      contested: { remediations, windowMinutes, resumesAt },
    };
  },
  subject(document) {
    const { remediations, windowMinutes } = document.contested;
    const rules = document.findings.length;
    return [
      { text: `Contested ${document.group.groupId}, ${rules === 1 ? '1 rule' : `${rules} rules`} paused` },
      { text: `: remediated ${remediations} times in ${windowMinutes} min`, shrink: 2 },
    ];
  },
  intro(document) {
    const { remediations, windowMinutes, resumesAt } = document.contested;
    return (
      `Guardrail remediated the same rule of ${groupName(document.group)} ${remediations} times within ` +
      `${windowMinutes} minutes, and it was ${reappliers(document)}. Remediation of that rule is paused ` +
      `(circuit breaker) until ${resumesAt}, so the group may still break ${policyName(document)}; every ` +
      'other rule of the group is still enforced. Find who re-applies the change.'
    );
  },
};
