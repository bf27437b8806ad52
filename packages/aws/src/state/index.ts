import type { AwsOptions } from '../options';
import { DynamoDbBreakerStore } from './breaker-store';
import { type DynamoDbDedupeOptions, DynamoDbDedupeStore } from './dedupe-store';
import { DynamoDbPolicyStore } from './policy-store';
import { createStateTable } from './table';

export { type BreakerGroup, DynamoDbBreakerStore } from './breaker-store';
export { type ClaimStatus, type DynamoDbDedupeOptions, DynamoDbDedupeStore } from './dedupe-store';
export { StateStoreError } from './errors';
export { DynamoDbPolicyStore, type PolicyRecord } from './policy-store';
export { createStateTable, STATE_KEY, STATE_TTL, type StateTable } from './table';

export interface StateStores {
  dedupe: DynamoDbDedupeStore;
  breaker: DynamoDbBreakerStore;
  policies: DynamoDbPolicyStore;
  /** Releases the client's sockets. */
  destroy(): void;
}

/** The stores on one table and one client (GUARDRAIL_STATE_TABLE). */
export function createStateStores(
  tableName: string,
  options: { aws?: AwsOptions; dedupe?: DynamoDbDedupeOptions } = {},
): StateStores {
  const table = createStateTable(tableName, options.aws);
  return {
    dedupe: new DynamoDbDedupeStore(table, options.dedupe),
    breaker: new DynamoDbBreakerStore(table),
    policies: new DynamoDbPolicyStore(table),
    destroy: () => table.client.destroy(),
  };
}
