/**
 * The batch's deadline (the Lambda's remaining time): a group that cannot be reconciled before it
 * is failed for retry while there is still time to say so, instead of the whole invocation timing
 * out with its other groups' alerts unsent. Its half-done work is not lost: a mutation was
 * recorded in the outbox first, and the retry tells it.
 */
import type { GroupResult, GroupUnit } from '../group-unit';

/** Kept back from the deadline for the publishes, the claim settlements and the response. */
export const DELIVERY_RESERVE_MS = 5_000;

export async function beforeDeadline(
  unit: GroupUnit,
  deadline: number | undefined,
  work: () => Promise<GroupResult | undefined>,
): Promise<GroupResult | undefined> {
  if (deadline === undefined) return work();
  const budget = deadline - DELIVERY_RESERVE_MS - Date.now();
  if (budget <= 0)
    return { unit, outcome: 'retry', reason: 'no time was left in the invocation to reconcile it' };
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<GroupResult>((resolve) => {
    timer = setTimeout(
      () => resolve({ unit, outcome: 'retry', reason: 'it did not finish before the invocation deadline' }),
      budget,
    );
    timer.unref();
  });
  try {
    return await Promise.race([work(), expired]);
  } finally {
    clearTimeout(timer);
  }
}
