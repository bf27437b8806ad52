import type { ActionOutcome, Incident, IncidentContext, Plan, SecurityGroupChange } from '@guardrail/core';
import type { CircuitBreaker } from './breaker';
import { executeActions } from './execute';
import { METRICS } from './metric-names';
import type { AccountLookup, EngineLogger, GatewayFactory, GroupPlanner, MetricsSink } from './ports';
import { reportStateError } from './state-errors';

/** One security group to reconcile, with every change of the batch that touched it. */
export interface GroupUnit {
  key: string;
  account: string;
  region: string;
  groupId: string;
  changes: SecurityGroupChange[];
}

export type GroupOutcome =
  | 'remediated'
  | 'partially-failed'
  | 'audit'
  | 'compliant'
  | 'unmanaged'
  | 'misconfigured'
  | 'contested'
  | 'group-deleted'
  | 'account-error'
  | 'retry';

/** What reconcile decided and did for one group; `incident` is what should be alerted, if anything. */
export interface GroupResult {
  unit: GroupUnit;
  outcome: GroupOutcome;
  reason?: string;
  code?: string;
  accountName?: string;
  plan?: Plan;
  outcomes?: ActionOutcome[];
  incident?: Incident;
}

export interface ReconcileContext {
  account(id: string): Promise<AccountLookup>;
  gateways: GatewayFactory;
  plan: GroupPlanner;
  breaker: CircuitBreaker;
  logger: EngineLogger;
  metrics: MetricsSink;
  now: () => Date;
}

/**
 * Level-triggered reconcile of one group (design.md section 3): the changes are evidence, the
 * decision is taken on the group's current state read from EC2 against its policy.
 */
export async function reconcileGroup(ctx: ReconcileContext, unit: GroupUnit): Promise<GroupResult> {
  const membership = await ctx.account(unit.account);
  if (membership.status === 'not-member') {
    return {
      unit,
      outcome: 'account-error',
      code: 'AccountNotInOrganization',
      reason: `account ${unit.account} is not a member of the organization: events from it are not acted on`,
    };
  }
  if (membership.status === 'inactive') {
    return {
      unit,
      outcome: 'account-error',
      code: 'AccountNotActive',
      accountName: membership.name,
      reason: `account ${unit.account} is ${membership.state ?? 'not active'} in the organization: events from it are not acted on`,
    };
  }
  const accountName = membership.name;
  const gateway = ctx.gateways(unit.account, unit.region);
  const read = await gateway.readGroup(unit.groupId);
  switch (read.status) {
    case 'found':
      break;
    case 'not-found':
      // Nothing to protect any more; we cannot tell whether it was opted in, so report, do not alert.
      return { unit, outcome: 'group-deleted', accountName, reason: 'the group no longer exists' };
    case 'access-denied':
      return {
        unit,
        outcome: 'account-error',
        accountName,
        code: read.code,
        reason: `cannot read ${unit.groupId} with the remediation role in account ${unit.account} (${read.code}: ${read.message}): is the account enrolled and the role deployed?`,
      };
    default:
      return {
        unit,
        outcome: 'retry',
        accountName,
        code: read.code,
        reason: `reading the group failed: ${read.message}`,
      };
  }

  const group = read.group;
  const now = ctx.now();
  const plan = ctx.plan({ group, account: unit.account, region: unit.region, changes: unit.changes, now });
  const context: IncidentContext = {
    account: accountName === undefined ? { id: unit.account } : { id: unit.account, name: accountName },
    region: unit.region,
    group: { groupId: unit.groupId, groupName: group.groupName, vpcId: group.vpcId },
  };
  const base = { unit, accountName, plan };

  if (plan.misconfiguration) {
    return {
      ...base,
      outcome: 'misconfigured',
      reason: plan.misconfiguration,
      incident: { kind: 'misconfigured', plan, context },
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
    return {
      ...base,
      outcome: audit ? 'audit' : 'compliant',
      outcomes: [],
      incident: { kind: 'remediation', plan, outcomes: [], context, completedAt: now.toISOString() },
    };
  }

  const onBreakerError = (operation: string, error: unknown) =>
    reportStateError(ctx, { store: 'breaker', operation, error, key: unit.key });
  const decision = await ctx.breaker.check(unit, now, onBreakerError);
  if (decision.state !== 'closed') {
    ctx.logger.warn('circuit breaker open: not remediating a contested group', {
      account: unit.account,
      region: unit.region,
      groupId: unit.groupId,
      remediations: decision.remediations,
      windowMinutes: ctx.breaker.options.windowMinutes,
    });
    ctx.metrics.record({
      name: METRICS.remediations,
      unit: 'Count',
      value: plan.actions.length,
      dimensions: { outcome: 'contested' },
    });
    return {
      ...base,
      outcome: 'contested',
      reason: `${decision.remediations} remediations within ${ctx.breaker.options.windowMinutes} minutes`,
      incident:
        decision.state === 'tripped'
          ? {
              kind: 'contested',
              plan,
              context,
              remediations: decision.remediations,
              windowMinutes: ctx.breaker.options.windowMinutes,
            }
          : undefined,
    };
  }

  const execution = await executeActions(gateway, unit.groupId, plan.actions, ctx.now);
  const completedAt = ctx.now();
  for (const outcome of execution.outcomes) {
    ctx.metrics.record({
      name: METRICS.remediations,
      unit: 'Count',
      value: 1,
      dimensions: { outcome: outcome.status },
    });
  }
  if (execution.outcomes.some((o) => o.status === 'succeeded'))
    await ctx.breaker.record(unit, completedAt, onBreakerError);
  recordExposure(ctx.metrics, plan, execution.outcomes);

  if (execution.groupGone) {
    return {
      ...base,
      outcome: 'group-deleted',
      outcomes: execution.outcomes,
      reason: 'the group was deleted before the hub acted',
      incident: { kind: 'group-deleted', context, changes: unit.changes },
    };
  }
  if (execution.retryable) {
    ctx.logger.warn('remediation hit a retryable failure: the records will be retried', {
      account: unit.account,
      region: unit.region,
      groupId: unit.groupId,
      outcomes: execution.outcomes.map((o) => ({ type: o.action.type, status: o.status, error: o.error })),
    });
    return {
      ...base,
      outcome: 'retry',
      outcomes: execution.outcomes,
      reason: 'a remediation call failed and will be retried',
    };
  }
  const failed = execution.outcomes.some((o) => o.status === 'failed');
  return {
    ...base,
    outcome: failed ? 'partially-failed' : 'remediated',
    outcomes: execution.outcomes,
    incident: {
      kind: 'remediation',
      plan,
      outcomes: execution.outcomes,
      context,
      completedAt: completedAt.toISOString(),
    },
  };
}

/** Exposure window of each reverted rule that a change added: eventTime to the revert's success. */
function recordExposure(metrics: MetricsSink, plan: Plan, outcomes: ActionOutcome[]): void {
  for (const outcome of outcomes) {
    const { action } = outcome;
    if (
      action.type !== 'revoke' ||
      action.cause !== 'change' ||
      outcome.status !== 'succeeded' ||
      !outcome.completedAt
    )
      continue;
    const added = plan.changes.filter((c) => c.rulesAdded.length > 0 || c.rulesModified.length > 0);
    const origin =
      added.find(
        (c) => action.ruleId !== undefined && c.rulesAdded.some((r) => r.ruleId === action.ruleId),
      ) ?? added.sort((a, b) => Date.parse(a.eventTime) - Date.parse(b.eventTime))[0];
    if (!origin) continue;
    const ms = Date.parse(outcome.completedAt) - Date.parse(origin.eventTime);
    if (Number.isFinite(ms))
      metrics.record({ name: METRICS.exposureWindow, unit: 'Milliseconds', value: Math.max(0, ms) });
  }
}
