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

let ready: Promise<Runtime> | undefined;

function build(): Promise<Runtime> {
  return Promise.resolve().then(() => {
    const config = loadConfig(process.env);
    const hub = buildHub(config);
    return { handler: hub.handler, sweep: buildSweep(config, { logger: hub.logger }).handler };
  });
}

export const handler = async (event: HubEvent, context: Context) => {
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
