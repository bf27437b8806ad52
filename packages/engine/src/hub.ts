/**
 * The hub: its ports and long-lived state (dedupe store, circuit breaker, concurrency limits),
 * and the batch it runs on every invocation. The batch's phases are in ./batch (run-batch.ts
 * names them in order).
 */
import { DEFAULT_BREAKER, DEFAULT_CLAIM_TTL_SECONDS, DEFAULT_CONCURRENCY } from '@guardrail/core';
import { type BaselineStore, Baselines } from './baselines';
import { type BatchOptions, type HubPorts, runBatch } from './batch/run-batch';
import type { BatchReport, HubRecord } from './batch/types';
import { type BreakerOptions, CircuitBreaker } from './breaker';
import { InMemoryDedupeStore } from './dedupe';
import { RetryableBatchError } from './errors';
import { createLimiter } from './limiter';
import { Outbox, type OutboxStore } from './outbox';
import { PolicyMemory, type PolicyStore } from './policy-memory';
import type { DedupeStore, EngineLogger, MetricsSink } from './ports';
import type { SweepResultsPort } from './sweep/ports';
import { writeTargetResults } from './sweep/results';

export type { BatchOptions } from './batch/run-batch';
export type { BatchReport, GroupReport, HubRecord, PublishedAlert, SkipReason } from './batch/types';

export interface HubDeps extends HubPorts {
  /** Shared by every instance to claim events before acting (default: in memory, this instance only). */
  dedupe?: DedupeStore;
  breaker?: CircuitBreaker | BreakerOptions;
  /** What the hub last enforced per group (default: in memory, this instance only). */
  policies?: PolicyStore;
  /** The alerts owed per group, recorded before a mutation (default: in memory, this instance only). */
  outbox?: OutboxStore;
  /** Lock-policy baselines (default: in memory, this instance only). */
  baselines?: BaselineStore;
  /**
   * How old an owed alert must be before another reconcile publishes it (default: the claim TTL,
   * 90 s): younger, the instance that recorded it may still be about to publish it itself.
   */
  owedAfterMs?: number;
  /** Concurrent group reconciles: overall (default 16) and per account (default 4). */
  concurrency?: { max?: number; perAccount?: number };
  /**
   * Where each finished sweep target's posture is written (GUARDRAIL_SWEEP_RESULTS_BUCKET), once
   * its batch is done; a failed write is logged and metered, never a failed record. None without it.
   */
  sweepResults?: SweepResultsPort;
  logger?: EngineLogger;
  metrics?: MetricsSink;
  now?: () => Date;
}

export interface Hub {
  processBatch(records: readonly HubRecord[], options?: BatchOptions): Promise<BatchReport>;
  /** A direct EventBridge invocation: throws RetryableBatchError when the event must be retried. */
  processEvent(event: unknown): Promise<BatchReport>;
}

const silentLogger: EngineLogger = { debug() {}, info() {}, warn() {}, error() {} };
const noMetrics: MetricsSink = { record() {} };

export function createHub(deps: HubDeps): Hub {
  const now = deps.now ?? (() => new Date());
  const env = {
    ...deps,
    logger: deps.logger ?? silentLogger,
    metrics: deps.metrics ?? noMetrics,
    now,
    dedupe: deps.dedupe ?? new InMemoryDedupeStore({ now }),
    breaker:
      deps.breaker instanceof CircuitBreaker
        ? deps.breaker
        : new CircuitBreaker(deps.breaker ?? DEFAULT_BREAKER),
    policies: new PolicyMemory(deps.policies),
    outbox: new Outbox(deps.outbox),
    baselines: new Baselines(deps.baselines),
    owedAfterMs: deps.owedAfterMs ?? DEFAULT_CLAIM_TTL_SECONDS * 1000,
    limiter: createLimiter({
      max: deps.concurrency?.max ?? DEFAULT_CONCURRENCY.max,
      perKey: deps.concurrency?.perAccount ?? DEFAULT_CONCURRENCY.perAccount,
    }),
  };
  const { sweepResults } = deps;
  const processBatch = async (records: readonly HubRecord[], options?: BatchOptions) => {
    const report = await runBatch(env, records, options);
    // After the batch is settled: the results say what the batch did, claims and alerts included.
    if (sweepResults && report.sweepTargets) await writeTargetResults(env, sweepResults, report.sweepTargets);
    return report;
  };
  return {
    processBatch,
    async processEvent(event: unknown): Promise<BatchReport> {
      const report = await processBatch([{ id: eventIdOf(event) ?? 'direct-invocation', body: event }]);
      if (report.batchItemFailures.length > 0)
        throw new RetryableBatchError(report.batchItemFailures.map((f) => f.itemIdentifier));
      return report;
    },
  };
}

function eventIdOf(event: unknown): string | undefined {
  if (typeof event === 'object' && event !== null && 'id' in event && typeof event.id === 'string')
    return event.id;
  return undefined;
}
