import { Duration, aws_sqs as sqs } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { SWEEP_MAX_RECEIVE_COUNT, SWEEP_QUEUE_VISIBILITY_TIMEOUT } from './sizing';

/**
 * The sweep's own queue: the planner puts one target (account x region) on it per sweep, and the
 * sweep function reads it with its own concurrency cap. Kept apart from the hub queue so that
 * thousands of sweep targets never sit in front of a live event. SQS-managed encryption and TLS
 * only, like the hub queue; its own DLQ after a few receives (the sweep function also writes
 * there the records it cannot process, with their reason).
 */
export class SweepQueue extends Construct {
  readonly queue: sqs.Queue;
  readonly deadLetterQueue: sqs.Queue;

  constructor(scope: Construct, id: string, props: { visibilityTimeout?: Duration } = {}) {
    super(scope, id);
    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    this.queue = new sqs.Queue(this, 'Queue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: props.visibilityTimeout ?? SWEEP_QUEUE_VISIBILITY_TIMEOUT,
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: SWEEP_MAX_RECEIVE_COUNT },
    });
  }
}
