/**
 * The Lambda entry point (composition root). The environment is read and the adapters built on
 * the first invocation, then reused while the execution environment is warm; a failed build is
 * not cached, so the next invocation tries again.
 */
import type { Context } from 'aws-lambda';
import { buildHub } from './compose';
import { loadConfig } from './config';
import type { HubEvent, HubHandler } from './handler';

let ready: Promise<HubHandler> | undefined;

function build(): Promise<HubHandler> {
  return Promise.resolve().then(() => buildHub(loadConfig(process.env)).handler);
}

export const handler = async (event: HubEvent, context: Context) => {
  ready ??= build();
  const current = ready;
  let run: HubHandler;
  try {
    run = await current;
  } catch (error) {
    if (ready === current) ready = undefined;
    throw error;
  }
  return run(event, context);
};
