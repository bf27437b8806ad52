import { type ComposedAlert, errorText } from '@guardrail/core';
import { alertRecordBody } from './alert-records';
import { METRICS } from './metric-names';
import type { AlertSink, DeadLetterSink, EngineLogger, MetricsSink } from './ports';

/** The dead-letter code of an alert SNS refused: the record body is `{ guardrail: 'alert', alert }`. */
export const ALERT_PUBLISH_FAILED = 'alert-publish-failed';

export interface AlertDeliveryDeps {
  alerts: AlertSink;
  deadLetters?: DeadLetterSink;
  logger: EngineLogger;
  metrics: MetricsSink;
}

/** Where an alert is about, and the records behind it (named in logs and in the dead letter). */
export interface AlertOrigin {
  kind: string;
  recordIds: readonly string[];
  account?: string;
  region?: string;
  groupId?: string;
}

export type Delivery =
  | { status: 'published'; messageId: string }
  /** SNS refused it; it waits in the dead-letter queue for `guardrail dlq replay`: its records are done. */
  | { status: 'dead-lettered'; reason: string; recordId: string }
  /** Neither SNS nor the dead-letter queue took it: its records must be retried (it is logged in full). */
  | { status: 'failed' };

/** A publish attempt's result, as a value: the message id, or what stopped it. */
export type PublishAttempt = { messageId: string } | { error: unknown };

/** Every alert of a batch through the sink, in one go when it can (AlertSink.publishAll). */
export async function publishAlerts(
  sink: AlertSink,
  alerts: readonly ComposedAlert[],
): Promise<PublishAttempt[]> {
  if (sink.publishAll && alerts.length > 1) return sink.publishAll(alerts);
  return Promise.all(
    alerts.map((alert) =>
      sink.publish(alert).then(
        ({ messageId }) => ({ messageId }),
        (error: unknown) => ({ error }),
      ),
    ),
  );
}

/**
 * Settles one alert's publish attempt; if SNS refused it (after the SDK's retries), keeps it in the dead-letter
 * queue instead, so a remediation already done is acknowledged and its alert is not lost to a
 * retry that would find the group compliant and nothing left to say (design.md section 8).
 * Without a dead-letter queue, or when it refuses too, the caller retries the records and the
 * alert is logged in full at error level.
 */
export async function deliverAlert(
  deps: AlertDeliveryDeps,
  alert: ComposedAlert,
  origin: AlertOrigin,
  attempt: PublishAttempt,
): Promise<Delivery> {
  const { recordIds, ...where } = origin;
  if ('messageId' in attempt) {
    const { messageId } = attempt;
    deps.logger.info('alert published', {
      ...where,
      subject: alert.subject,
      severity: alert.severity,
      messageId,
    });
    return { status: 'published', messageId };
  }
  const publishError = errorText(attempt.error);
  const reason = `the alert could not be published: ${publishError}`;
  const recordId = recordIds.join(',');
  if (deps.deadLetters) {
    try {
      await deps.deadLetters.send({
        recordId,
        body: alertRecordBody(alert),
        reason,
        code: ALERT_PUBLISH_FAILED,
      });
      count(deps.metrics, 'dead-lettered');
      deps.logger.error('alert publish failed: the alert was written to the dead-letter queue', {
        ...where,
        subject: alert.subject,
        severity: alert.severity,
        error: publishError,
        recordIds,
      });
      return { status: 'dead-lettered', reason, recordId };
    } catch (error) {
      deps.logger.error('could not dead-letter an alert SNS refused', { ...where, error: errorText(error) });
    }
  }
  count(deps.metrics, 'retried');
  // In full, so it is not lost even if the retry finds nothing left to say.
  deps.logger.error('alert publish failed: the records will be retried', {
    ...where,
    subject: alert.subject,
    text: alert.text,
    alert,
    error: publishError,
    recordIds,
  });
  return { status: 'failed' };
}

function count(metrics: MetricsSink, fate: 'dead-lettered' | 'retried'): void {
  metrics.record({ name: METRICS.alertPublishFailures, unit: 'Count', value: 1, dimensions: { fate } });
}
