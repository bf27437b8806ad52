/**
 * `guardrail dlq list` and `guardrail dlq replay` (design.md section 8: "a replay command"): the
 * tools for the records the hub dead-lettered (with its reason) and the ones SQS redrove after
 * too many receives. The work is in ../dlq/. The queues are given by URL, or by `--stack <hub
 * stack> --which hub|sweep|sweep-request`, read from the stack's Outputs.
 */
import { HUB_ENV, type HubStackOutput } from '@guardrail/core';
import type { Command } from 'commander';
import { readHubStackOutputs, requireStackFor, STACK_OPTION_HELP, whichOption } from '../aws/stack-outputs';
import { type DlqListOptions, runDlqList } from '../dlq/list';
import { DEFAULT_LIST_MAX, DEFAULT_REPLAY_MAX } from '../dlq/options';
import type { ListResult, ReplayCounts } from '../dlq/render';
import { type DlqReplayOptions, runDlqReplay } from '../dlq/replay';
import type { DlqDeps } from '../dlq/shared';
import { CliInputError, type CliIo } from '../io';

export type { DeadLetterRecord } from '../dlq/record';
export type { ListResult, ReplayCounts } from '../dlq/render';
export type { DlqDeps } from '../dlq/shared';
export { type DlqListOptions, type DlqReplayOptions, runDlqList, runDlqReplay };

const REGION_HELP = `AWS region of the queues (default: the one in the queue URL, else ${HUB_ENV.region}); with --stack, the stack's region`;

/**
 * The hub stack's dead-letter queues, each with the queue its records go back to: none for the
 * sweep requests (scheduler and Lambda failure records, not queue messages to put back).
 */
export const STACK_DEAD_LETTER_QUEUES = {
  hub: { deadLetterQueue: 'hubDeadLetterQueueUrl', queue: 'hubQueueUrl' },
  sweep: { deadLetterQueue: 'sweepDeadLetterQueueUrl', queue: 'sweepQueueUrl' },
  'sweep-request': { deadLetterQueue: 'sweepRequestDeadLetterQueueUrl', queue: undefined },
} as const satisfies Record<string, { deadLetterQueue: HubStackOutput; queue: HubStackOutput | undefined }>;

type StackDeadLetterQueue = keyof typeof STACK_DEAD_LETTER_QUEUES;
const LISTABLE: readonly [StackDeadLetterQueue, ...StackDeadLetterQueue[]] = [
  'hub',
  'sweep',
  'sweep-request',
];
const REPLAYABLE: readonly [StackDeadLetterQueue, ...StackDeadLetterQueue[]] = ['hub', 'sweep'];

interface StackChoice {
  stack?: string;
  /** With --stack: which dead-letter queue (hub, sweep, sweep-request). */
  which?: string;
}

export type DlqListCommandOptions = Omit<DlqListOptions, 'queueUrl'> & StackChoice & { queueUrl?: string };
export type DlqReplayCommandOptions = Omit<DlqReplayOptions, 'from' | 'to'> &
  StackChoice & { from?: string; to?: string };

async function outputsFor(options: StackChoice & { region?: string }, deps: DlqDeps, stack: string) {
  return readHubStackOutputs(
    { stack, ...(options.region ? { region: options.region } : {}), ...(deps.aws ? { aws: deps.aws } : {}) },
    deps.io,
  );
}

/** `dlq list` with --queue-url, or with --stack and --which (default hub). */
export async function runDlqListCommand(options: DlqListCommandOptions, deps: DlqDeps): Promise<ListResult> {
  const { stack, which: whichValue, queueUrl, ...rest } = options;
  requireStackFor('--which', whichValue, stack);
  if (stack === undefined) {
    if (queueUrl === undefined) throw new CliInputError('--queue-url or --stack: one is needed');
    return runDlqList({ ...rest, queueUrl }, deps);
  }
  const which = whichOption(whichValue, LISTABLE);
  const url =
    queueUrl ?? (await outputsFor(options, deps, stack)).get(STACK_DEAD_LETTER_QUEUES[which].deadLetterQueue);
  return runDlqList({ ...rest, queueUrl: url }, deps);
}

/** `dlq replay` with --from and --to, or with --stack and --which: from that DLQ back to its queue. */
export async function runDlqReplayCommand(
  options: DlqReplayCommandOptions,
  deps: DlqDeps,
): Promise<ReplayCounts> {
  const { stack, which: whichValue, from, to, ...rest } = options;
  requireStackFor('--which', whichValue, stack);
  if (stack === undefined) {
    if (from === undefined || to === undefined)
      throw new CliInputError('--from and --to, or --stack: needed');
    return runDlqReplay({ ...rest, from, to }, deps);
  }
  const which = whichOption(whichValue, LISTABLE);
  const { deadLetterQueue, queue } = STACK_DEAD_LETTER_QUEUES[which];
  if (queue === undefined && to === undefined) {
    throw new CliInputError(
      `--which ${which}: its records are sweep requests the scheduler or the planner failed, not queue messages: ` +
        `no queue to replay them to (list them with dlq list; the next scheduled sweep plans again); --which ${REPLAYABLE.join(' or ')}`,
    );
  }
  const outputs = await outputsFor(options, deps, stack);
  return runDlqReplay(
    { ...rest, from: from ?? outputs.get(deadLetterQueue), to: to ?? outputs.get(queue as HubStackOutput) },
    deps,
  );
}

export function registerDlqCommand(program: Command, io: CliIo): void {
  const dlq = program.command('dlq').description('Inspect and replay dead-lettered records');
  dlq
    .command('list')
    .description('Show the records in a dead-letter queue and why they are there, leaving them in the queue')
    .option('--queue-url <url>', 'the dead-letter queue; or --stack')
    .option('--stack <name>', `${STACK_OPTION_HELP}: the dead-letter queue --which names`)
    .option(
      '--which <dlq>',
      'with --stack: hub (the hub queue DLQ, default), sweep (the sweep queue DLQ) or sweep-request (sweep requests never planned)',
    )
    .option('--max <n>', `show at most n records (default ${DEFAULT_LIST_MAX})`)
    .option('--format <format>', 'text or json', 'text')
    .option('--region <region>', REGION_HELP)
    .action(async (options: DlqListCommandOptions) => {
      await runDlqListCommand(options, { io });
    });
  dlq
    .command('replay')
    .description(
      'Move records from a dead-letter queue back to a queue (each deleted only once sent); exit 1 if a send failed',
    )
    .option('--from <url>', 'the dead-letter queue; or --stack')
    .option(
      '--to <url>',
      "the queue to put the records back on: the hub queue (the sweep queue for the sweep DLQ's records); or --stack",
    )
    .option('--stack <name>', `${STACK_OPTION_HELP}: --from and --to for the DLQ --which names`)
    .option(
      '--which <dlq>',
      'with --stack: hub (hub DLQ to the hub queue, default) or sweep (sweep DLQ to the sweep queue)',
    )
    .option('--max <n>', `move at most n records (default ${DEFAULT_REPLAY_MAX})`)
    .option(
      '--reason <code>',
      'only the records with this reason code (invalid-event, ..., or redriven); sweep-not-configured records of the hub DLQ go --to the sweep queue',
    )
    .option('--dry-run', 'say what would be moved, change nothing')
    .option('--region <region>', REGION_HELP)
    .action(async (options: DlqReplayCommandOptions) => {
      await runDlqReplayCommand(options, { io });
    });
}
