import {
  aws_cloudwatch_actions as actions,
  aws_cloudwatch as cloudwatch,
  Duration,
  type aws_lambda as lambda,
  type aws_sns as sns,
  type aws_sqs as sqs,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';

export interface HubAlarmsProps {
  queue: sqs.IQueue;
  deadLetterQueue: sqs.IQueue;
  fn: lambda.IFunction;
  topic: sns.ITopic;
  /** Age of the oldest queued event that means the hub is falling behind. */
  maxMessageAge: Duration;
}

/**
 * The hub's three failure signals, each published to the alert topic: anything in the DLQ (an
 * event was not processed), handler errors, and a queue that is not being drained.
 */
export class HubAlarms extends Construct {
  readonly deadLetters: cloudwatch.Alarm;
  readonly handlerErrors: cloudwatch.Alarm;
  readonly oldestMessage: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: HubAlarmsProps) {
    super(scope, id);
    const notify = new actions.SnsAction(props.topic);
    this.deadLetters = new cloudwatch.Alarm(this, 'DeadLetters', {
      alarmDescription: 'Guardrail: events reached the dead-letter queue (not processed). Replay them.',
      metric: props.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(1),
        statistic: 'Maximum',
      }),
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    this.handlerErrors = new cloudwatch.Alarm(this, 'HandlerErrors', {
      alarmDescription: 'Guardrail: the hub Lambda failed invocations.',
      metric: props.fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    this.oldestMessage = new cloudwatch.Alarm(this, 'OldestMessageAge', {
      alarmDescription: 'Guardrail: the hub queue is not drained (oldest event too old).',
      metric: props.queue.metricApproximateAgeOfOldestMessage({
        period: Duration.minutes(1),
        statistic: 'Maximum',
      }),
      threshold: props.maxMessageAge.toSeconds(),
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 3,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    for (const alarm of [this.deadLetters, this.handlerErrors, this.oldestMessage]) {
      alarm.addAlarmAction(notify);
      alarm.addOkAction(notify);
    }
  }
}
