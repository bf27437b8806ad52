import type { ClaimStatus, DedupeStore, EngineLogger, MetricsSink } from './ports';
import { reportStateError } from './state-errors';

/**
 * One batch's dealings with the dedupe store. A store that fails is worked around, never fatal:
 * a failed claim processes the record anyway (reconcile is level-triggered: at worst a duplicate
 * alert), a failed complete or release leaves the claim to expire by itself.
 *
 * Claims are completed while the batch's alerts are published (design.md section 9: publish,
 * breaker count and completion are one step). An alert SNS refuses is kept in the dead-letter
 * queue and its keys stay done; one that cannot be kept either reopens the completed keys of its
 * records; if that reopening fails too, the redelivery finds them done, which is why such an
 * alert is logged in full.
 */
export class BatchClaims {
  /** Keys this batch may act on: claimed, or processed without a claim because the store failed. */
  private readonly held = new Set<string>();

  constructor(
    private readonly store: DedupeStore,
    private readonly ctx: { logger: EngineLogger; metrics: MetricsSink },
  ) {}

  async claim(key: string): Promise<ClaimStatus> {
    try {
      const status = await this.store.claim(key);
      if (status === 'claimed') this.held.add(key);
      return status;
    } catch (error) {
      reportStateError(this.ctx, { store: 'dedupe', operation: 'claim', error, key });
      this.held.add(key);
      return 'claimed';
    }
  }

  /** After the batch: what succeeded is done, what will be retried is released for the retry. */
  async settle(done: readonly string[], retried: readonly string[]): Promise<void> {
    const release = retried.filter((key) => this.held.has(key));
    await Promise.all([
      done.length > 0 ? this.attempt('complete', done) : undefined,
      release.length > 0 ? this.attempt('release', release) : undefined,
    ]);
  }

  /**
   * Keys completed by `settle` whose records must be retried after all (an alert that could be
   * neither published nor dead-lettered while they were being completed): released again, so the
   * retry is not a duplicate.
   */
  async reopen(keys: readonly string[]): Promise<void> {
    const mine = keys.filter((key) => this.held.has(key));
    if (mine.length > 0) await this.attempt('release', mine);
  }

  private async attempt(operation: 'complete' | 'release', keys: readonly string[]): Promise<void> {
    try {
      await this.store[operation](keys);
    } catch (error) {
      reportStateError(this.ctx, { store: 'dedupe', operation, error, key: keys.join(',') });
    }
  }
}
