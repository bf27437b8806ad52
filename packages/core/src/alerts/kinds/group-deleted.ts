/** A guarded group deleted before (or while) the hub acted on it. */
import type { GroupChange } from '../../events/types';
import { alertChange } from '../changes';
import { INCIDENT_SEVERITY } from '../severity';
import type { Incident, IncidentContext } from '../types';
import { groupName, noFindings, place } from './parts';
import type { IncidentKindModule } from './types';

export function groupDeletedIncident(context: IncidentContext, changes: GroupChange[]): Incident {
  return { kind: 'group-deleted', context, changes };
}

export const groupDeleted: IncidentKindModule<'group-deleted'> = {
  document: (incident, options) => ({
    schemaVersion: 1,
    kind: 'group-deleted',
    severity: INCIDENT_SEVERITY['group-deleted'],
    outcome: 'group-deleted',
    ...place(incident.context, options),
    changes: incident.changes.map(alertChange),
    ...noFindings(),
  }),
  subject: (document) => [{ text: `Guarded group ${document.group.groupId} deleted` }],
  intro: (document) => `${groupName(document.group)}, guarded by the guardrail, was deleted.`,
};
