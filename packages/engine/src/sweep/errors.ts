import { GuardrailError } from '@guardrail/core';

/** A sweep cannot be planned: no target region, or the organization could not be listed. */
export class SweepPlanError extends GuardrailError {
  override readonly name = 'SweepPlanError';
}

/** Some sweep targets could not be put on the sweep queue, even after retries. */
export class SweepEnqueueError extends GuardrailError {
  override readonly name = 'SweepEnqueueError';
  constructor(
    readonly sweepId: string,
    readonly failed: { account: string; region: string; code: string; message: string }[],
    options?: { cause?: unknown },
  ) {
    super(
      `sweep ${sweepId}: ${failed.length} target(s) not enqueued (${failed
        .slice(0, 3)
        .map((f) => `${f.account}/${f.region} ${f.code}`)
        .join(', ')}${failed.length > 3 ? ', ...' : ''})`,
      options,
    );
  }
}
