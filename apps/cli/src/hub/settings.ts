/**
 * `guardrail hub run`'s settings: the hub's own configuration (the Lambda's GUARDRAIL_* variables,
 * parsed by the engine's loadHubConfig, each overridable by an option) plus the polling options.
 */
import { HUB_ENV } from '@guardrail/core';
import { ConfigError, type HubConfig, loadHubConfig } from '@guardrail/engine';
import { CliInputError } from '../io';

export interface HubRunOptions {
  queueUrl: string;
  policies?: string;
  roleName?: string;
  topicArn?: string;
  region?: string;
  waitSeconds?: string;
  verbose?: boolean;
}

export interface HubRunSettings extends HubConfig {
  /** The queue polled: the hub queue (fed by the hub bus's rule), or the sweep queue. */
  queueUrl: string;
  /** SQS long-poll wait, in seconds. */
  waitSeconds: number;
}

type Env = Record<string, string | undefined>;

/** SQS long polls for at most 20 seconds. */
const MAX_WAIT_SECONDS = 20;

function waitSeconds(text: string | undefined): number {
  if (text === undefined || text === '') return MAX_WAIT_SECONDS;
  if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > MAX_WAIT_SECONDS)
    throw new CliInputError(
      `--wait-seconds: "${text}" is not a whole number between 1 and ${MAX_WAIT_SECONDS}`,
    );
  return Number(text);
}

/** ConfigError (the environment or an option is wrong) is the user's input to fix: exit status 2. */
export function asInputError(error: unknown): unknown {
  return error instanceof ConfigError ? new CliInputError(error.message, { cause: error }) : error;
}

/** Reads the Lambda's variables from `env`, with the command's options taking precedence. */
export function resolveHubSettings(options: HubRunOptions, env: Env): HubRunSettings {
  if (!/^https?:\/\/\S+$/.test(options.queueUrl))
    throw new CliInputError(`--queue-url: "${options.queueUrl}" is not a queue URL`);
  let config: HubConfig;
  try {
    config = loadHubConfig(env, {
      [HUB_ENV.policyFile]: { flag: '--policies', value: options.policies },
      [HUB_ENV.roleName]: { flag: '--role-name', value: options.roleName },
      [HUB_ENV.topicArn]: { flag: '--topic-arn', value: options.topicArn },
      [HUB_ENV.region]: { flag: '--region', value: options.region },
    });
  } catch (error) {
    throw asInputError(error);
  }
  return { ...config, queueUrl: options.queueUrl, waitSeconds: waitSeconds(options.waitSeconds) };
}
