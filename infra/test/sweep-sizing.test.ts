/**
 * The sweep's sizing from the organization (config/sweep-sizing.ts): the formula's figures for a
 * small and a large organization, and the same figures in the synthesized hub stack.
 */

import { Duration } from 'aws-cdk-lib';
import { effectiveSweepSizing } from '../src/config/schema';
import { SWEEP_GOAL_SECONDS, sweepSizing } from '../src/config/sweep-sizing';
import { claimTtlFor } from '../src/hub/sizing';
import { exampleConfig, resourcesOf, type Synthesized, synthesize } from './support/synth';

/** Seventeen commercial regions, as a large organization enables. */
const SEVENTEEN = [
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'ca-central-1',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'eu-central-1',
  'eu-north-1',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ap-south-1',
  'sa-east-1',
];

describe('sweepSizing', () => {
  it('sizes a 1,000-account x 17-region organization to sweep within the two-minute goal', () => {
    const sizing = sweepSizing({ accounts: 1000, regions: 17 });
    expect(sizing).toEqual({
      // An account's 17 regions take 4 of the hub's 16 slots at a time: four accounts per invocation.
      batchSize: 4,
      maxConcurrency: 13,
      // Five waves of regions, 60 s each at worst.
      timeoutSeconds: 300,
      expectedSeconds: 80,
      deadlineSeconds: 900,
    });
    expect(sizing.expectedSeconds).toBeLessThanOrEqual(SWEEP_GOAL_SECONDS);
  });

  it('keeps a small organization small: few invocations, the shortest timeout', () => {
    expect(sweepSizing({ accounts: 10, regions: 1 })).toEqual({
      batchSize: 10,
      maxConcurrency: 2,
      timeoutSeconds: 120,
      expectedSeconds: 1,
      deadlineSeconds: 900,
    });
  });

  it('stays within the goal as the organization grows, by concurrency, never by a longer timeout', () => {
    for (const accounts of [1, 50, 500, 2000, 5000, 10_000])
      for (const regions of [1, 4, 17, 30]) {
        const sizing = sweepSizing({ accounts, regions });
        expect({ accounts, regions, within: sizing.expectedSeconds <= SWEEP_GOAL_SECONDS }).toEqual({
          accounts,
          regions,
          within: true,
        });
        expect(sizing.batchSize).toBeGreaterThanOrEqual(1);
        expect(sizing.batchSize).toBeLessThanOrEqual(10);
        expect(sizing.timeoutSeconds).toBeLessThanOrEqual(900);
        expect(sizing.deadlineSeconds).toBeGreaterThan(sizing.expectedSeconds);
      }
  });
});

describe('the hub stack sized from the organization', () => {
  let small: Synthesized;
  let large: Synthesized;
  beforeAll(() => {
    small = synthesize(
      exampleConfig({
        organization: { accounts: 10 },
        targets: { regions: ['eu-west-1'], organizationalUnitIds: ['ou-abcd-11111111'] },
      }),
    );
    large = synthesize(
      exampleConfig({
        organization: { accounts: 1000 },
        targets: { regions: SEVENTEEN, organizationalUnitIds: ['ou-abcd-11111111'] },
      }),
    );
  });

  it.each([
    ['small', () => small, { batchSize: 10, maxConcurrency: 2, timeoutSeconds: 120 }],
    ['large', () => large, { batchSize: 4, maxConcurrency: 13, timeoutSeconds: 300 }],
  ])(
    'gives the %s organization its batch size, concurrency, timeout, visibility timeout and deadline',
    (_name, syn, want) => {
      const s = syn();
      const sizing = effectiveSweepSizing(s.config);
      expect(sizing).toMatchObject(want);
      const fnId = s.stacks.hub.getLogicalId(s.stacks.hub.sweep.fn.node.defaultChild as never);
      const queueId = s.stacks.hub.getLogicalId(s.stacks.hub.sweepQueue.queue.node.defaultChild as never);
      const mapping = Object.values(resourcesOf(s.hubJson, 'AWS::Lambda::EventSourceMapping')).find(
        (m) => JSON.stringify(m.Properties.FunctionName) === JSON.stringify({ Ref: fnId }),
      );
      expect(mapping?.Properties).toMatchObject({
        BatchSize: want.batchSize,
        ScalingConfig: { MaximumConcurrency: want.maxConcurrency },
      });
      const resources = s.hubJson.Resources as Record<string, { Properties: Record<string, unknown> }>;
      const fn = resources[fnId]!.Properties as {
        Timeout: number;
        Environment: { Variables: Record<string, string> };
      };
      expect(fn.Timeout).toBe(want.timeoutSeconds);
      expect(fn.Environment.Variables).toMatchObject({
        GUARDRAIL_SWEEP_DEADLINE_SECONDS: String(sizing.deadlineSeconds),
        GUARDRAIL_CLAIM_TTL_SECONDS: String(claimTtlFor(Duration.seconds(want.timeoutSeconds)).toSeconds()),
      });
      expect(resources[queueId]!.Properties.VisibilityTimeout).toBe(want.timeoutSeconds * 6);
    },
  );

  it('lets sweep.maxConcurrency stand in for the derived concurrency', () => {
    expect(
      effectiveSweepSizing(exampleConfig({ organization: { accounts: 1000 }, sweep: { maxConcurrency: 40 } }))
        .maxConcurrency,
    ).toBe(40);
  });
});
