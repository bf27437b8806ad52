/**
 * Phase 4, incidents: what the batch's results are to be told as. Each group's result is
 * reported, counted and logged; its incident becomes an alert job; a group to retry marks its
 * unit (what was done before the failure is still alerted now: the retry finds it done). Account
 * errors are one alert per account and region, however many of its groups the batch touched;
 * every admitted tampering event is one alert.
 */
import { accountErrorIncident, type GroupChange, type Incident, tamperIncident } from '@guardrail/core';
import type { GroupResult } from '../group-unit';
import { getOrCreate } from '../memo';
import { METRICS } from '../metric-names';
import type { EngineLogger, MetricsSink } from '../ports';
import type { TamperUnit } from './admit';
import type { BatchJournal } from './journal';
import type { BatchLedger } from './ledger';
import type { AlertJob } from './types';

export interface IncidentsContext {
  logger: EngineLogger;
  metrics: MetricsSink;
  ledger: BatchLedger;
  journal: BatchJournal;
}

/** The alert jobs of the reconciled groups, then of the account errors, then of the tampering. */
export function incidentJobs(
  ctx: IncidentsContext,
  results: readonly GroupResult[],
  tamper: readonly TamperUnit[],
): AlertJob[] {
  const jobs: AlertJob[] = [];
  const accountErrors = new Map<string, GroupResult[]>();
  for (const result of results) {
    const { unit } = result;
    report(ctx, result);
    const jobOf = (incident: Incident): AlertJob => ({
      incident,
      unitKeys: [unit.key],
      where: { account: unit.account, region: unit.region, groupId: unit.groupId },
      ...(result.outbox?.incident === incident ? { afterDelivery: result.outbox.close } : {}),
    });
    const job: AlertJob | undefined = result.incident && jobOf(result.incident);
    // A contested rule's or an opt-out's alert (or one owed) goes out whatever became of the rest.
    for (const incident of result.also ?? []) jobs.push(jobOf(incident));
    if (result.outcome === 'retry') {
      ctx.ledger.retry(unit.key);
      if (job) jobs.push(job);
      continue;
    }
    if (result.outcome === 'account-error') {
      getOrCreate(accountErrors, `${unit.account}/${unit.region}`, () => [] as GroupResult[]).push(result);
      continue;
    }
    if (job) jobs.push(job);
  }
  for (const grouped of accountErrors.values()) jobs.push(accountErrorJob(grouped));
  for (const item of tamper) jobs.push(tamperJob(ctx.logger, item));
  return jobs;
}

function report(ctx: IncidentsContext, result: GroupResult): void {
  const { unit } = result;
  ctx.journal.report.groups.push({
    account: unit.account,
    region: unit.region,
    groupId: unit.groupId,
    outcome: result.outcome,
    ...(result.reason ? { reason: result.reason } : {}),
    eventIds: unit.changes.map((c) => c.eventId),
    result,
  });
  ctx.metrics.record({
    name: METRICS.groupsReconciled,
    unit: 'Count',
    value: 1,
    dimensions: { outcome: result.outcome },
  });
  const attributes = {
    account: unit.account,
    region: unit.region,
    groupId: unit.groupId,
    outcome: result.outcome,
    eventIds: unit.changes.map((c) => c.eventId),
    ...(result.plan?.policy ? { policy: result.plan.policy, mode: result.plan.mode } : {}),
    ...(result.reason ? { reason: result.reason } : {}),
    ...(result.code ? { code: result.code } : {}),
    violations: result.plan?.violations.length ?? 0,
    actions:
      result.outcomes?.map((o) => ({
        type: o.action.type,
        direction: o.action.direction,
        status: o.status,
        error: o.error,
      })) ?? [],
  };
  if (result.outcome === 'retry') ctx.logger.warn('group reconcile failed: will retry', attributes);
  else if (result.outcome === 'account-error' || result.outcome === 'partially-failed')
    ctx.logger.error('group reconciled', attributes);
  else ctx.logger.info('group reconciled', attributes);
}

function accountErrorJob(grouped: GroupResult[]): AlertJob {
  const first = grouped[0]!;
  return {
    incident: accountErrorIncident({
      account: first.unit.account,
      accountName: first.accountName,
      region: first.unit.region,
      reason: first.reason ?? 'the account cannot be remediated',
      code: first.code,
      changes: uniqueChanges(grouped.flatMap((r) => r.unit.changes)),
    }),
    unitKeys: grouped.map((r) => r.unit.key),
    where: { account: first.unit.account, region: first.unit.region },
  };
}

function tamperJob(logger: EngineLogger, { key, change }: TamperUnit): AlertJob {
  logger.warn('a change to a guardrail member rule or role', {
    eventId: change.eventId,
    eventName: change.eventName,
    account: change.account,
    region: change.region,
    target: change.target,
    actor: change.actor.arn,
  });
  return {
    incident: tamperIncident(change),
    unitKeys: [key],
    where: { account: change.account, region: change.region },
  };
}

function uniqueChanges(changes: GroupChange[]): GroupChange[] {
  const seen = new Set<string>();
  return changes.filter((c) => !seen.has(c.eventId) && seen.add(c.eventId));
}
