import type { SecurityGroupRuleDescription } from '@aws-sdk/client-ec2';
import type { IpPermission } from '@guardrail/core';

/** One rule whose description is to be put back (a lock policy's `update-description` action). */
export interface DescriptionItem {
  /** Targets the rule by id when every item of the call has one. */
  ruleId?: string;
  /**
   * The rule as a one-rule IpPermission carrying the wanted description on its one peer; none (or
   * an empty one) removes the rule's description.
   */
  permission: IpPermission;
}

type Described = { Description?: string };

/** The peers of a permission, whatever their kind. */
function peersOf(permission: IpPermission): Described[] {
  return [
    ...(permission.IpRanges ?? []),
    ...(permission.Ipv6Ranges ?? []),
    ...(permission.PrefixListIds ?? []),
    ...(permission.UserIdGroupPairs ?? []),
  ];
}

/** The description the item's rule should have; undefined when it should have none. */
export function wantedDescription(permission: IpPermission): string | undefined {
  const description = peersOf(permission).find((peer) => peer.Description !== undefined)?.Description;
  return description === '' ? undefined : description;
}

/** By id: each rule and its description, left out to remove one (as EC2 documents it). */
export function ruleDescriptions(items: DescriptionItem[]): SecurityGroupRuleDescription[] {
  return items.map((item) => {
    const description = wantedDescription(item.permission);
    return description === undefined
      ? { SecurityGroupRuleId: item.ruleId }
      : { SecurityGroupRuleId: item.ruleId, Description: description };
  });
}

function withoutEmpty<P extends Described>(peers: P[] | undefined): P[] | undefined {
  return peers?.map((peer) => {
    if (peer.Description !== '') return peer;
    const { Description: _empty, ...rest } = peer;
    return rest as P;
  });
}

/**
 * By IpPermissions: an empty description is left out, EC2's way to remove one (what EC2 makes of
 * an empty string is not documented).
 */
export function describedPermission(permission: IpPermission): IpPermission {
  const { IpRanges, Ipv6Ranges, PrefixListIds, UserIdGroupPairs, ...traffic } = permission;
  return {
    ...traffic,
    ...(IpRanges ? { IpRanges: withoutEmpty(IpRanges) } : {}),
    ...(Ipv6Ranges ? { Ipv6Ranges: withoutEmpty(Ipv6Ranges) } : {}),
    ...(PrefixListIds ? { PrefixListIds: withoutEmpty(PrefixListIds) } : {}),
    ...(UserIdGroupPairs ? { UserIdGroupPairs: withoutEmpty(UserIdGroupPairs) } : {}),
  };
}
