/**
 * A call on one of the guardrail's own member resources: its forwarding or watchdog rule (the
 * guard may be going blind there), or its remediation or forwarder role (the guard may be
 * borrowed or cut off). Critical, except a change made by the StackSets execution role: that is a
 * member stack update (the protection SCP reserves the role's name), told as info.
 */
import type { Actor, TamperChange } from '../../events/types';
import { alertChange } from '../changes';
import { INCIDENT_SEVERITY } from '../severity';
import type { AlertDocument, Incident } from '../types';
import { accountAndRegion, noFindings } from './parts';
import type { IncidentKindModule } from './types';

export function tamperIncident(change: TamperChange): Incident {
  return { kind: 'tamper', change };
}

/** Sessions of the role service-managed StackSets deploy member stacks with. */
const STACKSETS_EXECUTION_ROLE = /:role\/stacksets-exec-[^/]+$/;

function byStackSets(actor: Actor): boolean {
  return actor.sessionIssuerArn !== undefined && STACKSETS_EXECUTION_ROLE.test(actor.sessionIssuerArn);
}

type TamperDocument = Extract<AlertDocument, { kind: 'tamper' }>;

function what({ tamper }: TamperDocument): string {
  const { target } = tamper;
  return target.type === 'rule'
    ? `the guardrail's member rule ${target.name}`
    : `the guardrail's member role ${target.name}`;
}

function consequence({ tamper }: TamperDocument): string {
  if (tamper.target.type === 'rule')
    return 'Until the rule is restored, security group changes there may go unseen by the guardrail (periodic sweeps still run).';
  return (
    'A changed remediation role may let someone else act as the guardrail (its own changes are not ' +
    'reverted) or stop the hub from acting there; a changed forwarder role stops events reaching the hub.'
  );
}

export const tamper: IncidentKindModule<'tamper'> = {
  document: ({ change }) => {
    const deployment = byStackSets(change.actor);
    const { target } = change;
    return {
      schemaVersion: 1,
      kind: 'tamper',
      severity: deployment ? 'info' : INCIDENT_SEVERITY.tamper,
      outcome: 'tamper',
      account: { id: change.account },
      region: change.region,
      changes: [alertChange(change)],
      ...noFindings(),
      tamper: {
        eventName: change.eventName,
        target,
        ...(target.type === 'rule' ? { ruleName: target.name } : {}),
        deployment,
      },
    };
  },
  subject: (document) => [
    {
      text: `Guardrail ${document.tamper.deployment ? 'stack update' : 'tampering'}: ${document.tamper.eventName} on `,
    },
    { text: document.tamper.target.name, shrink: 2, min: 12 },
  ],
  intro: (document) =>
    document.tamper.deployment
      ? `The StackSets execution role called ${document.tamper.eventName} on ${what(document)} in ` +
        `${accountAndRegion(document)}: a member stack update, as expected when the Guardrail StackSet changes.`
      : `Someone called ${document.tamper.eventName} on ${what(document)} in ${accountAndRegion(document)}. ` +
        consequence(document),
};
