/** Operating defaults shared by the deploy config (infra) and the hub's environment (engine). */

/** The circuit breaker: this many remediations of one group within the window open it. */
export const DEFAULT_BREAKER = { maxRemediations: 5, windowMinutes: 10 } as const;

/** Concurrent group reconciles in one hub invocation: overall, and per member account. */
export const DEFAULT_CONCURRENCY = { max: 16, perAccount: 4 } as const;

/**
 * How long a dedupe claim holds when its holder neither completes nor releases it (a crash):
 * longer than the live hub function's timeout (30 s), shorter than its queue's visibility
 * timeout (180 s), so the redelivery of a crashed attempt finds it expired.
 */
export const DEFAULT_CLAIM_TTL_SECONDS = 90;

/**
 * How long a full sweep may take before it is alerted overdue (GUARDRAIL_SWEEP_DEADLINE_SECONDS):
 * infra derives it from the organization's size; this is the default of a hub run by hand.
 */
export const DEFAULT_SWEEP_DEADLINE_SECONDS = 3600;
/** At most a week: a sweep's tally is kept two. */
export const MAX_SWEEP_DEADLINE_SECONDS = 7 * 24 * 3600;

/** The longest claim lifetime: SQS's longest visibility timeout (12 hours), which a claim must stay below. */
export const MAX_CLAIM_TTL_SECONDS = 43_200;
