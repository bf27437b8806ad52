/**
 * Managed prefix lists as the planner takes them (design.md section 5: "a customer-managed prefix
 * list is matched as the CIDRs it holds; a list that cannot be read is reported as unverifiable,
 * never passed in silence"). The planner reads nothing: a caller (the hub, through the member
 * account's EC2 client; the CLI, from a file) resolves the lists a group's rules reference and
 * passes them to `planGroup` as `prefixLists`.
 */
import type { Rule } from '../rules/types';

/**
 * Who owns a list: `aws` for an AWS-managed list (EC2 says `OwnerId: "AWS"`, names like
 * `com.amazonaws.<region>.s3`); `customer` for every other one, the account's own and those
 * shared with it (AWS RAM) alike.
 */
export type PrefixListOwner = 'customer' | 'aws';

/** A list that was read: what it holds at `version`. */
export interface ReadPrefixList {
  id: string;
  name?: string;
  owner: PrefixListOwner;
  /** EC2's version of the list: a modification makes a new one. */
  version?: number;
  /** Its CIDRs, as EC2 wrote them. */
  entries: readonly string[];
}

/** A list that could not be read (access denied, throttled, gone...): `reason` says why. */
export interface UnreadablePrefixList {
  id: string;
  unreadable: true;
  reason: string;
}

export type PrefixListResolution = ReadPrefixList | UnreadablePrefixList;

/** The planner's input: resolutions by list id (`pl-...`). */
export type PrefixListResolutions = ReadonlyMap<string, PrefixListResolution>;

/**
 * A list whose content the verdict on some of the group's rules depends on, and that could not be
 * read (or was not resolved). Those rules were judged as references (as when no list is resolved:
 * only a matcher naming the list, or `any`, matches them), and this entry says the verdict (or its
 * severity) may be wrong. Not a violation by itself: see docs/policies.md, "Prefix lists".
 */
export interface UnverifiablePrefixList {
  prefixListId: string;
  reason: string;
  /** The group's rules that reference it and whose verdict depends on what it holds. */
  rules: Rule[];
}
