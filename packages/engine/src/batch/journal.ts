/**
 * What the batch tells about its records as it goes: skipped (with the reason, logged and
 * counted), dead-lettered (sent in the background with the reason), and the report it answers
 * with. A record that can be neither processed nor dead-lettered fails, so the queue keeps it.
 */
import { errorText, type SecurityGroupChange } from '@guardrail/core';
import { bodyText } from '../decode';
import { METRICS } from '../metric-names';
import type { DeadLetterSink, EngineLogger, MetricsSink } from '../ports';
import type { BatchLedger } from './ledger';
import type { BatchReport, HubRecord, SkipReason } from './types';

export interface JournalContext {
  logger: EngineLogger;
  metrics: MetricsSink;
  deadLetters?: DeadLetterSink;
  ledger: BatchLedger;
}

export class BatchJournal {
  readonly report: BatchReport = {
    batchItemFailures: [],
    groups: [],
    skipped: [],
    deadLettered: [],
    alerts: [],
  };
  /** Work the batch finishes before answering, off the critical path: dead-letter sends, breaker counts. */
  private readonly background: Promise<unknown>[] = [];

  constructor(private readonly ctx: JournalContext) {}

  skip(recordId: string, reason: SkipReason, change?: SecurityGroupChange, detail?: string): void {
    const { logger, metrics } = this.ctx;
    this.report.skipped.push({ recordId, eventId: change?.eventId, reason, ...(detail ? { detail } : {}) });
    metrics.record({ name: METRICS.eventsSkipped, unit: 'Count', value: 1, dimensions: { reason } });
    logger.info('event skipped', {
      reason,
      recordId,
      ...(change
        ? {
            eventId: change.eventId,
            eventName: change.eventName,
            account: change.account,
            region: change.region,
            actor: change.actor.arn,
          }
        : {}),
      ...(detail ? { detail } : {}),
      ...(change?.error ? { errorCode: change.error.code } : {}),
    });
  }

  /** Records another instance is working on: not acted on here, failed so the queue redelivers them. */
  defer(recordIds: readonly string[], detail: string): void {
    this.ctx.ledger.fail(recordIds);
    const [first] = recordIds;
    if (first !== undefined) this.skip(first, 'in-progress', undefined, detail);
  }

  /** Dead-letters a record in the background (the batch awaits it before answering). */
  poison(record: HubRecord, code: string, reason: string): void {
    this.later(this.deadLetter(record, code, reason));
  }

  /** Takes work the batch awaits before answering, alongside its publishes and claim completions. */
  later(work: Promise<unknown>): void {
    this.background.push(work);
  }

  /** The background work taken so far. */
  pending(): Promise<unknown>[] {
    return [...this.background];
  }

  private async deadLetter(record: HubRecord, code: string, reason: string): Promise<void> {
    const { logger, metrics, deadLetters, ledger } = this.ctx;
    metrics.record({
      name: METRICS.eventsSkipped,
      unit: 'Count',
      value: 1,
      dimensions: { reason: 'poison' },
    });
    if (!deadLetters) {
      logger.error('unprocessable record: failing it so the queue dead-letters it', {
        recordId: record.id,
        code,
        reason,
      });
      ledger.fail([record.id]);
      return;
    }
    try {
      await deadLetters.send({ recordId: record.id, body: bodyText(record.body), reason, code });
      this.report.deadLettered.push({ recordId: record.id, code, reason });
      logger.error('unprocessable record sent to the dead-letter queue', {
        recordId: record.id,
        code,
        reason,
      });
    } catch (error) {
      logger.error('could not dead-letter an unprocessable record: failing it instead', {
        recordId: record.id,
        code,
        reason,
        error: errorText(error),
      });
      ledger.fail([record.id]);
    }
  }
}
