/**
 * The SQS adapters (packages/aws/src/sqs) through the real SDK client on the sandbox's SQS: the
 * hub's dead-letter sink, the sweep queue, and the queue the CLI reads and writes.
 */
import type { SQSClient } from '@aws-sdk/client-sqs';
import { DEAD_LETTER_ATTRIBUTES } from '@guardrail/core';
import { receiveVisible } from '@guardrail/testkit';
import { createClients, type ReceivedMessage, SqsDeadLetterSink, SqsQueue, SqsSweepQueue } from '../src';
import { batchFailures } from '../src/sqs/batch';
import { callsTo, createOrg, HUB_ACCOUNT, type Org, REGION } from './fixture';

let org: Org;
let sqs: SQSClient;
let queueUrl: string;

beforeEach(() => {
  org = createOrg();
  sqs = createClients(org.aws).sqs();
  queueUrl = org.sb.sqs.createQueue(HUB_ACCOUNT, REGION, 'guardrail-events-dlq');
});
afterEach(() => sqs.destroy());

/** Everything visible now, with its attributes, leaving it visible. */
const look = () => receiveVisible(sqs, queueUrl);

describe('SqsDeadLetterSink', () => {
  it('writes the record as received, with its reason, code and record id as the contract names them', async () => {
    const sink = new SqsDeadLetterSink(sqs, queueUrl);
    await sink.send({ recordId: 'rec-1', body: '{"x":1}', reason: 'not an event', code: 'invalid-event' });

    const [message, ...others] = await look();
    expect(others).toEqual([]);
    expect(message?.Body).toBe('{"x":1}');
    expect(message?.MessageAttributes).toEqual({
      [DEAD_LETTER_ATTRIBUTES.reason]: { DataType: 'String', StringValue: 'not an event' },
      [DEAD_LETTER_ATTRIBUTES.code]: { DataType: 'String', StringValue: 'invalid-event' },
      [DEAD_LETTER_ATTRIBUTES.recordId]: { DataType: 'String', StringValue: 'rec-1' },
    });
    expect(Object.keys(message?.MessageAttributes ?? {}).sort()).toEqual([
      'guardrail-code',
      'guardrail-reason',
      'guardrail-record-id',
    ]);
  });

  it('never sends what SQS refuses: an empty body, an empty or very long reason, no record id', async () => {
    const sink = new SqsDeadLetterSink(sqs, queueUrl);
    await sink.send({ recordId: '', body: '', reason: '', code: 'malformed-json' });
    await sink.send({ recordId: 'rec-2', body: 'b', reason: 'r'.repeat(5000), code: 'malformed-json' });

    const messages = await look();
    const empty = messages.find((m) => m.Body === '(empty)');
    expect(empty?.MessageAttributes?.[DEAD_LETTER_ATTRIBUTES.reason]?.StringValue).toBe('unknown');
    expect(empty?.MessageAttributes?.[DEAD_LETTER_ATTRIBUTES.recordId]?.StringValue).toBe('unknown');
    const long = messages.find((m) => m.Body === 'b');
    expect(long?.MessageAttributes?.[DEAD_LETTER_ATTRIBUTES.reason]?.StringValue).toBe('r'.repeat(1000));
  });
});

describe('SqsSweepQueue', () => {
  it('sends the entries in one SendMessageBatch and reports no failure when SQS took them all', async () => {
    const queue = new SqsSweepQueue(sqs, queueUrl);
    const result = await queue.sendBatch([
      { id: 't0', body: 'a' },
      { id: 't1', body: 'b' },
    ]);
    expect(result).toEqual({ failed: [] });
    expect(callsTo(org.sb, 'SendMessageBatch')).toHaveLength(1);
    expect(org.sb.sqs.messages(queueUrl).map((m) => m.Body)).toEqual(['a', 'b']);
  });

  it('maps the entries SQS refused, filling in what it left out', () => {
    expect(batchFailures([{ Id: 't3', Code: 'InternalError', Message: 'try again' }, {}])).toEqual([
      { id: 't3', code: 'InternalError', message: 'try again' },
      { id: '', code: 'Unknown', message: '' },
    ]);
    expect(batchFailures(undefined)).toEqual([]);
  });
});

describe('SqsQueue', () => {
  const sendRaw = (body: string) => org.sb.sqs.send(queueUrl, { MessageBody: body });

  it('receives at most 10, hides them for the visibility asked, and returns attributes only when asked', async () => {
    for (let i = 0; i < 12; i += 1) sendRaw(`m${i}`);
    const queue = new SqsQueue(sqs, queueUrl);

    const plain = await queue.receive({ max: 25, waitSeconds: 0, visibilitySeconds: 60 });
    expect(plain).toHaveLength(10);
    for (const m of plain) {
      expect(m.MessageId).toEqual(expect.any(String));
      expect(m.ReceiptHandle).toEqual(expect.any(String));
    }
    // Hidden for 60 s: the next receive gets the two others only.
    const rest = await queue.receive({ max: 10, waitSeconds: 0, attributes: true });
    expect(rest.map((m) => m.Body).sort()).toEqual(['m10', 'm11']);
    expect(rest[0]?.Attributes?.ApproximateReceiveCount).toBe('1');
    expect(await queue.receive({ max: 10, waitSeconds: 0 })).toEqual([]);
  });

  it('makes a message visible again at once (changeVisibility 0), and deletes one by its handle', async () => {
    sendRaw('one');
    sendRaw('two');
    const queue = new SqsQueue(sqs, queueUrl);
    const [first, second] = (await queue.receive({ max: 2, waitSeconds: 0, visibilitySeconds: 300 })) as [
      ReceivedMessage,
      ReceivedMessage,
    ];

    await queue.changeVisibility(first.ReceiptHandle, 0);
    await queue.delete(second.ReceiptHandle);

    expect((await look()).map((m) => m.Body)).toEqual([first.Body]);
    expect(org.sb.sqs.messages(queueUrl)).toHaveLength(1);
  });

  it('sends a body with its attributes; deletes in a batch, reporting the entries SQS refused', async () => {
    const queue = new SqsQueue(sqs, queueUrl);
    await queue.send({
      body: 'kept',
      attributes: { 'trace-id': { DataType: 'String', StringValue: 't-1' } },
    });
    await queue.send({ body: 'plain' });
    const [kept] = await look();
    expect(kept).toMatchObject({
      Body: 'kept',
      MessageAttributes: { 'trace-id': { DataType: 'String', StringValue: 't-1' } },
    });

    const received = await queue.receive({ max: 10, waitSeconds: 0, visibilitySeconds: 60 });
    const result = await queue.deleteBatch([...received.map((m) => m.ReceiptHandle), 'not-a-handle']);

    expect(result).toEqual({
      deleted: 2,
      failed: [{ id: '2', code: 'ReceiptHandleIsInvalid', message: 'invalid receipt handle' }],
    });
    expect(org.sb.sqs.messages(queueUrl)).toEqual([]);
  });

  it('ends a long poll early when aborted (the sandbox answers an aborted poll with nothing)', async () => {
    const queue = new SqsQueue(sqs, queueUrl);
    const controller = new AbortController();
    const started = Date.now();
    const poll = queue.receive({ max: 10, waitSeconds: 20, abortSignal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    await expect(poll).resolves.toEqual([]);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('sends the FIFO fields when given', async () => {
    const seen: Record<string, unknown>[] = [];
    const client = createClients({
      ...org.aws,
      plugins: [
        ...(org.aws.plugins ?? []),
        {
          applyToStack(stack) {
            stack.add(
              (next) => async (args) => {
                seen.push({ ...(args.input as Record<string, unknown>) });
                return next(args);
              },
              { step: 'initialize', name: 'recordInput' },
            );
          },
        },
      ],
    }).sqs();
    await new SqsQueue(client, queueUrl).send({ body: 'f', groupId: 'g', deduplicationId: 'd' });
    client.destroy();
    expect(seen.at(-1)).toEqual({
      QueueUrl: queueUrl,
      MessageBody: 'f',
      MessageGroupId: 'g',
      MessageDeduplicationId: 'd',
    });
  });
});
