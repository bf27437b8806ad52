/**
 * Re-checks: when the circuit breaker pauses a rule, the group is reconciled again by itself once
 * the pause ends (no event and no sweep needed). The re-check is a one-group sweep target on the
 * sweep queue, delayed until the pause ends; SQS delays at most 15 minutes, so a target that
 * arrives early is put back for the rest of the wait.
 */
import type { SweepTarget } from './messages';
import type { RecheckQueuePort } from './ports';

/** SQS's longest DelaySeconds. */
export const MAX_DELAY_SECONDS = 900;

/** Seconds from `now` until the target is due, within what SQS can delay (0 when due). */
export function delayUntil(target: Pick<SweepTarget, 'notBefore'>, now: Date): number {
  if (target.notBefore === undefined) return 0;
  const seconds = Math.ceil((Date.parse(target.notBefore) - now.getTime()) / 1000);
  return Math.min(MAX_DELAY_SECONDS, Math.max(0, seconds));
}

export function scheduleRecheck(queue: RecheckQueuePort, target: SweepTarget, now: Date): Promise<void> {
  return queue.send(JSON.stringify(target), delayUntil(target, now));
}
