/**
 * Phase 5, deliver: every alert job is composed and published (or kept in the dead-letter queue
 * when SNS refuses it). An alert that could be neither marks its units for retry, so the records
 * behind it come back. The batch's alerts go out together (one PublishBatch per 10), so a batch
 * of ten reverts costs one SNS call, not ten.
 */
import type { ComposedAlert } from '@guardrail/core';
import { ALERT_PUBLISH_FAILED, type AlertDeliveryDeps, deliverAlert, publishAlerts } from '../deliver-alert';
import type { AlertComposer } from '../ports';
import type { BatchJournal } from './journal';
import type { BatchLedger } from './ledger';
import type { AlertJob } from './types';

export interface DeliverContext extends AlertDeliveryDeps {
  compose: AlertComposer;
  ledger: BatchLedger;
  journal: BatchJournal;
}

export async function deliverJobs(ctx: DeliverContext, jobs: readonly AlertJob[]): Promise<void> {
  const { report } = ctx.journal;
  const composed: Array<{ job: AlertJob; alert: ComposedAlert }> = [];
  for (const job of jobs) {
    const alert = 'replayed' in job ? job.replayed : ctx.compose(job.incident);
    if (alert) composed.push({ job, alert });
  }
  const attempts = await publishAlerts(
    ctx.alerts,
    composed.map(({ alert }) => alert),
  );
  await Promise.all(
    composed.map(async ({ job, alert }, index) => {
      const kind = 'replayed' in job ? job.replayed.document.kind : job.incident.kind;
      const recordIds = ctx.ledger.recordsOf(job.unitKeys);
      const attempt = attempts[index] ?? { error: new Error('the alert sink returned no outcome') };
      const delivery = await deliverAlert(ctx, alert, { kind, recordIds, ...job.where }, attempt);
      if (delivery.status !== 'failed') await job.afterDelivery?.();
      if (delivery.status === 'published') {
        report.alerts.push({
          subject: alert.subject,
          severity: alert.severity,
          messageId: delivery.messageId,
          kind,
          ...job.where,
          alert,
        });
      } else if (delivery.status === 'dead-lettered') {
        report.deadLettered.push({
          recordId: delivery.recordId,
          code: ALERT_PUBLISH_FAILED,
          reason: delivery.reason,
        });
      } else {
        for (const key of job.unitKeys) ctx.ledger.retry(key);
      }
    }),
  );
}
