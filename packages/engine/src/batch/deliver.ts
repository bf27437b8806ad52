/**
 * Phase 5, deliver: every alert job is composed and published (or kept in the dead-letter queue
 * when SNS refuses it). An alert that could be neither marks its units for retry, so the records
 * behind it come back.
 */
import { ALERT_PUBLISH_FAILED, type AlertDeliveryDeps, deliverAlert } from '../deliver-alert';
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
  await Promise.all(
    jobs.map(async (job) => {
      const alert = 'replayed' in job ? job.replayed : ctx.compose(job.incident);
      if (!alert) return;
      const kind = 'replayed' in job ? job.replayed.document.kind : job.incident.kind;
      const recordIds = ctx.ledger.recordsOf(job.unitKeys);
      const delivery = await deliverAlert(ctx, alert, { kind, recordIds, ...job.where });
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
