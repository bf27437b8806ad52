import {
  ChangeMessageVisibilityCommand,
  DeleteMessageBatchCommand,
  DeleteMessageCommand,
  type Message,
  type MessageAttributeValue,
  ReceiveMessageCommand,
  SendMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { type BatchEntryFailure, batchFailures, SQS_BATCH_LIMIT } from './batch';

/** An SQS message as the SDK returns it (body, attributes, message attributes). */
export type SqsMessage = Message;

/** A message as received: its id and the handle that deletes it or changes its visibility. */
export type ReceivedMessage = SqsMessage & { MessageId: string; ReceiptHandle: string };

/** A message's own attributes (as sent, and as a receive with `attributes` returns them). */
export type MessageAttributes = Record<string, MessageAttributeValue>;

export interface ReceiveOptions {
  /** Messages wanted; SQS returns at most 10 per receive, so more is asked as 10. */
  max: number;
  /** Long-poll wait: any wait makes SQS ask all of its servers, not a sample. */
  waitSeconds: number;
  /** How long the received messages stay hidden; the queue's own visibility timeout when absent. */
  visibilitySeconds?: number;
  /** Also return every message attribute and system attribute (SentTimestamp, ApproximateReceiveCount...). */
  attributes?: boolean;
  /** Cancels a long poll in progress. */
  abortSignal?: AbortSignal;
}

export interface OutgoingMessage {
  body: string;
  attributes?: MessageAttributes;
  /** FIFO queues: the message group, and the id that dedupes a send retried within 5 minutes. */
  groupId?: string;
  deduplicationId?: string;
}

/**
 * One SQS queue, read and written message by message: what `guardrail hub run` (receive, delete
 * the handled ones) and `guardrail dlq list` / `replay` (receive, make visible again, send
 * elsewhere, delete) do with a queue. Errors are the SDK's, thrown.
 */
export class SqsQueue {
  constructor(
    private readonly sqs: SQSClient,
    readonly url: string,
  ) {}

  /** Up to `max` (at most 10) messages; the ones without an id or a receipt handle are left out. */
  async receive(options: ReceiveOptions): Promise<ReceivedMessage[]> {
    const response = await this.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: this.url,
        MaxNumberOfMessages: Math.min(options.max, SQS_BATCH_LIMIT),
        ...(options.visibilitySeconds === undefined ? {} : { VisibilityTimeout: options.visibilitySeconds }),
        WaitTimeSeconds: options.waitSeconds,
        ...(options.attributes
          ? { MessageAttributeNames: ['All'], MessageSystemAttributeNames: ['All'] }
          : {}),
      }),
      options.abortSignal ? { abortSignal: options.abortSignal } : {},
    );
    return (response.Messages ?? []).filter(
      (m): m is ReceivedMessage => Boolean(m.MessageId) && Boolean(m.ReceiptHandle),
    );
  }

  async send(message: OutgoingMessage): Promise<void> {
    await this.sqs.send(
      new SendMessageCommand({
        QueueUrl: this.url,
        MessageBody: message.body,
        ...(message.attributes ? { MessageAttributes: message.attributes } : {}),
        ...(message.groupId === undefined ? {} : { MessageGroupId: message.groupId }),
        ...(message.deduplicationId === undefined ? {} : { MessageDeduplicationId: message.deduplicationId }),
      }),
    );
  }

  async delete(receiptHandle: string): Promise<void> {
    await this.sqs.send(new DeleteMessageCommand({ QueueUrl: this.url, ReceiptHandle: receiptHandle }));
  }

  /** Deletes up to 10 messages in one call: how many SQS confirmed, and the entries it refused. */
  async deleteBatch(
    receiptHandles: readonly string[],
  ): Promise<{ deleted: number; failed: BatchEntryFailure[] }> {
    const result = await this.sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: this.url,
        Entries: receiptHandles.map((handle, j) => ({ Id: String(j), ReceiptHandle: handle })),
      }),
    );
    return { deleted: result.Successful?.length ?? 0, failed: batchFailures(result.Failed) };
  }

  /** Hides the message for `seconds` from now; 0 makes it visible again at once. */
  async changeVisibility(receiptHandle: string, seconds: number): Promise<void> {
    await this.sqs.send(
      new ChangeMessageVisibilityCommand({
        QueueUrl: this.url,
        ReceiptHandle: receiptHandle,
        VisibilityTimeout: seconds,
      }),
    );
  }
}
