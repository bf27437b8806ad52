/**
 * The sweep's sizing, derived from the organization (issue 13): how many accounts one invocation
 * takes (the sweep queue's batch size), how many invocations run at once (the event source's
 * maximum concurrency), the function's timeout, and by when a sweep is overdue. Pure numbers, so
 * infra (the deploy config's checks, the stack) and the bench read the same figures;
 * docs/deploy.md explains them.
 *
 * The unit of work is one account: the planner sends one message per account naming its regions,
 * so one AssumeRole serves all of them, and its regions are listed `perAccount` at a time (the
 * hub's per-account limit). With L seconds per AWS call (SDK retries included) and about C calls
 * per region (the groups page, their rules, a revoke and a publish for the few that drift):
 *
 *   waves          = ceil(R / perAccount)               an account's regions, perAccount at a time
 *   accountSeconds = (1 + waves x C) x L                the AssumeRole, then the waves
 *   batchSize      = clamp(floor(max / min(R, perAccount)), 1, 10)
 *                                                       enough accounts to fill the hub's `max` slots
 *   invocations    = ceil(A / batchSize)
 *   concurrency    = clamp(ceil(invocations x accountSeconds x 1.5 / goal), 2, 1000)
 *                                                       the goal with half again as headroom
 *   expected       = ceil(invocations / concurrency) x accountSeconds
 *   timeout        = clamp(waves x 60 s, 120 s, 900 s)  a region's worst listing is 60 s (2,500 groups)
 *   deadline       = max(15 min, 4 x expected + timeout)
 *
 * The request rates this makes (docs/deploy.md): AssumeRole and nothing else in the hub account
 * per account (A / expected per second), Organizations only ListAccounts pages (the planner) and
 * a DescribeAccount for an account whose listing was denied; EC2 at most `perAccount` calls at a
 * time per member account and region, inside its own token buckets.
 */

import { DEFAULT_CONCURRENCY } from './defaults';

/** Seconds per AWS call, SDK retries and backoff included (as the other sizing assumes). */
export const SWEEP_CALL_SECONDS = 0.25;
/** Calls per account x region: the groups page, their rules, and for the few drifting a revoke and a publish. */
export const SWEEP_CALLS_PER_REGION = 3;
/** A 1,000-account x 17-region x 20-group sweep is to finish in two minutes. */
export const SWEEP_GOAL_SECONDS = 120;
/** The organization size assumed when the deploy config names none. */
export const DEFAULT_ORGANIZATION_ACCOUNTS = 100;

export interface SweepSizing {
  /** Accounts (messages) per invocation: the sweep queue's batch size. */
  batchSize: number;
  /** Invocations at once: the sweep event source's maximum concurrency. */
  maxConcurrency: number;
  timeoutSeconds: number;
  /** A full sweep's expected duration at that sizing. */
  expectedSeconds: number;
  /** After this, a sweep not done is alerted overdue (GUARDRAIL_SWEEP_DEADLINE_SECONDS). */
  deadlineSeconds: number;
}

export function sweepSizing(organization: { accounts: number; regions: number }): SweepSizing {
  const accounts = Math.max(1, Math.ceil(organization.accounts));
  const regions = Math.max(1, Math.ceil(organization.regions));
  // The hub's limits in one invocation (the hub function's environment sets no other).
  const { max, perAccount } = DEFAULT_CONCURRENCY;
  const waves = Math.ceil(regions / perAccount);
  const accountSeconds = (1 + waves * SWEEP_CALLS_PER_REGION) * SWEEP_CALL_SECONDS;
  const batchSize = clamp(Math.floor(max / Math.min(regions, perAccount)), 1, 10);
  const invocations = Math.ceil(accounts / batchSize);
  const maxConcurrency = clamp(Math.ceil((invocations * accountSeconds * 1.5) / SWEEP_GOAL_SECONDS), 2, 1000);
  const expectedSeconds = Math.ceil(Math.ceil(invocations / maxConcurrency) * accountSeconds);
  const timeoutSeconds = clamp(waves * 60, 120, 900);
  const deadlineSeconds = Math.max(900, 4 * expectedSeconds + timeoutSeconds);
  return { batchSize, maxConcurrency, timeoutSeconds, expectedSeconds, deadlineSeconds };
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}
