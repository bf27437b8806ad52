import { errorText } from '@guardrail/core';
import { METRICS } from './metric-names';
import type { EngineLogger, MetricsSink } from './ports';

/** What the engine does instead when the shared state cannot be reached, per store. */
const CONSEQUENCE = {
  dedupe: 'processing without dedupe (at worst a duplicate alert; reconcile is level-triggered)',
  breaker: 'failing open: remediation goes on without the circuit breaker',
  policies:
    'going on without the memory of enforced policies (an opt-out it hides is told once the store answers)',
  outbox: 'going on without the record of owed alerts (a crash before this alert is out would lose it)',
} as const;

/**
 * A state store call failed (DynamoDB throttled or down). Never fatal: the caller works around it;
 * this makes it visible (an error log and `StateStoreErrors{store, operation}`).
 */
export function reportStateError(
  ctx: { logger: EngineLogger; metrics: MetricsSink },
  failure: { store: keyof typeof CONSEQUENCE; operation: string; error: unknown; key?: string },
): void {
  ctx.metrics.record({
    name: METRICS.stateStoreErrors,
    unit: 'Count',
    value: 1,
    dimensions: { store: failure.store, operation: failure.operation },
  });
  ctx.logger.error(`state store ${failure.operation} failed: ${CONSEQUENCE[failure.store]}`, {
    store: failure.store,
    operation: failure.operation,
    ...(failure.key ? { key: failure.key } : {}),
    error: errorText(failure.error),
  });
}
