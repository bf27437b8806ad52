import type { BatchReport, Hub, HubRecord } from '@guardrail/engine';
import { RetryableBatchError } from '@guardrail/engine';
import { sqsRecord } from '@guardrail/testkit';
import type { Context, SQSEvent } from 'aws-lambda';
import { createHandler, isSqsEvent } from '../src/handler';
import { createLogger, createMetrics, EmfMetricsSink, engineLogger } from '../src/observability';
import { captureStdout, emfMetrics } from './support/stdout';

const config = { serviceName: 'guardrail-hub', metricsNamespace: 'GuardrailTest' };

function emptyReport(): BatchReport {
  return { batchItemFailures: [], groups: [], skipped: [], deadLettered: [], alerts: [] };
}

function sqsEvent(ids: string[]): SQSEvent {
  return {
    Records: ids.map((id) =>
      sqsRecord({ messageId: id, receiptHandle: `rh-${id}`, body: JSON.stringify({ id }), senderId: 'x' }),
    ),
  };
}

describe('createHandler', () => {
  let out: ReturnType<typeof captureStdout>;
  beforeEach(() => {
    out = captureStdout();
  });
  afterEach(() => out.restore());

  it('hands SQS records to the hub and reports only its failures', async () => {
    const seen: HubRecord[][] = [];
    const hub: Hub = {
      processBatch: async (records) => {
        seen.push([...records]);
        return { ...emptyReport(), batchItemFailures: [{ itemIdentifier: 'b' }] };
      },
      processEvent: async () => emptyReport(),
    };
    const metrics = new EmfMetricsSink(createMetrics(config));
    const handler = createHandler({ hub, logger: createLogger(config), metrics });
    const response = await handler(sqsEvent(['a', 'b']));
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'b' }] });
    expect(seen).toEqual([
      [
        { id: 'a', body: '{"id":"a"}' },
        { id: 'b', body: '{"id":"b"}' },
      ],
    ]);
  });

  it("gives the batch the Lambda's deadline, so a group that cannot finish is retried in time", async () => {
    const deadlines: (number | undefined)[] = [];
    const hub: Hub = {
      processBatch: async (_records, options) => {
        deadlines.push(options?.deadline);
        return emptyReport();
      },
      processEvent: async () => emptyReport(),
    };
    const handler = createHandler({
      hub,
      logger: createLogger(config),
      metrics: new EmfMetricsSink(createMetrics(config)),
    });
    const before = Date.now();
    await handler(sqsEvent(['a']), { getRemainingTimeInMillis: () => 60_000 } as unknown as Context);
    expect(deadlines[0]).toBeGreaterThanOrEqual(before + 60_000);
    expect(deadlines[0]).toBeLessThanOrEqual(Date.now() + 60_000);
    // Outside Lambda (no context), no deadline.
    await handler(sqsEvent(['b']));
    expect(deadlines[1]).toBeUndefined();
  });

  it('runs a direct EventBridge invocation and lets a retryable failure throw', async () => {
    const events: unknown[] = [];
    const hub: Hub = {
      processBatch: async () => emptyReport(),
      processEvent: async (event) => {
        events.push(event);
        if ((event as { id: string }).id === 'bad') throw new RetryableBatchError(['bad']);
        return emptyReport();
      },
    };
    const handler = createHandler({
      hub,
      logger: createLogger(config),
      metrics: new EmfMetricsSink(createMetrics(config)),
    });
    await expect(
      handler({ id: 'ok', 'detail-type': 'AWS API Call via CloudTrail' }),
    ).resolves.toBeUndefined();
    await expect(handler({ id: 'bad' })).rejects.toBeInstanceOf(RetryableBatchError);
    expect(events).toHaveLength(2);
  });

  it('writes the engine logs as JSON lines and its metrics as EMF, aggregated, once per invocation', async () => {
    const logger = createLogger(config);
    const metrics = new EmfMetricsSink(createMetrics(config));
    const log = engineLogger(logger);
    const hub: Hub = {
      processBatch: async () => {
        log.info('event skipped', { reason: 'own-role', eventId: 'e1' });
        log.warn('plain warning');
        metrics.record({
          name: 'EventsSkipped',
          unit: 'Count',
          value: 1,
          dimensions: { reason: 'own-role' },
        });
        metrics.record({
          name: 'EventsSkipped',
          unit: 'Count',
          value: 1,
          dimensions: { reason: 'own-role' },
        });
        metrics.record({ name: 'EventsReceived', unit: 'Count', value: 2 });
        metrics.record({ name: 'HubLatency', unit: 'Milliseconds', value: 12 });
        metrics.record({ name: 'HubLatency', unit: 'Milliseconds', value: 30 });
        return emptyReport();
      },
      processEvent: async () => emptyReport(),
    };
    await createHandler({ hub, logger, metrics })(sqsEvent(['a']));
    const lines = out.lines();
    const logs = lines.filter((l) => !('_aws' in l));
    expect(logs[0]).toMatchObject({ level: 'INFO', message: 'event skipped' });
    expect(logs[0]).toMatchObject({ reason: 'own-role', eventId: 'e1', service: 'guardrail-hub' });
    expect(logs[1]).toMatchObject({ level: 'WARN', message: 'plain warning' });
    const points = emfMetrics(lines);
    expect(points).toEqual(
      expect.arrayContaining([
        { name: 'EventsSkipped', value: 2, dimensions: { service: 'guardrail-hub', reason: 'own-role' } },
        { name: 'EventsReceived', value: 2, dimensions: { service: 'guardrail-hub' } },
        { name: 'HubLatency', value: [12, 30], dimensions: { service: 'guardrail-hub' } },
      ]),
    );
    // Nothing left over for the next invocation.
    const before = out.raw().length;
    metrics.flush();
    expect(emfMetrics(out.lines().slice(before))).toEqual([]);
  });
});

describe('isSqsEvent', () => {
  it('tells SQS batches from EventBridge events', () => {
    expect(isSqsEvent(sqsEvent(['a']))).toBe(true);
    expect(isSqsEvent({ 'detail-type': 'x', detail: {} })).toBe(false);
    expect(isSqsEvent({ Records: [{ eventSource: 'aws:s3' }] })).toBe(false);
    expect(isSqsEvent(null)).toBe(false);
  });
});
