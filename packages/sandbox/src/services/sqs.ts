import { createHash } from 'node:crypto';
import type { CallContext, Handler, Input } from '../context';
import { ApiError } from '../errors';
import type { IdFactory } from '../random';

interface QueuedMessage {
  MessageId: string;
  Body: string;
  MessageAttributes?: Record<string, unknown>;
  sentAt: Date;
  visibleAt: number;
  receiveCount: number;
  receiptHandle?: string;
}

interface Queue {
  url: string;
  arn: string;
  visibilityTimeout: number;
  messages: QueuedMessage[];
  /** Long polls waiting for a message. */
  waiters: Set<() => void>;
}

/** SQS attribute names the sandbox does not model: asked for, they are left out rather than refused. */
const UNMODELLED_ATTRIBUTES = new Set([
  'Policy',
  'MaximumMessageSize',
  'MessageRetentionPeriod',
  'CreatedTimestamp',
  'LastModifiedTimestamp',
  'DelaySeconds',
  'ReceiveMessageWaitTimeSeconds',
  'RedrivePolicy',
  'FifoQueue',
  'ContentBasedDeduplication',
  'KmsMasterKeyId',
  'KmsDataKeyReusePeriodSeconds',
  'DeduplicationScope',
  'FifoThroughputLimit',
  'RedriveAllowPolicy',
  'SqsManagedSseEnabled',
]);

const md5 = (text: string) => createHash('md5').update(text).digest('hex');

/**
 * A simple in-memory SQS: at-least-once queues with visibility timeouts (on the sandbox clock) and
 * long polling (on real time), enough to run `guardrail hub run` against.
 */
export class SqsService {
  readonly handlers: Record<string, Handler>;
  private readonly queues = new Map<string, Queue>();

  constructor(
    private readonly ids: IdFactory,
    private readonly now: () => Date,
    private readonly partition: string,
  ) {
    this.handlers = {
      CreateQueue: (input, ctx) => ({
        QueueUrl: this.createQueue(
          ctx.accountId,
          ctx.region,
          String(input.QueueName ?? ''),
          input.Attributes,
        ),
      }),
      GetQueueUrl: (input, ctx) => ({ QueueUrl: this.queue(this.urlFor(ctx, String(input.QueueName))).url }),
      SendMessage: (input) => this.send(String(input.QueueUrl), input),
      SendMessageBatch: (input) => this.sendBatch(input),
      ReceiveMessage: (input, ctx) => this.receive(input, ctx),
      DeleteMessage: (input) => this.deleteMessage(input),
      DeleteMessageBatch: (input) => this.deleteBatch(input),
      ChangeMessageVisibility: (input) => this.changeVisibility(input),
      GetQueueAttributes: (input) => this.getAttributes(input),
    };
  }

  private urlFor(ctx: CallContext, name: string): string {
    return `https://sqs.${ctx.region}.amazonaws.com/${ctx.accountId}/${name}`;
  }

  createQueue(account: string, region: string, name: string, attributes?: unknown): string {
    if (!/^[\w-]{1,80}(\.fifo)?$/.test(name))
      throw new ApiError('InvalidParameterValue', `Invalid queue name ${name}`);
    const url = `https://sqs.${region}.amazonaws.com/${account}/${name}`;
    if (!this.queues.has(url)) {
      const visibility = Number((attributes as Record<string, string> | undefined)?.VisibilityTimeout ?? 30);
      this.queues.set(url, {
        url,
        arn: `arn:${this.partition}:sqs:${region}:${account}:${name}`,
        visibilityTimeout: visibility,
        messages: [],
        waiters: new Set(),
      });
    }
    return url;
  }

  private queue(url: string): Queue {
    const queue = this.queues.get(url);
    if (!queue) throw new ApiError('QueueDoesNotExist', 'The specified queue does not exist.');
    return queue;
  }

  /** Sends without going through the SDK (e.g. to feed a queue from `sb.onEvent`). */
  send(queueUrl: string, input: Input | { MessageBody: string }) {
    const queue = this.queue(queueUrl);
    const body = String(input.MessageBody ?? '');
    if (body.length === 0)
      throw new ApiError('MissingParameter', 'The request must contain the parameter MessageBody.');
    const delay = Number((input as Input).DelaySeconds ?? 0);
    const message: QueuedMessage = {
      MessageId: this.ids.uuid(),
      Body: body,
      ...((input as Input).MessageAttributes
        ? { MessageAttributes: (input as Input).MessageAttributes as Record<string, unknown> }
        : {}),
      sentAt: this.now(),
      visibleAt: this.now().getTime() + delay * 1000,
      receiveCount: 0,
    };
    queue.messages.push(message);
    for (const wake of queue.waiters) wake();
    return { MessageId: message.MessageId, MD5OfMessageBody: md5(body) };
  }

  /** Sends to the queue an ARN names (EventBridge dead-letter queues): false when there is no such queue. */
  sendByArn(
    queueArn: string,
    input: { MessageBody: string; MessageAttributes?: Record<string, unknown> },
  ): boolean {
    const queue = [...this.queues.values()].find((q) => q.arn === queueArn);
    if (!queue) return false;
    this.send(queue.url, input);
    return true;
  }

  private sendBatch(input: Input) {
    const entries = (input.Entries as { Id: string; MessageBody: string; DelaySeconds?: number }[]) ?? [];
    return {
      Successful: entries.map((e) => ({ Id: e.Id, ...this.send(String(input.QueueUrl), e) })),
      Failed: [],
    };
  }

  private async receive(input: Input, ctx: CallContext) {
    const queue = this.queue(String(input.QueueUrl));
    const max = Number(input.MaxNumberOfMessages ?? 1);
    if (max < 1 || max > 10)
      throw new ApiError('InvalidParameterValue', 'MaxNumberOfMessages must be between 1 and 10.');
    const waitSeconds = Number(input.WaitTimeSeconds ?? 0);
    let taken = this.take(queue, max, input);
    if (taken.length === 0 && waitSeconds > 0) {
      await this.waitForMessage(queue, waitSeconds * 1000, ctx.abortSignal);
      taken = this.take(queue, max, input);
    }
    return taken.length ? { Messages: taken } : {};
  }

  private take(queue: Queue, max: number, input: Input) {
    const now = this.now().getTime();
    const visibility = Number(input.VisibilityTimeout ?? queue.visibilityTimeout);
    const ready = queue.messages.filter((m) => m.visibleAt <= now).slice(0, max);
    return ready.map((m) => {
      m.receiveCount += 1;
      m.visibleAt = now + visibility * 1000;
      m.receiptHandle = `${m.MessageId}#${this.ids.hex(16)}`;
      return {
        MessageId: m.MessageId,
        ReceiptHandle: m.receiptHandle,
        MD5OfBody: md5(m.Body),
        Body: m.Body,
        Attributes: {
          ApproximateReceiveCount: String(m.receiveCount),
          SentTimestamp: String(m.sentAt.getTime()),
        },
        ...(m.MessageAttributes ? { MessageAttributes: m.MessageAttributes } : {}),
      };
    });
  }

  private waitForMessage(queue: Queue, ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        queue.waiters.delete(done);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      queue.waiters.add(done);
      signal?.addEventListener('abort', done, { once: true });
    });
  }

  private findByHandle(queue: Queue, handle: string): QueuedMessage {
    const message = queue.messages.find((m) => m.receiptHandle === handle);
    if (!message)
      throw new ApiError(
        'ReceiptHandleIsInvalid',
        `The input receipt handle "${handle}" is not a valid receipt handle.`,
      );
    return message;
  }

  private deleteMessage(input: Input) {
    const queue = this.queue(String(input.QueueUrl));
    const message = this.findByHandle(queue, String(input.ReceiptHandle));
    queue.messages.splice(queue.messages.indexOf(message), 1);
    return {};
  }

  private deleteBatch(input: Input) {
    const queue = this.queue(String(input.QueueUrl));
    const entries = (input.Entries as { Id: string; ReceiptHandle: string }[]) ?? [];
    const Successful: { Id: string }[] = [];
    const Failed: { Id: string; SenderFault: boolean; Code: string; Message: string }[] = [];
    for (const entry of entries) {
      const message = queue.messages.find((m) => m.receiptHandle === entry.ReceiptHandle);
      if (message) {
        queue.messages.splice(queue.messages.indexOf(message), 1);
        Successful.push({ Id: entry.Id });
      } else {
        Failed.push({
          Id: entry.Id,
          SenderFault: true,
          Code: 'ReceiptHandleIsInvalid',
          Message: 'invalid receipt handle',
        });
      }
    }
    return { Successful, Failed };
  }

  private changeVisibility(input: Input) {
    const queue = this.queue(String(input.QueueUrl));
    const message = this.findByHandle(queue, String(input.ReceiptHandle));
    message.visibleAt = this.now().getTime() + Number(input.VisibilityTimeout ?? 0) * 1000;
    return {};
  }

  /**
   * The attributes the sandbox models, computed on the sandbox clock: visible messages, messages
   * in flight (received, not yet visible again) and delayed ones (never received, not yet visible).
   * Real attribute names it does not model are left out, as SQS leaves out unset ones.
   */
  private getAttributes(input: Input) {
    const queue = this.queue(String(input.QueueUrl));
    const now = this.now().getTime();
    const hidden = queue.messages.filter((m) => m.visibleAt > now);
    const modelled: Record<string, string> = {
      QueueArn: queue.arn,
      ApproximateNumberOfMessages: String(queue.messages.length - hidden.length),
      ApproximateNumberOfMessagesNotVisible: String(hidden.filter((m) => m.receiveCount > 0).length),
      ApproximateNumberOfMessagesDelayed: String(hidden.filter((m) => m.receiveCount === 0).length),
      VisibilityTimeout: String(queue.visibilityTimeout),
    };
    const names = (input.AttributeNames as string[] | undefined) ?? [];
    const unknown = names.find(
      (name) => name !== 'All' && !(name in modelled) && !UNMODELLED_ATTRIBUTES.has(name),
    );
    if (unknown) throw new ApiError('InvalidAttributeName', `Unknown Attribute ${unknown}.`);
    const wanted = names.includes('All') ? Object.keys(modelled) : names.filter((name) => name in modelled);
    if (wanted.length === 0) return {};
    return { Attributes: Object.fromEntries(wanted.map((name) => [name, modelled[name]])) };
  }

  /** Messages still in a queue (visible or in flight), for assertions. */
  messages(queueUrl: string): { MessageId: string; Body: string; receiveCount: number }[] {
    return this.queue(queueUrl).messages.map(({ MessageId, Body, receiveCount }) => ({
      MessageId,
      Body,
      receiveCount,
    }));
  }
}
