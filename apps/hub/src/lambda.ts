/**
 * The sweep function's Lambda entry point (composition root): the whole hub (live events, sweep
 * targets, sweep deadlines) and the sweep planner. The live-event function has its own, smaller
 * entry (event-lambda.ts). The environment is read and the adapters built on the first
 * invocation, then reused while the execution environment is warm; a failed build is not cached,
 * so the next invocation tries again (build-once.ts).
 *
 * This module is the bundle's entry: what it imports is what the Lambda loads at every cold start.
 * Policies come compiled at synth (GUARDRAIL_COMPILED_POLICY_FILE), so no YAML parser and no policy
 * schema are bundled; infra/test/lambda-bundle.test.ts reads the bundle's inputs to keep it so.
 */
import { isSweepRequest, loadCompiledPoliciesOnly, type PolicyLoader } from '@guardrail/engine';
import type { Context } from 'aws-lambda';
import { buildOnce } from './build-once';
import { buildHubWith } from './compose';
import { loadConfig } from './config';
import type { HubEvent, HubHandler } from './handler';
import { buildSweep, type SweepHandler } from './sweep';

interface Runtime {
  handler: HubHandler;
  /** `{ "guardrail": "sweep" }` from the scheduler: plan a sweep. */
  sweep: SweepHandler;
}

export type Environment = Record<string, string | undefined>;
export type LambdaHandler = (
  event: HubEvent,
  context: Context,
) => Promise<Awaited<ReturnType<HubHandler>> | Awaited<ReturnType<SweepHandler>>>;

export interface LambdaOptions {
  /**
   * How the policies are read (default: compiled JSON only, the shipped policies when none is
   * set; YAML is refused). A caller that wants YAML passes the engine's `loadConfiguredPolicies`,
   * and its bundle then carries the YAML parser.
   */
  loadPolicies?: PolicyLoader;
}

/**
 * A Lambda handler that reads `readEnv()` and builds the hub on its first invocation (not when
 * created), and again on the next one if that build failed. Tests hand it a plain object.
 */
export function createLambdaHandler(
  readEnv: () => Environment = () => process.env,
  options: LambdaOptions = {},
): LambdaHandler {
  const loadPolicies = options.loadPolicies ?? loadCompiledPoliciesOnly;
  const runtime = buildOnce((): Runtime => {
    const config = loadConfig(readEnv());
    const hub = buildHubWith(config, loadPolicies(config.policy));
    // The planner (its SQS and Organizations clients) only when a sweep is requested: the sweep
    // function's cold starts are mostly for sweep-queue batches, which the hub handler processes.
    let sweep: SweepHandler | undefined;
    return {
      handler: hub.handler,
      sweep: (request, context) => {
        sweep ??= buildSweep(config, { logger: hub.logger }).handler;
        return sweep(request, context);
      },
    };
  });

  return async (event, context) => {
    const run = await runtime();
    return isSweepRequest(event) ? run.sweep(event, context) : run.handler(event, context);
  };
}

export const handler = createLambdaHandler();
