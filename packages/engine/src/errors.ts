import { GuardrailError } from '@guardrail/core';

/** Some records of a directly invoked batch must be retried (Lambda's async retry does it). */
export class RetryableBatchError extends GuardrailError {
  override readonly name = 'RetryableBatchError';
  constructor(
    readonly recordIds: string[],
    options?: { cause?: unknown },
  ) {
    super(`${recordIds.length} record(s) must be retried: ${recordIds.join(', ')}`, options);
  }
}
