/**
 * The Lambda entry point (composition root). The environment is read and the adapters built on
 * the first invocation, then reused while the execution environment is warm; a failed build is
 * not cached, so the next invocation tries again.
 */
import { isSweepRequest } from '@guardrail/engine';
import type { Context } from 'aws-lambda';
import { buildHub } from './compose';
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

/**
 * A Lambda handler that reads `readEnv()` and builds the hub on its first invocation (not when
 * created), and again on the next one if that build failed. Tests hand it a plain object.
 */
export function createLambdaHandler(readEnv: () => Environment = () => process.env): LambdaHandler {
  let ready: Promise<Runtime> | undefined;

  const build = (): Promise<Runtime> =>
    Promise.resolve().then(() => {
      const config = loadConfig(readEnv());
      const hub = buildHub(config);
      return { handler: hub.handler, sweep: buildSweep(config, { logger: hub.logger }).handler };
    });

  return async (event, context) => {
    ready ??= build();
    const current = ready;
    let run: Runtime;
    try {
      run = await current;
    } catch (error) {
      if (ready === current) ready = undefined;
      throw error;
    }
    return isSweepRequest(event) ? run.sweep(event, context) : run.handler(event, context);
  };
}

export const handler = createLambdaHandler();
