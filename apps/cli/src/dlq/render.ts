/** The dlq commands' output: a record per block for people, one JSON document for scripts. */
import type { DeadLetterRecord } from './record';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function header(record: DeadLetterRecord): string {
  const at = record.sentAt ?? 'an unknown time';
  return record.origin === 'hub'
    ? `${record.messageId}  dead-lettered by the hub at ${at}`
    : `${record.messageId}  moved by SQS redrive (first sent at ${at})`;
}

function bodyLine(record: DeadLetterRecord): string {
  if (record.event) {
    const { id, name, account, region, groupIds } = record.event;
    const groups = groupIds.length > 0 ? `, ${groupIds.join(' ')}` : '';
    return `  event   ${name} ${id}, account ${account}, ${region}${groups}`;
  }
  if (record.sweepTarget) {
    const { sweepId, account, regions } = record.sweepTarget;
    return `  sweep   target of ${sweepId}: account ${account}, ${regions.join(' ')}`;
  }
  return `  body    ${record.excerpt ?? ''}`;
}

export function recordText(record: DeadLetterRecord): string {
  const lines = [header(record), `  reason  ${record.reasonCode}: ${record.reason}`];
  if (record.recordId) lines.push(`  record  ${record.recordId}`);
  if (record.sourceQueueArn) lines.push(`  from    ${record.sourceQueueArn}`);
  lines.push(bodyLine(record));
  return `${lines.join('\n')}\n`;
}

export interface ListResult {
  queueUrl: string;
  records: DeadLetterRecord[];
  /** True when --max stopped the listing: the queue may hold more. */
  truncated: boolean;
}

export function listText(result: ListResult): string {
  const blocks = result.records.map(recordText).join('\n');
  const more = result.truncated ? ` (stopped at --max ${result.records.length}: there may be more)` : '';
  const summary = `${plural(result.records.length, 'record')} in ${result.queueUrl}${more}, all left in the queue\n`;
  return blocks.length > 0 ? `${blocks}\n${summary}` : summary;
}

export function listJson(result: ListResult): string {
  return `${JSON.stringify(result, null, 2)}\n`;
}

export interface ReplayCounts {
  /** Records received from the DLQ and looked at. */
  examined: number;
  /** Those the --reason filter selected (all of them without one). */
  selected: number;
  /** Sent to the target queue and deleted from the DLQ. */
  moved: number;
  /** Sends that failed: the records stay in the DLQ. */
  failed: number;
  /** Sent, but the delete failed: the record is in both queues (a duplicate the hub tolerates). */
  notDeleted: number;
}

export function replaySummary(counts: ReplayCounts, from: string, to: string, dryRun: boolean): string {
  const notSelected = counts.examined - counts.selected;
  const filtered = notSelected > 0 ? `, ${notSelected} not selected (left in the DLQ)` : '';
  if (dryRun)
    return `dry run: would move ${plural(counts.selected, 'record')} of ${counts.examined} examined from ${from} to ${to}${filtered}; nothing changed\n`;
  const failed = counts.failed > 0 ? `, ${counts.failed} failed (left in the DLQ)` : '';
  const notDeleted =
    counts.notDeleted > 0 ? `, ${counts.notDeleted} sent but not deleted (now in both queues)` : '';
  return `replayed from ${from} to ${to}: examined ${counts.examined}, moved ${counts.moved}${failed}${notDeleted}${filtered}\n`;
}
