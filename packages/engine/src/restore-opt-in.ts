/**
 * A sticky opt-in put back (issue: nothing the guarded people do switches enforcement off). When
 * the policy the hub last enforced on a group says `optOut: restore` and the group's tags have
 * left it, the hub writes the opt-in (and mode) tag back before planning, so the group is judged
 * and enforced under that policy again, and the opt-out alert says so. A write that fails is told
 * in that alert, and the group is then treated as opted out; the next event or sweep tries again.
 */
import type { OptInRestore } from '@guardrail/core';
import type { GroupUnit } from './group-unit';
import { METRICS } from './metric-names';
import type { RememberedPolicy } from './policy-memory';
import { type GroupRead, planInputOf } from './read-group';
import type { ReconcileContext } from './reconcile-context';

type FoundRead = Extract<GroupRead, { status: 'found' }>;

export interface OptInRestoration {
  /** The read as the group now is: with the tags put back when the write succeeded. */
  read: FoundRead;
  restore: OptInRestore;
}

export async function restoreOptIn(
  ctx: ReconcileContext,
  unit: GroupUnit,
  read: FoundRead,
  prior: RememberedPolicy | undefined,
): Promise<OptInRestoration | undefined> {
  if (!prior) return undefined;
  const remembered = { policy: prior.policy, mode: prior.mode };
  // Pure and cheap: only the tags decide whether there is anything to put back.
  const tags = ctx.plan({ ...planInputOf(unit, read, ctx.now()), remembered }).restore;
  if (!tags) return undefined;
  const result = await read.gateway.tag(unit.groupId, tags);
  const restored = result.status === 'applied' || result.status === 'already-applied';
  ctx.metrics.record({
    name: METRICS.optInRestores,
    unit: 'Count',
    value: 1,
    dimensions: { outcome: restored ? 'restored' : 'failed' },
  });
  if (restored) {
    ctx.logger.warn('a sticky opt-in was put back', {
      account: unit.account,
      region: unit.region,
      groupId: unit.groupId,
      policy: prior.policy,
      tags,
    });
    const group = { ...read.group, tags: { ...read.group.tags, ...tags } };
    return { read: { ...read, group }, restore: { status: 'restored', tags } };
  }
  const code = result.status === 'group-not-found' ? 'InvalidGroup.NotFound' : result.code;
  const message = result.status === 'group-not-found' ? 'the group no longer exists' : result.message;
  ctx.logger.error('a sticky opt-in could not be put back', {
    account: unit.account,
    region: unit.region,
    groupId: unit.groupId,
    policy: prior.policy,
    code,
  });
  return { read, restore: { status: 'failed', tags, code, message } };
}
