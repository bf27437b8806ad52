import type { DeployConfig } from '../config/schema';

/** Stack values the environment refers to (tokens at synth time). */
export interface HubEnvironmentRefs {
  topicArn: string;
  hubRoleArn: string;
  orgReadRoleArn?: string;
  /** The hub DLQ: unprocessable records are written there with their reason. */
  deadLetterQueueUrl: string;
  /** The sweep queue: where a sweep enqueues its account x region targets. */
  sweepQueueUrl: string;
}

/**
 * The hub Lambda's environment (the contract with apps/hub), from the deploy configuration.
 * GUARDRAIL_POLICY_FILE is added by the function itself (it knows where the bundle puts the file);
 * AWS_REGION is set by Lambda.
 */
export function hubEnvironment(config: DeployConfig, refs: HubEnvironmentRefs): Record<string, string> {
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
    GUARDRAIL_DEAD_LETTER_QUEUE_URL: refs.deadLetterQueueUrl,
    GUARDRAIL_QUEUE_URL: refs.sweepQueueUrl,
    // The sweep covers what the StackSet enrolls: the target regions, the accounts under the target OUs.
    GUARDRAIL_SWEEP_REGIONS: config.targets.regions.join(','),
    GUARDRAIL_SWEEP_OU_IDS: config.targets.organizationalUnitIds.join(','),
    POWERTOOLS_SERVICE_NAME: 'guardrail-hub',
    ...(refs.orgReadRoleArn ? { GUARDRAIL_ORG_READ_ROLE_ARN: refs.orgReadRoleArn } : {}),
  };
}
