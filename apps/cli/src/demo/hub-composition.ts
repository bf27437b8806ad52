/**
 * Builds the hub from packages/engine and packages/aws the way apps/hub's composition root does,
 * for `guardrail demo` (on the sandbox, via its SDK plugin) and `guardrail hub run` (on any AWS
 * endpoint). apps/* never import each other, so this is the CLI's own copy of that wiring.
 */
import type { AwsOptions } from '@guardrail/aws';
import { loadPolicies, type PolicySource, roleNameFromArn, type TagKeys } from '@guardrail/core';
import {
  type BreakerOptions,
  createAwsPorts,
  createCorePorts,
  createHub,
  type EngineLogger,
  type Hub,
  InMemoryDedupeStore,
} from '@guardrail/engine';

export interface HubCompositionOptions {
  aws: AwsOptions;
  policies: PolicySource;
  roleName: string;
  topicArn: string;
  sourceIdentity?: string;
  /** The hub's own role: its calls are skipped too (loop guard). */
  hubRoleArn?: string;
  orgReadRoleArn?: string;
  deadLetterQueueUrl?: string;
  tagKeys?: TagKeys;
  forwardingRuleName?: string;
  breaker?: BreakerOptions;
  maxConcurrency?: number;
  logger?: EngineLogger;
  now?: () => Date;
}

export interface ComposedHub {
  hub: Hub;
  /** Releases the SDK clients' sockets. */
  destroy(): void;
}

export function composeHub(options: HubCompositionOptions): ComposedHub {
  const policies = loadPolicies(options.policies);
  const aws = createAwsPorts({
    aws: options.aws,
    roleName: options.roleName,
    topicArn: options.topicArn,
    ...(options.sourceIdentity ? { sourceIdentity: options.sourceIdentity } : {}),
    ...(options.orgReadRoleArn ? { orgReadRoleArn: options.orgReadRoleArn } : {}),
    ...(options.deadLetterQueueUrl ? { deadLetterQueueUrl: options.deadLetterQueueUrl } : {}),
    ...(options.topicArn.startsWith('arn:') ? { partition: options.topicArn.split(':')[1] ?? 'aws' } : {}),
  });
  const ownRoles = [options.roleName];
  const hubRole = roleNameFromArn(options.hubRoleArn);
  if (hubRole) ownRoles.push(hubRole);
  const core = createCorePorts({
    policies,
    ...(options.tagKeys ? { tagKeys: options.tagKeys } : {}),
    parse: {
      guardrailRoleNames: ownRoles,
      ...(options.sourceIdentity ? { guardrailSourceIdentity: options.sourceIdentity } : {}),
      ...(options.forwardingRuleName ? { forwardingRuleName: options.forwardingRuleName } : {}),
    },
  });
  const hub = createHub({
    ...core,
    gateways: aws.gateways,
    accounts: aws.accounts,
    alerts: aws.alerts,
    ...(aws.deadLetters ? { deadLetters: aws.deadLetters } : {}),
    dedupe: new InMemoryDedupeStore(),
    ...(options.breaker ? { breaker: options.breaker } : {}),
    ...(options.maxConcurrency ? { concurrency: { max: options.maxConcurrency } } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
    ...(options.now ? { now: options.now } : {}),
  });
  return { hub, destroy: () => aws.destroy() };
}
