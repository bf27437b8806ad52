import { Duration, aws_iam as iam, type aws_logs as logs, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { type DeployConfig, effectiveSweepSizing } from '../config/schema';
import { buildHubIntakePattern, memberRuleNames } from '../member/event-pattern';
import { acknowledge } from '../nag';
import { hubFunctionArn, hubRoleArn, orgReadRoleArn, remediationRoleArnPattern } from '../names';
import { ORGANIZATIONS_READ_ACTIONS } from '../org/read-actions';
import { EVENT_HUB_ENTRY, HUB_ENTRY } from '../paths';
import { HubAlarms } from './alarms';
import { AlertTopic } from './alert-topic';
import { EventIntake } from './event-intake';
import { eventEnvironment, sweepEnvironment } from './hub-environment';
import { HubFunction } from './hub-function';
import { MemberStackSet } from './member-stack-set';
import {
  EVENT_BATCH_SIZE,
  EVENT_FUNCTION_TIMEOUT,
  EVENT_MAX_RECEIVE_COUNT,
  HUB_QUEUE_MAX_AGE,
  sweepBacklogMaxAge,
  visibilityTimeoutFor,
} from './sizing';
import { addHubStackOutputs } from './stack-outputs';
import { StateTable } from './state-table';
import { SweepQueue } from './sweep-queue';
import { SweepResultsBucket } from './sweep-results-bucket';
import { SweepSchedule } from './sweep-schedule';

export interface HubStackProps extends StackProps {
  config: DeployConfig;
  /** The synthesized member template and its parameter values, for the StackSet. */
  memberTemplate: { body: string; parameters: Record<string, string> };
  /** The sweep function's handler module (default: apps/hub/src/lambda.ts). */
  hubEntry?: string;
  /** The live-event function's handler module (default: apps/hub/src/event-lambda.ts). */
  eventEntry?: string;
}

/**
 * Everything in the hub account: the central bus, the hub queue and the live-event function
 * (`guardrail-hub`), the sweep (its queue, its function `guardrail-sweep` and its schedule), the
 * state table, the alert topic, the sweep results bucket, the alarms and the StackSet that enrolls
 * the member accounts.
 *
 * Both functions run as the one hub role. The member remediation roles trust exactly one ARN, the
 * hub role's, fixed before anything is deployed: a second role would mean a second trusted ARN in
 * every member account (a StackSet parameter and an update of every instance) for no gain in what
 * a member account exposes, since both functions assume the same remediation role for the same
 * calls. What the role may do in the hub account is the union of the two functions' needs, each
 * scoped to one resource (a queue, the topic, the table) and proven by the IAM simulation tests.
 */
export class HubStack extends Stack {
  readonly hubRole: iam.Role;
  readonly intake: EventIntake;
  readonly alerts: AlertTopic;
  /** Live events: short timeout, so a failed event is retried within minutes. */
  readonly hub: HubFunction;
  /** The scheduled planner and the sweep targets: one account x region per invocation. */
  readonly sweep: HubFunction;
  readonly stateTable: StateTable;
  readonly sweepQueue: SweepQueue;
  readonly sweepResults: SweepResultsBucket;
  readonly sweepSchedule: SweepSchedule;
  readonly alarms: HubAlarms;
  readonly members: MemberStackSet;

  constructor(scope: Construct, id: string, props: HubStackProps) {
    super(scope, id, props);
    const { config } = props;

    // A fixed name: its exact ARN is trusted by every member remediation role before deployment.
    this.hubRole = new iam.Role(this, 'HubRole', {
      roleName: config.names.hubRole,
      description: 'Guardrail hub and sweep functions: assume the member remediation roles, publish alerts.',
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': config.hub.account } },
      }),
    });
    this.hubRole.addToPolicy(
      new iam.PolicyStatement({
        sid: 'AssumeMemberRemediationRoles',
        actions: ['sts:AssumeRole', 'sts:SetSourceIdentity'],
        resources: [remediationRoleArnPattern(config)],
        // Only roles of accounts in this organization, whatever an event claims.
        conditions: { StringEquals: { 'aws:ResourceOrgID': config.organizationId } },
      }),
    );
    acknowledge(
      this.hubRole,
      `AwsSolutions-IAM5[Resource::${remediationRoleArnPattern(config)}]`,
      'The hub assumes the remediation role in every member account, including accounts enrolled later: ' +
        'the account id cannot be listed. The role name is fixed and aws:ResourceOrgID limits it to the organization.',
    );
    const readRoleArn = orgReadRoleArn(config);
    if (readRoleArn) {
      // Organizations answers only the management account or a delegated administrator: the hub
      // reads it through the read role (GUARDRAIL_ORG_READ_ROLE_ARN), with its SourceIdentity.
      this.hubRole.addToPolicy(
        new iam.PolicyStatement({
          sid: 'AssumeOrganizationsReadRole',
          actions: ['sts:AssumeRole', 'sts:SetSourceIdentity'],
          resources: [readRoleArn],
        }),
      );
    } else {
      // No read role: the hub account reads Organizations itself (it is the management account,
      // or a delegated administrator, which may call these read-only APIs).
      this.hubRole.addToPolicy(
        new iam.PolicyStatement({
          sid: 'ReadOrganization',
          actions: ORGANIZATIONS_READ_ACTIONS,
          resources: ['*'],
        }),
      );
      acknowledge(
        this.hubRole,
        'AwsSolutions-IAM5[Resource::*]',
        'Read-only Organizations calls (ACTIVE checks, account names, the sweep listing); ListAccounts and ' +
          'DescribeOrganization support no resource-level permissions, and the accounts and OUs are not known in advance.',
      );
    }

    this.intake = new EventIntake(this, 'Intake', {
      busName: config.names.hubEventBus,
      organizationId: config.organizationId,
      pattern: buildHubIntakePattern(memberRuleNames(config)),
      functionTimeout: EVENT_FUNCTION_TIMEOUT,
      maxReceiveCount: EVENT_MAX_RECEIVE_COUNT,
    });
    // Derived from the organization's size and regions (config/sweep-sizing.ts, docs/deploy.md).
    const sweepSizing = effectiveSweepSizing(config);
    const sweepTimeout = Duration.seconds(sweepSizing.timeoutSeconds);
    this.sweepQueue = new SweepQueue(this, 'SweepQueue', {
      visibilityTimeout: visibilityTimeoutFor(sweepTimeout),
    });
    // Records a function cannot process (a malformed event, an invalid sweep target) are written to
    // the DLQ of the queue they came from, with their reason as message attributes, then
    // acknowledged: these two queues and no other.
    this.hubRole.addToPolicy(
      new iam.PolicyStatement({
        sid: 'SendDeadLetters',
        actions: ['sqs:SendMessage'],
        resources: [this.intake.deadLetterQueue.queueArn, this.sweepQueue.deadLetterQueue.queueArn],
      }),
    );
    // The sweep planner enqueues its targets (SendMessageBatch is authorized as sqs:SendMessage), and
    // both functions the delayed re-check of a group whose rule the circuit breaker paused.
    this.hubRole.addToPolicy(
      new iam.PolicyStatement({
        sid: 'EnqueueSweepTargets',
        actions: ['sqs:SendMessage'],
        resources: [this.sweepQueue.queue.queueArn],
      }),
    );

    this.alerts = new AlertTopic(this, 'Alerts', {
      emails: config.alerts.subscriptions.email,
      httpsEndpoints: config.alerts.subscriptions.https,
    });
    this.alerts.topic.grantPublish(this.hubRole);
    acknowledge(
      this.hubRole,
      'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]',
      'Granted by topic.grantPublish on the alert key only (one key ARN): SNS needs a data key to encrypt a message.',
    );

    this.stateTable = new StateTable(this, 'State');
    this.stateTable.grantItemAccess(this.hubRole);

    this.sweepResults = new SweepResultsBucket(this, 'SweepResults', {
      key: this.alerts.key,
      retentionDays: config.sweepResults.retentionDays,
      accessLogRetentionDays: config.sweepResults.accessLogRetentionDays,
    });
    // Only the sweep function writes results: the manifest when it plans a sweep, a target's result
    // when it finishes a sweep-queue record. The live-event function has no sweep parts (its entry,
    // event-lambda.ts, dead-letters a sweep message found on the hub queue): it may write nothing.
    const sweepFunctionArn = hubFunctionArn(config, config.names.sweepFunction);
    this.sweepResults.grantWrites(this.hubRole, {
      targets: [sweepFunctionArn],
      manifests: [sweepFunctionArn],
    });
    const refs = {
      topicArn: this.alerts.topic.topicArn,
      hubRoleArn: hubRoleArn(config),
      orgReadRoleArn: readRoleArn,
      stateTableName: this.stateTable.table.tableName,
      sweepQueueUrl: this.sweepQueue.queue.queueUrl,
    };
    const shared = {
      role: this.hubRole,
      policyFilePath: config.policyFilePath,
      logRetention: config.logRetentionDays as logs.RetentionDays,
    };
    this.hub = new HubFunction(this, 'Hub', {
      ...shared,
      // Its own bundle, without the sweep's parts: what every live event's cold start loads.
      entry: props.eventEntry ?? EVENT_HUB_ENTRY,
      functionName: config.names.hubFunction,
      description: 'Guardrail hub: reconciles the security groups named by live events.',
      timeout: EVENT_FUNCTION_TIMEOUT,
      source: {
        queue: this.intake.queue,
        batchSize: EVENT_BATCH_SIZE,
        maxConcurrency: config.concurrency.maxLambdaConcurrency,
      },
      reservedConcurrency: config.concurrency.reservedConcurrency,
      environment: eventEnvironment(config, {
        ...refs,
        deadLetterQueueUrl: this.intake.deadLetterQueue.queueUrl,
      }),
    });
    this.sweep = new HubFunction(this, 'Sweep', {
      ...shared,
      entry: props.hubEntry ?? HUB_ENTRY,
      functionName: config.names.sweepFunction,
      description: 'Guardrail sweep: plans scheduled sweeps and reconciles one account x region per target.',
      timeout: sweepTimeout,
      source: {
        queue: this.sweepQueue.queue,
        batchSize: sweepSizing.batchSize,
        maxConcurrency: sweepSizing.maxConcurrency,
      },
      reservedConcurrency: config.sweep.reservedConcurrency,
      environment: sweepEnvironment(config, {
        ...refs,
        deadLetterQueueUrl: this.sweepQueue.deadLetterQueue.queueUrl,
        sweepResultsBucketName: this.sweepResults.bucket.bucketName,
        timeout: sweepTimeout,
        deadlineSeconds: sweepSizing.deadlineSeconds,
      }),
    });
    this.hub.logGroup.grantWrite(this.hubRole);
    this.sweep.logGroup.grantWrite(this.hubRole);

    this.sweepSchedule = new SweepSchedule(this, 'SweepSchedule', {
      fn: this.sweep.fn,
      expression: config.sweep.schedule,
      healthCheckExpression: config.sweep.healthCheckSchedule,
      enabled: config.sweep.enabled,
    });

    this.alarms = new HubAlarms(this, 'Alarms', {
      queue: this.intake.queue,
      deadLetterQueue: this.intake.deadLetterQueue,
      fn: this.hub.fn,
      maxMessageAge: HUB_QUEUE_MAX_AGE,
      sweepQueue: this.sweepQueue.queue,
      sweepDeadLetterQueue: this.sweepQueue.deadLetterQueue,
      sweepRequestDeadLetterQueue: this.sweepSchedule.deadLetterQueue,
      sweepFn: this.sweep.fn,
      sweepMaxMessageAge: sweepBacklogMaxAge(config.sweep.schedule),
      topic: this.alerts.topic,
    });

    this.members = new MemberStackSet(this, 'Members', {
      stackSetName: config.names.stackSet,
      templateBody: props.memberTemplate.body,
      parameters: props.memberTemplate.parameters,
      organizationalUnitIds: config.targets.organizationalUnitIds,
      regions: config.targets.regions,
      callAs: config.hub.callAs,
      maxConcurrentPercentage: config.concurrency.stackSetMaxConcurrentPercentage,
      failureTolerancePercentage: config.concurrency.stackSetFailureTolerancePercentage,
    });
    // The member remediation roles trust the hub role's ARN: IAM rejects a trust in a role that
    // does not exist yet, and the bus must accept events from the first forwarded call.
    this.members.node.addDependency(this.hubRole, this.intake.bus);

    // What the deployment made, under the contract's keys: `guardrail ... --stack <name>` reads them.
    addHubStackOutputs(this, {
      hubQueueUrl: this.intake.queue.queueUrl,
      hubDeadLetterQueueUrl: this.intake.deadLetterQueue.queueUrl,
      sweepQueueUrl: this.sweepQueue.queue.queueUrl,
      sweepDeadLetterQueueUrl: this.sweepQueue.deadLetterQueue.queueUrl,
      sweepRequestDeadLetterQueueUrl: this.sweepSchedule.deadLetterQueue.queueUrl,
      alertTopicArn: this.alerts.topic.topicArn,
      stateTableName: this.stateTable.table.tableName,
      eventBusName: this.intake.bus.eventBusName,
      eventBusArn: this.intake.bus.eventBusArn,
      sweepResultsBucketName: this.sweepResults.bucket.bucketName,
      sweepResultsReadPolicyArn: this.sweepResults.readPolicy.managedPolicyArn,
      sweepRegions: config.targets.regions.join(','),
      sweepOrganizationalUnitIds: config.targets.organizationalUnitIds.join(','),
    });
  }
}
