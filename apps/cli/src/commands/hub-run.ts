/**
 * `guardrail hub run --queue-url <hub queue>` or `guardrail hub run --stack GuardrailHub [--which
 * sweep]`: settings, poll loop and the run itself live in ../hub/. With --stack, the queue and the
 * hub's own references (topic, state table, dead-letter and re-check queues, bus, region) come
 * from the stack's Outputs, as the deployed function has them in its environment; options still win.
 */
import { GUARDRAIL_NAMES, HUB_ENV, type HubStackOutput } from '@guardrail/core';
import type { Command } from 'commander';
import {
  type HubStackOutputs,
  readHubStackOutputs,
  regionFor,
  requireStackFor,
  STACK_OPTION_HELP,
  whichOption,
} from '../aws/stack-outputs';
import { type HubRunDeps, runHub } from '../hub/command';
import type { PollStats } from '../hub/poll';
import type { HubRunOptions } from '../hub/settings';
import { CliInputError, type CliIo } from '../io';

export { type HubRunDeps, runHub } from '../hub/command';
export { type PollDeps, type PollStats, pollQueue } from '../hub/poll';
export { type HubRunOptions, type HubRunSettings, resolveHubSettings } from '../hub/settings';

export interface HubRunCommandOptions extends Omit<HubRunOptions, 'queueUrl'> {
  queueUrl?: string;
  /** The hub stack whose Outputs name the queues (CloudFormation). */
  stack?: string;
  /** With --stack: `hub` (the live-event queue, default) or `sweep` (the sweep queue). */
  which?: string;
}

const HUB_RUN_QUEUES = ['hub', 'sweep'] as const;

/** What each queue's consumer has in its environment, from the stack (the deployed functions' own). */
const QUEUE_OUTPUTS: Record<
  (typeof HUB_RUN_QUEUES)[number],
  { queue: HubStackOutput; deadLetterQueue: HubStackOutput }
> = {
  hub: { queue: 'hubQueueUrl', deadLetterQueue: 'hubDeadLetterQueueUrl' },
  sweep: { queue: 'sweepQueueUrl', deadLetterQueue: 'sweepDeadLetterQueueUrl' },
};

/**
 * The hub's variables the stack gives. Not the sweep results bucket: only the sweep function may
 * write to it (infra grants the writes by calling function), so a workstation leaves it out.
 */
function stackEnvironment(
  outputs: HubStackOutputs,
  which: keyof typeof QUEUE_OUTPUTS,
): Record<string, string> {
  return {
    [HUB_ENV.topicArn]: outputs.get('alertTopicArn'),
    [HUB_ENV.stateTable]: outputs.get('stateTableName'),
    [HUB_ENV.deadLetterQueueUrl]: outputs.get(QUEUE_OUTPUTS[which].deadLetterQueue),
    [HUB_ENV.recheckQueueUrl]: outputs.get('sweepQueueUrl'),
    [HUB_ENV.hubEventBusArn]: outputs.get('eventBusArn'),
    [HUB_ENV.region]: outputs.region,
  };
}

/** `hub run` with --queue-url, or with --stack (the queue and references from its Outputs). */
export async function runHubCommand(options: HubRunCommandOptions, deps: HubRunDeps): Promise<PollStats> {
  const { stack, which: whichValue, queueUrl, ...rest } = options;
  requireStackFor('--which', whichValue, stack);
  if (stack === undefined) {
    if (queueUrl === undefined) throw new CliInputError('--queue-url or --stack: one is needed');
    return runHub({ ...rest, queueUrl }, deps);
  }
  const which = whichOption(whichValue, HUB_RUN_QUEUES);
  const outputs = await readHubStackOutputs(
    { stack, ...regionFor(options.region, deps.env), ...(deps.aws ? { aws: deps.aws } : {}) },
    deps.io,
  );
  const env = { ...deps.env, ...stackEnvironment(outputs, which) };
  return runHub({ ...rest, queueUrl: queueUrl ?? outputs.get(QUEUE_OUTPUTS[which].queue) }, { ...deps, env });
}

export function registerHubCommand(program: Command, io: CliIo): void {
  const hub = program.command('hub').description('Run the hub outside Lambda');
  hub
    .command('run')
    .description(
      'Long-poll the hub queue (EventBridge events) and run the hub on each batch (Ctrl-C stops after the batch in flight)',
    )
    .option(
      '--queue-url <url>',
      "the hub queue, fed by the hub bus's rule (or the sweep queue, to reconcile sweep targets); or --stack",
    )
    .option('--stack <name>', `${STACK_OPTION_HELP}: the queue, topic, state table, DLQ and region`)
    .option('--which <queue>', 'with --stack: hub (the live-event queue, default) or sweep (the sweep queue)')
    .option('--policies <file>', `a policy file (default: ${HUB_ENV.policyFile} / ${HUB_ENV.policyYaml})`)
    .option(
      '--role-name <name>',
      `member remediation role (default: ${HUB_ENV.roleName} or ${GUARDRAIL_NAMES.remediationRole})`,
    )
    .option('--topic-arn <arn>', `SNS topic for alerts (default: the stack's, ${HUB_ENV.topicArn})`)
    .option('--region <region>', `AWS region (default: the SDK resolution, ${HUB_ENV.region})`)
    .option('--wait-seconds <n>', 'long-poll wait, 1-20', '20')
    .option('--verbose', 'log every decision to stderr')
    .action(async (options: HubRunCommandOptions) => {
      const controller = new AbortController();
      const stop = (signal: NodeJS.Signals) => {
        io.stderr(`guardrail hub: ${signal}: stopping after the batch in flight\n`);
        controller.abort();
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      try {
        await runHubCommand(options, { io, env: process.env, signal: controller.signal });
      } finally {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
      }
    });
}
