/**
 * The Lambdas' hubs: the engine's composition (`composeHubWith`, shared with the CLI and the bench;
 * `composeEventHubWith` for the live-event function, without the sweep's parts) with Powertools
 * Logger/Metrics and the Lambda handler on top. Used by lambda.ts and event-lambda.ts on the first
 * invocation, and by the tests with the sandbox's plugin.
 */

import type { Logger } from '@aws-lambda-powertools/logger';
import type { PolicyFile } from '@guardrail/core';
import {
  type AwsOverrides,
  type ComposedHub,
  type ComposeOverrides,
  composeEventHubWith,
  composeHubWith,
  type DedupeStore,
  type Hub,
  type HubConfig,
  loadConfiguredPolicies,
} from '@guardrail/engine';
import { createHandler, type HubHandler } from './handler';
import { createLogger, createMetrics, EmfMetricsSink, engineLogger } from './observability';

export interface BuildOverrides {
  /** Extra client plugins (the sandbox's), credentials for the hub itself, retry attempts. */
  aws?: AwsOverrides;
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

/** The hub with the policies the config names, YAML included (the tests; `guardrail hub run` has its own). */
export function buildHub(config: HubConfig, overrides: BuildOverrides = {}): BuiltHub {
  return buildHubWith(config, loadConfiguredPolicies(config.policy), overrides);
}

/** The whole hub over policies already loaded: the sweep function's (lambda.ts reads only compiled policies). */
export function buildHubWith(
  config: HubConfig,
  policies: PolicyFile,
  overrides: BuildOverrides = {},
): BuiltHub {
  return buildOn(composeHubWith, config, policies, overrides);
}

/**
 * The live-event function's hub (event-lambda.ts): the same without the sweep's parts, so its
 * bundle holds no S3 or EventBridge SDK; sweep messages that reach it are dead-lettered.
 */
export function buildEventHubWith(
  config: HubConfig,
  policies: PolicyFile,
  overrides: BuildOverrides = {},
): BuiltHub {
  return buildOn(composeEventHubWith, config, policies, overrides);
}

// Two exported builders, not a flag, for the same reason as the engine's two compositions: the
// live-event entry references only buildEventHubWith, so its bundle holds no sweep parts.
type Composer = (config: HubConfig, policies: PolicyFile, overrides: ComposeOverrides) => ComposedHub;

function buildOn(
  compose: Composer,
  config: HubConfig,
  policies: PolicyFile,
  overrides: BuildOverrides,
): BuiltHub {
  const logger = overrides.logger ?? createLogger(config);
  const metrics = new EmfMetricsSink(createMetrics(config));
  const { hub, destroy } = compose(config, policies, {
    ...(overrides.aws ? { aws: overrides.aws } : {}),
    ...(overrides.dedupe ? { dedupe: overrides.dedupe } : {}),
    ...(overrides.now ? { now: overrides.now } : {}),
    logger: engineLogger(logger),
    metrics,
  });
  return { handler: createHandler({ hub, logger, metrics }), hub, logger, destroy };
}
