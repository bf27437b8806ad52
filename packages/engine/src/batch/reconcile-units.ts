/**
 * Phase 3, reconcile: every group the batch's events name, and every opted-in group of its sweep
 * targets, reconciled once with bounded concurrency (overall and per account). The groups' reads
 * start while the events' claims are out (design.md section 9), and one membership lookup per
 * account serves the whole batch.
 */
import { errorText, type GroupChange, isGroupChange } from '@guardrail/core';
import type { Baselines } from '../baselines';
import type { CircuitBreaker } from '../breaker';
import { dedupeKey } from '../dedupe';
import { type GroupResult, type GroupUnit, groupKey } from '../group-unit';
import type { Limiter } from '../limiter';
import { getOrCreate } from '../memo';
import { METRICS } from '../metric-names';
import type { Outbox } from '../outbox';
import type { PolicyMemory } from '../policy-memory';
import type {
  AccountDirectoryPort,
  AccountLookup,
  BaselineCapturer,
  EngineLogger,
  GatewayFactory,
  GroupPlanner,
  MetricsSink,
  PrefixListSource,
} from '../ports';
import { reconcileGroup } from '../reconcile';
import type { SweepBatch, SweepExpansion } from '../sweep/batch';
import type { RecheckQueuePort } from '../sweep/ports';
import type { Admission, PrefixListUnit } from './admit';
import { beforeDeadline } from './deadline';
import type { BatchJournal } from './journal';
import type { BatchLedger } from './ledger';

export interface ReconcileUnitsContext {
  gateways: GatewayFactory;
  accounts: AccountDirectoryPort;
  plan: GroupPlanner;
  breaker: CircuitBreaker;
  policies: PolicyMemory;
  outbox: Outbox;
  baselines: Baselines;
  capture?: BaselineCapturer;
  owedAfterMs: number;
  limiter: Limiter;
  /** True when claims are a round trip (a shared store): reads then start before they are in. */
  remoteClaims: boolean;
  logger: EngineLogger;
  metrics: MetricsSink;
  now: () => Date;
  /** When the batch started (the origin of the HubLatency metric). */
  started: Date;
  sweep: SweepBatch;
  recheck?: RecheckQueuePort;
  prefixLists?: PrefixListSource;
  ledger: BatchLedger;
  journal: BatchJournal;
  /** Epoch ms when the invocation ends (Lambda's remaining time); groups not done by then are retried. */
  deadline?: number;
}

export interface Reconciled {
  results: GroupResult[];
  /** What the sweep targets added (their alert jobs and retried targets), when the batch had any. */
  swept?: SweepExpansion;
}

/**
 * The groups a changed prefix list is associated with (in the list's account and region, through
 * the remediation role). A lookup that fails retries the event's records; without a reader the
 * next sweep re-judges them, and the log says so.
 */
async function listedUnits(
  ctx: ReconcileUnitsContext,
  account: (id: string) => Promise<AccountLookup>,
  item: PrefixListUnit,
): Promise<GroupUnit[]> {
  const { change } = item;
  const where = {
    eventId: change.eventId,
    account: change.account,
    region: change.region,
    prefixListId: change.prefixListId,
  };
  if (!ctx.prefixLists) {
    ctx.logger.warn(
      'prefix list changed, but this hub reads no prefix lists: the next sweep re-judges its groups',
      where,
    );
    return [];
  }
  // Nothing of an account is read before it is known as an ACTIVE member (see readGroup).
  let membership: AccountLookup;
  try {
    membership = await account(change.account);
  } catch (error) {
    ctx.ledger.retry(item.key);
    ctx.logger.warn('prefix list changed, its account could not be looked up: will retry', {
      ...where,
      reason: errorText(error),
    });
    return [];
  }
  if (membership.status !== 'active') {
    ctx.logger.warn(
      'prefix list changed in an account that is not an ACTIVE member: its groups are not read',
      {
        ...where,
        membership: membership.status,
      },
    );
    return [];
  }
  const found = await ctx
    .prefixLists(change.account, change.region)
    .associatedGroups(change.prefixListId)
    .catch((error: unknown) => ({ status: 'failed' as const, code: 'Error', message: errorText(error) }));
  if (found.status === 'failed') {
    ctx.ledger.retry(item.key);
    ctx.logger.warn('prefix list changed, its groups could not be listed: will retry', {
      ...where,
      code: found.code,
      reason: found.message,
    });
    return [];
  }
  ctx.logger.info('prefix list changed: re-judging the groups that use it', {
    ...where,
    groups: found.groups.length,
  });
  return found.groups.map(({ groupId, ownerId }) => {
    const account = ownerId ?? change.account;
    return {
      key: groupKey({ account, region: change.region, groupId }),
      account,
      region: change.region,
      groupId,
      changes: [],
    };
  });
}

/** The groups the events name, each with every change that touched it (before their claims are in). */
export function eventUnits(admission: Admission): GroupUnit[] {
  const units = new Map<string, GroupUnit>();
  for (const { change } of admission.events) {
    if (!isGroupChange(change)) continue;
    for (const groupId of change.groupIds) {
      const key = groupKey({ account: change.account, region: change.region, groupId });
      const unit: GroupUnit = getOrCreate(units, key, () => ({
        key,
        account: change.account,
        region: change.region,
        groupId,
        changes: [] as GroupChange[],
      }));
      if (!unit.changes.includes(change)) unit.changes.push(change);
    }
  }
  return [...units.values()];
}

export async function reconcileUnits(ctx: ReconcileUnitsContext, admission: Admission): Promise<Reconciled> {
  const { sweep, journal, metrics, now } = ctx;
  const lookups = new Map<string, Promise<AccountLookup>>();
  const account = (id: string) => getOrCreate(lookups, id, () => ctx.accounts.lookup(id));
  /** Accounts asked again in this batch (a sweep target denied to an account taken as ACTIVE). */
  const refreshed = new Map<string, Promise<AccountLookup>>();
  const reconcileCtx = {
    account,
    ...(ctx.accounts.cached
      ? { knownAccount: (id: string) => (refreshed.has(id) ? undefined : ctx.accounts.cached?.(id)) }
      : {}),
    gateways: sweep.size > 0 ? sweep.gateways(ctx.gateways) : ctx.gateways,
    plan: ctx.plan,
    breaker: ctx.breaker,
    policies: ctx.policies,
    outbox: ctx.outbox,
    baselines: ctx.baselines,
    ...(ctx.capture ? { capture: ctx.capture } : {}),
    owedAfterMs: ctx.owedAfterMs,
    logger: ctx.logger,
    metrics,
    now,
    defer: (work: Promise<unknown>) => journal.later(work),
    ...(ctx.recheck ? { recheck: ctx.recheck } : {}),
    ...(ctx.prefixLists ? { prefixLists: ctx.prefixLists } : {}),
  };
  const reconcile = (unit: GroupUnit, admitted?: Promise<GroupChange[]>) =>
    ctx.limiter.run(unit.account, async (): Promise<GroupResult | undefined> => {
      let result: GroupResult | undefined;
      try {
        result = await beforeDeadline(unit, ctx.deadline, () => reconcileGroup(reconcileCtx, unit, admitted));
      } catch (error) {
        result = { unit, outcome: 'retry', reason: errorText(error) };
      }
      const latency = Math.max(0, now().getTime() - ctx.started.getTime());
      for (const _change of result?.unit.changes ?? [])
        metrics.record({ name: METRICS.hubLatency, unit: 'Milliseconds', value: latency });
      return result;
    });

  /** unit key -> its reconcile; undefined when the unit's events were all claimed elsewhere. */
  const reconciles = new Map<string, Promise<GroupResult | undefined>>();
  for (const unit of eventUnits(admission)) {
    const admitted = admission.admitted.then(({ eventIds }) =>
      unit.changes.filter((c) => eventIds.has(c.eventId)),
    );
    // A shared store's claims take a round trip: read while they are out. A local store's are
    // answered at once: reconcile only the changes won.
    reconciles.set(
      unit.key,
      ctx.remoteClaims
        ? reconcile(unit, admitted)
        : admitted.then((changes) => (changes.length === 0 ? undefined : reconcile({ ...unit, changes }))),
    );
  }
  // A prefix list's change: every group that references it is re-judged (its records join them).
  const { prefixLists } = admission.events.some((e) => e.change.kind === 'prefix-list')
    ? await admission.admitted
    : { prefixLists: [] };
  await Promise.all(
    prefixLists.map(async (item) => {
      for (const unit of await listedUnits(ctx, account, item)) {
        for (const recordId of item.recordIds) ctx.ledger.attach(unit.key, recordId, item.eventKey);
        const prior = reconciles.get(unit.key);
        reconciles.set(unit.key, prior ? prior.then((r) => r ?? reconcile(unit)) : reconcile(unit));
      }
    }),
  );
  // Each sweep target's opted-in groups join the batch's units: same reconcile, same alerts. A
  // group an event of this batch touched is reconciled once, for both (unless its events were
  // all claimed elsewhere: then for the sweep alone).
  const startSwept = ({ unit, recordId, targetKey }: SweepExpansion['units'][number]) => {
    const prior = reconciles.get(unit.key);
    reconciles.set(unit.key, prior ? prior.then((r) => r ?? reconcile(unit)) : reconcile(unit));
    ctx.ledger.attach(unit.key, recordId, dedupeKey.sweep(targetKey));
  };
  const swept =
    sweep.size > 0
      ? await sweep.expand({
          // Each target's groups start as soon as it is listed, not once every target is.
          start: startSwept,
          account,
          refresh: (id) =>
            getOrCreate(refreshed, id, () => {
              ctx.accounts.forget?.(id);
              lookups.delete(id);
              return account(id);
            }),
          ...(ctx.accounts.prime
            ? { prime: (lookup: AccountLookup, asOf: Date) => ctx.accounts.prime?.(lookup, asOf) }
            : {}),
          limiter: ctx.limiter,
          logger: ctx.logger,
          now,
          ...(ctx.recheck ? { recheck: ctx.recheck } : {}),
        })
      : undefined;
  const results = (await Promise.all(reconciles.values())).filter((r): r is GroupResult => r !== undefined);
  return swept ? { results, swept } : { results };
}
