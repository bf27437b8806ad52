/**
 * The hub's Lambda handler: SQS batches of EventBridge events (with ReportBatchItemFailures) and
 * direct EventBridge invocations, both run through the engine's hub.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Hub } from '@guardrail/engine';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type { EmfMetricsSink } from './observability';

export interface HandlerDeps {
  hub: Hub;
  logger: Logger;
  metrics: Pick<EmfMetricsSink, 'flush'>;
}

export type HubEvent = SQSEvent | Record<string, unknown>;
export type HubHandler = (event: HubEvent, context?: Context) => Promise<SQSBatchResponse | undefined>;

export function isSqsEvent(event: unknown): event is SQSEvent {
  if (typeof event !== 'object' || event === null || !('Records' in event)) return false;
  const { Records } = event as { Records: unknown };
  return (
    Array.isArray(Records) &&
    Records.every((r) => typeof r === 'object' && r !== null && r.eventSource === 'aws:sqs')
  );
}

export function createHandler(deps: HandlerDeps): HubHandler {
  return async (event, context) => {
    if (context) deps.logger.addContext(context);
    try {
      if (isSqsEvent(event)) {
        // Groups that cannot finish before the Lambda's end are failed for retry in time.
        const remaining = context?.getRemainingTimeInMillis?.();
        const deadline = remaining === undefined ? {} : { deadline: Date.now() + remaining };
        const report = await deps.hub.processBatch(
          event.Records.map((r) => ({ id: r.messageId, body: r.body })),
          deadline,
        );
        return { batchItemFailures: report.batchItemFailures };
      }
      // A direct EventBridge invocation: a failure that must be retried throws, so Lambda's async
      // retry (and then its on-failure destination) takes over.
      await deps.hub.processEvent(event);
      return undefined;
    } finally {
      deps.metrics.flush();
    }
  };
}
