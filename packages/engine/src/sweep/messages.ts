/**
 * The sweep's messages (design.md sections 2 and 9): the scheduled request that starts a sweep,
 * and the per account/region target it fans out to on the sweep queue. Neither is a CloudTrail
 * event, so the hub recognises them before the event parser.
 */
import { ACCOUNT_ID_PATTERN, REGION_PATTERN } from '@guardrail/core';

/** Invokes the hub Lambda to plan a sweep (EventBridge Scheduler / rule input). */
export interface SweepRequest {
  guardrail: 'sweep';
  /** Reusing an id makes a retried plan's targets dedupe against the first attempt's. */
  sweepId?: string;
}

/** One account and region to sweep, as enqueued on the sweep queue. */
export interface SweepTarget {
  guardrail: 'sweep-target';
  sweepId: string;
  account: string;
  region: string;
}

export type SweepTargetRead =
  | { status: 'not-sweep' }
  | { status: 'target'; target: SweepTarget }
  | { status: 'invalid'; reason: string };

const SWEEP_ID = /^[\w:.+-]{1,128}$/;

export function isSweepRequest(event: unknown): event is SweepRequest {
  if (!isRecord(event) || event.guardrail !== 'sweep') return false;
  return event.sweepId === undefined || (typeof event.sweepId === 'string' && SWEEP_ID.test(event.sweepId));
}

/** Whether a decoded record body is a sweep target, and if it claims to be one, whether it is well formed. */
export function readSweepTarget(event: unknown): SweepTargetRead {
  if (!isRecord(event) || event.guardrail !== 'sweep-target') return { status: 'not-sweep' };
  const { sweepId, account, region } = event;
  if (typeof sweepId !== 'string' || !SWEEP_ID.test(sweepId))
    return { status: 'invalid', reason: 'sweep target: sweepId is missing or malformed' };
  if (typeof account !== 'string' || !ACCOUNT_ID_PATTERN.test(account))
    return { status: 'invalid', reason: 'sweep target: account must be a 12-digit account id' };
  if (typeof region !== 'string' || !REGION_PATTERN.test(region))
    return { status: 'invalid', reason: 'sweep target: region is missing or malformed' };
  return { status: 'target', target: { guardrail: 'sweep-target', sweepId, account, region } };
}

export function sweepTargetBody(sweepId: string, account: string, region: string): string {
  const target: SweepTarget = { guardrail: 'sweep-target', sweepId, account, region };
  return JSON.stringify(target);
}

/** The target's identity for dedupe: one sweep handles an account and region once. */
export function sweepTargetKey(target: Pick<SweepTarget, 'sweepId' | 'account' | 'region'>): string {
  return `sweep/${target.sweepId}/${target.account}/${target.region}`;
}

export function isValidSweepId(id: string): boolean {
  return SWEEP_ID.test(id);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
