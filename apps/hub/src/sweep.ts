/**
 * The scheduled sweep's entry (design.md sections 2 and 9): a `{ "guardrail": "sweep" }`
 * invocation plans the sweep (the engine's `composeSweepPlanner`, shared with `guardrail sweep`),
 * enqueuing one target per enrolled account and target region on the sweep queue; the hub's batch
 * processing then reconciles each target like any event. This adds the Lambda's logging and EMF.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { composeSweepPlanner, type HubConfig, type SweepPlan, type SweepRequest } from '@guardrail/engine';
import type { Context } from 'aws-lambda';
import type { BuildOverrides } from './compose';
import { createLogger, createMetrics, EmfMetricsSink, engineLogger } from './observability';

export { SweepNotConfiguredError } from '@guardrail/engine';

export type SweepHandler = (event: SweepRequest, context?: Context) => Promise<SweepPlan>;

export interface BuiltSweep {
  /** Plans one sweep; throws so the scheduler's retry policy applies. */
  handler: SweepHandler;
  destroy(): void;
}

export function buildSweep(config: HubConfig, overrides: BuildOverrides = {}): BuiltSweep {
  const logger: Logger = overrides.logger ?? createLogger(config);
  const metrics = new EmfMetricsSink(createMetrics(config));
  const planner = composeSweepPlanner(config, {
    ...(overrides.aws ? { aws: overrides.aws } : {}),
    ...(overrides.now ? { now: overrides.now } : {}),
    logger: engineLogger(logger),
    metrics,
  });

  const handler: SweepHandler = async (event, context) => {
    if (context) logger.addContext(context);
    try {
      return await planner.plan({
        ...(event.sweepId ? { sweepId: event.sweepId } : {}),
        ...(event.checks ? { checks: event.checks } : {}),
      });
    } catch (error) {
      logger.error('sweep not planned', { error: error instanceof Error ? error : String(error) });
      throw error;
    } finally {
      metrics.flush();
    }
  };
  return { handler, destroy: () => planner.destroy() };
}
