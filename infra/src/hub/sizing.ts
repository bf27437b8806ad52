import { Duration } from 'aws-cdk-lib';

/**
 * Timeouts, batch sizes and queue timings of the two hub functions, in one place because they
 * constrain each other. The functions run the same hub (the live-event one without the sweep's
 * parts: apps/hub/src/event-lambda.ts and lambda.ts); they are split because the live path and the
 * sweep need opposite sizing.
 *
 * Visibility timeouts are six times the reading function's timeout, as AWS advises for SQS event
 * sources (room for the poller's own retries when the function is throttled), so a record is never
 * redelivered while an invocation may still be working on it. The visibility timeout is also how
 * long a failed record waits before its retry: that is why the live events must not share the
 * sweep's timeout (120 s x 6 = 12 minutes, against a design where a revert takes seconds).
 */

/**
 * `guardrail-hub`: live events. A batch holds at most ten records, coalesced per group and
 * reconciled in parallel (at most four groups of one account at a time). One group costs at most
 * an AssumeRole (cached per account), an Organizations check (cached), a read, two mutations and a
 * publish: six calls, about 1.5 s at 250 ms a call. Ten groups of one account are three waves:
 * under 5 s, plus a cold start. 30 s leaves the SDK room for its retries with backoff under
 * throttling, while keeping a failed event's retry (the visibility timeout) at three minutes.
 */
export const EVENT_FUNCTION_TIMEOUT = Duration.seconds(30);

/**
 * `guardrail-sweep`: the scheduled planner and the sweep targets. The longest unit of work is one
 * sweep target (one account x one region), and the sweep event source hands the function exactly
 * one target per invocation (SWEEP_BATCH_SIZE), so the timeout has to fit one target, not a batch
 * of them. A target costs: one AssumeRole (cached per account), ceil(G / 1000)
 * DescribeSecurityGroups pages for its G opted-in groups (the listing is the read), and for each of
 * its D drifting groups up to three calls (revoke, authorize, publish), four groups of one account
 * at a time (the hub's per-account limit). At 250 ms a call (SDK retries and backoff included),
 * 120 s fits a listing of 2,500 groups (EC2's default per-region quota) with about 600 of them
 * drifting at once; compliant groups cost no call at all. A target beyond that times out and is
 * redelivered, and the retry is shorter: the groups already repaired are compliant now
 * (level-triggered reconcile). The planner (ListAccounts pages of 20, then SendMessageBatch of 10,
 * eight in flight) needs a few tens of seconds for 1,000 accounts x 20 regions, well inside the
 * same timeout.
 */
export const SWEEP_FUNCTION_TIMEOUT = Duration.seconds(120);

/** AWS's advice for an SQS event source: six times the function timeout. */
export function visibilityTimeoutFor(functionTimeout: Duration): Duration {
  return Duration.seconds(functionTimeout.toSeconds() * 6);
}

/**
 * How long a dedupe claim (GUARDRAIL_CLAIM_TTL_SECONDS) holds when its holder crashed: three times
 * the function timeout, so a live holder is never overtaken, and at most half the queue's visibility
 * timeout, so the queue's retry finds the claim free. 90 s for live events, 360 s for the sweep.
 */
export function claimTtlFor(functionTimeout: Duration): Duration {
  const seconds = functionTimeout.toSeconds();
  return Duration.seconds(Math.min(seconds * 3, visibilityTimeoutFor(functionTimeout).toSeconds() / 2));
}

/** The hub queue (live events): 180 s, so a failed live event is retried three minutes later. */
export const HUB_QUEUE_VISIBILITY_TIMEOUT = visibilityTimeoutFor(EVENT_FUNCTION_TIMEOUT);
/** The sweep queue: 720 s; a failed sweep target can wait, the next sweep is hours away anyway. */
export const SWEEP_QUEUE_VISIBILITY_TIMEOUT = visibilityTimeoutFor(SWEEP_FUNCTION_TIMEOUT);

/** One sweep target per invocation: the timeout bounds one target, and a slow account delays no other. */
export const SWEEP_BATCH_SIZE = 1;

/** Live events: a batch of up to ten records, their groups reconciled in parallel. */
export const EVENT_BATCH_SIZE = 10;

/** Receives before a live event goes to the hub DLQ (transient AWS errors get retries first). */
export const EVENT_MAX_RECEIVE_COUNT = 5;

/** Receives before a sweep target goes to the sweep DLQ; each attempt repairs what it reached. */
export const SWEEP_MAX_RECEIVE_COUNT = 3;

/** A hub queue whose oldest message is older than this is not being drained: alarm. */
export const HUB_QUEUE_MAX_AGE = Duration.minutes(5);

/**
 * Alarm threshold for the sweep queue's oldest target. Targets are enqueued when a sweep starts and
 * drained over the sweep's run; one still queued when the next sweep is due means the sweeps no
 * longer finish within their interval. So: the interval of a `rate(...)` schedule, and for a
 * `cron(...)` schedule (whose interval is not one number) a day. Capped at a day in both cases,
 * far below the queue's four-day retention, after which SQS would drop the target silently.
 */
export const SWEEP_BACKLOG_MAX_AGE_CAP = Duration.days(1);

export function sweepBacklogMaxAge(scheduleExpression: string): Duration {
  const rate = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/.exec(scheduleExpression);
  if (!rate) return SWEEP_BACKLOG_MAX_AGE_CAP;
  const amount = Number(rate[1]);
  const unit = rate[2]!;
  const interval = unit.startsWith('minute')
    ? Duration.minutes(amount)
    : unit.startsWith('hour')
      ? Duration.hours(amount)
      : Duration.days(amount);
  return interval.toSeconds() < SWEEP_BACKLOG_MAX_AGE_CAP.toSeconds() ? interval : SWEEP_BACKLOG_MAX_AGE_CAP;
}

/**
 * Retries of a sweep request. EventBridge Scheduler invokes the sweep function asynchronously: its
 * retry policy covers a request it could not hand to Lambda (throttling, function missing), and
 * Lambda's asynchronous retries cover a planning that failed (the request carries its sweep id, so
 * a retry re-enqueues the same targets). Either way, a request still failing after an hour goes to
 * the sweep request DLQ (alarmed): the next scheduled sweep is not far.
 */
export const SCHEDULER_RETRY_ATTEMPTS = 3;
/** Lambda allows 0-2 asynchronous retries. */
export const PLANNER_RETRY_ATTEMPTS = 2;
export const SWEEP_REQUEST_MAX_AGE = Duration.hours(1);
