import type { PolicyFile } from './types';

/**
 * Does any policy limit to OUs where the hub may open a group (`scope.organizationalUnits`)? Only
 * then must the hub read each account's OUs (Organizations ListParents): without it an OU scope
 * can never match, and every other policy would pay for calls it does not use.
 */
export function usesOrganizationalUnitScope(policies: PolicyFile): boolean {
  return Object.values(policies.policies).some(
    (policy) => (policy.scope?.organizationalUnits.length ?? 0) > 0,
  );
}
