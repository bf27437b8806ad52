import type { IpPermission } from '@guardrail/core';

/**
 * One IpPermission per peer. EC2 rejects a whole authorize when one peer is a duplicate (and a
 * whole revoke when one is unknown), so after such an error the gateway retries peer by peer.
 */
export function splitPermission(permission: IpPermission): IpPermission[] {
  const { IpRanges, Ipv6Ranges, PrefixListIds, UserIdGroupPairs, ...traffic } = permission;
  return [
    ...(IpRanges ?? []).map((range) => ({ ...traffic, IpRanges: [range] })),
    ...(Ipv6Ranges ?? []).map((range) => ({ ...traffic, Ipv6Ranges: [range] })),
    ...(PrefixListIds ?? []).map((prefixList) => ({ ...traffic, PrefixListIds: [prefixList] })),
    ...(UserIdGroupPairs ?? []).map((pair) => ({ ...traffic, UserIdGroupPairs: [pair] })),
  ];
}

export function splitPermissions(permissions: IpPermission[]): IpPermission[] {
  return permissions.flatMap(splitPermission);
}
