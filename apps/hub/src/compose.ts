/**
 * Builds the hub from its configuration: policies, the @guardrail/aws adapters, Powertools, the
 * engine. Used by lambda.ts on the first invocation, and by the tests with the sandbox's plugin.
 */

import type { Logger } from '@aws-lambda-powertools/logger';
import type { AwsOptions, ClientPlugin } from '@guardrail/aws';
import { loadPolicies, roleNameFromArn } from '@guardrail/core';
import {
  BrokerSweepGroupSource,
  CircuitBreaker,
  createAwsPorts,
  createCorePorts,
  createHub,
  type DedupeStore,
  type Hub,
  InMemoryDedupeStore,
} from '@guardrail/engine';
import type { HubConfig } from './config';
import { createHandler, type HubHandler } from './handler';
import { createLogger, createMetrics, EmfMetricsSink, engineLogger } from './observability';

export interface BuildOverrides {
  /** Extra client plugins (the sandbox's), credentials for the hub itself, retry attempts. */
  aws?: Pick<AwsOptions, 'plugins' | 'credentials' | 'maxAttempts'>;
  dedupe?: DedupeStore;
  now?: () => Date;
  logger?: Logger;
}

export interface BuiltHub {
  handler: HubHandler;
  hub: Hub;
  logger: Logger;
  destroy(): void;
}

export function buildHub(config: HubConfig, overrides: BuildOverrides = {}): BuiltHub {
  const logger = overrides.logger ?? createLogger(config);
  const metricsSink = new EmfMetricsSink(createMetrics(config));
  const policies = loadPolicies({
    ...(config.policy.yaml !== undefined ? { text: config.policy.yaml } : {}),
    ...(config.policy.file !== undefined ? { file: config.policy.file } : {}),
  });
  const plugins: ClientPlugin[] = overrides.aws?.plugins ?? [];
  const aws = createAwsPorts({
    aws: {
      ...(config.region ? { region: config.region } : {}),
      ...(plugins.length > 0 ? { plugins } : {}),
      ...(overrides.aws?.credentials ? { credentials: overrides.aws.credentials } : {}),
      ...(overrides.aws?.maxAttempts ? { maxAttempts: overrides.aws.maxAttempts } : {}),
    },
    roleName: config.roleName,
    sourceIdentity: config.sourceIdentity,
    partition: config.partition,
    topicArn: config.topicArn,
    ...(config.deadLetterQueueUrl ? { deadLetterQueueUrl: config.deadLetterQueueUrl } : {}),
    ...(config.orgReadRoleArn ? { orgReadRoleArn: config.orgReadRoleArn } : {}),
  });
  const ownRoles = [config.roleName];
  const hubRole = config.hubRoleArn ? roleNameFromArn(config.hubRoleArn) : undefined;
  if (hubRole) ownRoles.push(hubRole);
  const core = createCorePorts({
    policies,
    tagKeys: config.tagKeys,
    parse: {
      guardrailRoleNames: ownRoles,
      guardrailSourceIdentity: config.sourceIdentity,
      forwardingRuleName: config.forwardingRuleName,
    },
    ...(config.consoleBaseUrl ? { compose: { consoleBaseUrl: config.consoleBaseUrl } } : {}),
  });
  const hub = createHub({
    ...core,
    gateways: aws.gateways,
    accounts: aws.accounts,
    alerts: aws.alerts,
    ...(aws.deadLetters ? { deadLetters: aws.deadLetters } : {}),
    dedupe: overrides.dedupe ?? new InMemoryDedupeStore(),
    breaker: new CircuitBreaker(config.breaker),
    concurrency: { max: config.maxConcurrency, perAccount: config.maxConcurrencyPerAccount },
    logger: engineLogger(logger),
    metrics: metricsSink,
    ...(overrides.now ? { now: overrides.now } : {}),
    // Sweep targets on the queue: list each account/region's opted-in groups with the remediation role.
    sweep: new BrokerSweepGroupSource(aws.broker, config.tagKeys.policy),
  });
  logger.info('hub ready', {
    policies: Object.keys(policies.policies).length,
    roleName: config.roleName,
    topicArn: config.topicArn,
    deadLetterQueue: config.deadLetterQueueUrl !== undefined,
    maxConcurrency: config.maxConcurrency,
    breaker: config.breaker,
  });
  return {
    handler: createHandler({ hub, logger, metrics: metricsSink }),
    hub,
    logger,
    destroy: () => aws.destroy(),
  };
}
