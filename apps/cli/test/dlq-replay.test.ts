/**
 * `guardrail dlq replay` on the sandbox's SQS, through the real SQS client: it moves exactly the
 * selected records, without the dead-letter attributes, and never loses one.
 */
import type { Message } from '@aws-sdk/client-sqs';
import { type DlqReplayOptions, runDlqReplay } from '../src/commands/dlq';
import { CliCommandFailed } from '../src/io';
import { type DlqWorld, dlqWorld, receiveVisible, visibleIds } from './dlq-fixture';
import { capture } from './support/org';

describe('guardrail dlq replay', () => {
  let w: DlqWorld;
  beforeEach(async () => {
    w = await dlqWorld();
  });
  afterEach(() => w.destroy());

  const replay = (options: Partial<DlqReplayOptions> = {}) => {
    const { io, out } = capture();
    const result = runDlqReplay(
      { from: w.dlq, to: w.hubQueue, ...options },
      { io, aws: w.aws, waitSeconds: 0 },
    );
    return { result, out };
  };
  const bodies = (queue: string) =>
    w.org.sb.sqs
      .messages(queue)
      .map((m) => m.Body)
      .sort();
  const attributeNames = (m: Message) => Object.keys(m.MessageAttributes ?? {}).sort();

  it('moves every record back with its original body and without the dead-letter attributes', async () => {
    const dlqBodies = bodies(w.dlq);
    const { result, out } = replay();
    expect(await result).toEqual({ examined: 4, selected: 4, moved: 4, failed: 0, notDeleted: 0 });

    expect(w.org.sb.sqs.messages(w.dlq)).toEqual([]);
    expect(bodies(w.hubQueue)).toEqual(dlqBodies);
    const moved = await receiveVisible(w.sqs, w.hubQueue);
    expect(moved.map(attributeNames).sort()).toEqual([[], [], [], ['trace-id']]);
    const traced = moved.find((m) => m.MessageAttributes?.['trace-id']);
    expect(traced?.MessageAttributes?.['trace-id']).toMatchObject({
      DataType: 'String',
      StringValue: 'trace-42',
    });
    for (const id of Object.values(w.ids)) expect(out.stdout).toContain(`moved   ${id}`);
    expect(out.stdout).toContain(`replayed from ${w.dlq} to ${w.hubQueue}: examined 4, moved 4\n`);
  });

  it.each([
    ['invalid-event', 'invalid'],
    ['redriven', 'redriven'],
    ['malformed-json', 'json'],
  ] as const)('--reason %s moves exactly those records; the others stay, visible', async (code, key) => {
    const { result, out } = replay({ reason: code });
    expect(await result).toMatchObject({ examined: 4, selected: 1, moved: 1, failed: 0 });

    const others = Object.entries(w.ids)
      .filter(([name]) => name !== key)
      .map(([, id]) => id)
      .sort();
    expect(await visibleIds(w.sqs, w.dlq)).toEqual(others);
    expect(w.org.sb.sqs.messages(w.hubQueue)).toHaveLength(1);
    expect(out.stdout).toContain(`moved   ${w.ids[key]} (${code})`);
    expect(out.stdout).toContain('3 not selected (left in the DLQ)');
  });

  it('moves no more than --max records, and leaves the rest visible in the DLQ', async () => {
    const { result } = replay({ max: '2' });
    expect(await result).toMatchObject({ selected: 2, moved: 2 });
    expect(await visibleIds(w.sqs, w.dlq)).toHaveLength(2);
    expect(w.org.sb.sqs.messages(w.hubQueue)).toHaveLength(2);
  });

  it('leaves a record whose send failed in the DLQ, moves the others, and exits 1', async () => {
    // Not retryable: exactly the first SendMessage fails.
    w.org.sb.faults.add({ service: 'sqs', operation: 'SendMessage', kind: 'access-denied', times: 1 });
    const { result, out } = replay();
    await expect(result).rejects.toBeInstanceOf(CliCommandFailed);

    const left = w.org.sb.sqs.messages(w.dlq);
    expect(left).toHaveLength(1);
    const failedId = left[0]?.MessageId ?? 'none';
    expect(out.stderr).toContain(`failed  ${failedId}`);
    expect(out.stderr).toContain('left in the DLQ');
    expect(out.stderr).toContain('1 of 4 records were not moved cleanly');
    expect(out.stdout).toContain('examined 4, moved 3, 1 failed (left in the DLQ)');
    expect(w.org.sb.sqs.messages(w.hubQueue)).toHaveLength(3);
    // Left visible, with its reason attributes, for the next replay.
    const [again] = await receiveVisible(w.sqs, w.dlq);
    expect(again?.MessageId).toBe(failedId);
    expect(again?.Body).toBe(left[0]?.Body);
  });

  it('keeps a record that was sent but could not be deleted (it is then in both queues), and exits 1', async () => {
    w.org.sb.faults.add({ service: 'sqs', operation: 'DeleteMessage', kind: 'access-denied', times: 1 });
    const { result, out } = replay();
    await expect(result).rejects.toBeInstanceOf(CliCommandFailed);
    expect(w.org.sb.sqs.messages(w.dlq)).toHaveLength(1);
    expect(w.org.sb.sqs.messages(w.hubQueue)).toHaveLength(4);
    expect(out.stderr).toContain('was sent but not deleted');
    expect(out.stdout).toContain('1 sent but not deleted (now in both queues)');
  });

  it('--dry-run says what it would move and changes nothing', async () => {
    const before = w.org.sb.sqs.messages(w.dlq).map(({ MessageId, Body }) => ({ MessageId, Body }));
    const { result, out } = replay({ dryRun: true, reason: 'reconcile-failed' });
    expect(await result).toEqual({ examined: 4, selected: 1, moved: 0, failed: 0, notDeleted: 0 });

    expect(w.org.sb.sqs.messages(w.dlq).map(({ MessageId, Body }) => ({ MessageId, Body }))).toEqual(before);
    expect(w.org.sb.sqs.messages(w.hubQueue)).toEqual([]);
    expect(await visibleIds(w.sqs, w.dlq)).toEqual(Object.values(w.ids).sort());
    expect(out.stdout).toContain(`would move ${w.ids.valid} (reconcile-failed)`);
    expect(out.stdout).toContain('dry run: would move 1 record of 4 examined');
    expect(out.stdout).toContain('nothing changed');
  });

  it('fails (exit 1) when the DLQ cannot be read', async () => {
    const { io, out } = capture();
    const missing = w.dlq.replace('guardrail-events-dlq', 'no-such-queue');
    await expect(
      runDlqReplay({ from: missing, to: w.hubQueue }, { io, aws: w.aws, waitSeconds: 0 }),
    ).rejects.toBeInstanceOf(CliCommandFailed);
    expect(out.stderr).toContain(`cannot receive from ${missing}`);
    expect(w.org.sb.sqs.messages(w.hubQueue)).toEqual([]);
  });
});
