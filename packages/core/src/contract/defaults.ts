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

/** The longest claim lifetime: SQS's longest visibility timeout (12 hours), which a claim must stay below. */
export const MAX_CLAIM_TTL_SECONDS = 43_200;
