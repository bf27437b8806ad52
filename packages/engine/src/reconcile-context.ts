/** What a group's reconcile works with: the ports, the breaker, the memory of policies, the clock. */
import type { Baselines } from './baselines';
import type { CircuitBreaker } from './breaker';
import type { Outbox } from './outbox';
import type { PolicyMemory } from './policy-memory';
import type { BaselineCapturer, EngineLogger, GroupPlanner, MetricsSink, PrefixListSource } from './ports';
import type { ReadGroupContext } from './read-group';
import type { RecheckQueuePort } from './sweep/ports';

/** The account lookups and gateways of a read (ReadGroupContext), and what planning and acting need. */
export interface ReconcileContext extends ReadGroupContext {
  plan: GroupPlanner;
  breaker: CircuitBreaker;
  /** What the hub last enforced per group: an opt-out is told from it. */
  policies: PolicyMemory;
  /** The alerts owed per group: recorded before a mutation, published by whoever finds one due. */
  outbox: Outbox;
  /** Lock-policy baselines per group (recall answers found / none / unreadable). */
  baselines: Baselines;
  /** Captures a baseline under the loaded policies; without it, lock groups without one are only reported. */
  capture?: BaselineCapturer;
  /** How old an owed alert must be before a reconcile that finds the group as wanted publishes it. */
  owedAfterMs: number;
  logger: EngineLogger;
  metrics: MetricsSink;
  now: () => Date;
  /**
   * Takes work that follows a mutation but must not delay the alert (the breaker's count): the
   * batch awaits it alongside its publishes and claim completions.
   */
  defer(work: Promise<unknown>): void;
  /** Where a paused rule's re-check is queued (see sweep/recheck.ts); without it, the sweep re-checks. */
  recheck?: RecheckQueuePort;
  /** Reads the prefix lists a group's rules reference; without it they are judged as references. */
  prefixLists?: PrefixListSource;
}
