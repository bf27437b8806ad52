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
  /** The sweep's DLQs: targets that kept failing, sweep requests never planned. */
  sweepDeadLetterQueue: sqs.IQueue;
  sweepRequestDeadLetterQueue: sqs.IQueue;
  fn: lambda.IFunction;
  topic: sns.ITopic;
  /** Age of the oldest queued event that means the hub is falling behind. */
  maxMessageAge: Duration;
}

/**
 * The hub's failure signals, each published to the alert topic: anything in a DLQ (an event, a
 * sweep target or a sweep request was not processed), handler errors, and an event queue that is
 * not being drained.
 */
export class HubAlarms extends Construct {
  readonly deadLetters: cloudwatch.Alarm;
  readonly sweepDeadLetters: cloudwatch.Alarm;
  readonly sweepRequestDeadLetters: cloudwatch.Alarm;
  readonly handlerErrors: cloudwatch.Alarm;
  readonly oldestMessage: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: HubAlarmsProps) {
    super(scope, id);
    const notify = new actions.SnsAction(props.topic);
    this.deadLetters = this.anyMessageIn(
      'DeadLetters',
      props.deadLetterQueue,
      'Guardrail: events reached the dead-letter queue (not processed). Replay them.',
    );
    this.sweepDeadLetters = this.anyMessageIn(
      'SweepDeadLetters',
      props.sweepDeadLetterQueue,
      'Guardrail: sweep targets (account x region) kept failing and were not swept. See the hub logs.',
    );
    this.sweepRequestDeadLetters = this.anyMessageIn(
      'SweepRequestDeadLetters',
      props.sweepRequestDeadLetterQueue,
      'Guardrail: a scheduled sweep was not planned (not delivered, or planning failed after retries).',
    );
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
    for (const alarm of [
      this.deadLetters,
      this.sweepDeadLetters,
      this.sweepRequestDeadLetters,
      this.handlerErrors,
      this.oldestMessage,
    ]) {
      alarm.addAlarmAction(notify);
      alarm.addOkAction(notify);
    }
  }

  /** Alarms as soon as one message is visible in a dead-letter queue. */
  private anyMessageIn(id: string, queue: sqs.IQueue, description: string): cloudwatch.Alarm {
    return new cloudwatch.Alarm(this, id, {
      alarmDescription: description,
      metric: queue.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(1),
        statistic: 'Maximum',
      }),
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
  }
}
