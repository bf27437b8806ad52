import { type MessageAttributeValue, PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import { type ComposedAlert, snsMessage } from '@guardrail/core';
import { AlertPublishError } from '../errors';

/** SNS: a subject is at most 100 printable ASCII characters on one line. */
const SUBJECT_MAX = 100;

/** Publishes composed alerts to the hub's topic: text for people, a JSON document for machines. */
export class AlertPublisher {
  constructor(
    private readonly sns: SNSClient,
    private readonly topicArn: string,
  ) {}

  /** Throws AlertPublishError (classify its cause to know whether a retry may help). */
  async publish(alert: ComposedAlert): Promise<{ messageId: string }> {
    try {
      const response = await this.sns.send(
        new PublishCommand({
          TopicArn: this.topicArn,
          Subject: safeSubject(alert.subject),
          Message: snsMessage(alert),
          MessageStructure: 'json',
          MessageAttributes: messageAttributes(alert.attributes),
        }),
      );
      return { messageId: response.MessageId ?? '' };
    } catch (error) {
      throw new AlertPublishError(this.topicArn, error);
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
