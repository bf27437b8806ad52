/**
 * `guardrail dlq list` on the sandbox's SQS, through the real SQS client: it shows why each
 * record is in the DLQ and what it is, and leaves the queue as it was.
 */
import { sweepTargetBody } from '@guardrail/engine';
import { runDlqList } from '../src/commands/dlq';
import { listText } from '../src/dlq/render';
import { CliCommandFailed } from '../src/io';
import { DEAD_LETTERED_AT, type DlqWorld, dlqWorld, visibleIds } from './dlq-fixture';
import { capture } from './support/org';

describe('guardrail dlq list', () => {
  let w: DlqWorld;
  beforeEach(async () => {
    w = await dlqWorld();
  });
  afterEach(() => w.destroy());

  const list = (options: { max?: string; format?: string } = {}) => {
    const { io, out } = capture();
    const result = runDlqList({ queueUrl: w.dlq, ...options }, { io, aws: w.aws, waitSeconds: 0 });
    return { result, out };
  };

  it('shows each record with its reason, and the event, sweep target or body excerpt', async () => {
    const { result, out } = list();
    const { records } = await result;

    expect(records.map((r) => r.messageId).sort()).toEqual(Object.values(w.ids).sort());
    const byId = new Map(records.map((r) => [r.messageId, r]));
    expect(byId.get(w.ids.valid)).toMatchObject({
      origin: 'hub',
      sentAt: DEAD_LETTERED_AT,
      reasonCode: 'reconcile-failed',
      reason: 'the account is not in the organization',
      recordId: 'rec-valid',
      event: {
        id: w.event.id,
        name: w.event.name,
        account: w.event.account,
        region: w.event.region,
        groupIds: [w.event.groupId],
      },
    });
    expect(byId.get(w.ids.json)).toMatchObject({ reasonCode: 'malformed-json', excerpt: 'not json {' });
    const invalid = byId.get(w.ids.invalid);
    expect(invalid?.event).toBeUndefined();
    expect(w.brokenBody.startsWith((invalid?.excerpt ?? 'none').replace(/\.\.\.$/, ''))).toBe(true);
    // The redriven one: no hub attributes; the fixture received it 3 times before this look.
    expect(byId.get(w.ids.redriven)).toMatchObject({
      origin: 'redrive',
      reasonCode: 'redriven',
      reason: 'redriven after 3 receives',
      receives: 3,
      event: { id: w.event.id },
    });

    expect(out.stdout).toContain(`${w.ids.valid}  dead-lettered by the hub at ${DEAD_LETTERED_AT}`);
    expect(out.stdout).toContain('reason  reconcile-failed: the account is not in the organization');
    expect(out.stdout).toContain(
      `event   ${w.event.name} ${w.event.id}, account ${w.event.account}, ${w.event.region}, ${w.event.groupId}`,
    );
    expect(out.stdout).toContain('reason  malformed-json: Unexpected token o');
    expect(out.stdout).toContain('body    not json {');
    expect(out.stdout).toContain('reason  redriven: redriven after 3 receives');
    expect(out.stdout).toContain(`4 records in ${w.dlq}, all left in the queue`);
    expect(out.stderr).toBe('');
  });

  it('leaves the queue unchanged: every record still there, visible, with its body', async () => {
    const before = w.org.sb.sqs.messages(w.dlq).map(({ MessageId, Body }) => ({ MessageId, Body }));
    await list().result;
    const after = w.org.sb.sqs.messages(w.dlq).map(({ MessageId, Body }) => ({ MessageId, Body }));
    expect(after).toEqual(before);
    expect(await visibleIds(w.sqs, w.dlq)).toEqual(Object.values(w.ids).sort());
  });

  it('stops at --max (saying there may be more) and prints JSON with --format json', async () => {
    const { result, out } = list({ max: '2', format: 'json' });
    const listed = await result;
    expect(listed.records).toHaveLength(2);
    expect(listed.truncated).toBe(true);
    const printed = JSON.parse(out.stdout) as {
      queueUrl: string;
      records: { messageId: string }[];
      truncated: boolean;
    };
    expect(printed).toEqual(JSON.parse(JSON.stringify(listed)));
    expect(listText(listed)).toContain(`2 records in ${w.dlq} (stopped at --max 2: there may be more)`);
    // The two not listed were never received; the two listed are visible again.
    expect(await visibleIds(w.sqs, w.dlq)).toEqual(Object.values(w.ids).sort());
  });

  it("shows a sweep target from the sweep queue's DLQ", async () => {
    const sweepDlq = w.org.sb.sqs.createQueue('222233334444', 'eu-west-1', 'guardrail-sweep-dlq');
    w.org.sb.sqs.send(sweepDlq, { MessageBody: sweepTargetBody('sweep-7', '111122223333', 'us-east-1') });
    const { io, out } = capture();
    const { records } = await runDlqList({ queueUrl: sweepDlq }, { io, aws: w.aws, waitSeconds: 0 });
    expect(records).toEqual([
      expect.objectContaining({
        reasonCode: 'redriven',
        reason: 'redriven after 0 receives',
        sweepTarget: { sweepId: 'sweep-7', account: '111122223333', regions: ['us-east-1'] },
      }),
    ]);
    expect(out.stdout).toContain('sweep   target of sweep-7: account 111122223333, us-east-1');
  });

  it('says so for an empty queue', async () => {
    const { io, out } = capture();
    const empty = w.org.sb.sqs.createQueue('222233334444', 'eu-west-1', 'empty-dlq');
    const result = await runDlqList({ queueUrl: empty }, { io, aws: w.aws, waitSeconds: 0 });
    expect(result).toEqual({ queueUrl: empty, records: [], truncated: false });
    expect(out.stdout).toBe(`0 records in ${empty}, all left in the queue\n`);
  });

  it('fails (exit 1) when the queue cannot be read', async () => {
    const { io, out } = capture();
    const missing = w.dlq.replace('guardrail-events-dlq', 'no-such-queue');
    await expect(
      runDlqList({ queueUrl: missing }, { io, aws: w.aws, waitSeconds: 0 }),
    ).rejects.toBeInstanceOf(CliCommandFailed);
    expect(out.stderr).toContain(`cannot receive from ${missing}`);
  });
});
