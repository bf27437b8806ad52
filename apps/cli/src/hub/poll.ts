/**
 * `guardrail hub run`'s poll loop: long-polls the hub queue (EventBridge events; or the sweep
 * queue, for its targets) through @guardrail/aws SqsQueue, runs the hub on each batch, deletes
 * the records that succeeded and leaves the failed ones for redelivery. An abort stops it between
 * batches: the batch in flight is finished (and its records deleted) first.
 */
import { type ReceivedMessage, SQS_BATCH_LIMIT, type SqsQueue } from '@guardrail/aws';
import { errorText } from '@guardrail/core';
import type { BatchReport, Hub } from '@guardrail/engine';
import type { CliIo } from '../io';

export interface PollStats {
  batches: number;
  records: number;
  deleted: number;
  /** Records left in the queue for redelivery (failed, or not deleted). */
  leftForRedelivery: number;
  alerts: number;
}

export interface PollDeps {
  /** The queue polled. */
  queue: SqsQueue;
  hub: Hub;
  waitSeconds: number;
  signal: AbortSignal;
  io: CliIo;
  /** Pause after a failed receive, doubled up to 30 s (tests shorten it). */
  retryDelayMs?: number;
  /** Called after each batch is handled and its records deleted. */
  onBatch?(report: BatchReport): void;
  /**
   * How long a received batch stays hidden (default RUN_VISIBILITY_SECONDS): also the batch's
   * deadline, so a group that cannot finish in it is failed for retry before SQS redelivers it.
   */
  visibilitySeconds?: number;
}

/** As the Lambda's queue has it: six times a 30 s function timeout. */
export const RUN_VISIBILITY_SECONDS = 180;

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
async function deleteMessages(deps: PollDeps, messages: ReceivedMessage[]): Promise<number> {
  let deleted = 0;
  for (let i = 0; i < messages.length; i += SQS_BATCH_LIMIT) {
    const chunk = messages.slice(i, i + SQS_BATCH_LIMIT);
    try {
      const result = await deps.queue.deleteBatch(chunk.map((m) => m.ReceiptHandle));
      deleted += result.deleted;
      for (const failure of result.failed) {
        deps.io.stderr(
          `warning: could not delete a handled message (${failure.code}: ${failure.message}); it will be delivered again and skipped as a duplicate\n`,
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
  const visibilitySeconds = deps.visibilitySeconds ?? RUN_VISIBILITY_SECONDS;
  while (!deps.signal.aborted) {
    let messages: ReceivedMessage[];
    let receivedAt = 0;
    try {
      messages = await deps.queue.receive({
        max: SQS_BATCH_LIMIT,
        waitSeconds: deps.waitSeconds,
        visibilitySeconds,
        abortSignal: deps.signal,
      });
      receivedAt = Date.now();
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
        messages.map((m) => ({ id: m.MessageId, body: m.Body ?? '' })),
        { deadline: receivedAt + visibilitySeconds * 1000 },
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
    const done = messages.filter((m) => !failed.has(m.MessageId));
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
