/** A call on the guardrail's own forwarding rule: the guard may be going blind there. */
import type { TamperChange } from '../../events/types';
import { alertChange } from '../changes';
import { INCIDENT_SEVERITY } from '../severity';
import type { Incident } from '../types';
import { accountAndRegion, noFindings } from './parts';
import type { IncidentKindModule } from './types';

export function tamperIncident(change: TamperChange): Incident {
  return { kind: 'tamper', change };
}

export const tamper: IncidentKindModule<'tamper'> = {
  document: ({ change }) => ({
    schemaVersion: 1,
    kind: 'tamper',
    severity: INCIDENT_SEVERITY.tamper,
    outcome: 'tamper',
    account: { id: change.account },
    region: change.region,
    changes: [alertChange(change)],
    ...noFindings(),
    tamper: { eventName: change.eventName, ruleName: change.ruleName },
  }),
  subject: (document) => [
    { text: `Guardrail tampering: ${document.tamper.eventName} on ` },
    { text: document.tamper.ruleName, shrink: 2, min: 12 },
  ],
  intro: (document) =>
    `Someone called ${document.tamper.eventName} on the guardrail's forwarding rule ` +
    `${document.tamper.ruleName} in ${accountAndRegion(document)}. Until the rule is restored, ` +
    'security group changes there may go unseen by the guardrail (periodic sweeps still run).',
};
