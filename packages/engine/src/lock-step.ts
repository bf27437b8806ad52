/**
 * A lock group's baseline, settled before its plan is acted on (issue 12, docs/policies.md "Lock
 * policies"). The planner judged the group against the baseline it was given; this step handles
 * what it could not judge, or what it found accepted:
 *
 * - `enforced`: nothing to do here; the plan is acted on as every plan.
 * - `no-baseline` / `baseline-mismatch` (none kept, or one of another policy): the group's rules
 *   now, minus what the policy denies, become its baseline (captured, version 1 or the next), and
 *   the group is planned again against it: the denied rules are revoked and reported, nothing
 *   else changes. An info alert says it was captured.
 * - `rebaseline` (every triggering change was a trusted principal's): the same, as the next
 *   version, set by that principal; an info alert says so. The next untrusted change is measured
 *   against it.
 * - A baseline that cannot be read stops the group: reported (high), nothing judged or changed.
 *   One that cannot be written is reported (high) and enforced from memory for this reconcile.
 * - A write another instance beat (conflict) is settled by reading theirs and planning against it.
 */
import {
  type Baseline,
  type BaselineEvent,
  baselineIncident,
  errorText,
  type GroupChange,
  type Incident,
  type IncidentContext,
  isGroupChange,
  isTagChange,
  type Plan,
} from '@guardrail/core';
import type { BaselineRecall } from './baselines';
import type { GroupUnit } from './group-unit';
import type { ReconcileContext } from './reconcile-context';

/** The principal of a baseline the hub captured on its own (first seen opted in, by a sweep say). */
export const HUB_PRINCIPAL = 'guardrail';

export type LockSettlement =
  | { kind: 'plan'; plan: Plan; also: Incident[] }
  | { kind: 'stop'; outcome: 'baseline-unavailable' | 'retry'; reason: string; incident?: Incident };

export interface LockStepInput {
  unit: GroupUnit;
  group: Parameters<NonNullable<ReconcileContext['capture']>>[0]['group'];
  planned: Plan;
  recall: BaselineRecall;
  context: IncidentContext;
  now: Date;
  /** The group planned again with a baseline (same input otherwise). */
  replan(baseline: Baseline): Plan;
}

/** Who opted the group in: the newest tag (or creation) change of the unit made by a person. */
function optInActor(changes: readonly GroupChange[]): string | undefined {
  const tagging = changes.filter(
    (change) =>
      !change.byGuardrail &&
      (isTagChange(change) || (isGroupChange(change) && change.kind === 'create-group')),
  );
  const actor = tagging.at(-1)?.actor;
  return actor?.arn ?? actor?.sessionIssuerArn;
}

export async function settleLock(ctx: ReconcileContext, input: LockStepInput): Promise<LockSettlement> {
  const { unit, planned, recall, context, now } = input;
  const lock = planned.lock;
  if (!lock || lock.status === 'enforced' || planned.policy === undefined) {
    return { kind: 'plan', plan: planned, also: [] };
  }
  const incident = (event: BaselineEvent, extra: Partial<Parameters<typeof baselineIncident>[0]> = {}) =>
    baselineIncident({ context, event, changes: unit.changes, ...extra });
  if (recall.status === 'unreadable') {
    const error = errorText(recall.error);
    ctx.logger.error('a lock group was not judged: its baseline could not be read', {
      account: unit.account,
      region: unit.region,
      groupId: unit.groupId,
      error,
    });
    return {
      kind: 'stop',
      outcome: 'baseline-unavailable',
      reason: `the baseline could not be read: ${error}`,
      incident: incident('unavailable', { error }),
    };
  }
  if (!ctx.capture) {
    return {
      kind: 'stop',
      outcome: 'baseline-unavailable',
      reason: 'no baseline is kept for the group and this hub cannot capture one',
      incident: incident('unavailable', { error: 'no baseline capture configured' }),
    };
  }
  const previous = recall.status === 'found' ? recall.baseline : undefined;
  const trusted = lock.status === 'rebaseline';
  const opener = optInActor(unit.changes);
  const { baseline: next } = ctx.capture({
    group: input.group,
    policyName: planned.policy,
    account: unit.account,
    region: unit.region,
    by: trusted ? lock.by : (opener ?? HUB_PRINCIPAL),
    reason: trusted ? 'trusted-change' : 'captured',
    ...(trusted || opener ? {} : { note: 'first seen opted in without a baseline' }),
    now,
    ...(previous ? { previous } : {}),
  });
  const event: BaselineEvent = trusted ? 'updated' : 'captured';
  const write = await ctx.baselines.save(next, previous?.version);
  if (write.status === 'conflict') {
    // Another instance set one first: judge the group against theirs.
    const theirs = await ctx.baselines.recall(unit);
    if (theirs.status === 'found') return { kind: 'plan', plan: input.replan(theirs.baseline), also: [] };
    return { kind: 'stop', outcome: 'retry', reason: 'the baseline changed while this hub was setting it' };
  }
  if (write.status === 'failed') {
    const error = errorText(write.error);
    ctx.logger.error('a baseline could not be saved: the group is enforced against it this time only', {
      account: unit.account,
      region: unit.region,
      groupId: unit.groupId,
      version: next.version,
      error,
    });
    return { kind: 'plan', plan: input.replan(next), also: [incident('unsaved', { baseline: next, error })] };
  }
  ctx.logger.info(trusted ? 'baseline updated by a trusted principal' : 'baseline captured', {
    account: unit.account,
    region: unit.region,
    groupId: unit.groupId,
    version: next.version,
    rules: next.rules.length,
    by: next.setBy.principal,
  });
  return {
    kind: 'plan',
    plan: input.replan(next),
    also: [
      incident(event, {
        baseline: next,
        by: next.setBy.principal,
        ...(previous ? { previousVersion: previous.version } : {}),
      }),
    ],
  };
}
