import {
  type ActionOutcome,
  actionFingerprint,
  closedExposures,
  type GroupChange,
  groupDeletedIncident,
  type Incident,
  misconfiguredIncident,
  type Plan,
  remediationIncident,
  splitPlan,
} from '@guardrail/core';
import type { BaselineRecall } from './baselines';
import type { BreakerReading } from './breaker';
import { contestedPart } from './contested-part';
import { executeActions } from './execute';
import type { GroupResult, GroupUnit } from './group-unit';
import { settleLock } from './lock-step';
import { METRICS } from './metric-names';
import { withOptOut } from './opt-out';
import type { OutboxErrorReporter, OwedAlert } from './outbox';
import type { MetricsSink } from './ports';
import { resolvePrefixLists } from './prefix-list-reads';
import { contextOf, type GroupRead, planInputOf, readGroup } from './read-group';
import type { ReconcileContext } from './reconcile-context';
import { restoreOptIn } from './restore-opt-in';
import { reportStateError } from './state-errors';

/**
 * Level-triggered reconcile of one group (design.md section 3): the changes are evidence, the
 * decision is taken on the group's current state read from EC2 against its policy.
 *
 * The critical path (design.md section 9) is [claim | read | breaker read] -> mutate -> [publish |
 * breaker count | claim completion]: `admission` resolves to the changes whose claims this
 * instance won, while the group (and, for a unit with changes, its breaker count) is read. When it
 * won none, the read is discarded and nothing is returned: another instance acts on that group.
 * A unit without `admission` (a sweep's, claimed before) is reconciled with all its changes, and
 * reads the breaker only when its plan has actions: most swept groups are compliant.
 */
export async function reconcileGroup(
  ctx: ReconcileContext,
  unit: GroupUnit,
  admission?: Promise<GroupChange[]>,
): Promise<GroupResult | undefined> {
  const started = ctx.now();
  const onBreakerError = (operation: string, error: unknown) =>
    reportStateError(ctx, { store: 'breaker', operation, error, key: unit.key });
  const onPolicyError = (operation: string, error: unknown) =>
    reportStateError(ctx, { store: 'policies', operation, error, key: unit.key });
  const onOutboxError = (operation: string, error: unknown) =>
    reportStateError(ctx, { store: 'outbox', operation, error, key: unit.key });
  const [changes, read, prefetched, prior, owed, baseline] = await Promise.all([
    admission ?? unit.changes,
    readGroup(ctx, unit),
    unit.changes.length > 0 ? ctx.breaker.read(unit, started, onBreakerError) : undefined,
    ctx.policies.recall(unit, onPolicyError),
    ctx.outbox.recall(unit, onOutboxError),
    // Read with the rest (one batched read with the state table): only lock policies use it.
    ctx.baselines.recall(unit),
  ]);
  if (admission && changes.length === 0) return undefined;
  const admitted = changes.length === unit.changes.length ? unit : { ...unit, changes };
  // A sticky opt-in is put back first, so the group is planned under the policy it left.
  const restoring = read.status === 'found' ? await restoreOptIn(ctx, admitted, read, prior) : undefined;
  const breaker = { at: started, reading: prefetched, onBreakerError };
  const outbox = { owed, onError: onOutboxError };
  const lockIncidents: Incident[] = [];
  const acted = await planAndAct(ctx, admitted, restoring?.read ?? read, breaker, outbox, {
    recall: baseline,
    incidents: lockIncidents,
  });
  const result =
    lockIncidents.length > 0 ? { ...acted, also: [...lockIncidents, ...(acted.also ?? [])] } : acted;
  return withOptOut(ctx, result, read, prior, onPolicyError, restoring?.restore);
}

async function planAndAct(
  ctx: ReconcileContext,
  unit: GroupUnit,
  read: GroupRead,
  breaker: {
    at: Date;
    reading: BreakerReading | undefined;
    onBreakerError: (operation: string, error: unknown) => void;
  },
  outbox: { owed: OwedAlert | undefined; onError: OutboxErrorReporter },
  lock: { recall: BaselineRecall; incidents: Incident[] },
): Promise<GroupResult> {
  const { accountName } = read;
  if (read.status === 'ended') {
    return {
      unit,
      outcome: read.outcome,
      reason: read.reason,
      ...(read.code ? { code: read.code } : {}),
      ...(accountName === undefined ? {} : { accountName }),
    };
  }
  const { gateway } = read;
  const { onBreakerError } = breaker;
  const group = read.group;
  const prefixLists = await resolvePrefixLists(ctx, unit, group);
  const now = ctx.now();
  const input = { ...planInputOf(unit, read, now), ...(prefixLists ? { prefixLists } : {}) };
  const kept = lock.recall.status === 'found' ? lock.recall.baseline : undefined;
  const first = ctx.plan(kept ? { ...input, baseline: kept } : input);
  const context = contextOf(unit, read);
  // A lock group's baseline: captured, updated by a trusted change, or not readable (settleLock).
  const settled = await settleLock(ctx, {
    unit,
    group,
    planned: first,
    recall: lock.recall,
    context,
    now,
    replan: (baseline) => ctx.plan({ ...input, baseline }),
  });
  if (settled.kind === 'stop') {
    return {
      unit,
      plan: first,
      outcome: settled.outcome,
      reason: settled.reason,
      ...(settled.incident ? { incident: settled.incident } : {}),
      ...(accountName === undefined ? {} : { accountName }),
    };
  }
  lock.incidents.push(...settled.also);
  const planned = settled.plan;
  const plan = ownChangesOnly(unit) ? whatTheyDid(planned) : planned;
  if (plan.unverifiable && plan.unverifiable.length > 0) {
    ctx.metrics.record({
      name: METRICS.prefixListsUnverifiable,
      unit: 'Count',
      value: plan.unverifiable.length,
    });
    ctx.logger.warn('prefix lists could not be read: rules judged as references only', {
      account: unit.account,
      region: unit.region,
      groupId: unit.groupId,
      prefixLists: plan.unverifiable.map((u) => ({ id: u.prefixListId, reason: u.reason })),
    });
  }
  const base = { unit, accountName, plan };

  if (plan.misconfiguration) {
    return {
      ...base,
      outcome: 'misconfigured',
      reason: plan.misconfiguration,
      incident: misconfiguredIncident(plan, context),
    };
  }
  if (!plan.managed) return { ...base, outcome: 'unmanaged', reason: plan.unmanagedReason ?? 'not-opted-in' };

  if (plan.actions.length === 0) {
    const audit = plan.violations.length > 0;
    if (audit) {
      ctx.metrics.record({
        name: METRICS.remediations,
        unit: 'Count',
        value: plan.violations.length,
        dimensions: { outcome: 'audit-only' },
      });
    }
    // Already as wanted: an alert still owed for it (its hub died after acting) goes out now.
    const owed = dueAlert(ctx, unit, outbox, now);
    return {
      ...base,
      outcome: audit ? 'audit' : 'compliant',
      outcomes: [],
      incident: remediationIncident(plan, [], context, now.toISOString()),
      ...(owed ? { also: [owed.incident], outbox: owed } : {}),
    };
  }

  // Read with the group on the event path; read now for a sweep unit (same instant, same window).
  const at = breaker.reading ? breaker.at : now;
  const reading = breaker.reading ?? (await ctx.breaker.read(unit, at, onBreakerError));
  const fingerprints = plan.actions.map(actionFingerprint);
  const decision = await ctx.breaker.decide(unit, reading, fingerprints, at, onBreakerError);
  // Only the fought-over actions are held back: every other violation is enforced as usual.
  const { held, rest: enforced } = splitPlan(plan, (_, i) => decision.paused.has(fingerprints[i] ?? ''));
  const contested = held.actions.length > 0 ? contestedPart(ctx, unit, held, decision, context) : undefined;
  if (enforced.actions.length === 0 && contested) {
    return {
      ...base,
      outcome: 'contested',
      reason: contested.reason,
      ...(contested.incident ? { incident: contested.incident } : {}),
    };
  }
  const contestedResult = contested?.incident ? { also: [contested.incident] } : {};

  // What is about to be done is recorded first: if this instance dies before the alert is out,
  // whoever finds the group as wanted later publishes it (see outbox.ts).
  await ctx.outbox.open(unit, { plan: enforced, context, openedAt: now.toISOString() }, now, outbox.onError);
  const close = () => ctx.outbox.close(unit, outbox.onError);
  const execution = await executeActions(gateway, unit.groupId, enforced.actions, ctx.now);
  const completedAt = ctx.now();
  for (const outcome of execution.outcomes) {
    ctx.metrics.record({
      name: METRICS.remediations,
      unit: 'Count',
      value: 1,
      dimensions: { outcome: outcome.status },
    });
  }
  // Counted alongside the alert, not before it (CircuitBreaker.record never throws). Only what
  // this hub changed counts: an action another instance already applied is not a fight.
  const remediated = execution.outcomes
    .filter((o) => o.status === 'succeeded')
    .map((o) => actionFingerprint(o.action));
  if (remediated.length > 0) ctx.defer(ctx.breaker.record(unit, remediated, completedAt, onBreakerError));
  recordExposure(ctx.metrics, enforced, execution.outcomes, completedAt);

  if (execution.groupGone) {
    return {
      ...base,
      outcome: 'group-deleted',
      outcomes: execution.outcomes,
      reason: 'the group was deleted before the hub acted',
      incident: groupDeletedIncident(context, unit.changes),
    };
  }
  const incident = remediationIncident(enforced, execution.outcomes, context, completedAt.toISOString());
  const settles = { outbox: { incident, close } };
  if (execution.retryable) {
    ctx.logger.warn('remediation hit a retryable failure: the records will be retried', {
      account: unit.account,
      region: unit.region,
      groupId: unit.groupId,
      outcomes: execution.outcomes.map((o) => ({ type: o.action.type, status: o.status, error: o.error })),
    });
    // What did change is alerted now (the retry finds it done, with nothing to say about it); when
    // nothing did, the retry alerts it all.
    const changedSomething = execution.outcomes.some((o) => o.status === 'succeeded');
    return {
      ...base,
      outcome: 'retry',
      outcomes: execution.outcomes,
      reason: 'a remediation call failed and will be retried',
      ...(changedSomething ? { incident, ...settles } : {}),
      ...contestedResult,
    };
  }
  const failed = execution.outcomes.some((o) => o.status === 'failed');
  return {
    ...base,
    outcome: failed ? 'partially-failed' : 'remediated',
    outcomes: execution.outcomes,
    incident,
    ...settles,
    ...contestedResult,
  };
}

/**
 * The alert owed for a group now found as wanted, when it is due: recorded long enough ago that the
 * instance which recorded it cannot still be about to publish it. Told as the remediation it was,
 * each action done (the group is as they would leave it); its exposure is not measured.
 */
function dueAlert(
  ctx: ReconcileContext,
  unit: GroupUnit,
  outbox: { owed: OwedAlert | undefined; onError: OutboxErrorReporter },
  now: Date,
): { incident: Incident; close: () => Promise<void> } | undefined {
  const { owed } = outbox;
  if (!owed || now.getTime() - Date.parse(owed.openedAt) < ctx.owedAfterMs) return undefined;
  ctx.logger.warn('an alert owed for a group is published late: its hub stopped after acting', {
    account: unit.account,
    region: unit.region,
    groupId: unit.groupId,
    openedAt: owed.openedAt,
  });
  const outcomes = owed.plan.actions.map((action): ActionOutcome => ({ action, status: 'succeeded' }));
  return {
    incident: remediationIncident(owed.plan, outcomes, owed.context, owed.openedAt),
    close: () => ctx.outbox.close(unit, outbox.onError),
  };
}

/**
 * A unit of nothing but calls made with the guardrail's own identity (its restores, which the loop
 * guard re-checks rather than skips): judged for what those calls did, so a borrowed remediation
 * role that opened the group is reverted; what was already wrong (drift) is the sweep's, as for
 * any group no one changed.
 */
function ownChangesOnly(unit: GroupUnit): boolean {
  return unit.changes.length > 0 && unit.changes.every((change) => change.byGuardrail);
}

function whatTheyDid(plan: Plan): Plan {
  return {
    ...plan,
    violations: plan.violations.filter((v) => v.cause === 'change'),
    actions: plan.actions.filter((a) => a.cause === 'change'),
  };
}

/**
 * The ExposureWindow metric: one point per window this hub's reverts closed, the same windows the
 * alert shows (computed once, in @guardrail/core).
 */
function recordExposure(
  metrics: MetricsSink,
  plan: Plan,
  outcomes: ActionOutcome[],
  completedAt: Date,
): void {
  for (const window of closedExposures(plan, outcomes, completedAt.toISOString()))
    metrics.record({
      name: METRICS.exposureWindow,
      unit: 'Milliseconds',
      value: Math.round(window.seconds * 1000),
    });
}

export type { GroupOutcome, GroupResult, GroupUnit } from './group-unit';
export type { ReconcileContext } from './reconcile-context';
