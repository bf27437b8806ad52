/**
 * Opting out is an incident, not a silence. The hub compares what it last enforced on a group
 * (PolicyMemory) with what the group's tags say now: taking the opt-in tag away (or setting it to
 * a policy that does not exist), switching to another policy, or to audit mode, is alerted, with
 * the group's violations against the policy it left (high; critical when it then breaks that
 * policy). Going back under the remembered policy, or from audit to enforce, is not.
 */
import {
  type GroupChange,
  type Incident,
  type IncidentContext,
  type Mode,
  type OptInRestore,
  optOutIncident,
  type Plan,
} from '@guardrail/core';
import type { GroupResult } from './group-unit';
import type { RememberedPolicy } from './policy-memory';
import { contextOf, type GroupRead, planInputOf } from './read-group';
import type { ReconcileContext } from './reconcile-context';

export interface OptOutInput {
  prior: RememberedPolicy | undefined;
  /** The group's plan under its tags as they are now. */
  plan: Plan;
  changes: readonly GroupChange[];
  context: IncidentContext;
  now: Date;
  /** The group's plan as if it were still under `policy` in `mode` (its violations of what it left). */
  planAs(policy: string, mode: Mode): Plan;
  /** The hub put the tags of a sticky opt-in back (or failed to): see restore-opt-in.ts. */
  restore?: OptInRestore;
}

export interface OptOutCheck {
  incident?: Incident;
  /** What to remember now, when it differs from what was. */
  remember?: RememberedPolicy;
}

/** Where the group stands now: under a policy and mode, or out of any (unmanaged or misconfigured). */
function standing(plan: Plan): { policy: string; mode: Mode } | undefined {
  return plan.managed &&
    plan.misconfiguration === undefined &&
    plan.policy !== undefined &&
    plan.mode !== undefined
    ? { policy: plan.policy, mode: plan.mode }
    : undefined;
}

export function checkOptOut(input: OptOutInput): OptOutCheck {
  const { prior, plan, now } = input;
  const current = standing(plan);
  const at = now.toISOString();
  if (!prior) return current ? { remember: { ...current, since: at } } : {};
  const left = (leftPlan: Plan, followUp: boolean): Incident =>
    optOutIncident(input.context, {
      from: { policy: prior.policy, mode: prior.mode },
      to: current ?? (plan.misconfiguration ? { misconfiguration: plan.misconfiguration } : {}),
      left: leftPlan,
      changes: [...input.changes],
      followUp,
      ...(input.restore ? { restore: input.restore } : {}),
    });
  if (input.restore?.status === 'restored') {
    // Back under what it left, at once: told every time (someone took it out), remembered as in.
    const { leftAt, ...back } = prior;
    return {
      incident: left(input.planAs(prior.policy, prior.mode), false),
      ...(leftAt ? { remember: back } : {}),
    };
  }
  if (!current) {
    const leftPlan = input.planAs(prior.policy, prior.mode);
    if (!prior.leftAt) return { incident: left(leftPlan, false), remember: { ...prior, leftAt: at } };
    // Already told: an event that brings a new violation of the policy it left is told again.
    const brought = input.changes.length > 0 && leftPlan.violations.some((v) => v.cause === 'change');
    return brought ? { incident: left(leftPlan, true) } : {};
  }
  const unchanged = current.policy === prior.policy && current.mode === prior.mode;
  if (unchanged && !prior.leftAt) return {};
  // Back in after an opt-out already told, the same policy again, or up from audit to enforce.
  const upgrade = current.policy === prior.policy && current.mode === 'enforce';
  if (unchanged || prior.leftAt || upgrade) return { remember: { ...current, since: at } };
  return {
    incident: left(input.planAs(prior.policy, prior.mode), false),
    remember: { ...current, since: at },
  };
}

/**
 * Tells an opt-out (opt-in tag removed, another policy, audit mode) from what the hub last
 * enforced, and remembers what the group is under now (off the critical path).
 */
export function withOptOut(
  ctx: ReconcileContext,
  result: GroupResult,
  read: GroupRead,
  prior: RememberedPolicy | undefined,
  onError: (operation: string, error: unknown) => void,
  restore?: OptInRestore,
): GroupResult {
  const { unit } = result;
  if (read.status === 'ended' || !result.plan) return result;
  const now = ctx.now();
  // Put back, the group was planned under the policy it left: where its tags stood is the read's.
  const plan = restore?.status === 'restored' ? ctx.plan(planInputOf(unit, read, now)) : result.plan;
  const check = checkOptOut({
    prior,
    plan,
    ...(restore ? { restore } : {}),
    changes: unit.changes,
    context: contextOf(unit, read),
    now,
    planAs: (policy, mode) => ctx.plan({ ...planInputOf(unit, read, now), as: { policy, mode } }),
  });
  if (check.remember) ctx.defer(ctx.policies.remember(unit, check.remember, now, onError));
  if (!check.incident) return result;
  ctx.logger.warn('group left the policy the hub enforced', {
    account: unit.account,
    region: unit.region,
    groupId: unit.groupId,
    from: prior?.policy,
    to: plan.policy,
  });
  return { ...result, also: [...(result.also ?? []), check.incident] };
}
