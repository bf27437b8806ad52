/**
 * A group the circuit breaker stopped remediating: something keeps re-applying a change. Rated by
 * what stays open, never below medium (severity.ts).
 */
import type { Plan } from '../../plan/types';
import { assessPlan } from '../assess';
import { contestedSeverity } from '../severity';
import type { Incident, IncidentContext } from '../types';
import { groupName, place, planFacts, policyName } from './parts';
import type { IncidentKindModule } from './types';

export function contestedIncident(
  plan: Plan,
  context: IncidentContext,
  breaker: { remediations: number; windowMinutes: number },
): Incident {
  return { kind: 'contested', plan, context, ...breaker };
}

export const contested: IncidentKindModule<'contested'> = {
  document(incident, options) {
    const { plan, remediations, windowMinutes } = incident;
    const skipReason = `paused by the circuit breaker after ${remediations} remediations in ${windowMinutes} minutes`;
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
      contested: { remediations, windowMinutes },
    };
  },
  subject(document) {
    const { remediations, windowMinutes } = document.contested;
    return [
      { text: `Contested ${document.group.groupId}, paused` },
      { text: `: remediated ${remediations} times in ${windowMinutes} min`, shrink: 2 },
    ];
  },
  intro(document) {
    const { remediations, windowMinutes } = document.contested;
    return (
      `Guardrail remediated ${groupName(document.group)} ${remediations} times within ${windowMinutes} minutes: ` +
      'another tool or person keeps re-applying the change. Remediation of this group is paused ' +
      `(circuit breaker), so it may still break ${policyName(document)}. Find who re-applies the change.`
    );
  },
};
