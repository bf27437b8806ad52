/**
 * `guardrail dlq list --queue-url <dlq>`: shows what is in a dead-letter queue, and why, without
 * consuming it: the messages are received with a short visibility timeout, never deleted, and
 * made visible again at the end.
 */
import { errorText } from '@guardrail/core';
import { QueueClients } from './clients';
import { DEFAULT_LIST_MAX, formatOption, maxOption, queueUrlOption, regionOption } from './options';
import { readDeadLetter } from './record';
import { type ListResult, listJson, listText } from './render';
import { QueueScan } from './scan';
import { DEFAULT_WAIT_SECONDS, type DlqDeps, failed, releaseAll } from './shared';

export interface DlqListOptions {
  queueUrl: string;
  max?: string;
  format?: string;
  region?: string;
}

/** Long enough to list --max records; short, so a listing that dies leaves them hidden briefly. */
export const LIST_VISIBILITY_SECONDS = 30;

export async function runDlqList(options: DlqListOptions, deps: DlqDeps): Promise<ListResult> {
  const queueUrl = queueUrlOption('--queue-url', options.queueUrl);
  const max = maxOption(options.max, DEFAULT_LIST_MAX);
  const format = formatOption(options.format);
  const clients = new QueueClients(deps.aws, regionOption(options.region));
  const scan = new QueueScan(clients.queue(queueUrl), {
    visibilitySeconds: LIST_VISIBILITY_SECONDS,
    waitSeconds: deps.waitSeconds ?? DEFAULT_WAIT_SECONDS,
  });
  const result: ListResult = { queueUrl, records: [], truncated: false };
  try {
    while (result.records.length < max) {
      const batch = await scan.next(max - result.records.length);
      if (batch.length === 0) break;
      result.records.push(...batch.map(readDeadLetter));
    }
    result.truncated = result.records.length >= max;
  } catch (error) {
    throw failed(deps.io, `cannot receive from ${queueUrl}: ${errorText(error)}`, error);
  } finally {
    await releaseAll(scan, deps.io, LIST_VISIBILITY_SECONDS);
    clients.destroy();
  }
  deps.io.stdout(format === 'json' ? listJson(result) : listText(result));
  return result;
}
