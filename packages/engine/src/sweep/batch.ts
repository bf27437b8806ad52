/**
 * The sweep's part of one hub batch (design.md section 3: the same level-triggered reconcile as
 * the event path). Sweep-target records are claimed at admission; each target's opted-in groups
 * become group units with no changes, reconciled, alerted and retried exactly like the groups an
 * event touched.
 */
import {
  accountErrorIncident,
  errorText,
  type PostureGroup,
  postureGroup,
  type SecurityGroupState,
  unreadableGroup,
} from '@guardrail/core';
import type { BatchJournal } from '../batch/journal';
import type { BatchLedger } from '../batch/ledger';
import type { AlertJob, HubRecord } from '../batch/types';
import type { BatchClaims } from '../claims';
import { dedupeKey } from '../dedupe';
import type { ForwardingHealth } from '../forwarding/health';
import { type GroupResult, type GroupUnit, groupKey } from '../group-unit';
import type { Limiter } from '../limiter';
import type { AccountLookup, ClaimStatus, EngineLogger, GatewayFactory, MetricsSink } from '../ports';
import { putBack, type SweepTarget, sweepTargetKey } from './messages';
import { SWEEP_METRICS } from './metric-names';
import { NOT_A_SWEEP_HUB } from './not-a-sweep-hub';
import type { RecheckQueuePort, SweepGroupSource } from './ports';
import { delayUntil } from './recheck';
import type { SweepTargetOutcome, SweepTargetPosture, SweepTargetReport } from './report';

export type { SweepTargetOutcome, SweepTargetReport } from './report';

export interface SweepExpandContext {
  account(id: string): Promise<AccountLookup>;
  /**
   * Asks Organizations again, past any cached or primed answer (once per account per batch): when
   * a target planned ACTIVE cannot be read, is it still ACTIVE?
   */
  refresh(id: string): Promise<AccountLookup>;
  /**
   * Takes what the planner listed (ACTIVE, at that time) as the account's membership while it is
   * fresh, so a target costs no DescribeAccount; absent, every account is looked up.
   */
  prime?(lookup: AccountLookup, asOf: Date): void;
  limiter: Limiter;
  logger: EngineLogger;
  now: () => Date;
  /** Where a re-check that came early is put back; without it, it is acted on at once. */
  recheck?: RecheckQueuePort;
  /**
   * Starts a unit's reconcile as soon as its target is listed, so a region's revokes need not wait
   * for the account's other regions to be listed. Without it, the units are only returned.
   */
  start?(entry: SweepExpansion['units'][number]): void;
}

export interface SweepExpansion {
  /** Groups to reconcile, each tied to its target's record and key. */
  units: { unit: GroupUnit; recordId: string; targetKey: string }[];
  /** Alerts to publish for the targets (account errors); a failed publish retries their records. */
  jobs: AlertJob[];
  /** Target keys whose record must be retried. */
  retryKeys: string[];
}

/** What the sweep shares with the rest of the batch. */
export interface SweepBatchContext {
  /** Lists a target's opted-in groups; without it, sweep targets are dead-lettered. */
  source: SweepGroupSource | undefined;
  claims: Pick<BatchClaims, 'claim'>;
  ledger: BatchLedger;
  journal: BatchJournal;
  /** Checks each target's member forwarding; without it, only its groups are swept. */
  forwarding?: ForwardingHealth;
}

interface Claimed {
  key: string;
  recordId: string;
  /** Same-batch copies of the record: they follow its fate. */
  copies: string[];
  target: SweepTarget;
  /** Sent at intake, awaited alongside the target's listing. */
  claim: Promise<ClaimStatus>;
  outcome?: SweepTargetOutcome;
  reason?: string;
  /** The account's name, once its membership was looked up. */
  accountName?: string;
  unitKeys: string[];
}

/** What listing a claimed target found. */
type Listing =
  | { status: 'listed'; groups: SecurityGroupState[] }
  | { status: 'retry'; reason: string; code?: string }
  | { status: 'skipped'; reason: string }
  | { status: 'access-denied'; code: string; message: string };

export class SweepBatch {
  private readonly claimed = new Map<string, Claimed>();
  /** Records already dead-lettered at intake (a message naming several regions goes once). */
  private readonly poisoned = new Set<string>();
  /** Listed groups by unit key: their first read is served from the listing (one describe, not two). */
  private readonly snapshots = new Map<string, SecurityGroupState>();
  /** Listed groups by unit key, kept for the target's stored posture (name, VPC). */
  private readonly listed = new Map<string, SecurityGroupState>();

  constructor(private readonly ctx: SweepBatchContext) {}

  /** Targets claimed (or being claimed) by this batch. */
  get size(): number {
    return this.claimed.size;
  }

  /**
   * Admits a sweep-target record: its claim is sent, not awaited (`expand` awaits it before
   * listing the target); a second copy in the batch follows the first.
   */
  intake(record: HubRecord, target: SweepTarget): void {
    const { journal } = this.ctx;
    if (!this.ctx.source) {
      if (!this.poisoned.has(record.id)) journal.poison(record, NOT_A_SWEEP_HUB.code, NOT_A_SWEEP_HUB.target);
      this.poisoned.add(record.id);
      return;
    }
    const key = sweepTargetKey(target);
    const first = this.claimed.get(key);
    if (first) {
      first.copies.push(record.id);
      journal.skip(record.id, 'duplicate', undefined, `sweep target ${key} delivered twice in one batch`);
      return;
    }
    this.claimed.set(key, {
      key,
      recordId: record.id,
      copies: [],
      target,
      claim: this.ctx.claims.claim(dedupeKey.sweep(key)),
      unitKeys: [],
    });
  }

  /** Wraps the gateway factory so a listed group's first read is the listing's snapshot. */
  gateways(base: GatewayFactory): GatewayFactory {
    return (account, region) => {
      const gateway = base(account, region);
      return {
        ...(gateway.openSession ? { openSession: gateway.openSession.bind(gateway) } : {}),
        readGroup: (groupId, options) => {
          const key = groupKey({ account, region, groupId });
          const snapshot = this.snapshots.get(key);
          if (!snapshot) return gateway.readGroup(groupId, options);
          this.snapshots.delete(key);
          return Promise.resolve({ status: 'found' as const, group: snapshot });
        },
        revoke: (groupId, direction, items) => gateway.revoke(groupId, direction, items),
        authorize: (groupId, direction, permissions) => gateway.authorize(groupId, direction, permissions),
        updateDescriptions: (groupId, direction, items) =>
          gateway.updateDescriptions(groupId, direction, items),
        tag: (groupId, tags) => gateway.tag(groupId, tags),
      };
    };
  }

  /**
   * Lists each claimed target's opted-in groups (bounded per account like the reconciles). The
   * claims went out together at intake; a target's listing waits for its own claim (unlike an
   * event's read): a listing can span pages, and a redelivered target must not spend EC2's rate
   * limits. A target held elsewhere or already done leaves the batch.
   */
  async expand(ctx: SweepExpandContext): Promise<SweepExpansion> {
    const { journal, ledger } = this.ctx;
    const expansion: SweepExpansion = { units: [], jobs: [], retryKeys: [] };
    for (const { target } of this.claimed.values())
      if (target.listed && ctx.prime)
        ctx.prime(
          { status: 'active', id: target.account, name: target.listed.name ?? target.account },
          new Date(target.listed.at),
        );
    await Promise.all(
      [...this.claimed.values()].map((claimed) =>
        ctx.limiter.run(claimed.target.account, async () => {
          const status = await claimed.claim;
          if (status === 'done') {
            this.claimed.delete(claimed.key);
            journal.skip(
              claimed.recordId,
              'duplicate',
              undefined,
              `sweep target ${claimed.key} already handled`,
            );
            return;
          }
          if (status === 'in-progress') {
            this.claimed.delete(claimed.key);
            journal.defer(
              [claimed.recordId, ...claimed.copies],
              `sweep target ${claimed.key} is being handled by another instance`,
            );
            return;
          }
          for (const recordId of [claimed.recordId, ...claimed.copies])
            ledger.attach(claimed.key, recordId, dedupeKey.sweep(claimed.key));
          if (claimed.target.groupIds)
            await this.recheckGroups(ctx, claimed, claimed.target.groupIds, expansion);
          else if (claimed.target.checks === 'forwarding')
            await this.checkForwarding(ctx, claimed, expansion);
          else {
            const [listing] = await Promise.all([
              this.list(ctx, claimed),
              this.checkForwarding(ctx, claimed, expansion),
            ]);
            this.apply(ctx, claimed, listing, expansion);
          }
        }),
      ),
    );
    return expansion;
  }

  /**
   * A re-check names its groups: each is read and reconciled like an event's (the read checks the
   * account's membership). One that came before `notBefore` (SQS delays 15 minutes at the most) is
   * put back on the queue for the rest of the wait, under a new id so that its claim is its own.
   */
  private async recheckGroups(
    ctx: SweepExpandContext,
    claimed: Claimed,
    groupIds: readonly string[],
    out: SweepExpansion,
  ): Promise<void> {
    const { target } = claimed;
    const { account, region, sweepId } = target;
    const where = { sweepId, account, region, recordId: claimed.recordId };
    const now = ctx.now();
    const wait = delayUntil(target, now);
    if (wait > 0 && ctx.recheck) {
      try {
        await ctx.recheck.send(JSON.stringify(putBack(target, now)), wait);
      } catch (error) {
        claimed.outcome = 'retry';
        claimed.reason = `re-check came early and could not be put back: ${errorText(error)}`;
        out.retryKeys.push(claimed.key);
        ctx.logger.warn('sweep target failed: will retry', { ...where, reason: claimed.reason });
        return;
      }
      claimed.outcome = 'skipped';
      claimed.reason = `not due until ${target.notBefore}: put back on the queue for ${wait} s`;
      ctx.logger.info('sweep target skipped', { ...where, reason: claimed.reason });
      return;
    }
    claimed.outcome = 'swept';
    for (const groupId of groupIds) {
      const unit: GroupUnit = {
        key: groupKey({ account, region, groupId }),
        account,
        region,
        groupId,
        changes: [],
      };
      claimed.unitKeys.push(unit.key);
      this.emit(ctx, out, { unit, recordId: claimed.recordId, targetKey: claimed.key });
    }
    ctx.logger.info('sweep target re-checks its groups', { ...where, groups: groupIds.length });
  }

  /**
   * The target's member forwarding (rules, target, dead-letter queue), alerted when its verdict
   * changes. Only for an ACTIVE account; never throws (a check that fails is logged: the next
   * sweep or health check tries again). A forwarding-only target is swept when checked.
   */
  private async checkForwarding(
    ctx: SweepExpandContext,
    claimed: Claimed,
    out: SweepExpansion,
  ): Promise<void> {
    const health = this.ctx.forwarding;
    const { account, region, sweepId } = claimed.target;
    const forwardingOnly = claimed.target.checks === 'forwarding';
    if (!health) {
      if (forwardingOnly) {
        claimed.outcome = 'skipped';
        claimed.reason = 'this hub has no forwarding health check configured';
      }
      return;
    }
    try {
      const membership = await ctx.account(account);
      if (membership.status !== 'active') {
        if (forwardingOnly) {
          claimed.outcome = 'skipped';
          claimed.reason = 'account is not active';
        }
        return;
      }
      const check = await health.check({ account, region, accountName: membership.name }, ctx.now());
      if (forwardingOnly) claimed.outcome = 'swept';
      ctx.logger.info('forwarding checked', { sweepId, account, region, problems: check.problems.length });
      if (check.incident)
        out.jobs.push({
          incident: check.incident,
          unitKeys: [claimed.key],
          where: { account, region },
          afterDelivery: check.settle,
        });
      else await check.settle();
    } catch (error) {
      ctx.logger.warn('forwarding check failed: the next check tries again', {
        sweepId,
        account,
        region,
        reason: errorText(error),
      });
      if (forwardingOnly) {
        claimed.outcome = 'retry';
        claimed.reason = `forwarding check failed: ${errorText(error)}`;
        out.retryKeys.push(claimed.key);
      }
    }
  }

  /**
   * The account is still ACTIVE, and its opted-in groups with their rules: both asked at once
   * (the listing's AssumeRole need not wait for the membership), the listing discarded when the
   * account is not ACTIVE. A listing denied to an account taken as ACTIVE (from the planner's
   * listing or a cached answer) asks Organizations again: an account suspended since is skipped
   * and reported, not alerted as an enrollment problem. Never throws.
   */
  private async list(ctx: SweepExpandContext, claimed: Claimed): Promise<Listing> {
    const { account, region } = claimed.target;
    const listing = this.listGroups(account, region);
    let membership: AccountLookup;
    try {
      membership = await ctx.account(account);
    } catch (error) {
      return { status: 'retry', reason: `account lookup failed: ${errorText(error)}` };
    }
    const inactive = this.inactive(claimed, membership);
    if (inactive) return inactive;
    const listed = await listing;
    if (listed.status !== 'access-denied') return listed;
    try {
      const again = await ctx.refresh(account);
      const since = this.inactive(claimed, again, ' (since the sweep was planned)');
      if (since) return since;
    } catch {
      // Unknown: the denial stands as the account error it is.
    }
    return listed;
  }

  /** Planned while ACTIVE, gone or suspended since: nothing there to remediate or alert. */
  private inactive(claimed: Claimed, membership: AccountLookup, since = ''): Listing | undefined {
    if (membership.status !== 'not-member') claimed.accountName = membership.name;
    if (membership.status === 'active') return undefined;
    const state = membership.status === 'inactive' ? (membership.state ?? 'not active') : 'not a member';
    return { status: 'skipped', reason: `account is ${state}${since}` };
  }

  private async listGroups(account: string, region: string): Promise<Listing> {
    let listed: Awaited<ReturnType<SweepGroupSource['list']>>;
    try {
      listed = await (this.ctx.source as SweepGroupSource).list(account, region);
    } catch (error) {
      return { status: 'retry', reason: `listing the opted-in groups threw: ${errorText(error)}` };
    }
    if (listed.status === 'access-denied')
      return { status: 'access-denied', code: listed.code, message: listed.message };
    if (listed.status !== 'listed')
      return {
        status: 'retry',
        reason: `listing the opted-in groups failed: ${listed.message}`,
        code: listed.code,
      };
    return listed;
  }

  private apply(ctx: SweepExpandContext, claimed: Claimed, listing: Listing, out: SweepExpansion): void {
    const { account, region, sweepId } = claimed.target;
    const where = { sweepId, account, region, recordId: claimed.recordId };
    switch (listing.status) {
      case 'retry':
        claimed.outcome = 'retry';
        claimed.reason = listing.reason;
        out.retryKeys.push(claimed.key);
        ctx.logger.warn('sweep target failed: will retry', {
          ...where,
          reason: listing.reason,
          ...(listing.code ? { code: listing.code } : {}),
        });
        return;
      case 'skipped':
        claimed.outcome = 'skipped';
        claimed.reason = listing.reason;
        ctx.logger.info('sweep target skipped', { ...where, reason: claimed.reason });
        return;
      case 'access-denied': {
        claimed.outcome = 'account-error';
        claimed.reason = `cannot list the security groups of account ${account} in ${region} with the remediation role (${listing.code}: ${listing.message}): is the account enrolled and the role deployed?`;
        ctx.logger.error('sweep target: account error', {
          ...where,
          code: listing.code,
          reason: claimed.reason,
        });
        const name = claimed.accountName;
        out.jobs.push({
          incident: accountErrorIncident({
            account,
            accountName: name,
            region,
            reason: claimed.reason,
            code: listing.code,
            changes: [],
          }),
          unitKeys: [claimed.key],
          where: { account, region },
        });
        return;
      }
      case 'listed':
        claimed.outcome = 'swept';
        for (const group of listing.groups) {
          const unit: GroupUnit = {
            key: groupKey({ account, region, groupId: group.groupId }),
            account,
            region,
            groupId: group.groupId,
            changes: [],
          };
          this.snapshots.set(unit.key, group);
          this.listed.set(unit.key, group);
          claimed.unitKeys.push(unit.key);
          this.emit(ctx, out, { unit, recordId: claimed.recordId, targetKey: claimed.key });
        }
        ctx.logger.info('sweep target listed', { ...where, groups: listing.groups.length });
    }
  }

  private emit(ctx: SweepExpandContext, out: SweepExpansion, entry: SweepExpansion['units'][number]): void {
    out.units.push(entry);
    ctx.start?.(entry);
  }

  /** Per-target results and the sweep's metrics, once the batch's groups are reconciled and alerted. */
  finish(
    results: readonly GroupResult[],
    retryUnits: ReadonlySet<string>,
    metrics: MetricsSink,
  ): SweepTargetReport[] {
    const byUnit = new Map(results.map((r) => [r.unit.key, r]));
    const reports: SweepTargetReport[] = [];
    for (const claimed of this.claimed.values()) {
      const swept = claimed.unitKeys.flatMap((key) => {
        const result = byUnit.get(key);
        return result ? [result] : [];
      });
      const violations = swept.reduce((n, r) => n + (r.plan?.violations.length ?? 0), 0);
      const fixed = swept.filter((r) => r.outcome === 'remediated').length;
      const retried =
        claimed.outcome === 'retry' || [claimed.key, ...claimed.unitKeys].some((k) => retryUnits.has(k));
      const outcome: SweepTargetOutcome = retried ? 'retry' : (claimed.outcome ?? 'retry');
      // Found is found, even if a publish failure makes the record retry.
      if (claimed.outcome === 'swept') {
        metrics.record({ name: SWEEP_METRICS.groupsSwept, unit: 'Count', value: swept.length });
        metrics.record({ name: SWEEP_METRICS.violationsFound, unit: 'Count', value: violations });
      }
      metrics.record({
        name: SWEEP_METRICS.targetsProcessed,
        unit: 'Count',
        value: 1,
        dimensions: { outcome },
      });
      reports.push({
        recordId: claimed.recordId,
        sweepId: claimed.target.sweepId,
        account: claimed.target.account,
        region: claimed.target.region,
        outcome,
        ...(claimed.reason ? { reason: claimed.reason } : {}),
        groups: swept.length,
        violations,
        fixed,
        ...(outcome !== 'retry' && isWholeTarget(claimed.target)
          ? {
              posture: this.posture(
                claimed,
                claimed.unitKeys.map((key) => [key, byUnit.get(key)]),
              ),
            }
          : {}),
      });
    }
    return reports;
  }

  /**
   * A finished target's groups as its stored result shows them: each judged group's posture from
   * its plan; a group whose reconcile ended without a verdict (its account could not be read) is
   * unreadable with the reason; a group that left (deleted, opted out since the listing) is not
   * in it.
   */
  private posture(claimed: Claimed, units: [string, GroupResult | undefined][]): SweepTargetPosture {
    const { account, region } = claimed.target;
    const groups: PostureGroup[] = [];
    for (const [key, result] of units) {
      const groupId = key.slice(`${account}/${region}/`.length);
      if (!result) {
        groups.push(unreadableGroup({ account, region, groupId }, 'not reconciled in this sweep'));
        continue;
      }
      const { plan } = result;
      if (plan && (plan.managed || plan.misconfiguration)) {
        const group = this.listed.get(key) ?? { groupId, tags: {}, rules: [] };
        groups.push(postureGroup(group, plan, { account, region }));
      } else if (result.outcome === 'account-error')
        groups.push(unreadableGroup({ account, region, groupId }, result.reason ?? 'account error'));
    }
    return { ...(claimed.accountName === undefined ? {} : { accountName: claimed.accountName }), groups };
  }
}

/** A full sweep's target: its account x region as a whole (not a re-check of some groups, not forwarding only). */
function isWholeTarget(target: SweepTarget): boolean {
  return (
    target.groupIds === undefined && target.checks === undefined && !target.sweepId.startsWith('recheck:')
  );
}
