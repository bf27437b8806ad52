/**
 * The hub's environment for a hub organization, as infra would write it: the suites hand it to
 * loadHubConfig / loadConfig themselves (the kit depends on neither the engine nor the apps).
 */
import { HUB_ENV, type HubEnvironment } from '@guardrail/core';
import type { HubOrganization } from './organization';

/**
 * The topic, the hub and org-read roles, the remediation role's name and the region; the
 * dead-letter queue, the sweep queue (GUARDRAIL_QUEUE_URL, and GUARDRAIL_RECHECK_QUEUE_URL as infra
 * sets it on both functions) and the state table when the
 * organization has them. `overrides` come last: a variable set to undefined is left out.
 */
export function hubEnvironment(org: HubOrganization, overrides: HubEnvironment = {}): HubEnvironment {
  const env: HubEnvironment = {
    [HUB_ENV.topicArn]: org.topicArn,
    [HUB_ENV.hubRoleArn]: org.hubRoleArn,
    [HUB_ENV.orgReadRoleArn]: org.orgReadRoleArn,
    [HUB_ENV.roleName]: org.remediationRoleName,
    [HUB_ENV.region]: org.region,
    [HUB_ENV.deadLetterQueueUrl]: org.deadLetterQueueUrl,
    [HUB_ENV.queueUrl]: org.sweepQueueUrl,
    [HUB_ENV.recheckQueueUrl]: org.sweepQueueUrl,
    [HUB_ENV.stateTable]: org.stateTable,
    ...overrides,
  };
  return Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined));
}
