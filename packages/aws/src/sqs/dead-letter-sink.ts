import { SendMessageCommand, type SendMessageCommandInput, type SQSClient } from '@aws-sdk/client-sqs';
import { DEAD_LETTER_ATTRIBUTES } from '@guardrail/core';

/** A record the hub could not process, as it was received, with why. */
export interface DeadLetter {
  /** The record (SQS message id) it came from. */
  recordId: string;
  body: string;
  /** Why, for a person. */
  reason: string;
  /** Short machine-readable reason: `malformed-json`, `invalid-event`, ... */
  code: string;
}

/** SQS caps a message attribute's value well above this; the reason is for a person, so keep it short. */
const MAX_REASON = 1000;

/**
 * Writes an unprocessable record to the dead-letter queue as it was received, with why it could
 * not be processed in message attributes (DEAD_LETTER_ATTRIBUTES: `guardrail-reason`,
 * `guardrail-code`, `guardrail-record-id`), which `guardrail dlq list` and `replay` read.
 */
export class SqsDeadLetterSink {
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
        [DEAD_LETTER_ATTRIBUTES.reason]: {
          DataType: 'String',
          StringValue: letter.reason.slice(0, MAX_REASON) || 'unknown',
        },
        [DEAD_LETTER_ATTRIBUTES.code]: { DataType: 'String', StringValue: letter.code },
        [DEAD_LETTER_ATTRIBUTES.recordId]: { DataType: 'String', StringValue: letter.recordId || 'unknown' },
      },
    };
    await this.sqs.send(new SendMessageCommand(input));
  }
}
