import { DEFAULT_CLAIM_TTL_SECONDS } from '@guardrail/core';
import type { ClaimStatus, DedupeStore } from './ports';

export interface InMemoryDedupeOptions {
  /** Keys kept as done (least recently used evicted). Default 10,000. */
  capacity?: number;
  /** How long an unfinished claim holds before another caller may take it. Default 90 s (GUARDRAIL_CLAIM_TTL_SECONDS). */
  claimTtlMs?: number;
  now?: () => Date;
}

/**
 * In-memory dedupe store: claims in flight, and the most recent `capacity` keys handled. It lives
 * as long as the process (a warm Lambda execution environment), so it catches redeliveries to the
 * same instance only; the default when no state table is configured, and the store of unit tests.
 * The shared one is DynamoDbDedupeStore (@guardrail/aws).
 */
export class InMemoryDedupeStore implements DedupeStore {
  private readonly done = new Map<string, true>();
  private readonly claims = new Map<string, number>();
  private readonly capacity: number;
  private readonly claimTtlMs: number;
  private readonly now: () => Date;

  constructor(options: InMemoryDedupeOptions | number = {}) {
    const opts = typeof options === 'number' ? { capacity: options } : options;
    this.capacity = opts.capacity ?? 10_000;
    this.claimTtlMs = opts.claimTtlMs ?? DEFAULT_CLAIM_TTL_SECONDS * 1000;
    this.now = opts.now ?? (() => new Date());
  }

  async claim(key: string): Promise<ClaimStatus> {
    if (this.done.has(key)) {
      // Refresh recency.
      this.done.delete(key);
      this.done.set(key, true);
      return 'done';
    }
    const now = this.now().getTime();
    const until = this.claims.get(key);
    if (until !== undefined && until > now) return 'in-progress';
    this.claims.set(key, now + this.claimTtlMs);
    return 'claimed';
  }

  async complete(keys: readonly string[]): Promise<void> {
    for (const key of keys) {
      this.claims.delete(key);
      this.done.delete(key);
      this.done.set(key, true);
    }
    while (this.done.size > this.capacity) {
      const oldest = this.done.keys().next().value;
      if (oldest === undefined) break;
      this.done.delete(oldest);
    }
  }

  /** Frees keys for the retry: an unfinished claim, or a key completed by the attempt that now fails. */
  async release(keys: readonly string[]): Promise<void> {
    for (const key of keys) {
      this.claims.delete(key);
      this.done.delete(key);
    }
  }

  /** Keys kept as done. */
  get size(): number {
    return this.done.size;
  }
}

/** The store keys of an event and of a sweep target (one table holds both, and the breaker's). */
export const dedupeKey = {
  event: (eventId: string) => `event#${eventId}`,
  sweep: (targetKey: string) => `sweep#${targetKey}`,
};
