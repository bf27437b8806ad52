/**
 * A sweep that says it ran (issue 13). Each finished target of a full sweep is counted once in
 * the sweep's tally; the count that completes it claims and publishes the summary (accounts,
 * regions, groups, violations, fixed, unreadable accounts, duration) and records the same
 * figures as metrics. The sweep's deadline message, when it arrives, alerts a sweep still not
 * complete (overdue), or publishes a complete sweep's summary whose publish had failed. Counting
 * never fails a record: enforcement matters more than the summary, and the deadline is the
 * backstop of a count or a publish that failed.
 */
import { errorText, type SweepSummaryFacts, sweepSummaryIncident } from '@guardrail/core';
import type { AlertComposer, AlertSink, EngineLogger, MetricsSink } from '../ports';
import type { SweepDeadline } from './messages';
import { SWEEP_METRICS } from './metric-names';
import type { RecheckQueuePort } from './ports';
import { delayUntil } from './recheck';
import type { SweepTargetReport } from './report';
import type { SweepNotice, SweepTally, SweepTallyPort } from './tally';

/** At most this many unreadable accounts are listed in a summary (all are counted). */
export const MAX_LISTED_UNREADABLE = 100;
/** A claim whose holder never published is free again after this (a crashed instance). */
export const NOTICE_HOLD_MS = 5 * 60_000;

export interface SweepSummaryContext {
  tally: SweepTallyPort;
  compose: AlertComposer;
  alerts: AlertSink;
  logger: EngineLogger;
  metrics: MetricsSink;
  now: () => Date;
  /** Where the summary says the sweep ran: the hub's account and region. */
  hub: { account: string; region: string };
}

/** Counts the batch's finished targets of full sweeps; publishes the summary of a sweep they complete. */
export async function tallyTargets(
  ctx: SweepSummaryContext,
  reports: readonly SweepTargetReport[],
): Promise<void> {
  const completed = new Map<string, SweepTally>();
  await Promise.all(
    reports.map(async (report) => {
      // A retried target is counted by its retry; re-checks and forwarding-only targets judge no whole target.
      if (report.outcome === 'retry' || !report.posture) return;
      try {
        const counted = await ctx.tally.count(
          report.sweepId,
          {
            account: report.account,
            region: report.region,
            groups: report.groups,
            violations: report.violations,
            fixed: report.fixed,
            ...(report.outcome === 'swept' ? {} : { unreadable: report.reason ?? report.outcome }),
          },
          ctx.now(),
        );
        // Complete, and (once counted or found counted) not yet summarised: this batch may publish.
        if (counted && isComplete(counted.tally) && counted.tally.summaryAt === undefined)
          completed.set(report.sweepId, counted.tally);
      } catch (error) {
        failed(
          ctx,
          'count',
          { sweepId: report.sweepId, account: report.account, region: report.region },
          error,
        );
      }
    }),
  );
  for (const tally of completed.values()) await publish(ctx, tally, 'summary');
}

/**
 * A sweep's deadline: 'put-back' when it came early (sent again for the rest of the wait), 'done'
 * when there was nothing to tell or it was told, 'retry' when a notice could not be published.
 */
export async function checkDeadline(
  ctx: SweepSummaryContext & { queue?: RecheckQueuePort },
  deadline: SweepDeadline,
): Promise<'done' | 'put-back' | 'retry'> {
  const now = ctx.now();
  const wait = delayUntil(deadline, now);
  if (wait > 0 && ctx.queue) {
    await ctx.queue.send(JSON.stringify(deadline), wait);
    return 'put-back';
  }
  let tally: SweepTally | undefined;
  try {
    tally = await ctx.tally.read(deadline.sweepId);
  } catch (error) {
    failed(ctx, 'read', { sweepId: deadline.sweepId }, error);
    return 'retry';
  }
  // No tally (expired, or planned by a hub without one): nothing to compare against.
  if (!tally || tally.summaryAt !== undefined || tally.overdueAt !== undefined) return 'done';
  if (isComplete(tally)) return (await publish(ctx, tally, 'summary')) ? 'done' : 'retry';
  return (await publish(ctx, tally, 'overdue')) ? 'done' : 'retry';
}

function isComplete(tally: SweepTally): boolean {
  return tally.finished >= tally.expected;
}

/** Claims, publishes and marks one notice; false when it could not be published (released for the next try). */
async function publish(ctx: SweepSummaryContext, tally: SweepTally, notice: SweepNotice): Promise<boolean> {
  const { sweepId } = tally;
  const now = ctx.now();
  try {
    if (!(await ctx.tally.claim(sweepId, notice, now, NOTICE_HOLD_MS))) return true;
  } catch (error) {
    failed(ctx, 'claim', { sweepId, notice }, error);
    return false;
  }
  const facts = factsOf(tally, notice === 'summary' ? 'complete' : 'overdue', now);
  try {
    const alert = ctx.compose(sweepSummaryIncident(facts, ctx.hub));
    if (alert) await ctx.alerts.publish(alert);
  } catch (error) {
    failed(ctx, 'publish', { sweepId, notice }, error);
    await ctx.tally.release(sweepId, notice).catch(() => undefined);
    return false;
  }
  await ctx.tally.markDone(sweepId, notice, now).catch((error: unknown) => {
    // Published, not marked: the claim's hold keeps a second copy away for a while; a late one is a duplicate, never silence.
    failed(ctx, 'mark', { sweepId, notice }, error);
  });
  record(ctx, facts);
  ctx.logger.info(notice === 'summary' ? 'sweep summary published' : 'sweep overdue: alerted', {
    sweepId,
    targets: facts.targets,
    groups: facts.groups,
    violations: facts.violations,
    fixed: facts.fixed,
    unreadable: facts.unreadableCount,
    durationSeconds: facts.durationSeconds,
  });
  return true;
}

function factsOf(tally: SweepTally, status: SweepSummaryFacts['status'], now: Date): SweepSummaryFacts {
  const durationSeconds = Math.max(0, Math.round((now.getTime() - Date.parse(tally.startedAt)) / 1000));
  return {
    sweepId: tally.sweepId,
    status,
    startedAt: tally.startedAt,
    at: now.toISOString(),
    durationSeconds,
    accounts: tally.accounts,
    regions: [...tally.regions],
    targets: { expected: tally.expected, finished: tally.finished },
    groups: tally.groups,
    violations: tally.violations,
    fixed: tally.fixed,
    unreadable: tally.unreadable.slice(0, MAX_LISTED_UNREADABLE),
    unreadableCount: tally.unreadable.length,
  };
}

function record(ctx: SweepSummaryContext, facts: SweepSummaryFacts): void {
  const count = (name: string, value: number) => ctx.metrics.record({ name, unit: 'Count', value });
  if (facts.status === 'overdue') {
    count(SWEEP_METRICS.sweepsOverdue, 1);
    return;
  }
  count(SWEEP_METRICS.sweepsCompleted, 1);
  ctx.metrics.record({
    name: SWEEP_METRICS.sweepDuration,
    unit: 'Milliseconds',
    value: facts.durationSeconds * 1000,
  });
  count(SWEEP_METRICS.sweepGroups, facts.groups);
  count(SWEEP_METRICS.sweepViolations, facts.violations);
  count(SWEEP_METRICS.sweepFixed, facts.fixed);
  count(SWEEP_METRICS.sweepUnreadableAccounts, facts.unreadableCount);
}

function failed(
  ctx: SweepSummaryContext,
  step: string,
  where: Record<string, unknown>,
  error: unknown,
): void {
  ctx.metrics.record({ name: SWEEP_METRICS.summaryFailures, unit: 'Count', value: 1, dimensions: { step } });
  ctx.logger.warn('sweep summary step failed: the sweep deadline tries again', {
    ...where,
    step,
    reason: errorText(error),
  });
}
