/**
 * `guardrail dlq replay --from <dlq> --to <queue>`: puts dead-lettered records back on a queue
 * for the hub to process again (after the fix that they were waiting for). A record is never
 * lost: it is deleted from the DLQ only after SQS accepted the send; a failed send leaves it
 * there, and the command exits 1. The hub tolerates the duplicate a failed delete would cause
 * (it dedupes events, and reconciling a group twice changes nothing).
 */
import type { MessageAttributes, OutgoingMessage, ReceivedMessage, SqsQueue } from '@guardrail/aws';
import { errorText } from '@guardrail/core';
import { CliInputError, type CliIo } from '../io';
import { QueueClients } from './clients';
import { DEFAULT_REPLAY_MAX, maxOption, queueUrlOption, reasonOption, regionOption } from './options';
import { DEAD_LETTER_ATTRIBUTE_NAMES, readDeadLetter } from './record';
import { type ReplayCounts, replaySummary } from './render';
import { QueueScan } from './scan';
import { DEFAULT_WAIT_SECONDS, type DlqDeps, failed, releaseAll } from './shared';

export interface DlqReplayOptions {
  from: string;
  to: string;
  max?: string;
  dryRun?: boolean;
  reason?: string;
  region?: string;
}

/** Records stay hidden while they are sent and deleted, and the unselected ones until the end. */
export const REPLAY_VISIBILITY_SECONDS = 60;

interface Replay {
  from: string;
  to: string;
  max: number;
  reason: string | undefined;
  dryRun: boolean;
}

function replaySettings(options: DlqReplayOptions): Replay {
  const from = queueUrlOption('--from', options.from);
  const to = queueUrlOption('--to', options.to);
  if (from === to) throw new CliInputError('--to: must be another queue than --from');
  return {
    from,
    to,
    max: maxOption(options.max, DEFAULT_REPLAY_MAX),
    reason: reasonOption(options.reason),
    dryRun: options.dryRun ?? false,
  };
}

/** The message's own attributes, without the ones that describe its stay in the DLQ. */
function carriedAttributes(message: ReceivedMessage): MessageAttributes | undefined {
  const carried = Object.entries(message.MessageAttributes ?? {})
    .filter(([name]) => !DEAD_LETTER_ATTRIBUTE_NAMES.includes(name))
    .map(([name, value]): [string, MessageAttributes[string]] => [
      name,
      {
        DataType: value.DataType,
        ...(value.StringValue !== undefined ? { StringValue: value.StringValue } : {}),
        ...(value.BinaryValue !== undefined ? { BinaryValue: value.BinaryValue } : {}),
      },
    ]);
  return carried.length > 0 ? Object.fromEntries(carried) : undefined;
}

function replayed(message: ReceivedMessage, to: string): OutgoingMessage {
  const attributes = carriedAttributes(message);
  return {
    body: message.Body ?? '',
    ...(attributes ? { attributes } : {}),
    // A FIFO queue needs a group; the DLQ message id dedupes a replay retried within 5 minutes.
    ...(to.endsWith('.fifo')
      ? {
          groupId: message.Attributes?.MessageGroupId ?? 'guardrail-replay',
          deduplicationId: message.MessageId,
        }
      : {}),
  };
}

interface Queues {
  from: SqsQueue;
  to: SqsQueue;
}

/** Sends one record to the target, then deletes it from the DLQ; updates the counts. */
async function move(
  message: ReceivedMessage,
  code: string,
  replay: Replay,
  queues: Queues,
  scan: QueueScan,
  counts: ReplayCounts,
  io: CliIo,
): Promise<void> {
  try {
    await queues.to.send(replayed(message, replay.to));
  } catch (error) {
    counts.failed += 1;
    io.stderr(`failed  ${message.MessageId} (${code}): send: ${errorText(error)}; left in the DLQ\n`);
    return;
  }
  try {
    await queues.from.delete(message.ReceiptHandle);
  } catch (error) {
    counts.notDeleted += 1;
    io.stderr(
      `warning: ${message.MessageId} (${code}) was sent but not deleted from the DLQ (${errorText(error)}): it is in both queues\n`,
    );
    return;
  }
  scan.forget(message.MessageId);
  counts.moved += 1;
  io.stdout(`moved   ${message.MessageId} (${code})\n`);
}

export async function runDlqReplay(options: DlqReplayOptions, deps: DlqDeps): Promise<ReplayCounts> {
  const replay = replaySettings(options);
  const clients = new QueueClients(deps.aws, regionOption(options.region));
  const queues: Queues = { from: clients.queue(replay.from), to: clients.queue(replay.to) };
  const scan = new QueueScan(queues.from, {
    visibilitySeconds: REPLAY_VISIBILITY_SECONDS,
    waitSeconds: deps.waitSeconds ?? DEFAULT_WAIT_SECONDS,
  });
  const counts: ReplayCounts = { examined: 0, selected: 0, moved: 0, failed: 0, notDeleted: 0 };
  let receiveError: unknown;
  try {
    while (counts.selected < replay.max) {
      // Never more than the records still wanted, so that none is received and not handled.
      const batch = await scan.next(replay.max - counts.selected);
      if (batch.length === 0) break;
      for (const message of batch) {
        counts.examined += 1;
        const { reasonCode } = readDeadLetter(message);
        if (replay.reason !== undefined && reasonCode !== replay.reason) continue;
        counts.selected += 1;
        if (replay.dryRun) deps.io.stdout(`would move ${message.MessageId} (${reasonCode})\n`);
        else await move(message, reasonCode, replay, queues, scan, counts, deps.io);
      }
    }
  } catch (error) {
    receiveError = error;
  } finally {
    await releaseAll(scan, deps.io, REPLAY_VISIBILITY_SECONDS);
    clients.destroy();
  }
  deps.io.stdout(replaySummary(counts, replay.from, replay.to, replay.dryRun));
  if (receiveError !== undefined)
    throw failed(deps.io, `cannot receive from ${replay.from}: ${errorText(receiveError)}`, receiveError);
  if (counts.failed > 0 || counts.notDeleted > 0)
    throw failed(
      deps.io,
      `${counts.failed + counts.notDeleted} of ${counts.selected} records were not moved cleanly (see above)`,
    );
  return counts;
}
