/**
 * The sweep's messages (design.md sections 2 and 9): the scheduled request that starts a sweep,
 * and the per-account message it fans out to on the sweep queue, naming the account's regions
 * (one message per account, so that one instance, with one AssumeRole, serves all of them).
 * Neither is a CloudTrail event, so the hub recognises them before the event parser.
 */
import { ACCOUNT_ID_PATTERN, REGION_PATTERN, SWEEP_ID_PATTERN } from '@guardrail/core';

/** Invokes the hub Lambda to plan a sweep (EventBridge Scheduler / rule input). */
export interface SweepRequest {
  guardrail: 'sweep';
  /** Reusing an id makes a retried plan's targets dedupe against the first attempt's. */
  sweepId?: string;
  /** `forwarding`: only the forwarding health check of each target (the lighter, frequent run). */
  checks?: SweepChecks;
}

/** What a target checks: absent, its groups and its forwarding; `forwarding`, the forwarding only. */
export type SweepChecks = 'forwarding';

/**
 * What the planner saw of the account when it listed it: ACTIVE, at that time. While fresh, a
 * worker takes it instead of asking Organizations again (one DescribeAccount per target saved).
 */
export interface AccountListing {
  state: 'ACTIVE';
  /** ISO 8601: when ListAccounts said so. */
  at: string;
  name?: string;
}

/**
 * One account and region to sweep, as the hub works on it (a message naming several regions is
 * read as one target per region). A re-check (of a group whose rule the circuit breaker paused)
 * names its groups, and is not acted on before `notBefore`.
 */
export interface SweepTarget {
  guardrail: 'sweep-target';
  sweepId: string;
  account: string;
  region: string;
  /** Set by the planner: the account was ACTIVE when listed. */
  listed?: AccountListing;
  /** Only these groups, read one by one (no listing); absent: every opted-in group. */
  groupIds?: string[];
  /** ISO 8601: a target delivered earlier is put back on the queue until then. */
  notBefore?: string;
  checks?: SweepChecks;
}

/** At most this many groups per re-check target. */
export const MAX_TARGET_GROUPS = 10;
/** At most this many regions per message (every commercial region today is fewer). */
export const MAX_TARGET_REGIONS = 50;
// As the event parser reads them (sg- and lowercase letters or digits).
const GROUP_ID = /^sg-[0-9a-z]{1,32}$/;

export type SweepTargetRead =
  | { status: 'not-sweep' }
  /** One per region the message names, in its order. */
  | { status: 'target'; targets: SweepTarget[] }
  | { status: 'invalid'; reason: string };

// Core's pattern: the same ids name the results' keys and `s3://` URIs.
const SWEEP_ID = SWEEP_ID_PATTERN;

export function isSweepRequest(event: unknown): event is SweepRequest {
  if (!isRecord(event) || event.guardrail !== 'sweep') return false;
  if (event.checks !== undefined && event.checks !== 'forwarding') return false;
  return event.sweepId === undefined || (typeof event.sweepId === 'string' && SWEEP_ID.test(event.sweepId));
}

/**
 * Whether a decoded record body is a sweep target, and if it claims to be one, whether it is well
 * formed. It names one `region` (a re-check, a message of an earlier version) or several
 * `regions` (the planner's per-account message), never both.
 */
export function readSweepTarget(event: unknown): SweepTargetRead {
  if (!isRecord(event) || event.guardrail !== 'sweep-target') return { status: 'not-sweep' };
  const { sweepId, account } = event;
  if (typeof sweepId !== 'string' || !SWEEP_ID.test(sweepId))
    return { status: 'invalid', reason: 'sweep target: sweepId is missing or malformed' };
  if (typeof account !== 'string' || !ACCOUNT_ID_PATTERN.test(account))
    return { status: 'invalid', reason: 'sweep target: account must be a 12-digit account id' };
  const regions = readRegions(event);
  if (typeof regions === 'string') return { status: 'invalid', reason: regions };
  const target: Omit<SweepTarget, 'region'> = { guardrail: 'sweep-target', sweepId, account };
  const { groupIds, notBefore, checks, listed } = event;
  if (checks !== undefined) {
    if (checks !== 'forwarding')
      return { status: 'invalid', reason: 'sweep target: checks must be forwarding' };
    target.checks = checks;
  }
  if (groupIds !== undefined) {
    if (
      !Array.isArray(groupIds) ||
      groupIds.length === 0 ||
      groupIds.length > MAX_TARGET_GROUPS ||
      !groupIds.every((id) => typeof id === 'string' && GROUP_ID.test(id))
    )
      return {
        status: 'invalid',
        reason: `sweep target: groupIds must be 1 to ${MAX_TARGET_GROUPS} security group ids`,
      };
    if (regions.length > 1)
      return { status: 'invalid', reason: 'sweep target: groupIds name the groups of one region only' };
    target.groupIds = [...new Set(groupIds as string[])];
  }
  if (notBefore !== undefined) {
    if (typeof notBefore !== 'string' || Number.isNaN(Date.parse(notBefore)))
      return { status: 'invalid', reason: 'sweep target: notBefore must be an ISO 8601 instant' };
    target.notBefore = notBefore;
  }
  if (listed !== undefined) {
    const read = readListing(listed);
    if (typeof read === 'string') return { status: 'invalid', reason: read };
    target.listed = read;
  }
  return { status: 'target', targets: regions.map((region) => ({ ...target, region })) };
}

function readRegions(event: Record<string, unknown>): string[] | string {
  const { region, regions } = event;
  if (region !== undefined && regions !== undefined) return 'sweep target: names both region and regions';
  if (regions === undefined) {
    if (typeof region !== 'string' || !REGION_PATTERN.test(region))
      return 'sweep target: region is missing or malformed';
    return [region];
  }
  if (
    !Array.isArray(regions) ||
    regions.length === 0 ||
    regions.length > MAX_TARGET_REGIONS ||
    !regions.every((r) => typeof r === 'string' && REGION_PATTERN.test(r))
  )
    return `sweep target: regions must be 1 to ${MAX_TARGET_REGIONS} region names`;
  return [...new Set(regions as string[])];
}

function readListing(listed: unknown): AccountListing | string {
  const reason = 'sweep target: listed must be { state: ACTIVE, at: ISO 8601 instant, name? }';
  if (!isRecord(listed) || listed.state !== 'ACTIVE') return reason;
  const { at, name } = listed;
  if (typeof at !== 'string' || Number.isNaN(Date.parse(at))) return reason;
  if (name !== undefined && typeof name !== 'string') return reason;
  return { state: 'ACTIVE', at, ...(name === undefined ? {} : { name }) };
}

/** The re-check of one group once the breaker resumes its paused rule. */
export function recheckTarget(
  group: { account: string; region: string; groupId: string },
  notBefore: Date,
): SweepTarget {
  return {
    guardrail: 'sweep-target',
    sweepId: `recheck:${notBefore.getTime()}`,
    account: group.account,
    region: group.region,
    groupIds: [group.groupId],
    notBefore: notBefore.toISOString(),
  };
}

/**
 * A sweep-target message: one account, and one region or several (the planner sends each
 * account's regions together), with what the planner saw of the account.
 */
export function sweepTargetBody(
  sweepId: string,
  account: string,
  regions: string | readonly string[],
  checks?: SweepChecks,
  listed?: AccountListing,
): string {
  return JSON.stringify({
    guardrail: 'sweep-target',
    sweepId,
    account,
    ...(typeof regions === 'string' ? { region: regions } : { regions: [...regions] }),
    ...(checks ? { checks } : {}),
    ...(listed ? { listed } : {}),
  });
}

/** A re-check that came early, to be sent again: a new id, so that the next delivery is not its duplicate. */
export function putBack(target: SweepTarget, now: Date): SweepTarget {
  const due = target.notBefore === undefined ? now.getTime() : Date.parse(target.notBefore);
  return { ...target, sweepId: `recheck:${due}:${now.getTime()}` };
}

/** The target's identity for dedupe: one sweep handles an account and region (or those groups) once. */
export function sweepTargetKey(
  target: Pick<SweepTarget, 'sweepId' | 'account' | 'region' | 'groupIds' | 'checks'>,
): string {
  const groups = target.groupIds ? `/${[...target.groupIds].sort().join('+')}` : '';
  const checks = target.checks ? `/${target.checks}` : '';
  return `sweep/${target.sweepId}/${target.account}/${target.region}${groups}${checks}`;
}

export function isValidSweepId(id: string): boolean {
  return SWEEP_ID.test(id);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * When a sweep should have finished: the planner puts it on the sweep queue, delayed (and put
 * back until due, as SQS delays 15 minutes at the most). On arrival, a sweep not complete by then
 * is alerted overdue, and a complete one whose summary could not be published is published.
 */
export interface SweepDeadline {
  guardrail: 'sweep-deadline';
  sweepId: string;
  /** ISO 8601: the deadline. */
  notBefore: string;
}

export type SweepDeadlineRead =
  | { status: 'not-deadline' }
  | { status: 'deadline'; deadline: SweepDeadline }
  | { status: 'invalid'; reason: string };

export function sweepDeadlineBody(sweepId: string, notBefore: Date): string {
  const deadline: SweepDeadline = {
    guardrail: 'sweep-deadline',
    sweepId,
    notBefore: notBefore.toISOString(),
  };
  return JSON.stringify(deadline);
}

export function readSweepDeadline(event: unknown): SweepDeadlineRead {
  if (!isRecord(event) || event.guardrail !== 'sweep-deadline') return { status: 'not-deadline' };
  const { sweepId, notBefore } = event;
  if (typeof sweepId !== 'string' || !SWEEP_ID.test(sweepId))
    return { status: 'invalid', reason: 'sweep deadline: sweepId is missing or malformed' };
  if (typeof notBefore !== 'string' || Number.isNaN(Date.parse(notBefore)))
    return { status: 'invalid', reason: 'sweep deadline: notBefore must be an ISO 8601 instant' };
  return { status: 'deadline', deadline: { guardrail: 'sweep-deadline', sweepId, notBefore } };
}
