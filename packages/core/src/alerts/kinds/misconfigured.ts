/** A group opted in with tags that name no policy (or a mode it may not take): reported, never changed. */
import type { Plan } from '../../plan/types';
import { INCIDENT_SEVERITY } from '../severity';
import type { AlertDocument, ComposeOptions, Incident, IncidentContext } from '../types';
import { groupName, noFindings, place, planFacts } from './parts';
import type { IncidentKindModule } from './types';

export function misconfiguredIncident(plan: Plan, context: IncidentContext): Incident {
  return { kind: 'misconfigured', plan, context };
}

export function misconfiguredDocument(
  plan: Plan,
  context: IncidentContext,
  options: ComposeOptions,
): AlertDocument {
  return {
    schemaVersion: 1,
    kind: 'misconfigured',
    severity: INCIDENT_SEVERITY.misconfigured,
    outcome: 'misconfigured',
    ...place(context, options),
    ...planFacts(plan),
    ...noFindings(),
    misconfiguration: plan.misconfiguration ?? 'the guardrail tags on this group are not valid',
  };
}

export const misconfigured: IncidentKindModule<'misconfigured'> = {
  document: (incident, options) => misconfiguredDocument(incident.plan, incident.context, options),
  subject: (document) => [{ text: `Misconfigured guardrail tags on ${document.group.groupId}` }],
  intro: (document) =>
    `${groupName(document.group)} is opted in to the guardrail, but its tags are not valid: ` +
    `${document.misconfiguration}. The guardrail will not change this group until its tags are fixed.`,
};
