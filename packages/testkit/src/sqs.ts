/** SQS records as the Lambda event source mapping hands them to the hub's handler. */
import { ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { SQSRecord } from 'aws-lambda';
import { HUB_ACCOUNT, HUB_RESOURCE_NAMES, REGION } from './defaults';

/** The hub queue's ARN in the default hub organization. */
export const HUB_QUEUE_ARN = `arn:aws:sqs:${REGION}:${HUB_ACCOUNT}:${HUB_RESOURCE_NAMES.queue}`;

export interface QueueMessage {
  messageId: string;
  receiptHandle: string;
  body: string;
  /** Who sent it: `events.amazonaws.com` for the forwarding rule, an account id for the sweep. */
  senderId: string;
}

/** One record of the queue (default the hub queue), received once. */
export function sqsRecord(message: QueueMessage, queueArn = HUB_QUEUE_ARN): SQSRecord {
  return {
    messageId: message.messageId,
    receiptHandle: message.receiptHandle,
    body: message.body,
    attributes: {
      ApproximateReceiveCount: '1',
      SentTimestamp: '0',
      SenderId: message.senderId,
      ApproximateFirstReceiveTimestamp: '0',
    },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn,
    awsRegion: queueArn.split(':')[3] ?? REGION,
  };
}

/** Receives what is visible now, with its attributes, leaving it visible (timeout 0): a look that hides nothing. */
export async function receiveVisible(sqs: SQSClient, queueUrl: string) {
  const response = await sqs.send(
    new ReceiveMessageCommand({
      QueueUrl: queueUrl,
      MaxNumberOfMessages: 10,
      VisibilityTimeout: 0,
      MessageAttributeNames: ['All'],
    }),
  );
  return response.Messages ?? [];
}
