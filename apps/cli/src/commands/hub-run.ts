/**
 * `guardrail hub run --queue-url <url>`: the hub outside Lambda. Long-polls an SQS queue of
 * EventBridge events, runs the same engine as the Lambda on each batch, deletes the records that
 * succeeded and leaves the failed ones for redelivery. SIGINT / SIGTERM stop it cleanly: the
 * in-flight batch is finished (and its records deleted), then it exits 0.
 *
 * Configuration: the Lambda's environment variables (GUARDRAIL_*), each overridable by an option.
 * Region and endpoint come from the SDK's standard resolution (AWS_REGION, AWS_ENDPOINT_URL).
 */
import {
  DeleteMessageBatchCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { type AwsOptions, createClients } from '@guardrail/aws';
import { GuardrailError, type PolicySource } from '@guardrail/core';
import type { BatchReport, EngineLogger, Hub } from '@guardrail/engine';
import type { Command } from 'commander';
import { composeHub } from '../demo/hub-composition';
import { CliInputError, type CliIo } from '../io';

// ---------------------------------------------------------------------------------------------
// Settings: options over environment over defaults.

export interface HubRunOptions {
  queueUrl: string;
  policies?: string;
  roleName?: string;
  topicArn?: string;
  region?: string;
  waitSeconds?: string;
  verbose?: boolean;
}

export interface HubRunSettings {
  queueUrl: string;
  policies: PolicySource;
  roleName: string;
  topicArn: string;
  sourceIdentity: string;
  hubRoleArn?: string;
  orgReadRoleArn?: string;
  deadLetterQueueUrl?: string;
  tagKeys: { policy: string; mode: string };
  forwardingRuleName: string;
  maxConcurrency: number;
  breaker: { maxRemediations: number; windowMinutes: number };
  region?: string;
  waitSeconds: number;
}

type Env = Record<string, string | undefined>;

const TOPIC_ARN = /^arn:[a-z-]+:sns:[a-z0-9-]+:\d{12}:.+$/;
const ROLE_ARN = /^arn:[a-z-]+:iam::\d{12}:role\/.+$/;

function integer(name: string, text: string | undefined, fallback: number, max: number): number {
  if (text === undefined || text === '') return fallback;
  if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > max)
    throw new CliInputError(`${name}: "${text}" is not a whole number between 1 and ${max}`);
  return Number(text);
}

function optionalArn(name: string, value: string | undefined, pattern: RegExp): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (!pattern.test(value)) throw new CliInputError(`${name}: "${value}" is not a valid ARN`);
  return value;
}

/** Reads the Lambda's variables from `env`, with the command's options taking precedence. */
export function resolveHubSettings(options: HubRunOptions, env: Env): HubRunSettings {
  const value = (name: string) => (env[name] === '' ? undefined : env[name]);
  const topicArn = options.topicArn ?? value('GUARDRAIL_TOPIC_ARN');
  if (topicArn === undefined)
    throw new CliInputError('the alert topic is required: --topic-arn or GUARDRAIL_TOPIC_ARN');
  if (!TOPIC_ARN.test(topicArn)) throw new CliInputError(`topic: "${topicArn}" is not an SNS topic ARN`);
  if (!/^https?:\/\/\S+$/.test(options.queueUrl))
    throw new CliInputError(`--queue-url: "${options.queueUrl}" is not a queue URL`);
  let policies: PolicySource = {};
  if (options.policies !== undefined) policies = { file: options.policies };
  else if (value('GUARDRAIL_POLICY_FILE') && value('GUARDRAIL_POLICY_YAML'))
    throw new CliInputError('set GUARDRAIL_POLICY_FILE or GUARDRAIL_POLICY_YAML, not both');
  else if (value('GUARDRAIL_POLICY_FILE')) policies = { file: value('GUARDRAIL_POLICY_FILE') as string };
  else if (value('GUARDRAIL_POLICY_YAML') !== undefined)
    policies = { text: value('GUARDRAIL_POLICY_YAML') as string, file: 'GUARDRAIL_POLICY_YAML' };
  const hubRoleArn = optionalArn('GUARDRAIL_HUB_ROLE_ARN', value('GUARDRAIL_HUB_ROLE_ARN'), ROLE_ARN);
  const orgReadRoleArn = optionalArn(
    'GUARDRAIL_ORG_READ_ROLE_ARN',
    value('GUARDRAIL_ORG_READ_ROLE_ARN'),
    ROLE_ARN,
  );
  const deadLetterQueueUrl = value('GUARDRAIL_DEAD_LETTER_QUEUE_URL');
  const region = options.region ?? value('AWS_REGION');
  return {
    queueUrl: options.queueUrl,
    policies,
    roleName: options.roleName ?? value('GUARDRAIL_ROLE_NAME') ?? 'guardrail-remediation',
    topicArn,
    sourceIdentity: value('GUARDRAIL_SOURCE_IDENTITY') ?? 'guardrail',
    ...(hubRoleArn ? { hubRoleArn } : {}),
    ...(orgReadRoleArn ? { orgReadRoleArn } : {}),
    ...(deadLetterQueueUrl ? { deadLetterQueueUrl } : {}),
    tagKeys: {
      policy: value('GUARDRAIL_TAG_POLICY') ?? 'guardrail:policy',
      mode: value('GUARDRAIL_TAG_MODE') ?? 'guardrail:mode',
    },
    forwardingRuleName: value('GUARDRAIL_FORWARDING_RULE_NAME') ?? 'guardrail-forward-sg-events',
    maxConcurrency: integer('GUARDRAIL_MAX_CONCURRENCY', value('GUARDRAIL_MAX_CONCURRENCY'), 16, 1000),
    breaker: {
      maxRemediations: integer(
        'GUARDRAIL_BREAKER_MAX_REMEDIATIONS',
        value('GUARDRAIL_BREAKER_MAX_REMEDIATIONS'),
        5,
        1000,
      ),
      windowMinutes: integer(
        'GUARDRAIL_BREAKER_WINDOW_MINUTES',
        value('GUARDRAIL_BREAKER_WINDOW_MINUTES'),
        10,
        1000,
      ),
    },
    ...(region ? { region } : {}),
    // SQS long polls for at most 20 seconds.
    waitSeconds: integer('--wait-seconds', options.waitSeconds, 20, 20),
  };
}

// ---------------------------------------------------------------------------------------------
// The poll loop.

export interface PollStats {
  batches: number;
  records: number;
  deleted: number;
  /** Records left in the queue for redelivery (failed, or not deleted). */
  leftForRedelivery: number;
  alerts: number;
}

export interface PollDeps {
  sqs: SQSClient;
  hub: Hub;
  queueUrl: string;
  waitSeconds: number;
  signal: AbortSignal;
  io: CliIo;
  /** Pause after a failed receive, doubled up to 30 s (tests shorten it). */
  retryDelayMs?: number;
  /** Called after each batch is handled and its records deleted. */
  onBatch?(report: BatchReport): void;
}

const MAX_RETRY_DELAY_MS = 30_000;

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

function summary(report: BatchReport, at: Date): string {
  const outcomes = new Map<string, number>();
  for (const group of report.groups) outcomes.set(group.outcome, (outcomes.get(group.outcome) ?? 0) + 1);
  const groups = [...outcomes].map(([outcome, n]) => `${n} ${outcome}`).join(', ') || 'none';
  const records = report.batchItemFailures.length;
  return (
    `${at.toISOString()} batch: groups ${groups}; alerts ${report.alerts.length}; ` +
    `skipped ${report.skipped.length}; dead-lettered ${report.deadLettered.length}; ` +
    `failed ${records}${records > 0 ? ' (left for redelivery)' : ''}\n`
  );
}

/** Deletes the handled messages; returns how many SQS confirmed. */
async function deleteMessages(deps: PollDeps, messages: Message[]): Promise<number> {
  let deleted = 0;
  for (let i = 0; i < messages.length; i += 10) {
    const chunk = messages.slice(i, i + 10);
    try {
      const result = await deps.sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: deps.queueUrl,
          Entries: chunk.map((m, j) => ({ Id: String(j), ReceiptHandle: m.ReceiptHandle })),
        }),
      );
      deleted += result.Successful?.length ?? 0;
      for (const failure of result.Failed ?? []) {
        deps.io.stderr(
          `warning: could not delete a handled message (${failure.Code}: ${failure.Message}); it will be delivered again and skipped as a duplicate\n`,
        );
      }
    } catch (error) {
      deps.io.stderr(
        `warning: could not delete ${chunk.length} handled messages (${errorText(error)}); they will be delivered again and skipped as duplicates\n`,
      );
    }
  }
  return deleted;
}

/** Polls until the signal aborts; a batch being handled when it does is finished first. */
export async function pollQueue(deps: PollDeps): Promise<PollStats> {
  const stats: PollStats = { batches: 0, records: 0, deleted: 0, leftForRedelivery: 0, alerts: 0 };
  const baseDelay = deps.retryDelayMs ?? 1_000;
  let delay = baseDelay;
  while (!deps.signal.aborted) {
    let messages: Message[];
    try {
      const response = await deps.sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: deps.queueUrl,
          MaxNumberOfMessages: 10,
          WaitTimeSeconds: deps.waitSeconds,
        }),
        { abortSignal: deps.signal },
      );
      messages = (response.Messages ?? []).filter((m) => m.MessageId && m.ReceiptHandle);
      delay = baseDelay;
    } catch (error) {
      if (deps.signal.aborted) break;
      deps.io.stderr(
        `warning: receiving from the queue failed (${errorText(error)}); retrying in ${delay} ms\n`,
      );
      await pause(delay, deps.signal);
      delay = Math.min(delay * 2, MAX_RETRY_DELAY_MS);
      continue;
    }
    if (messages.length === 0) continue;

    let report: BatchReport;
    try {
      report = await deps.hub.processBatch(
        messages.map((m) => ({ id: m.MessageId as string, body: m.Body ?? '' })),
      );
    } catch (error) {
      // The engine reports failures per record; if it throws, nothing is deleted and SQS redelivers.
      deps.io.stderr(`error: the batch failed as a whole (${errorText(error)}); SQS will redeliver it\n`);
      stats.batches += 1;
      stats.records += messages.length;
      stats.leftForRedelivery += messages.length;
      continue;
    }
    const failed = new Set(report.batchItemFailures.map((f) => f.itemIdentifier));
    const done = messages.filter((m) => !failed.has(m.MessageId as string));
    const deleted = await deleteMessages(deps, done);
    stats.batches += 1;
    stats.records += messages.length;
    stats.deleted += deleted;
    stats.leftForRedelivery += messages.length - deleted;
    stats.alerts += report.alerts.length;
    deps.io.stdout(summary(report, new Date()));
    deps.onBatch?.(report);
  }
  return stats;
}

// ---------------------------------------------------------------------------------------------
// The command.

/** Warnings and errors to stderr as JSON lines (and info with --verbose). */
function stderrLogger(io: CliIo, verbose: boolean): EngineLogger {
  const line = (level: string) => (message: string, attributes?: Record<string, unknown>) =>
    io.stderr(`${JSON.stringify({ level, message, ...attributes })}\n`);
  const quiet = () => {};
  return {
    debug: quiet,
    info: verbose ? line('INFO') : quiet,
    warn: line('WARN'),
    error: line('ERROR'),
  };
}

export interface HubRunDeps {
  io: CliIo;
  env: Env;
  signal: AbortSignal;
  /** Extra client plugins and credentials (the sandbox's, in tests). */
  aws?: Pick<AwsOptions, 'plugins' | 'credentials' | 'maxAttempts'>;
  now?: () => Date;
  retryDelayMs?: number;
  onBatch?(report: BatchReport): void;
}

export async function runHub(options: HubRunOptions, deps: HubRunDeps): Promise<PollStats> {
  const settings = resolveHubSettings(options, deps.env);
  const aws: AwsOptions = { ...(settings.region ? { region: settings.region } : {}), ...deps.aws };
  let composed: ReturnType<typeof composeHub>;
  try {
    composed = composeHub({
      aws,
      policies: settings.policies,
      roleName: settings.roleName,
      topicArn: settings.topicArn,
      sourceIdentity: settings.sourceIdentity,
      tagKeys: settings.tagKeys,
      forwardingRuleName: settings.forwardingRuleName,
      breaker: settings.breaker,
      maxConcurrency: settings.maxConcurrency,
      logger: stderrLogger(deps.io, options.verbose ?? false),
      ...(settings.hubRoleArn ? { hubRoleArn: settings.hubRoleArn } : {}),
      ...(settings.orgReadRoleArn ? { orgReadRoleArn: settings.orgReadRoleArn } : {}),
      ...(settings.deadLetterQueueUrl ? { deadLetterQueueUrl: settings.deadLetterQueueUrl } : {}),
      ...(deps.now ? { now: deps.now } : {}),
    });
  } catch (error) {
    // A policy file that does not load is the user's input to fix.
    if (error instanceof GuardrailError) throw new CliInputError(error.message, { cause: error });
    throw error;
  }
  const sqs = createClients(aws).sqs();
  deps.io.stderr(`guardrail hub: polling ${settings.queueUrl} (stop with Ctrl-C)\n`);
  try {
    const stats = await pollQueue({
      sqs,
      hub: composed.hub,
      queueUrl: settings.queueUrl,
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
      'Long-poll an SQS queue of EventBridge events and run the hub on each batch (Ctrl-C stops after the batch in flight)',
    )
    .requiredOption('--queue-url <url>', 'the SQS queue the forwarding rule feeds')
    .option('--policies <file>', 'a policy file (default: GUARDRAIL_POLICY_FILE / GUARDRAIL_POLICY_YAML)')
    .option(
      '--role-name <name>',
      'member remediation role (default: GUARDRAIL_ROLE_NAME or guardrail-remediation)',
    )
    .option('--topic-arn <arn>', 'SNS topic for alerts (default: GUARDRAIL_TOPIC_ARN)')
    .option('--region <region>', 'AWS region (default: the SDK resolution, AWS_REGION)')
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
