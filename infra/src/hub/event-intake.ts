import {
  Aws,
  Duration,
  aws_events as events,
  aws_sqs as sqs,
  aws_events_targets as targets,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { EventPattern } from '../member/event-pattern';
import { visibilityTimeoutFor } from './sizing';

export interface EventIntakeProps {
  busName: string;
  organizationId: string;
  /** The same pattern as the member rule: a second filter at the hub's door. */
  pattern: EventPattern;
  /** The live-event function's timeout: the queue's visibility timeout is six times it (AWS guidance). */
  functionTimeout: Duration;
  maxReceiveCount: number;
}

/**
 * Where member events arrive: the central bus (PutEvents only from principals of the
 * organization), a rule, and the SQS queue the live-event function (guardrail-hub) reads, with its dead-letter queue.
 * Both queues use SQS-managed encryption: EventBridge can deliver to them without a key grant,
 * and they are never read outside this account.
 */
export class EventIntake extends Construct {
  readonly bus: events.EventBus;
  readonly queue: sqs.Queue;
  readonly deadLetterQueue: sqs.Queue;
  readonly rule: events.Rule;

  constructor(scope: Construct, id: string, props: EventIntakeProps) {
    super(scope, id);
    this.bus = new events.EventBus(this, 'Bus', { eventBusName: props.busName });
    // The policy is set on the bus itself (one resource, no separate EventBusPolicy); the ARN is
    // spelled out because a resource cannot reference its own attributes.
    const busArn = `arn:${Aws.PARTITION}:events:${Aws.REGION}:${Aws.ACCOUNT_ID}:event-bus/${props.busName}`;
    (this.bus.node.defaultChild as events.CfnEventBus).policy = {
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'OrganizationPutEvents',
          Effect: 'Allow',
          Principal: '*',
          Action: 'events:PutEvents',
          Resource: busArn,
          Condition: { StringEquals: { 'aws:PrincipalOrgID': props.organizationId } },
        },
      ],
    };

    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    this.queue = new sqs.Queue(this, 'Queue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: visibilityTimeoutFor(props.functionTimeout),
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: props.maxReceiveCount },
    });

    this.rule = new events.Rule(this, 'Rule', {
      eventBus: this.bus,
      description: 'Guardrail: forwarded security group events to the hub queue.',
      // Set below as raw JSON: the L2 pattern type cannot express `$or`.
      eventPattern: { source: ['aws.ec2'] },
      // If EventBridge cannot deliver to the queue, the event lands in the same DLQ (alarmed): never dropped.
      targets: [new targets.SqsQueue(this.queue, { deadLetterQueue: this.deadLetterQueue })],
    });
    (this.rule.node.defaultChild as events.CfnRule).eventPattern = props.pattern;
  }
}
