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
  /** The live events: their queue, its DLQ, the function that reads it. */
  queue: sqs.IQueue;
  deadLetterQueue: sqs.IQueue;
  fn: lambda.IFunction;
  /** Age of the oldest queued event that means the hub is falling behind. */
  maxMessageAge: Duration;
  /** The sweep: its queue, its DLQs (targets that kept failing, requests never planned), its function. */
  sweepQueue: sqs.IQueue;
  sweepDeadLetterQueue: sqs.IQueue;
  sweepRequestDeadLetterQueue: sqs.IQueue;
  sweepFn: lambda.IFunction;
  /** Age of the oldest sweep target that means sweeps no longer finish within their interval. */
  sweepMaxMessageAge: Duration;
  topic: sns.ITopic;
}

/**
 * The hub's failure signals, each published to the alert topic: anything in a DLQ (an event, a
 * sweep target or a sweep request was not processed), errors of either function, and a queue that
 * is not being drained (live events within minutes, sweep targets within the sweep interval).
 */
export class HubAlarms extends Construct {
  readonly deadLetters: cloudwatch.Alarm;
  readonly sweepDeadLetters: cloudwatch.Alarm;
  readonly sweepRequestDeadLetters: cloudwatch.Alarm;
  readonly handlerErrors: cloudwatch.Alarm;
  readonly sweepErrors: cloudwatch.Alarm;
  readonly oldestMessage: cloudwatch.Alarm;
  readonly oldestSweepTarget: cloudwatch.Alarm;

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
      'Guardrail: sweep targets (account x region) were not swept (kept failing, or unprocessable). See the sweep logs.',
    );
    this.sweepRequestDeadLetters = this.anyMessageIn(
      'SweepRequestDeadLetters',
      props.sweepRequestDeadLetterQueue,
      'Guardrail: a scheduled sweep was not planned (not delivered, or planning failed after retries).',
    );
    this.handlerErrors = this.errorsOf(
      'HandlerErrors',
      props.fn,
      'Guardrail: the hub (live events) Lambda failed invocations.',
    );
    this.sweepErrors = this.errorsOf(
      'SweepErrors',
      props.sweepFn,
      'Guardrail: the sweep Lambda failed invocations (planning or sweep targets).',
    );
    this.oldestMessage = this.oldestOlderThan(
      'OldestMessageAge',
      props.queue,
      props.maxMessageAge,
      'Guardrail: the hub queue is not drained (oldest event too old).',
    );
    this.oldestSweepTarget = this.oldestOlderThan(
      'OldestSweepTargetAge',
      props.sweepQueue,
      props.sweepMaxMessageAge,
      'Guardrail: the sweep queue is not drained within the sweep interval (sweeps fall behind).',
    );
    for (const alarm of [
      this.deadLetters,
      this.sweepDeadLetters,
      this.sweepRequestDeadLetters,
      this.handlerErrors,
      this.sweepErrors,
      this.oldestMessage,
      this.oldestSweepTarget,
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

  /** Alarms on any failed invocation of a function within five minutes. */
  private errorsOf(id: string, fn: lambda.IFunction, description: string): cloudwatch.Alarm {
    return new cloudwatch.Alarm(this, id, {
      alarmDescription: description,
      metric: fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
  }

  /** Alarms when a queue's oldest message stays older than `maxAge` for three minutes. */
  private oldestOlderThan(
    id: string,
    queue: sqs.IQueue,
    maxAge: Duration,
    description: string,
  ): cloudwatch.Alarm {
    return new cloudwatch.Alarm(this, id, {
      alarmDescription: description,
      metric: queue.metricApproximateAgeOfOldestMessage({
        period: Duration.minutes(1),
        statistic: 'Maximum',
      }),
      threshold: maxAge.toSeconds(),
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 3,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
  }
}
