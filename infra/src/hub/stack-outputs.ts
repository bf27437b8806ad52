import { HUB_STACK_OUTPUTS, type HubStackOutput, SWEEP_RESULTS_PREFIX } from '@guardrail/core';
import { CfnOutput, type Stack } from 'aws-cdk-lib';

/** What the hub stack made, one value per output of the contract (@guardrail/core HUB_STACK_OUTPUTS). */
export type HubStackOutputValues = Record<HubStackOutput, string>;

/**
 * What each output says in the console and in `cdk deploy`'s output. A record over the contract's
 * outputs: an output added to the contract and not here fails the type check.
 */
export const HUB_STACK_OUTPUT_DESCRIPTIONS: Record<HubStackOutput, string> = {
  hubQueueUrl: 'Hub queue (live events): guardrail hub run --stack <this stack>',
  hubDeadLetterQueueUrl: 'Hub dead-letter queue: guardrail dlq list --stack <this stack> --which hub',
  sweepQueueUrl: 'Sweep queue (one target per account x region): guardrail sweep --stack <this stack>',
  sweepDeadLetterQueueUrl: 'Sweep dead-letter queue: guardrail dlq list --stack <this stack> --which sweep',
  sweepRequestDeadLetterQueueUrl:
    'Sweep requests never planned (scheduler and planner failures): guardrail dlq list --stack <this stack> --which sweep-request',
  alertTopicArn: 'Alert topic: subscribe to it for the alerts',
  stateTableName: 'State table (event dedupe, claims, the circuit breaker)',
  eventBusName: 'Central event bus the member accounts forward to',
  eventBusArn: 'Central event bus ARN (the member StackSet parameter HubEventBusArn)',
  sweepResultsBucketName: `Sweep results: guardrail report --from-sweep s3://<this bucket>/${SWEEP_RESULTS_PREFIX}<sweepId>`,
  sweepResultsReadPolicyArn:
    'Read-only access to the sweep results: attach to the roles of the people who run guardrail report.',
  sweepRegions: 'Regions the sweep covers (the StackSet target regions), comma-separated',
  sweepOrganizationalUnitIds: 'OUs and roots whose accounts the sweep covers, comma-separated',
};

/** Declares every output of the contract on the stack, under its contract key. */
export function addHubStackOutputs(stack: Stack, values: HubStackOutputValues): void {
  for (const output of Object.keys(HUB_STACK_OUTPUTS) as HubStackOutput[]) {
    new CfnOutput(stack, HUB_STACK_OUTPUTS[output], {
      value: values[output],
      description: HUB_STACK_OUTPUT_DESCRIPTIONS[output],
    });
  }
}
