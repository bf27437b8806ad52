/**
 * `guardrail hub run`'s runner (registered by ../commands/hub-run.ts): the hub outside Lambda. The hub is the engine's
 * composeHub (the Lambda's own composition) over the Lambda's configuration; the poll loop feeds
 * it. SIGINT / SIGTERM stop it cleanly: the in-flight batch is finished, then it exits 0.
 *
 * Configuration: the Lambda's environment variables (GUARDRAIL_*), each overridable by an option.
 * Region and endpoint come from the SDK's standard resolution (AWS_REGION, AWS_ENDPOINT_URL).
 */
import { createClients, SqsQueue } from '@guardrail/aws';
import { GuardrailError } from '@guardrail/core';
import {
  type AwsOverrides,
  awsOptionsFor,
  type BatchReport,
  type ComposedHub,
  composeHub,
} from '@guardrail/engine';
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
