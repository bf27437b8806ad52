import type { DeployConfig } from '../config/schema';
import { claimTtlFor, EVENT_FUNCTION_TIMEOUT, SWEEP_FUNCTION_TIMEOUT } from './sizing';

/** Stack values the environment refers to (tokens at synth time). */
export interface HubEnvironmentRefs {
  topicArn: string;
  hubRoleArn: string;
  orgReadRoleArn?: string;
  /** The shared state table (dedupe, breaker): the same table for both functions. */
  stateTableName: string;
}

export interface EventEnvironmentRefs extends HubEnvironmentRefs {
  /** The hub DLQ: unprocessable live events are written there with their reason. */
  deadLetterQueueUrl: string;
}

export interface SweepEnvironmentRefs extends HubEnvironmentRefs {
  /**
   * The sweep DLQ: a sweep-queue record the hub cannot process is written there with its reason,
   * next to the targets that kept failing, so the hub DLQ holds live events only (a replay of it
   * never puts a sweep target in front of the live-event function).
   */
  deadLetterQueueUrl: string;
  /** The sweep queue: where the planner enqueues its account x region targets. */
  sweepQueueUrl: string;
}

/**
 * What both hub functions share (the contract with apps/hub and packages/engine).
 * GUARDRAIL_POLICY_FILE is added by the function itself (it knows where the bundle puts the file);
 * AWS_REGION is set by Lambda. Both report as one service, so metrics stay in one place.
 */
function commonEnvironment(config: DeployConfig, refs: HubEnvironmentRefs): Record<string, string> {
  return {
    GUARDRAIL_ROLE_NAME: config.names.remediationRole,
    GUARDRAIL_SOURCE_IDENTITY: config.names.sourceIdentity,
    GUARDRAIL_TAG_POLICY: config.tags.policy,
    GUARDRAIL_TAG_MODE: config.tags.mode,
    GUARDRAIL_TOPIC_ARN: refs.topicArn,
    GUARDRAIL_HUB_ROLE_ARN: refs.hubRoleArn,
    GUARDRAIL_FORWARDING_RULE_NAME: config.names.forwardingRule,
    GUARDRAIL_MAX_CONCURRENCY: String(config.concurrency.perInvocation),
    GUARDRAIL_BREAKER_MAX_REMEDIATIONS: String(config.breaker.maxRemediations),
    GUARDRAIL_BREAKER_WINDOW_MINUTES: String(config.breaker.windowMinutes),
    GUARDRAIL_STATE_TABLE: refs.stateTableName,
    POWERTOOLS_SERVICE_NAME: 'guardrail-hub',
    ...(refs.orgReadRoleArn ? { GUARDRAIL_ORG_READ_ROLE_ARN: refs.orgReadRoleArn } : {}),
  };
}

/**
 * The live-event function's environment. No sweep planner variables: a sweep request sent to this
 * function by mistake fails with "a sweep needs GUARDRAIL_QUEUE_URL" instead of planning a sweep
 * under the live path's short timeout.
 */
export function eventEnvironment(config: DeployConfig, refs: EventEnvironmentRefs): Record<string, string> {
  return {
    ...commonEnvironment(config, refs),
    GUARDRAIL_DEAD_LETTER_QUEUE_URL: refs.deadLetterQueueUrl,
    GUARDRAIL_CLAIM_TTL_SECONDS: String(claimTtlFor(EVENT_FUNCTION_TIMEOUT).toSeconds()),
  };
}

/** The sweep function's environment: the planner's queue, regions and OUs on top of the common part. */
export function sweepEnvironment(config: DeployConfig, refs: SweepEnvironmentRefs): Record<string, string> {
  return {
    ...commonEnvironment(config, refs),
    GUARDRAIL_DEAD_LETTER_QUEUE_URL: refs.deadLetterQueueUrl,
    GUARDRAIL_CLAIM_TTL_SECONDS: String(claimTtlFor(SWEEP_FUNCTION_TIMEOUT).toSeconds()),
    GUARDRAIL_QUEUE_URL: refs.sweepQueueUrl,
    // The sweep covers what the StackSet enrolls: the target regions, the accounts under the target OUs.
    GUARDRAIL_SWEEP_REGIONS: config.targets.regions.join(','),
    GUARDRAIL_SWEEP_OU_IDS: config.targets.organizationalUnitIds.join(','),
  };
}
