import { SendMessageCommand, type SendMessageCommandInput, type SQSClient } from '@aws-sdk/client-sqs';
import type { DeadLetter, DeadLetterSink } from '../ports';

/** SQS caps a message attribute's value well above this; the reason is for a person, so keep it short. */
const MAX_REASON = 1000;

/**
 * Writes an unprocessable record to the dead-letter queue as it was received, with why it could
 * not be processed in message attributes (`guardrail-reason`, `guardrail-code`, `guardrail-record-id`).
 */
export class SqsDeadLetterSink implements DeadLetterSink {
  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async send(letter: DeadLetter): Promise<void> {
    const input: SendMessageCommandInput = {
      QueueUrl: this.queueUrl,
      // SQS rejects an empty body.
      MessageBody: letter.body === '' ? '(empty)' : letter.body,
      MessageAttributes: {
        'guardrail-reason': {
          DataType: 'String',
          StringValue: letter.reason.slice(0, MAX_REASON) || 'unknown',
        },
        'guardrail-code': { DataType: 'String', StringValue: letter.code },
        'guardrail-record-id': { DataType: 'String', StringValue: letter.recordId || 'unknown' },
      },
    };
    await this.sqs.send(new SendMessageCommand(input));
  }
}
