import type { AwsOptions } from '../options';
import { DynamoDbBaselineStore } from './baseline-store';
import { DynamoDbBreakerStore } from './breaker-store';
import { type DynamoDbDedupeOptions, DynamoDbDedupeStore } from './dedupe-store';
import { DynamoDbOutboxStore } from './outbox-store';
import { DynamoDbPolicyStore } from './policy-store';
import { DynamoDbSweepTallyStore } from './sweep-tally-store';
import { createStateTable } from './table';
import { DynamoDbVerdictStore } from './verdict-store';

export { type BaselineSave, DynamoDbBaselineStore } from './baseline-store';
export { type BreakerGroup, DynamoDbBreakerStore } from './breaker-store';
export { type ClaimStatus, type DynamoDbDedupeOptions, DynamoDbDedupeStore } from './dedupe-store';
export { StateStoreError } from './errors';
export { DynamoDbOutboxStore } from './outbox-store';
export { DynamoDbPolicyStore, type PolicyRecord } from './policy-store';
export {
  DynamoDbSweepTallyStore,
  type FinishedTarget,
  type SweepNotice,
  type SweepTally,
  type SweepTallyOpening,
} from './sweep-tally-store';
export { createStateTable, STATE_KEY, STATE_TTL, type StateTable } from './table';
export { DynamoDbVerdictStore } from './verdict-store';

export interface StateStores<Owed = unknown, Problem = unknown> {
  dedupe: DynamoDbDedupeStore;
  breaker: DynamoDbBreakerStore;
  policies: DynamoDbPolicyStore;
  /** The alerts owed per group (opaque records of the engine). */
  outbox: DynamoDbOutboxStore<Owed>;
  /** The last forwarding health verdict per account x region. */
  verdicts: DynamoDbVerdictStore<Problem>;
  /** Lock-policy baselines, per group (no TTL). */
  baselines: DynamoDbBaselineStore;
  /** Each sweep's tally: its summary once, its deadline. */
  sweepTally: DynamoDbSweepTallyStore;
  /** Releases the client's sockets. */
  destroy(): void;
}

/** The stores on one table and one client (GUARDRAIL_STATE_TABLE). */
export function createStateStores<Owed = unknown, Problem = unknown>(
  tableName: string,
  options: { aws?: AwsOptions; dedupe?: DynamoDbDedupeOptions } = {},
): StateStores<Owed, Problem> {
  const table = createStateTable(tableName, options.aws);
  return {
    dedupe: new DynamoDbDedupeStore(table, options.dedupe),
    breaker: new DynamoDbBreakerStore(table),
    policies: new DynamoDbPolicyStore(table),
    outbox: new DynamoDbOutboxStore<Owed>(table),
    verdicts: new DynamoDbVerdictStore<Problem>(table),
    baselines: new DynamoDbBaselineStore(table),
    sweepTally: new DynamoDbSweepTallyStore(table),
    destroy: () => table.client.destroy(),
  };
}
