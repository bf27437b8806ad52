/**
 * The Lambda's hub: the engine's composition (`composeHub`, shared with the CLI and the bench)
 * with Powertools Logger/Metrics and the Lambda handler on top. Used by lambda.ts on the first
 * invocation, and by the tests with the sandbox's plugin.
 */

import type { Logger } from '@aws-lambda-powertools/logger';
import { type AwsOverrides, composeHub, type DedupeStore, type Hub, type HubConfig } from '@guardrail/engine';
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

export function buildHub(config: HubConfig, overrides: BuildOverrides = {}): BuiltHub {
  const logger = overrides.logger ?? createLogger(config);
  const metrics = new EmfMetricsSink(createMetrics(config));
  const { hub, destroy } = composeHub(config, {
    ...(overrides.aws ? { aws: overrides.aws } : {}),
    ...(overrides.dedupe ? { dedupe: overrides.dedupe } : {}),
    ...(overrides.now ? { now: overrides.now } : {}),
    logger: engineLogger(logger),
    metrics,
  });
  return { handler: createHandler({ hub, logger, metrics }), hub, logger, destroy };
}
