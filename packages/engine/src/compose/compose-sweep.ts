/**
 * The sweep planner's composition (design.md sections 2 and 9): the organization's enrolled
 * accounts and the sweep queue over real SDK clients, and planSweep on top. The Lambda's scheduled
 * sweep (apps/hub) and `guardrail sweep` both plan here.
 */
import { GuardrailError, HUB_ENV } from '@guardrail/core';
import type { EngineLogger, MetricsSink } from '../ports';
import { createAwsSweepPlannerPorts, planSweep, type SweepChecks, type SweepPlan } from '../sweep';
import type { SweepTallyPort } from '../sweep/tally';
import { type AwsOverrides, awsOptionsFor } from './aws-options';
import type { SweepPlannerConfig } from './config';

/** A sweep was requested but the hub has no sweep queue (GUARDRAIL_QUEUE_URL) or no region to sweep. */
export class SweepNotConfiguredError extends GuardrailError {
  override readonly name = 'SweepNotConfiguredError';
}

export interface ComposeSweepOverrides {
  aws?: AwsOverrides;
  /** The sweeps' tally, when no state table holds it (a hub in the same process shares it: the demo). */
  sweepTally?: SweepTallyPort;
  now?: () => Date;
  logger?: EngineLogger;
  metrics?: MetricsSink;
}

export interface ComposedSweepPlanner {
  /** Plans one sweep; throws SweepNotConfiguredError without a queue or a region, planSweep's errors otherwise. */
  plan(request?: { sweepId?: string; checks?: SweepChecks }): Promise<SweepPlan>;
  destroy(): void;
}

export function composeSweepPlanner(
  config: SweepPlannerConfig,
  overrides: ComposeSweepOverrides = {},
): ComposedSweepPlanner {
  const sweep = config.sweep;
  // Built only when a sweep queue is configured: without one, the hub's event processing still works.
  const ports = sweep?.queueUrl
    ? createAwsSweepPlannerPorts({
        aws: awsOptionsFor(config, overrides.aws),
        queueUrl: sweep.queueUrl,
        ...(config.orgReadRoleArn ? { orgReadRoleArn: config.orgReadRoleArn } : {}),
        ...(config.sourceIdentity ? { sourceIdentity: config.sourceIdentity } : {}),
        ouIds: sweep.ouIds,
        ...(config.sweepResultsBucket ? { resultsBucket: config.sweepResultsBucket } : {}),
        ...(config.stateTable ? { stateTable: config.stateTable } : {}),
      })
    : undefined;
  const tally = overrides.sweepTally ?? ports?.tally;
  return {
    async plan(request = {}) {
      if (!ports || !sweep || sweep.regions.length === 0) {
        throw new SweepNotConfiguredError(
          `a sweep needs ${HUB_ENV.queueUrl} and at least one region (${HUB_ENV.sweepRegions} or ${HUB_ENV.region})`,
        );
      }
      return planSweep(
        {
          accounts: ports.accounts,
          queue: ports.queue,
          ...(ports.results ? { results: ports.results } : {}),
          ...(tally ? { tally } : {}),
          deadline: { afterMs: sweep.deadlineSeconds * 1000, queue: ports.delayed },
          regions: sweep.regions,
          ...(overrides.logger ? { logger: overrides.logger } : {}),
          ...(overrides.metrics ? { metrics: overrides.metrics } : {}),
          ...(overrides.now ? { now: overrides.now } : {}),
        },
        {
          ...(request.sweepId ? { sweepId: request.sweepId } : {}),
          ...(request.checks ? { checks: request.checks } : {}),
        },
      );
    },
    destroy: () => ports?.destroy(),
  };
}
