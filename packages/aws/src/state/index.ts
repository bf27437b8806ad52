import type { AwsOptions } from '../options';
import { DynamoDbBreakerStore } from './breaker-store';
import { type DynamoDbDedupeOptions, DynamoDbDedupeStore } from './dedupe-store';
import { createStateTable } from './table';

export { type BreakerGroup, DynamoDbBreakerStore } from './breaker-store';
export { type ClaimStatus, type DynamoDbDedupeOptions, DynamoDbDedupeStore } from './dedupe-store';
export { StateStoreError } from './errors';
export { createStateTable, STATE_KEY, STATE_TTL, type StateTable } from './table';

export interface StateStores {
  dedupe: DynamoDbDedupeStore;
  breaker: DynamoDbBreakerStore;
  /** Releases the client's sockets. */
  destroy(): void;
}

/** Both stores on one table and one client (GUARDRAIL_STATE_TABLE). */
export function createStateStores(
  tableName: string,
  options: { aws?: AwsOptions; dedupe?: DynamoDbDedupeOptions } = {},
): StateStores {
  const table = createStateTable(tableName, options.aws);
  return {
    dedupe: new DynamoDbDedupeStore(table, options.dedupe),
    breaker: new DynamoDbBreakerStore(table),
    destroy: () => table.client.destroy(),
  };
}
