import type { CfnElement } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { effectiveSweepSizing } from '../src/config/schema';
import {
  EVENT_FUNCTION_TIMEOUT,
  HUB_QUEUE_VISIBILITY_TIMEOUT,
  SWEEP_FUNCTION_TIMEOUT,
  SWEEP_QUEUE_VISIBILITY_TIMEOUT,
  sweepBacklogMaxAge,
} from '../src/hub/sizing';
import { exampleConfig, resourcesOf, type Synthesized, synthesize } from './support/synth';

/**
 * The live-event path and the sweep run as two functions, a bundle each: each with its own
 * timeout, queue, cap and log group, so that a failed live event is retried within minutes while
 * a sweep target keeps the time one account x region needs.
 */
let s: Synthesized;
let custom: Synthesized;
const idIn = (syn: Synthesized, construct: IConstruct) =>
  syn.stacks.hub.getLogicalId(construct.node.defaultChild as CfnElement);
const props = (syn: Synthesized, construct: IConstruct) =>
  (syn.hubJson.Resources as Record<string, { Properties: Record<string, unknown> }>)[idIn(syn, construct)]!
    .Properties;

beforeAll(() => {
  s = synthesize();
  custom = synthesize(
    exampleConfig({
      names: { hubFunction: 'sg-guard-live', sweepFunction: 'sg-guard-sweep' },
      concurrency: { maxLambdaConcurrency: 12, reservedConcurrency: 12 },
      sweep: { maxConcurrency: 3, reservedConcurrency: 4, schedule: 'rate(2 hours)' },
    }),
  );
});

describe('the live-event function and the sweep function', () => {
  it('are named guardrail-hub and guardrail-sweep by default, and follow names.*', () => {
    expect(props(s, s.stacks.hub.hub.fn).FunctionName).toBe('guardrail-hub');
    expect(props(s, s.stacks.hub.sweep.fn).FunctionName).toBe('guardrail-sweep');
    expect(props(custom, custom.stacks.hub.hub.fn).FunctionName).toBe('sg-guard-live');
    expect(props(custom, custom.stacks.hub.sweep.fn).FunctionName).toBe('sg-guard-sweep');
  });

  it('give live events a short timeout and a visibility timeout six times it', () => {
    const { hub, sweep, intake, sweepQueue } = s.stacks.hub;
    const live = props(s, hub.fn).Timeout as number;
    const swept = props(s, sweep.fn).Timeout as number;
    expect(live).toBe(EVENT_FUNCTION_TIMEOUT.toSeconds());
    expect(swept).toBe(SWEEP_FUNCTION_TIMEOUT.toSeconds());
    expect(live).toBeLessThanOrEqual(30);
    expect(swept).toBeGreaterThan(live);
    // The visibility timeout is the wait before a failed record's retry: minutes for live events.
    expect(props(s, intake.queue).VisibilityTimeout).toBe(live * 6);
    expect(props(s, intake.queue).VisibilityTimeout).toBe(HUB_QUEUE_VISIBILITY_TIMEOUT.toSeconds());
    expect(props(s, sweepQueue.queue).VisibilityTimeout).toBe(swept * 6);
    expect(props(s, sweepQueue.queue).VisibilityTimeout).toBe(SWEEP_QUEUE_VISIBILITY_TIMEOUT.toSeconds());
  });

  it('each read exactly one queue: live events the hub queue, the sweep the sweep queue', () => {
    for (const syn of [s, custom]) {
      const { hub, sweep, intake, sweepQueue } = syn.stacks.hub;
      const mappings = Object.values(resourcesOf(syn.hubJson, 'AWS::Lambda::EventSourceMapping')).map(
        (m) => m.Properties,
      );
      const of = (fn: IConstruct) =>
        mappings.filter((m) => JSON.stringify(m.FunctionName) === JSON.stringify({ Ref: idIn(syn, fn) }));
      expect(of(hub.fn)).toHaveLength(1);
      expect(of(sweep.fn)).toHaveLength(1);
      expect(of(hub.fn)[0]).toMatchObject({
        EventSourceArn: { 'Fn::GetAtt': [idIn(syn, intake.queue), 'Arn'] },
        BatchSize: 10,
        ScalingConfig: { MaximumConcurrency: syn.config.concurrency.maxLambdaConcurrency },
      });
      expect(of(sweep.fn)[0]).toMatchObject({
        EventSourceArn: { 'Fn::GetAtt': [idIn(syn, sweepQueue.queue), 'Arn'] },
        BatchSize: effectiveSweepSizing(syn.config).batchSize,
        ScalingConfig: { MaximumConcurrency: effectiveSweepSizing(syn.config).maxConcurrency },
      });
    }
  });

  it('run as the one hub role, whose exact ARN the members trust', () => {
    const role = { 'Fn::GetAtt': [idIn(s, s.stacks.hub.hubRole), 'Arn'] };
    expect(props(s, s.stacks.hub.hub.fn).Role).toEqual(role);
    expect(props(s, s.stacks.hub.sweep.fn).Role).toEqual(role);
    // No second role the members would have to trust: the hub role and the schedule's role only.
    expect(Object.keys(resourcesOf(s.hubJson, 'AWS::IAM::Role')).sort()).toEqual(
      [idIn(s, s.stacks.hub.hubRole), idIn(s, s.stacks.hub.sweepSchedule.role)].sort(),
    );
  });

  it('reserve concurrency per function, from the config', () => {
    expect(props(s, s.stacks.hub.hub.fn).ReservedConcurrentExecutions).toBeUndefined();
    expect(props(s, s.stacks.hub.sweep.fn).ReservedConcurrentExecutions).toBeUndefined();
    expect(props(custom, custom.stacks.hub.hub.fn).ReservedConcurrentExecutions).toBe(12);
    expect(props(custom, custom.stacks.hub.sweep.fn).ReservedConcurrentExecutions).toBe(4);
  });

  it('alarm when the sweep queue is not drained within the sweep interval', () => {
    const ageAlarm = (syn: Synthesized) =>
      props(syn, syn.stacks.hub.alarms.oldestSweepTarget) as {
        MetricName: string;
        Threshold: number;
        Dimensions: { Name: string; Value: unknown }[];
      };
    expect(ageAlarm(s)).toMatchObject({
      MetricName: 'ApproximateAgeOfOldestMessage',
      Threshold: 6 * 3600,
      Dimensions: [
        { Name: 'QueueName', Value: { 'Fn::GetAtt': [idIn(s, s.stacks.hub.sweepQueue.queue), 'QueueName'] } },
      ],
    });
    expect(ageAlarm(custom).Threshold).toBe(2 * 3600);
  });
});

describe('sweepBacklogMaxAge', () => {
  it('is the interval of a rate schedule, capped at a day; a day for a cron schedule', () => {
    const cases: [string, number][] = [
      ['rate(6 hours)', 6 * 3600],
      ['rate(1 hour)', 3600],
      ['rate(45 minutes)', 45 * 60],
      ['rate(1 day)', 86_400],
      ['rate(3 days)', 86_400],
      ['rate(48 hours)', 86_400],
      ['cron(0 */6 * * ? *)', 86_400],
    ];
    for (const [expression, seconds] of cases) {
      expect({ expression, seconds: sweepBacklogMaxAge(expression).toSeconds() }).toEqual({
        expression,
        seconds,
      });
    }
  });
});
