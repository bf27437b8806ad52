/** Alerts as a subscriber receives them: the hub's SNS messages, decoded. */
import type { AlertDocument } from '@guardrail/core';
import type { PublishedMessage, Sandbox } from '@guardrail/sandbox';

export interface ReceivedAlert {
  subject: string | undefined;
  /** The plain-text body (what email subscribers get). */
  text: string;
  /** The JSON document (what SQS, Lambda and HTTPS subscribers get). */
  document: AlertDocument;
  /** The message attributes (severity, account, region, outcome, policy) as strings. */
  attributes: Record<string, string>;
}

/** One `MessageStructure: json` message of the hub. */
export function decodeAlert(message: PublishedMessage): ReceivedAlert {
  const structure = JSON.parse(message.Message) as { default: string; sqs: string };
  const attributes: Record<string, string> = {};
  for (const [name, value] of Object.entries(message.MessageAttributes ?? {}))
    if (value.StringValue !== undefined) attributes[name] = value.StringValue;
  return {
    subject: message.Subject,
    text: structure.default,
    document: JSON.parse(structure.sqs) as AlertDocument,
    attributes,
  };
}

/** Every alert published to the topic so far, oldest first. */
export function publishedAlerts(sb: Sandbox, topicArn: string): ReceivedAlert[] {
  return sb.sns.published(topicArn).map(decodeAlert);
}
