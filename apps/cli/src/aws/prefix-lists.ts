/**
 * The managed prefix lists the groups' rules reference, read as the hub reads them (the same
 * PrefixListReader, in the same account and region), so the plan judges a list as the CIDRs it
 * holds. A list that cannot be read is `unreadable` with the reason: the planner reports it as
 * unverifiable, never as a pass. Read-only: DescribeManagedPrefixLists, GetManagedPrefixListEntries.
 */
import type { EC2Client } from '@aws-sdk/client-ec2';
import { PrefixListReader } from '@guardrail/aws';
import { type PrefixListResolution, prefixListIdsOf, type SecurityGroupState } from '@guardrail/core';

export async function readPrefixLists(
  ec2: EC2Client,
  groups: readonly SecurityGroupState[],
): Promise<Map<string, PrefixListResolution>> {
  const ids = [...new Set(groups.flatMap((group) => prefixListIdsOf(group.rules)))];
  if (ids.length === 0) return new Map();
  // Never throws: a list that cannot be read comes back as `unreadable`, with its reason.
  return new Map(await new PrefixListReader(ec2).resolve(ids));
}
