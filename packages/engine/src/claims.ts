import type { ClaimStatus, DedupeStore, EngineLogger, MetricsSink } from './ports';
import { reportStateError } from './state-errors';

/**
 * One batch's dealings with the dedupe store. A store that fails is worked around, never fatal:
 * a failed claim processes the record anyway (reconcile is level-triggered: at worst a duplicate
 * alert), a failed complete or release leaves the claim to expire by itself.
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

  private async attempt(operation: 'complete' | 'release', keys: readonly string[]): Promise<void> {
    try {
      await this.store[operation](keys);
    } catch (error) {
      reportStateError(this.ctx, { store: 'dedupe', operation, error, key: keys.join(',') });
    }
  }
}
