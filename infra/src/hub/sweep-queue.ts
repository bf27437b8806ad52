import { Duration, aws_sqs as sqs } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { QUEUE_VISIBILITY_TIMEOUT, SWEEP_MAX_RECEIVE_COUNT } from './sizing';

/**
 * The sweep's own queue: the planner puts one target (account x region) on it per sweep, and the
 * hub function reads it through a second event source with its own concurrency cap. Kept apart
 * from the event queue so that thousands of sweep targets never sit in front of a live event.
 * SQS-managed encryption and TLS only, like the event queues; its own DLQ after a few receives.
 */
export class SweepQueue extends Construct {
  readonly queue: sqs.Queue;
  readonly deadLetterQueue: sqs.Queue;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    this.queue = new sqs.Queue(this, 'Queue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: QUEUE_VISIBILITY_TIMEOUT,
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: SWEEP_MAX_RECEIVE_COUNT },
    });
  }
}
