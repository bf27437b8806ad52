/**
 * The message attributes of a record the hub writes to a dead-letter queue: the engine writes
 * them, `guardrail dlq list` / `replay` read them.
 */
export const DEAD_LETTER_ATTRIBUTES = {
  /** Why the record could not be processed, for a person. */
  reason: 'guardrail-reason',
  /** The short machine-readable reason (`malformed-json`, `invalid-event`, `alert-publish-failed`...). */
  code: 'guardrail-code',
  /** The record (SQS message id) it came from. */
  recordId: 'guardrail-record-id',
} as const;
