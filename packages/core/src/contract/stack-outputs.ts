/**
 * The Outputs of the hub stack: infra declares exactly these on the stack, and `guardrail ...
 * --stack <name>` reads them back with CloudFormation DescribeStacks, so that no one looks up a
 * generated queue name in the console. An output key is a stack's public interface: renaming one
 * breaks every script that reads it (add a key, never rename one).
 */

/** The hub stack's name as `pnpm synth` creates it (the `--stack` a deployment is usually read with). */
export const DEFAULT_HUB_STACK_NAME = 'GuardrailHub';

export const HUB_STACK_OUTPUTS = {
  /** The hub queue (live events from the central bus), read by the live-event function. */
  hubQueueUrl: 'HubQueueUrl',
  /** The hub queue's dead-letter queue (`guardrail dlq list --stack ... --which hub`). */
  hubDeadLetterQueueUrl: 'HubDeadLetterQueueUrl',
  /** The sweep queue: one target per account x region, and the breaker's delayed re-checks. */
  sweepQueueUrl: 'SweepQueueUrl',
  /** The sweep queue's dead-letter queue. */
  sweepDeadLetterQueueUrl: 'SweepDeadLetterQueueUrl',
  /** Sweep requests that were never planned (the scheduler's and the planner's failures). */
  sweepRequestDeadLetterQueueUrl: 'SweepRequestDeadLetterQueueUrl',
  /** The alert topic (subscribe to it for the alerts). */
  alertTopicArn: 'AlertTopicArn',
  /** The state table (event dedupe, claims, the circuit breaker). */
  stateTableName: 'StateTableName',
  /** The central event bus the member accounts forward to. */
  eventBusName: 'EventBusName',
  eventBusArn: 'EventBusArn',
  /** The sweep results bucket (`guardrail report --from-sweep s3://<bucket>/sweeps/<id>`). */
  sweepResultsBucketName: 'SweepResultsBucketName',
  /** The managed policy that reads the sweep results (attach it to who runs the report). */
  sweepResultsReadPolicyArn: 'SweepResultsReadPolicyArn',
  /** The sweep's target regions, comma-separated (GUARDRAIL_SWEEP_REGIONS of the sweep function). */
  sweepRegions: 'SweepRegions',
  /** The sweep's OU and root ids, comma-separated (GUARDRAIL_SWEEP_OU_IDS of the sweep function). */
  sweepOrganizationalUnitIds: 'SweepOrganizationalUnitIds',
} as const;

/** What a hub stack output is, by its role (`hubQueueUrl`...). */
export type HubStackOutput = keyof typeof HUB_STACK_OUTPUTS;

/** An output key as it appears in the template and in DescribeStacks (`HubQueueUrl`...). */
export type HubStackOutputKey = (typeof HUB_STACK_OUTPUTS)[HubStackOutput];
