/**
 * Reads a queue without consuming it. SQS has no peek: a message is received (and so hidden for
 * a visibility timeout) to be seen at all. A scan keeps every message it received hidden until
 * the end, so that the next receive returns others and the scan ends when the queue has no
 * visible message left; `release()` then makes the ones not deleted visible again at once
 * (ChangeMessageVisibility 0) instead of after the timeout.
 */
import type { ReceivedMessage, SqsQueue } from '@guardrail/aws';

export interface ScanSettings {
  /** How long a received message stays hidden; it must outlast the scan. */
  visibilitySeconds: number;
  /** Long-poll wait of each receive: any wait makes SQS ask all of its servers, not a sample. */
  waitSeconds: number;
}

export interface ReleaseFailure {
  messageId: string;
  error: unknown;
}

export class QueueScan {
  /** Messages received and not deleted: id -> latest receipt handle. */
  private readonly held = new Map<string, string>();
  private exhausted = false;

  constructor(
    private readonly queue: SqsQueue,
    private readonly settings: ScanSettings,
  ) {}

  /** Up to `max` messages not seen before; none once the queue has no visible message left. */
  async next(max: number): Promise<ReceivedMessage[]> {
    if (this.exhausted || max < 1) return [];
    // At most 10 per receive (SQS's limit), each with its attributes (the dead-letter reason).
    const received = await this.queue.receive({
      max,
      visibilitySeconds: this.settings.visibilitySeconds,
      waitSeconds: this.settings.waitSeconds,
      attributes: true,
    });
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
        await this.queue.changeVisibility(handle, 0);
      } catch (error) {
        failures.push({ messageId, error });
      }
    }
    this.held.clear();
    return failures;
  }
}
