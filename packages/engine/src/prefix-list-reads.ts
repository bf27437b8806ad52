import {
  errorText,
  type PrefixListResolutions,
  prefixListIdsOf,
  type SecurityGroupState,
} from '@guardrail/core';
import type { GroupUnit } from './group-unit';
import type { ReconcileContext } from './reconcile-context';

/**
 * The prefix lists the group's rules reference, read in the member account (only for a group that
 * has such rules: one or two more calls, cached by list version). A reader that throws is taken as
 * every list unreadable: never a pass in silence.
 */
export async function resolvePrefixLists(
  ctx: ReconcileContext,
  unit: GroupUnit,
  group: SecurityGroupState,
): Promise<PrefixListResolutions | undefined> {
  const ids = prefixListIdsOf(group.rules);
  if (ids.length === 0 || !ctx.prefixLists) return undefined;
  try {
    return await ctx.prefixLists(unit.account, unit.region).resolve(ids);
  } catch (error) {
    const reason = `reading the prefix lists failed: ${errorText(error)}`;
    return new Map(ids.map((id) => [id, { id, unreadable: true as const, reason }]));
  }
}
