/** The account-error incident: an account (and region) the hub cannot act in, and why. */
import type { Incident, SecurityGroupChange } from '@guardrail/core';

export function accountErrorIncident(failure: {
  account: string;
  accountName?: string | undefined;
  region: string;
  reason: string;
  code?: string | undefined;
  changes: SecurityGroupChange[];
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
