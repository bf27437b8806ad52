import {
  type MessageAttributeValue,
  PublishBatchCommand,
  type PublishBatchRequestEntry,
  PublishCommand,
  type SNSClient,
} from '@aws-sdk/client-sns';
import { type ComposedAlert, SNS_MAX_MESSAGE_BYTES, snsMessage } from '@guardrail/core';
import { AlertPublishError } from '../errors';

/** SNS: a subject is at most 100 printable ASCII characters on one line. */
const SUBJECT_MAX = 100;
/** SNS PublishBatch: at most 10 entries, and 256 KiB for all of them together. */
export const PUBLISH_BATCH_MAX_ENTRIES = 10;
export const PUBLISH_BATCH_MAX_BYTES = SNS_MAX_MESSAGE_BYTES;

/** One alert's fate in a batch: published, or the error that stopped it (failures as values). */
export type PublishOutcome = { messageId: string } | { error: AlertPublishError };

/** A Publish request's fields for one alert (the same in Publish and in a PublishBatch entry). */
interface AlertMessage {
  Subject: string;
  Message: string;
  MessageStructure: 'json';
  MessageAttributes: Record<string, MessageAttributeValue>;
}

function alertMessage(alert: ComposedAlert): AlertMessage {
  return {
    Subject: safeSubject(alert.subject),
    Message: snsMessage(alert),
    MessageStructure: 'json',
    MessageAttributes: messageAttributes(alert.attributes),
  };
}

/** What SNS counts against a batch's size: the message, its subject and its attributes. */
function messageBytes(message: AlertMessage): number {
  let bytes = Buffer.byteLength(message.Message) + Buffer.byteLength(message.Subject);
  for (const [name, value] of Object.entries(message.MessageAttributes)) {
    bytes += Buffer.byteLength(name) + Buffer.byteLength(value.DataType ?? '');
    bytes += Buffer.byteLength(value.StringValue ?? '');
  }
  return bytes;
}

/** Consecutive runs of at most 10 messages and 256 KiB; a message near the limit goes alone. */
function chunks(messages: readonly AlertMessage[]): number[][] {
  const result: number[][] = [];
  let current: number[] = [];
  let bytes = 0;
  messages.forEach((message, index) => {
    const size = messageBytes(message);
    if (
      current.length === PUBLISH_BATCH_MAX_ENTRIES ||
      (current.length > 0 && bytes + size > PUBLISH_BATCH_MAX_BYTES)
    ) {
      result.push(current);
      current = [];
      bytes = 0;
    }
    current.push(index);
    bytes += size;
  });
  if (current.length > 0) result.push(current);
  return result;
}

/** Publishes composed alerts to the hub's topic: text for people, a JSON document for machines. */
export class AlertPublisher {
  constructor(
    private readonly sns: SNSClient,
    private readonly topicArn: string,
  ) {}

  /** Throws AlertPublishError (classify its cause to know whether a retry may help). */
  async publish(alert: ComposedAlert): Promise<{ messageId: string }> {
    return this.publishMessage(alertMessage(alert));
  }

  /**
   * Every alert, in as few calls as SNS allows (PublishBatch: 10 messages, 256 KiB): a batch's
   * alerts cost one call instead of one each. Each message is still delivered on its own, with
   * its own subject and attributes, exactly as `publish` sends it. An entry SNS failed on its side
   * (not the sender's fault) is tried once more alone, with the SDK's retries; the outcomes come
   * back in the alerts' order.
   */
  async publishAll(alerts: readonly ComposedAlert[]): Promise<PublishOutcome[]> {
    const messages = alerts.map(alertMessage);
    const outcomes: PublishOutcome[] = new Array(messages.length);
    await Promise.all(
      chunks(messages).map(async (chunk) => {
        if (chunk.length === 1) {
          const index = chunk[0] as number;
          outcomes[index] = await this.outcome(messages[index] as AlertMessage);
          return;
        }
        const results = await this.publishBatch(chunk.map((index) => messages[index] as AlertMessage));
        await Promise.all(
          results.map(async (result, position) => {
            const index = chunk[position] as number;
            outcomes[index] =
              result.retry === true ? await this.outcome(messages[index] as AlertMessage) : result.outcome;
          }),
        );
      }),
    );
    return outcomes;
  }

  private async publishMessage(message: AlertMessage): Promise<{ messageId: string }> {
    try {
      const response = await this.sns.send(new PublishCommand({ TopicArn: this.topicArn, ...message }));
      return { messageId: response.MessageId ?? '' };
    } catch (error) {
      throw new AlertPublishError(this.topicArn, error);
    }
  }

  private async outcome(message: AlertMessage): Promise<PublishOutcome> {
    try {
      return await this.publishMessage(message);
    } catch (error) {
      return { error: error as AlertPublishError };
    }
  }

  private async publishBatch(
    messages: readonly AlertMessage[],
  ): Promise<Array<{ outcome: PublishOutcome; retry?: boolean }>> {
    const entries: PublishBatchRequestEntry[] = messages.map((message, index) => ({
      Id: `a${index}`,
      ...message,
    }));
    try {
      const response = await this.sns.send(
        new PublishBatchCommand({ TopicArn: this.topicArn, PublishBatchRequestEntries: entries }),
      );
      const published = new Map(
        (response.Successful ?? []).map((entry) => [entry.Id, entry.MessageId ?? '']),
      );
      const failed = new Map((response.Failed ?? []).map((entry) => [entry.Id, entry]));
      return entries.map((entry) => {
        const messageId = published.get(entry.Id);
        if (messageId !== undefined) return { outcome: { messageId } };
        const failure = failed.get(entry.Id);
        const cause = Object.assign(new Error(failure?.Message ?? 'SNS returned no result for the entry'), {
          name: failure?.Code ?? 'MissingBatchResult',
        });
        return {
          outcome: { error: new AlertPublishError(this.topicArn, cause) },
          retry: failure?.SenderFault !== true,
        };
      });
    } catch (error) {
      // The whole call failed after the SDK's retries: every entry shares its error.
      const shared = new AlertPublishError(this.topicArn, error);
      return entries.map(() => ({ outcome: { error: shared } }));
    }
  }
}

/** String attributes for subscription filter policies; SNS rejects empty values, so those are left out. */
export function messageAttributes(attributes: Record<string, string>): Record<string, MessageAttributeValue> {
  const result: Record<string, MessageAttributeValue> = {};
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== '') result[name] = { DataType: 'String', StringValue: value };
  }
  return result;
}

/** The composer already keeps subjects within SNS's rules; this only guards against a publish rejected for it. */
export function safeSubject(subject: string): string {
  const printable = subject.replace(/[\r\n\t]+/g, ' ').replace(/[^\x20-\x7e]/g, '?');
  return printable.length <= SUBJECT_MAX ? printable : `${printable.slice(0, SUBJECT_MAX - 3)}...`;
}
