import { planSweep, SWEEP_METRICS, SweepEnqueueError, SweepPlanError, type SweepQueuePort } from '../src';
import { RecordingLogger, RecordingMetrics } from './support/fakes';

const ACCOUNTS = Array.from({ length: 23 }, (_, i) => ({ id: String(100000000000 + i), name: `a${i}` }));
const REGIONS = ['eu-west-1', 'us-east-1', 'ap-southeast-2'];

/** A queue recording every SendMessageBatch call; `reject` decides per body whether SQS fails the entry. */
class FakeQueue implements SweepQueuePort {
  readonly calls: { id: string; body: string }[][] = [];
  readonly messages: string[] = [];
  constructor(
    private readonly reject: (body: string, attempt: number) => boolean = () => false,
    private readonly throwOnCall?: (call: number) => boolean,
  ) {}
  private readonly attempts = new Map<string, number>();

  async sendBatch(entries: { id: string; body: string }[]) {
    this.calls.push(entries);
    if (this.throwOnCall?.(this.calls.length))
      throw Object.assign(new Error('down'), { name: 'ServiceUnavailable' });
    const failed = [];
    for (const entry of entries) {
      const attempt = (this.attempts.get(entry.body) ?? 0) + 1;
      this.attempts.set(entry.body, attempt);
      if (this.reject(entry.body, attempt))
        failed.push({ id: entry.id, code: 'InternalError', message: 'try again' });
      else this.messages.push(entry.body);
    }
    return { failed };
  }
}

const deps = (queue: SweepQueuePort, extra: Partial<Parameters<typeof planSweep>[0]> = {}) => ({
  accounts: { listActive: async () => ACCOUNTS },
  queue,
  regions: REGIONS,
  now: () => new Date('2026-03-01T02:00:00Z'),
  ...extra,
});

describe('planSweep', () => {
  it('enqueues one message per account naming its regions and its listing, in SendMessageBatch chunks of at most 10', async () => {
    const queue = new FakeQueue();
    const metrics = new RecordingMetrics();
    const plan = await planSweep(deps(queue, { metrics }), { sweepId: 'nightly-1' });

    expect(plan).toEqual({
      sweepId: 'nightly-1',
      startedAt: '2026-03-01T02:00:00.000Z',
      accounts: 23,
      regions: REGIONS,
      targets: 69,
      enqueued: 69,
      messages: 23,
    });
    expect(queue.calls.map((c) => c.length)).toEqual([10, 10, 3]);
    for (const call of queue.calls) expect(new Set(call.map((e) => e.id)).size).toBe(call.length);
    const messages = queue.messages.map((m) => JSON.parse(m));
    expect(messages).toContainEqual({
      guardrail: 'sweep-target',
      sweepId: 'nightly-1',
      account: ACCOUNTS[3]?.id,
      regions: REGIONS,
      listed: { state: 'ACTIVE', at: '2026-03-01T02:00:00.000Z', name: 'a3' },
    });
    expect(new Set(messages.map((t) => t.account)).size).toBe(23);
    expect(metrics.sum(SWEEP_METRICS.targetsEnqueued)).toBe(69);
  });

  it('makes a fresh sweep id when none is given, and counts a region listed twice once', async () => {
    const queue = new FakeQueue();
    const first = await planSweep(deps(queue, { regions: ['eu-west-1', 'eu-west-1'] }));
    const second = await planSweep(deps(queue, { regions: ['eu-west-1'] }));
    expect(first.targets).toBe(23);
    expect(first.sweepId).toMatch(/^20260301T020000Z-[0-9a-f]{8}$/);
    expect(second.sweepId).not.toBe(first.sweepId);
  });

  it('re-sends the entries SQS rejected', async () => {
    const queue = new FakeQueue((_body, attempt) => attempt === 1);
    const plan = await planSweep(deps(queue), { sweepId: 's' });
    expect(plan.enqueued).toBe(69);
    expect(new Set(queue.messages).size).toBe(23);
    expect(queue.calls.length).toBe(6);
  });

  it('enqueues the rest and throws SweepEnqueueError naming the targets that still failed', async () => {
    const stuck = ACCOUNTS[0]?.id ?? '';
    const queue = new FakeQueue((body) => body.includes(stuck));
    const logger = new RecordingLogger();
    const error = await planSweep(deps(queue, { logger, attempts: 2 }), { sweepId: 's' }).catch((e) => e);
    expect(error).toBeInstanceOf(SweepEnqueueError);
    // The account's message failed: each of its targets is named.
    expect(error.failed).toEqual(
      REGIONS.map((region) => ({ account: stuck, region, code: 'InternalError', message: 'try again' })),
    );
    expect(queue.messages).toHaveLength(22);
    expect(logger.find('sweep targets could not be enqueued')).toHaveLength(1);
  });

  it('counts every entry of a call that threw as failed, and still sends the other chunks', async () => {
    const queue = new FakeQueue(undefined, (call) => call === 1);
    const error = await planSweep(deps(queue, { concurrency: 1 }), { sweepId: 's' }).catch((e) => e);
    expect(error).toBeInstanceOf(SweepEnqueueError);
    expect(error.failed).toHaveLength(10 * REGIONS.length);
    expect(error.failed[0]).toMatchObject({ code: 'ServiceUnavailable' });
    expect(queue.messages).toHaveLength(13);
  });

  it('refuses to plan without regions, with a bad sweep id, or when the organization cannot be listed', async () => {
    const queue = new FakeQueue();
    await expect(planSweep(deps(queue, { regions: [] }))).rejects.toBeInstanceOf(SweepPlanError);
    await expect(planSweep(deps(queue), { sweepId: 'has spaces' })).rejects.toBeInstanceOf(SweepPlanError);
    const denied = new Error('no');
    const error = await planSweep(
      deps(queue, {
        accounts: {
          listActive: async () => {
            throw denied;
          },
        },
      }),
    ).catch((e) => e);
    expect(error).toBeInstanceOf(SweepPlanError);
    expect(error.cause).toBe(denied);
    expect(queue.calls).toEqual([]);
  });
});
