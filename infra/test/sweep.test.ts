import { CfnElement } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { effectiveSweepSizing } from '../src/config/schema';
import {
  PLANNER_RETRY_ATTEMPTS,
  SCHEDULER_RETRY_ATTEMPTS,
  SWEEP_FUNCTION_TIMEOUT,
  SWEEP_MAX_RECEIVE_COUNT,
  SWEEP_QUEUE_VISIBILITY_TIMEOUT,
  SWEEP_REQUEST_MAX_AGE,
} from '../src/hub/sizing';
import { exampleConfig, resourcesOf, type Synthesized, synthesize } from './support/synth';

let s: Synthesized;
let custom: Synthesized;
const refIn = (syn: Synthesized, construct: IConstruct) =>
  syn.stacks.hub.getLogicalId(
    construct instanceof CfnElement ? construct : (construct.node.defaultChild as CfnElement),
  );
const arnOf = (syn: Synthesized, construct: IConstruct) => ({
  'Fn::GetAtt': [refIn(syn, construct), 'Arn'],
});

beforeAll(() => {
  s = synthesize();
  custom = synthesize(
    exampleConfig({ sweep: { enabled: false, schedule: 'cron(15 3 * * ? *)', maxConcurrency: 7 } }),
  );
});

function properties(syn: Synthesized, construct: IConstruct): Record<string, unknown> {
  const resources = syn.hubJson.Resources as Record<string, { Properties: Record<string, unknown> }>;
  return resources[refIn(syn, construct)]!.Properties;
}

describe('the sweep queue', () => {
  it('is encrypted, with its own DLQ, and a visibility timeout that outlasts one target', () => {
    const { queue, deadLetterQueue } = s.stacks.hub.sweepQueue;
    expect(properties(s, queue)).toMatchObject({
      SqsManagedSseEnabled: true,
      VisibilityTimeout: SWEEP_QUEUE_VISIBILITY_TIMEOUT.toSeconds(),
      RedrivePolicy: {
        deadLetterTargetArn: arnOf(s, deadLetterQueue),
        maxReceiveCount: SWEEP_MAX_RECEIVE_COUNT,
      },
    });
    expect(properties(s, deadLetterQueue)).toMatchObject({ SqsManagedSseEnabled: true });
    expect(refIn(s, deadLetterQueue)).not.toBe(refIn(s, s.stacks.hub.intake.deadLetterQueue));
    // Lambda refuses an event source whose visibility timeout is shorter than the function's timeout.
    const fn = properties(s, s.stacks.hub.sweep.fn) as { Timeout: number };
    expect(fn.Timeout).toBe(SWEEP_FUNCTION_TIMEOUT.toSeconds());
    expect(SWEEP_QUEUE_VISIBILITY_TIMEOUT.toSeconds()).toBeGreaterThanOrEqual(fn.Timeout * 6);
  });

  it('feeds the sweep function through its own event source, batches and cap derived from the organization (or the cap the config sets)', () => {
    const sweepSource = (syn: Synthesized) =>
      Object.values(resourcesOf(syn.hubJson, 'AWS::Lambda::EventSourceMapping')).filter(
        (mapping) =>
          JSON.stringify(mapping.Properties.EventSourceArn) ===
          JSON.stringify(arnOf(syn, syn.stacks.hub.sweepQueue.queue)),
      );
    for (const [syn, cap] of [
      [s, effectiveSweepSizing(s.config).maxConcurrency],
      [custom, 7],
    ] as const) {
      const mappings = sweepSource(syn);
      expect(mappings).toHaveLength(1);
      expect(mappings[0]!.Properties).toMatchObject({
        FunctionName: { Ref: refIn(syn, syn.stacks.hub.sweep.fn) },
        BatchSize: effectiveSweepSizing(syn.config).batchSize,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        ScalingConfig: { MaximumConcurrency: cap },
      });
    }
    // The live events keep their own mapping and cap.
    s.hub.resourceCountIs('AWS::Lambda::EventSourceMapping', 2);
  });
});

describe('the sweep schedule', () => {
  const schedule = (syn: Synthesized) =>
    properties(syn, syn.stacks.hub.sweepSchedule.schedule) as {
      ScheduleExpression: string;
      State: string;
      FlexibleTimeWindow: unknown;
      Target: {
        Arn: unknown;
        RoleArn: unknown;
        Input: string;
        RetryPolicy: unknown;
        DeadLetterConfig: unknown;
      };
    };

  it('invokes the sweep function with a sweep request carrying the execution id, every 6 hours by default', () => {
    const { ScheduleExpression, State, Target } = schedule(s);
    expect(ScheduleExpression).toBe('rate(6 hours)');
    expect(State).toBe('ENABLED');
    expect(Target.Arn).toEqual(arnOf(s, s.stacks.hub.sweep.fn));
    expect(Target.RoleArn).toEqual(arnOf(s, s.stacks.hub.sweepSchedule.role));
    expect(JSON.parse(Target.Input)).toEqual({ guardrail: 'sweep', sweepId: '<aws.scheduler.execution-id>' });
  });

  it('checks every account x region forwarding every 15 minutes by default, through the same planner', () => {
    const health = properties(s, s.stacks.hub.sweepSchedule.healthCheck) as ReturnType<typeof schedule>;
    expect(health.ScheduleExpression).toBe('rate(15 minutes)');
    expect(health.State).toBe('ENABLED');
    expect(health.Target.Arn).toEqual(arnOf(s, s.stacks.hub.sweep.fn));
    expect(JSON.parse(health.Target.Input)).toEqual({
      guardrail: 'sweep',
      sweepId: 'health:<aws.scheduler.execution-id>',
      checks: 'forwarding',
    });
    expect(health.Target.DeadLetterConfig).toEqual(schedule(s).Target.DeadLetterConfig);
  });

  it('retries and dead-letters a request it cannot deliver', () => {
    const { Target } = schedule(s);
    expect(Target.RetryPolicy).toEqual({
      MaximumRetryAttempts: SCHEDULER_RETRY_ATTEMPTS,
      MaximumEventAgeInSeconds: SWEEP_REQUEST_MAX_AGE.toSeconds(),
    });
    expect(Target.DeadLetterConfig).toEqual({ Arn: arnOf(s, s.stacks.hub.sweepSchedule.deadLetterQueue) });
  });

  it('sends a failed planning (asynchronous invocation) to the same DLQ after Lambda retries', () => {
    // The sweep function only: nothing invokes the live-event function asynchronously.
    s.hub.resourceCountIs('AWS::Lambda::EventInvokeConfig', 1);
    s.hub.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: refIn(s, s.stacks.hub.sweep.fn) },
      Qualifier: '$LATEST',
      MaximumRetryAttempts: PLANNER_RETRY_ATTEMPTS,
      MaximumEventAgeInSeconds: SWEEP_REQUEST_MAX_AGE.toSeconds(),
      DestinationConfig: {
        OnFailure: { Destination: arnOf(s, s.stacks.hub.sweepSchedule.deadLetterQueue) },
      },
    });
  });

  it('follows sweep.schedule and sweep.enabled', () => {
    expect(schedule(custom).ScheduleExpression).toBe('cron(15 3 * * ? *)');
    expect(schedule(custom).State).toBe('DISABLED');
  });

  it('runs as a role only EventBridge Scheduler of this account may assume', () => {
    s.hub.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [
          Match.objectLike({
            Principal: { Service: 'scheduler.amazonaws.com' },
            Action: 'sts:AssumeRole',
            Condition: {
              StringEquals: {
                'aws:SourceAccount': { Ref: 'AWS::AccountId' },
                'aws:SourceArn': Match.anyValue(),
              },
            },
          }),
        ],
      },
    });
  });
});
