/** `guardrail hub run`'s poll loop hides each batch for its visibility timeout and gives the hub that deadline. */
import type { SqsQueue } from '@guardrail/aws';
import type { BatchOptions, BatchReport, Hub } from '@guardrail/engine';
import { pollQueue, RUN_VISIBILITY_SECONDS } from '../src/hub/poll';

const emptyReport = (): BatchReport => ({
  batchItemFailures: [],
  groups: [],
  skipped: [],
  deadLettered: [],
  alerts: [],
});

describe('pollQueue', () => {
  it('receives with an explicit visibility timeout and makes it the batch deadline', async () => {
    const controller = new AbortController();
    const received: { visibilitySeconds?: number }[] = [];
    const seen: (BatchOptions | undefined)[] = [];
    const queue = {
      async receive(options: { visibilitySeconds?: number }) {
        received.push(options);
        return received.length === 1 ? [{ MessageId: 'm1', ReceiptHandle: 'rh1', Body: '{}' }] : [];
      },
      async deleteBatch() {
        return { failed: [] };
      },
    } as unknown as SqsQueue;
    const hub: Hub = {
      async processBatch(_records, options) {
        seen.push(options);
        controller.abort();
        return emptyReport();
      },
      processEvent: async () => emptyReport(),
    };
    const before = Date.now();
    await pollQueue({
      queue,
      hub,
      waitSeconds: 1,
      signal: controller.signal,
      io: { stdout() {}, stderr() {} } as never,
    });
    expect(received[0]?.visibilitySeconds).toBe(RUN_VISIBILITY_SECONDS);
    expect(seen[0]?.deadline).toBeGreaterThanOrEqual(before + RUN_VISIBILITY_SECONDS * 1000);
    expect(seen[0]?.deadline).toBeLessThanOrEqual(Date.now() + RUN_VISIBILITY_SECONDS * 1000);
  });
});
