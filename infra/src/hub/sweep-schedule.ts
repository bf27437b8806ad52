import {
  Aws,
  Duration,
  aws_lambda_destinations as destinations,
  aws_iam as iam,
  type aws_lambda as lambda,
  aws_scheduler as scheduler,
  aws_sqs as sqs,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { acknowledge } from '../nag';
import { PLANNER_RETRY_ATTEMPTS, SCHEDULER_RETRY_ATTEMPTS, SWEEP_REQUEST_MAX_AGE } from './sizing';

/**
 * What the schedule sends the hub: the engine's sweep request. `<aws.scheduler.execution-id>` is
 * replaced by the scheduler with one id per scheduled run, the same for that run's retries, so a
 * retried plan enqueues targets that dedupe against the first attempt's.
 */
export const SWEEP_REQUEST_INPUT = JSON.stringify({
  guardrail: 'sweep',
  sweepId: '<aws.scheduler.execution-id>',
});

/**
 * The lighter, more frequent run: the same planner, each target checking its member forwarding
 * only (rules, target, dead-letter queue), not its groups.
 */
export const HEALTH_CHECK_REQUEST_INPUT = JSON.stringify({
  guardrail: 'sweep',
  sweepId: 'health:<aws.scheduler.execution-id>',
  checks: 'forwarding',
});

export interface SweepScheduleProps {
  /** The sweep function (guardrail-sweep). */
  fn: lambda.IFunction;
  /** `rate(...)` or `cron(...)`. */
  expression: string;
  /** The forwarding health check's schedule. */
  healthCheckExpression: string;
  enabled: boolean;
}

/**
 * The periodic sweep's trigger: an EventBridge Scheduler schedule that invokes the sweep function
 * with a sweep request. Its role may invoke that one function (and, as Scheduler requires for its
 * DLQ, send to its own DLQ), nothing else. A request that is never planned lands in the sweep
 * request DLQ, whether the scheduler could not deliver it (its retry policy) or the planning kept
 * failing (Lambda's asynchronous retries, then the on-failure destination).
 */
export class SweepSchedule extends Construct {
  readonly schedule: scheduler.CfnSchedule;
  readonly healthCheck: scheduler.CfnSchedule;
  readonly role: iam.Role;
  readonly deadLetterQueue: sqs.Queue;

  constructor(scope: Construct, id: string, props: SweepScheduleProps) {
    super(scope, id);
    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    acknowledge(
      this.deadLetterQueue,
      'AwsSolutions-SQS3',
      'This queue is itself a dead-letter queue (of the sweep schedule and of the sweep function asynchronous ' +
        'invocations); its depth is alarmed.',
    );

    // Schedules of the default group of this account only (Scheduler's confused-deputy guard).
    const scheduleGroupArn = `arn:${Aws.PARTITION}:scheduler:${Aws.REGION}:${Aws.ACCOUNT_ID}:schedule-group/default`;
    this.role = new iam.Role(this, 'Role', {
      description: 'Guardrail sweep schedule: invokes the sweep function with a sweep request.',
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: {
          StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID, 'aws:SourceArn': scheduleGroupArn },
        },
      }),
      inlinePolicies: {
        'invoke-hub': new iam.PolicyDocument({
          statements: [
            new iam.PolicyStatement({
              sid: 'InvokeHubFunction',
              actions: ['lambda:InvokeFunction'],
              // The unqualified ARN only: no version or alias, no other function.
              resources: [props.fn.functionArn],
            }),
            new iam.PolicyStatement({
              sid: 'DeadLetterUndeliveredRequests',
              actions: ['sqs:SendMessage'],
              resources: [this.deadLetterQueue.queueArn],
            }),
          ],
        }),
      },
    });

    const target = (input: string) => ({
      arn: props.fn.functionArn,
      roleArn: this.role.roleArn,
      input,
      retryPolicy: {
        maximumRetryAttempts: SCHEDULER_RETRY_ATTEMPTS,
        maximumEventAgeInSeconds: SWEEP_REQUEST_MAX_AGE.toSeconds(),
      },
      deadLetterConfig: { arn: this.deadLetterQueue.queueArn },
    });
    this.schedule = new scheduler.CfnSchedule(this, 'Schedule', {
      description: 'Guardrail: periodic sweep of every opted-in group (catches what events missed).',
      scheduleExpression: props.expression,
      state: props.enabled ? 'ENABLED' : 'DISABLED',
      flexibleTimeWindow: { mode: 'OFF' },
      target: target(SWEEP_REQUEST_INPUT),
    });
    this.healthCheck = new scheduler.CfnSchedule(this, 'HealthCheckSchedule', {
      description:
        "Guardrail: frequent check of every member account's forwarding rules and dead-letter queue.",
      scheduleExpression: props.healthCheckExpression,
      state: props.enabled ? 'ENABLED' : 'DISABLED',
      flexibleTimeWindow: { mode: 'OFF' },
      target: target(HEALTH_CHECK_REQUEST_INPUT),
    });

    // Scheduler invokes Lambda asynchronously: a planning failure is retried by Lambda, then the
    // request is kept in the same DLQ (the hub role gets sqs:SendMessage on it for that).
    props.fn.configureAsyncInvoke({
      retryAttempts: PLANNER_RETRY_ATTEMPTS,
      maxEventAge: SWEEP_REQUEST_MAX_AGE,
      onFailure: new destinations.SqsDestination(this.deadLetterQueue),
    });
  }
}
