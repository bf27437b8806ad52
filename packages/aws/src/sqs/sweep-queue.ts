import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { type BatchEntryFailure, batchFailures } from './batch';

/** A sweep target SQS refused to enqueue: the entry's id in the call, SQS's code and message. */
export type SweepQueueFailure = BatchEntryFailure;

/**
 * The sweep queue (GUARDRAIL_QUEUE_URL), written in SendMessageBatch chunks (at most 10 entries,
 * ids unique per call): the planner's account x region targets. Entries SQS refuses are returned,
 * not thrown, so the caller re-sends them.
 */
export class SqsSweepQueue {
  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async sendBatch(entries: { id: string; body: string }[]): Promise<{ failed: SweepQueueFailure[] }> {
    const response = await this.sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: this.queueUrl,
        Entries: entries.map((e) => ({ Id: e.id, MessageBody: e.body })),
      }),
    );
    return { failed: batchFailures(response.Failed) };
  }
}
