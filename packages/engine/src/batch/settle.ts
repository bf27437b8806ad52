/**
 * Phase 6, settle: the claims and the records' fates. Publish, count and complete are one step
 * (design.md section 9): the claims of what succeeded so far are completed while the alerts go
 * out. An alert SNS refuses is kept in the dead-letter queue (its records stay done); only when
 * that fails too are its records retried, and their claims reopened.
 */
import type { BatchClaims } from '../claims';
import type { BatchLedger } from './ledger';

/** Completes and releases the claims while `deliver` runs, and awaits the batch's background work. */
export async function settleClaims(
  claims: BatchClaims,
  ledger: BatchLedger,
  work: { deliver: () => Promise<void>; background: Promise<unknown>[] },
): Promise<void> {
  const before = ledger.fate();
  await Promise.all([work.deliver(), claims.settle(before.done, before.retried), ...work.background]);
  const retriedNow = new Set(ledger.fate().retried);
  await claims.reopen(before.done.filter((key) => retriedNow.has(key)));
}
