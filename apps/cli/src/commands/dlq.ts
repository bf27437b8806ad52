/**
 * `guardrail dlq list` and `guardrail dlq replay` (design.md section 8: "a replay command"): the
 * tools for the records the hub dead-lettered (with its reason) and the ones SQS redrove after
 * too many receives. The work is in ../dlq/.
 */
import { HUB_ENV } from '@guardrail/core';
import type { Command } from 'commander';
import { type DlqListOptions, runDlqList } from '../dlq/list';
import { DEFAULT_LIST_MAX, DEFAULT_REPLAY_MAX } from '../dlq/options';
import { type DlqReplayOptions, runDlqReplay } from '../dlq/replay';
import type { CliIo } from '../io';

export type { DeadLetterRecord } from '../dlq/record';
export type { ListResult, ReplayCounts } from '../dlq/render';
export type { DlqDeps } from '../dlq/shared';
export { type DlqListOptions, type DlqReplayOptions, runDlqList, runDlqReplay };

const REGION_HELP = `AWS region of the queues (default: the one in the queue URL, else ${HUB_ENV.region})`;

export function registerDlqCommand(program: Command, io: CliIo): void {
  const dlq = program.command('dlq').description('Inspect and replay dead-lettered records');
  dlq
    .command('list')
    .description('Show the records in a dead-letter queue and why they are there, leaving them in the queue')
    .requiredOption('--queue-url <url>', 'the dead-letter queue')
    .option('--max <n>', `show at most n records (default ${DEFAULT_LIST_MAX})`)
    .option('--format <format>', 'text or json', 'text')
    .option('--region <region>', REGION_HELP)
    .action(async (options: DlqListOptions) => {
      await runDlqList(options, { io });
    });
  dlq
    .command('replay')
    .description(
      'Move records from a dead-letter queue back to a queue (each deleted only once sent); exit 1 if a send failed',
    )
    .requiredOption('--from <url>', 'the dead-letter queue')
    .requiredOption(
      '--to <url>',
      "the queue to put the records back on: the hub queue (the sweep queue for the sweep DLQ's records)",
    )
    .option('--max <n>', `move at most n records (default ${DEFAULT_REPLAY_MAX})`)
    .option('--reason <code>', 'only the records with this reason code (invalid-event, ..., or redriven)')
    .option('--dry-run', 'say what would be moved, change nothing')
    .option('--region <region>', REGION_HELP)
    .action(async (options: DlqReplayOptions) => {
      await runDlqReplay(options, { io });
    });
}
