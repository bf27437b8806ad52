import { Duration } from 'aws-cdk-lib';

/**
 * Timeouts and batch sizes of the hub function and its queues, in one place because they constrain
 * each other (Lambda refuses an SQS event source whose queue's visibility timeout is shorter than
 * the function's timeout).
 *
 * The longest unit of work is one sweep target (one account x one region), and the sweep event
 * source hands the function exactly one target per invocation (SWEEP_BATCH_SIZE), so the timeout
 * has to fit one target, not a batch of them. A target costs: one AssumeRole (cached per account),
 * ceil(G / 1000) DescribeSecurityGroups pages for its G opted-in groups (the listing is the read),
 * and for each of its D drifting groups up to three calls (revoke, authorize, publish), four groups
 * of one account at a time (the hub's per-account limit). At 250 ms a call (SDK retries and
 * backoff included), 120 s fits a listing of 2,500 groups (EC2's default per-region quota) with
 * about 600 of them drifting at once; compliant groups cost no call at all. A target beyond that
 * times out and is redelivered, and the retry is shorter: the groups already repaired are
 * compliant now (level-triggered reconcile). The planner (ListAccounts pages of 20, then
 * SendMessageBatch of 10, eight in flight) needs a few tens of seconds for 1,000 accounts x 20
 * regions, well inside the same timeout; event batches (10 records) need far less.
 */
export const HUB_FUNCTION_TIMEOUT = Duration.seconds(120);

/** One sweep target per invocation: the timeout bounds one target, and a slow account delays no other. */
export const SWEEP_BATCH_SIZE = 1;

/** Live events: a batch of up to ten records, their groups reconciled in parallel. */
export const EVENT_BATCH_SIZE = 10;

/**
 * Both queues' visibility timeout: six times the function timeout, as AWS advises for SQS event
 * sources (room for the poller's own retries when the function is throttled), so that a record is
 * never redelivered while an invocation may still be working on it.
 */
export const QUEUE_VISIBILITY_TIMEOUT = Duration.seconds(HUB_FUNCTION_TIMEOUT.toSeconds() * 6);

/** Receives before a live event goes to the hub DLQ (transient AWS errors get retries first). */
export const EVENT_MAX_RECEIVE_COUNT = 5;

/** Receives before a sweep target goes to the sweep DLQ; each attempt repairs what it reached. */
export const SWEEP_MAX_RECEIVE_COUNT = 3;

/**
 * Retries of a sweep request. EventBridge Scheduler invokes Lambda asynchronously: its retry
 * policy covers a request it could not hand to Lambda (throttling, function missing), and Lambda's
 * asynchronous retries cover a planning that failed (the request carries its sweep id, so a retry
 * re-enqueues the same targets). Either way, a request still failing after an hour goes to the
 * sweep request DLQ (alarmed): the next scheduled sweep is not far.
 */
export const SCHEDULER_RETRY_ATTEMPTS = 3;
/** Lambda allows 0-2 asynchronous retries. */
export const PLANNER_RETRY_ATTEMPTS = 2;
export const SWEEP_REQUEST_MAX_AGE = Duration.hours(1);
