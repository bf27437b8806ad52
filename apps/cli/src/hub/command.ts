/**
 * `guardrail hub run --queue-url <hub queue>`: the hub outside Lambda. The hub is the engine's
 * composeHub (the Lambda's own composition) over the Lambda's configuration; the poll loop feeds
 * it. SIGINT / SIGTERM stop it cleanly: the in-flight batch is finished, then it exits 0.
 *
 * Configuration: the Lambda's environment variables (GUARDRAIL_*), each overridable by an option.
 * Region and endpoint come from the SDK's standard resolution (AWS_REGION, AWS_ENDPOINT_URL).
 */
import { createClients, SqsQueue } from '@guardrail/aws';
import { GUARDRAIL_NAMES, GuardrailError, HUB_ENV } from '@guardrail/core';
import {
  type AwsOverrides,
  awsOptionsFor,
  type BatchReport,
  type ComposedHub,
  composeHub,
} from '@guardrail/engine';
import type { Command } from 'commander';
import { CliInputError, type CliIo } from '../io';
import { type PollStats, pollQueue } from './poll';
import { type HubRunOptions, resolveHubSettings } from './settings';
import { stderrLogger } from './stderr-logger';

export interface HubRunDeps {
  io: CliIo;
  env: Record<string, string | undefined>;
  signal: AbortSignal;
  /** Extra client plugins and credentials (the sandbox's, in tests). */
  aws?: AwsOverrides;
  now?: () => Date;
  retryDelayMs?: number;
  onBatch?(report: BatchReport): void;
}

export async function runHub(options: HubRunOptions, deps: HubRunDeps): Promise<PollStats> {
  const settings = resolveHubSettings(options, deps.env);
  let composed: ComposedHub;
  try {
    composed = composeHub(settings, {
      ...(deps.aws ? { aws: deps.aws } : {}),
      ...(deps.now ? { now: deps.now } : {}),
      logger: stderrLogger(deps.io, options.verbose ?? false),
    });
  } catch (error) {
    // A policy file that does not load is the user's input to fix.
    if (error instanceof GuardrailError) throw new CliInputError(error.message, { cause: error });
    throw error;
  }
  const sqs = createClients(awsOptionsFor(settings, deps.aws)).sqs();
  deps.io.stderr(`guardrail hub: polling ${settings.queueUrl} (stop with Ctrl-C)\n`);
  try {
    const stats = await pollQueue({
      queue: new SqsQueue(sqs, settings.queueUrl),
      hub: composed.hub,
      waitSeconds: settings.waitSeconds,
      signal: deps.signal,
      io: deps.io,
      ...(deps.retryDelayMs !== undefined ? { retryDelayMs: deps.retryDelayMs } : {}),
      ...(deps.onBatch ? { onBatch: deps.onBatch } : {}),
    });
    deps.io.stderr(
      `guardrail hub: stopped after ${stats.batches} batches (${stats.records} records, ${stats.deleted} deleted, ${stats.leftForRedelivery} left for redelivery, ${stats.alerts} alerts)\n`,
    );
    return stats;
  } finally {
    sqs.destroy();
    composed.destroy();
  }
}

export function registerHubCommand(program: Command, io: CliIo): void {
  const hub = program.command('hub').description('Run the hub outside Lambda');
  hub
    .command('run')
    .description(
      'Long-poll the hub queue (EventBridge events) and run the hub on each batch (Ctrl-C stops after the batch in flight)',
    )
    .requiredOption(
      '--queue-url <url>',
      "the hub queue, fed by the hub bus's rule (or the sweep queue, to reconcile sweep targets)",
    )
    .option('--policies <file>', `a policy file (default: ${HUB_ENV.policyFile} / ${HUB_ENV.policyYaml})`)
    .option(
      '--role-name <name>',
      `member remediation role (default: ${HUB_ENV.roleName} or ${GUARDRAIL_NAMES.remediationRole})`,
    )
    .option('--topic-arn <arn>', `SNS topic for alerts (default: ${HUB_ENV.topicArn})`)
    .option('--region <region>', `AWS region (default: the SDK resolution, ${HUB_ENV.region})`)
    .option('--wait-seconds <n>', 'long-poll wait, 1-20', '20')
    .option('--verbose', 'log every decision to stderr')
    .action(async (options: HubRunOptions) => {
      const controller = new AbortController();
      const stop = (signal: NodeJS.Signals) => {
        io.stderr(`guardrail hub: ${signal}: stopping after the batch in flight\n`);
        controller.abort();
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      try {
        await runHub(options, { io, env: process.env, signal: controller.signal });
      } finally {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
      }
    });
}
