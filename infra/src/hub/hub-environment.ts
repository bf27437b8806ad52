import { GUARDRAIL_NAMES, HUB_ENV, type HubEnvironment } from '@guardrail/core';
import type { Duration } from 'aws-cdk-lib';
import type { DeployConfig } from '../config/schema';
import { hubEventBusArn } from '../names';
import { claimTtlFor, EVENT_FUNCTION_TIMEOUT, SWEEP_FUNCTION_TIMEOUT } from './sizing';

/** Stack values the environment refers to (tokens at synth time). */
export interface HubEnvironmentRefs {
  topicArn: string;
  hubRoleArn: string;
  orgReadRoleArn?: string;
  /** The shared state table (dedupe, breaker): the same table for both functions. */
  stateTableName: string;
  /** The sweep queue: both functions put a paused rule's delayed re-check there. */
  sweepQueueUrl: string;
}

export interface EventEnvironmentRefs extends HubEnvironmentRefs {
  /** The hub DLQ: unprocessable live events are written there with their reason. */
  deadLetterQueueUrl: string;
}

export interface SweepEnvironmentRefs extends HubEnvironmentRefs {
  /**
   * The sweep DLQ: a sweep-queue record the hub cannot process is written there with its reason,
   * next to the targets that kept failing, so the hub DLQ holds live events (and, at most, sweep
   * messages someone put on the hub queue, dead-lettered there as `sweep-not-configured` by the
   * live-event function, which does not sweep).
   */
  deadLetterQueueUrl: string;
  /** The sweep results bucket: the sweep's manifest and the per-target results are written there. */
  sweepResultsBucketName: string;
  /** The sweep function's timeout (derived from the organization): its claims outlive it. */
  timeout?: Duration;
  /** When a full sweep is overdue (GUARDRAIL_SWEEP_DEADLINE_SECONDS). */
  deadlineSeconds?: number;
}

/**
 * What both hub functions share (the contract with apps/hub and packages/engine: @guardrail/core
 * HUB_ENV names, which `loadHubConfig` reads). GUARDRAIL_COMPILED_POLICY_FILE is added by the
 * function itself (it compiles the policies into its asset); AWS_REGION is set by Lambda. Both report as
 * one service, so metrics stay in one place.
 */
function commonEnvironment(config: DeployConfig, refs: HubEnvironmentRefs): HubEnvironment {
  return {
    [HUB_ENV.roleName]: config.names.remediationRole,
    [HUB_ENV.sourceIdentity]: config.names.sourceIdentity,
    [HUB_ENV.tagPolicy]: config.tags.policy,
    [HUB_ENV.tagMode]: config.tags.mode,
    [HUB_ENV.topicArn]: refs.topicArn,
    [HUB_ENV.hubRoleArn]: refs.hubRoleArn,
    [HUB_ENV.forwardingRuleName]: config.names.forwardingRule,
    [HUB_ENV.watchdogRuleName]: config.names.watchdogRule,
    [HUB_ENV.roleWatchRuleName]: config.names.roleWatchRule,
    [HUB_ENV.forwarderRolePrefix]: config.names.forwarderRolePrefix,
    [HUB_ENV.forwardingDeadLetterQueue]: config.names.forwardingDeadLetterQueue,
    [HUB_ENV.hubEventBusArn]: hubEventBusArn(config),
    [HUB_ENV.maxConcurrency]: String(config.concurrency.perInvocation),
    [HUB_ENV.breakerMaxRemediations]: String(config.breaker.maxRemediations),
    [HUB_ENV.breakerWindowMinutes]: String(config.breaker.windowMinutes),
    [HUB_ENV.stateTable]: refs.stateTableName,
    [HUB_ENV.serviceName]: GUARDRAIL_NAMES.serviceName,
    ...(refs.orgReadRoleArn ? { [HUB_ENV.orgReadRoleArn]: refs.orgReadRoleArn } : {}),
    // Both functions re-check a group when the breaker resumes its paused rule (a delayed sweep target).
    [HUB_ENV.recheckQueueUrl]: refs.sweepQueueUrl,
  };
}

/**
 * The live-event function's environment. No sweep variables (planner queue, regions, OUs, results
 * bucket): its entry (apps/hub/src/event-lambda.ts) has no sweep parts, refuses a sweep request,
 * and dead-letters a sweep message found on its queue.
 */
export function eventEnvironment(config: DeployConfig, refs: EventEnvironmentRefs): HubEnvironment {
  return {
    ...commonEnvironment(config, refs),
    [HUB_ENV.deadLetterQueueUrl]: refs.deadLetterQueueUrl,
    [HUB_ENV.claimTtlSeconds]: String(claimTtlFor(EVENT_FUNCTION_TIMEOUT).toSeconds()),
  };
}

/** The sweep function's environment: the planner's sweep queue, regions and OUs on top of the common part. */
export function sweepEnvironment(config: DeployConfig, refs: SweepEnvironmentRefs): HubEnvironment {
  return {
    ...commonEnvironment(config, refs),
    [HUB_ENV.deadLetterQueueUrl]: refs.deadLetterQueueUrl,
    [HUB_ENV.claimTtlSeconds]: String(claimTtlFor(refs.timeout ?? SWEEP_FUNCTION_TIMEOUT).toSeconds()),
    ...(refs.deadlineSeconds === undefined
      ? {}
      : { [HUB_ENV.sweepDeadlineSeconds]: String(refs.deadlineSeconds) }),
    [HUB_ENV.queueUrl]: refs.sweepQueueUrl,
    [HUB_ENV.sweepResultsBucket]: refs.sweepResultsBucketName,
    // The sweep covers what the StackSet enrolls: the target regions, the accounts under the target OUs.
    [HUB_ENV.sweepRegions]: config.targets.regions.join(','),
    [HUB_ENV.sweepOuIds]: config.targets.organizationalUnitIds.join(','),
  };
}
