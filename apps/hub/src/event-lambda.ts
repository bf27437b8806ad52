/**
 * The live-event function's Lambda entry point (composition root): the hub over the hub queue's
 * live events, without the sweep's parts (no sweep planner, no results bucket, no member
 * forwarding check). Every quiet organization's event meets this function cold, so its bundle
 * is the smallest that reconciles an event: no S3 and no EventBridge SDK (the bench measures it).
 *
 * Nothing sends a sweep message to the hub queue. One that arrives (misrouted, or forged by
 * someone who can write to the queue) is dead-lettered with the reason, not acted on; a sweep
 * request invoked here fails with SweepNotConfiguredError, so the caller learns it asked the
 * wrong function. The sweep function's entry is lambda.ts.
 */
import { isSweepRequest, loadCompiledPoliciesOnly, SweepNotConfiguredError } from '@guardrail/engine';
import { buildOnce } from './build-once';
import { buildEventHubWith } from './compose';
import { loadConfig } from './config';
import type { Environment, LambdaHandler, LambdaOptions } from './lambda';

/** Why this function refuses a sweep request. */
export const NOT_THE_SWEEP_FUNCTION =
  'this is the live-event function: sweeps are planned and swept by the sweep function';

/** The live-event function's handler: reads `readEnv()` and builds the hub on its first invocation. */
export function createEventLambdaHandler(
  readEnv: () => Environment = () => process.env,
  options: LambdaOptions = {},
): LambdaHandler {
  const loadPolicies = options.loadPolicies ?? loadCompiledPoliciesOnly;
  const runtime = buildOnce(() => {
    const config = loadConfig(readEnv());
    return buildEventHubWith(config, loadPolicies(config.policy)).handler;
  });
  return async (event, context) => {
    if (isSweepRequest(event)) throw new SweepNotConfiguredError(NOT_THE_SWEEP_FUNCTION);
    const handler = await runtime();
    return handler(event, context);
  };
}

export const handler = createEventLambdaHandler();
