/**
 * Reads a queue without consuming it. SQS has no peek: a message is received (and so hidden for
 * a visibility timeout) to be seen at all. A scan keeps every message it received hidden until
 * the end, so that the next receive returns others and the scan ends when the queue has no
 * visible message left; `release()` then makes the ones not deleted visible again at once
 * (ChangeMessageVisibility 0) instead of after the timeout.
 */
import {
  ChangeMessageVisibilityCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';

export interface ScanSettings {
  /** How long a received message stays hidden; it must outlast the scan. */
  visibilitySeconds: number;
  /** Long-poll wait of each receive: any wait makes SQS ask all of its servers, not a sample. */
  waitSeconds: number;
}

/** A message as received: its id and the handle that deletes it or changes its visibility. */
export type HeldMessage = Message & { MessageId: string; ReceiptHandle: string };

export interface ReleaseFailure {
  messageId: string;
  error: unknown;
}

/** SQS returns at most 10 messages per receive. */
const RECEIVE_LIMIT = 10;

export class QueueScan {
  /** Messages received and not deleted: id -> latest receipt handle. */
  private readonly held = new Map<string, string>();
  private exhausted = false;

  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
    private readonly settings: ScanSettings,
  ) {}

  /** Up to `max` messages not seen before; none once the queue has no visible message left. */
  async next(max: number): Promise<HeldMessage[]> {
    if (this.exhausted || max < 1) return [];
    const response = await this.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: this.queueUrl,
        MaxNumberOfMessages: Math.min(max, RECEIVE_LIMIT),
        VisibilityTimeout: this.settings.visibilitySeconds,
        WaitTimeSeconds: this.settings.waitSeconds,
        MessageAttributeNames: ['All'],
        MessageSystemAttributeNames: ['All'],
      }),
    );
    const received = (response.Messages ?? []).filter(
      (m): m is HeldMessage => m.MessageId !== undefined && m.ReceiptHandle !== undefined,
    );
    const fresh = received.filter((m) => !this.held.has(m.MessageId));
    for (const message of received) this.held.set(message.MessageId, message.ReceiptHandle);
    // Nothing new: the queue is empty, or the scan outlasted the timeout and met its own messages.
    if (fresh.length === 0) this.exhausted = true;
    return fresh;
  }

  /** The message was deleted: nothing to release. */
  forget(messageId: string): void {
    this.held.delete(messageId);
  }

  /** Makes every message still held visible again; the ones that could not be reappear after the timeout. */
  async release(): Promise<ReleaseFailure[]> {
    const failures: ReleaseFailure[] = [];
    for (const [messageId, handle] of this.held) {
      try {
        await this.sqs.send(
          new ChangeMessageVisibilityCommand({
            QueueUrl: this.queueUrl,
            ReceiptHandle: handle,
            VisibilityTimeout: 0,
          }),
        );
      } catch (error) {
        failures.push({ messageId, error });
      }
    }
    this.held.clear();
    return failures;
  }
}

export function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
