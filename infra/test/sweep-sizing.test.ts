/**
 * The sweep's sizing from the organization (@guardrail/core sweepSizing, unit-tested there): the
 * figures of a small and a large organization in the synthesized hub stack.
 */

import { Duration } from 'aws-cdk-lib';
import { effectiveSweepSizing } from '../src/config/schema';
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
