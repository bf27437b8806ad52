import type { DedupeStore } from './ports';

/**
 * In-memory dedupe store: the most recent `capacity` event ids (least recently used evicted).
 * It lives as long as the Lambda execution environment, so it catches SQS redeliveries to a warm
 * instance. The production choice is a DynamoDB table keyed by event id with a TTL (conditional
 * put), shared by every instance; it is not implemented yet (see docs).
 */
export class InMemoryDedupeStore implements DedupeStore {
  private readonly ids = new Map<string, true>();
  constructor(private readonly capacity = 10_000) {}

  async seen(eventId: string): Promise<boolean> {
    if (!this.ids.has(eventId)) return false;
    // Refresh recency.
    this.ids.delete(eventId);
    this.ids.set(eventId, true);
    return true;
  }

  async remember(eventIds: readonly string[]): Promise<void> {
    for (const id of eventIds) {
      this.ids.delete(id);
      this.ids.set(id, true);
    }
    while (this.ids.size > this.capacity) {
      const oldest = this.ids.keys().next().value;
      if (oldest === undefined) break;
      this.ids.delete(oldest);
    }
  }

  get size(): number {
    return this.ids.size;
  }
}
