/**
 * The scheduled sweep's entry (design.md sections 2 and 9): a `{ "guardrail": "sweep" }`
 * invocation plans the sweep, enqueuing one target per enrolled account and target region on the
 * hub queue; the hub's batch processing then reconciles each target like any event.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { ClientPlugin } from '@guardrail/aws';
import { GuardrailError } from '@guardrail/core';
import { createAwsSweepPlannerPorts, planSweep, type SweepPlan, type SweepRequest } from '@guardrail/engine';
import type { Context } from 'aws-lambda';
import type { BuildOverrides } from './compose';
import type { HubConfig } from './config';
import { createLogger, createMetrics, EmfMetricsSink, engineLogger } from './observability';

/** A sweep was requested but the hub has no queue (GUARDRAIL_QUEUE_URL) or no region to sweep. */
export class SweepNotConfiguredError extends GuardrailError {
  override readonly name = 'SweepNotConfiguredError';
}

export type SweepHandler = (event: SweepRequest, context?: Context) => Promise<SweepPlan>;

export interface BuiltSweep {
  /** Plans one sweep; throws so the scheduler's retry policy applies. */
  handler: SweepHandler;
  destroy(): void;
}

export function buildSweep(config: HubConfig, overrides: BuildOverrides = {}): BuiltSweep {
  const logger: Logger = overrides.logger ?? createLogger(config);
  const metrics = new EmfMetricsSink(createMetrics(config));
  const sweep = config.sweep;
  const plugins: ClientPlugin[] = overrides.aws?.plugins ?? [];
  // Built only when a queue is configured: without one, event processing still works.
  const ports = sweep?.queueUrl
    ? createAwsSweepPlannerPorts({
        aws: {
          ...(config.region ? { region: config.region } : {}),
          ...(plugins.length > 0 ? { plugins } : {}),
          ...(overrides.aws?.credentials ? { credentials: overrides.aws.credentials } : {}),
          ...(overrides.aws?.maxAttempts ? { maxAttempts: overrides.aws.maxAttempts } : {}),
        },
        queueUrl: sweep.queueUrl,
        ...(config.orgReadRoleArn ? { orgReadRoleArn: config.orgReadRoleArn } : {}),
        ouIds: sweep.ouIds,
      })
    : undefined;

  const handler: SweepHandler = async (event, context) => {
    if (context) logger.addContext(context);
    try {
      if (!ports || !sweep || sweep.regions.length === 0) {
        throw new SweepNotConfiguredError(
          'a sweep needs GUARDRAIL_QUEUE_URL and at least one region (GUARDRAIL_SWEEP_REGIONS or AWS_REGION)',
        );
      }
      return await planSweep(
        {
          accounts: ports.accounts,
          queue: ports.queue,
          regions: sweep.regions,
          logger: engineLogger(logger),
          metrics,
          ...(overrides.now ? { now: overrides.now } : {}),
        },
        event.sweepId ? { sweepId: event.sweepId } : {},
      );
    } catch (error) {
      logger.error('sweep not planned', { error: error instanceof Error ? error : String(error) });
      throw error;
    } finally {
      metrics.flush();
    }
  };
  return { handler, destroy: () => ports?.destroy() };
}
