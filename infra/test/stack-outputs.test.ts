/**
 * The hub stack's Outputs are the contract `guardrail ... --stack` reads (@guardrail/core
 * HUB_STACK_OUTPUTS): exactly those keys, each the value of the resource it names.
 */
import { DEFAULT_HUB_STACK_NAME, HUB_STACK_OUTPUTS } from '@guardrail/core';
import type { CfnElement } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { HUB_STACK_OUTPUT_DESCRIPTIONS } from '../src/hub/stack-outputs';
import { type Synthesized, synthesize } from './support/synth';

let s: Synthesized;
let outputs: Record<string, { Value: unknown; Description: string; Export?: unknown }>;
const id = (construct: IConstruct) => s.stacks.hub.getLogicalId(construct.node.defaultChild as CfnElement);
const ref = (construct: IConstruct) => ({ Ref: id(construct) });
const arn = (construct: IConstruct) => ({ 'Fn::GetAtt': [id(construct), 'Arn'] });

beforeAll(() => {
  s = synthesize();
  outputs = s.hubJson.Outputs as typeof outputs;
});

describe('the hub stack outputs', () => {
  it('are exactly the keys of the contract, on the stack synth names GuardrailHub', () => {
    expect(Object.keys(outputs).sort()).toEqual(Object.values(HUB_STACK_OUTPUTS).sort());
    expect(s.stacks.hub.stackName).toBe(DEFAULT_HUB_STACK_NAME);
  });

  it('give every queue and dead-letter queue URL, the topic, the table, the bus and the results bucket', () => {
    const { intake, sweepQueue, sweepSchedule, alerts, stateTable, sweepResults } = s.stacks.hub;
    const value = (key: keyof typeof HUB_STACK_OUTPUTS) => outputs[HUB_STACK_OUTPUTS[key]]?.Value;
    // A queue's Ref is its URL; a topic's Ref its ARN; a table's and a bucket's Ref their names.
    expect(value('hubQueueUrl')).toEqual(ref(intake.queue));
    expect(value('hubDeadLetterQueueUrl')).toEqual(ref(intake.deadLetterQueue));
    expect(value('sweepQueueUrl')).toEqual(ref(sweepQueue.queue));
    expect(value('sweepDeadLetterQueueUrl')).toEqual(ref(sweepQueue.deadLetterQueue));
    expect(value('sweepRequestDeadLetterQueueUrl')).toEqual(ref(sweepSchedule.deadLetterQueue));
    expect(value('alertTopicArn')).toEqual(ref(alerts.topic));
    expect(value('stateTableName')).toEqual(ref(stateTable.table));
    expect(value('eventBusName')).toEqual(ref(intake.bus));
    expect(value('eventBusArn')).toEqual(arn(intake.bus));
    expect(value('sweepResultsBucketName')).toEqual(ref(sweepResults.bucket));
    expect(value('sweepResultsReadPolicyArn')).toEqual(ref(sweepResults.readPolicy));
    expect(value('sweepRegions')).toBe(s.config.targets.regions.join(','));
    expect(value('sweepOrganizationalUnitIds')).toBe(s.config.targets.organizationalUnitIds.join(','));
  });

  it('cover every queue of the stack, each with a description and no cross-stack export', () => {
    const queueRefs = Object.keys(s.hub.findResources('AWS::SQS::Queue')).map((logicalId) => ({
      Ref: logicalId,
    }));
    const outputValues = Object.values(outputs).map((output) => output.Value);
    for (const queue of queueRefs) expect(outputValues).toContainEqual(queue);
    for (const [key, output] of Object.entries(outputs)) {
      expect(output.Description.length).toBeGreaterThan(0);
      // An export would make the stack undeletable while another stack imports it: none is wanted.
      expect(output.Export).toBeUndefined();
      expect(Object.values(HUB_STACK_OUTPUTS)).toContain(key);
    }
    expect(Object.keys(HUB_STACK_OUTPUT_DESCRIPTIONS).sort()).toEqual(Object.keys(HUB_STACK_OUTPUTS).sort());
  });
});
