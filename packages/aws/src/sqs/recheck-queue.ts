import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';

/**
 * The sweep queue as the hub's re-checks write it: one message, delayed (DelaySeconds, at most
 * 900) until the circuit breaker resumes a paused rule. A failure throws: the caller logs it and
 * the next sweep re-checks the group.
 */
export class SqsRecheckQueue {
  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async send(body: string, delaySeconds: number): Promise<void> {
    await this.sqs.send(
      new SendMessageCommand({ QueueUrl: this.queueUrl, MessageBody: body, DelaySeconds: delaySeconds }),
    );
  }
}
