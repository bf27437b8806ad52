/**
 * An account (and region) the hub cannot act in: not a member, not active, or no usable role.
 * Rated by what its triggering changes opened, at least medium (severity.ts).
 */
import type { GroupChange } from '../../events/types';
import { alertChange } from '../changes';
import { accountErrorSeverity } from '../severity';
import type { Incident } from '../types';
import { accountAndRegion, noFindings } from './parts';
import type { IncidentKindModule } from './types';

export function accountErrorIncident(failure: {
  account: string;
  accountName?: string | undefined;
  region: string;
  reason: string;
  code?: string | undefined;
  changes: GroupChange[];
}): Incident {
  const { account, accountName, region, reason, code, changes } = failure;
  return {
    kind: 'account-error',
    account: accountName === undefined ? { id: account } : { id: account, name: accountName },
    region,
    reason,
    ...(code ? { code } : {}),
    changes,
  };
}

export const accountError: IncidentKindModule<'account-error'> = {
  document: (incident) => ({
    schemaVersion: 1,
    kind: 'account-error',
    severity: accountErrorSeverity(incident.changes),
    outcome: 'account-error',
    account: { ...incident.account },
    region: incident.region,
    changes: incident.changes.map(alertChange),
    ...noFindings(),
    accountError: { reason: incident.reason, code: incident.code },
  }),
  subject: (document) => [
    { text: 'Account error: ' },
    { text: document.accountError.code ?? document.accountError.reason, shrink: 2, min: 12 },
  ],
  intro(document) {
    const { reason, code } = document.accountError;
    return (
      `Guardrail could not act in ${accountAndRegion(document)}: ${reason}${code ? ` (${code})` : ''}. Security group changes ` +
      'there are not enforced until this is fixed: check that the account is an active member of the ' +
      'organization and that the remediation role exists and trusts the hub.'
    );
  },
};
