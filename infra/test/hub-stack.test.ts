import { loadCompiledPolicies, loadPolicies } from '@guardrail/core';
import type { CfnElement } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { effectiveSweepSizing } from '../src/config/schema';
import { COMPILED_POLICY_PATH } from '../src/hub/hub-function';
import { HUB_QUEUE_VISIBILITY_TIMEOUT } from '../src/hub/sizing';
import { onlyResource, type Synthesized, synthesize } from './support/synth';

let s: Synthesized;
const ref = (construct: IConstruct) => ({
  Ref: s.stacks.hub.getLogicalId(construct.node.defaultChild as CfnElement),
});
beforeAll(() => {
  s = synthesize();
});

describe('HubStack', () => {
  it('lets only principals of the organization put events on the central bus', () => {
    s.hub.hasResourceProperties('AWS::Events::EventBus', {
      Name: s.config.names.hubEventBus,
      Policy: {
        Statement: [
          Match.objectLike({
            Effect: 'Allow',
            Principal: '*',
            Action: 'events:PutEvents',
            Condition: { StringEquals: { 'aws:PrincipalOrgID': s.config.organizationId } },
          }),
        ],
      },
    });
    s.hub.resourceCountIs('AWS::Events::EventBusPolicy', 0);
  });

  it('routes the bus rule to an encrypted queue with a dead-letter queue', () => {
    const rule = onlyResource(s.hubJson, 'AWS::Events::Rule').Properties as {
      EventBusName: unknown;
      Targets: { Arn: unknown; DeadLetterConfig?: unknown }[];
    };
    expect(rule.EventBusName).toEqual(ref(s.stacks.hub.intake.bus));
    expect(rule.Targets).toHaveLength(1);
    expect(rule.Targets[0]!.DeadLetterConfig).toBeDefined();
    const { intake, sweepQueue, sweepSchedule } = s.stacks.hub;
    expect(rule.Targets[0]!.Arn).toEqual({ 'Fn::GetAtt': [ref(intake.queue).Ref, 'Arn'] });
    expect(rule.Targets[0]!.DeadLetterConfig).toEqual({
      Arn: { 'Fn::GetAtt': [ref(intake.deadLetterQueue).Ref, 'Arn'] },
    });
    // Hub queue and DLQ, sweep queue and DLQ, sweep request DLQ: all encrypted.
    s.hub.resourceCountIs('AWS::SQS::Queue', 5);
    s.hub.allResourcesProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true });
    const queue = (s.hubJson.Resources as Record<string, { Properties: Record<string, unknown> }>)[
      ref(intake.queue).Ref
    ]!;
    expect(queue.Properties).toMatchObject({
      RedrivePolicy: {
        deadLetterTargetArn: { 'Fn::GetAtt': [ref(intake.deadLetterQueue).Ref, 'Arn'] },
        maxReceiveCount: 5,
      },
      VisibilityTimeout: HUB_QUEUE_VISIBILITY_TIMEOUT.toSeconds(),
    });
    // Every queue refuses unencrypted transport.
    const policies = Object.values(s.hub.findResources('AWS::SQS::QueuePolicy')) as {
      Properties: {
        Queues: unknown[];
        PolicyDocument: { Statement: { Effect: string; Condition?: unknown }[] };
      };
    }[];
    const tlsOnly = policies
      .filter((policy) =>
        policy.Properties.PolicyDocument.Statement.some(
          (statement) =>
            statement.Effect === 'Deny' &&
            JSON.stringify(statement.Condition) ===
              JSON.stringify({ Bool: { 'aws:SecureTransport': 'false' } }),
        ),
      )
      .flatMap((policy) => policy.Properties.Queues);
    const everyQueue = [
      intake.queue,
      intake.deadLetterQueue,
      sweepQueue.queue,
      sweepQueue.deadLetterQueue,
      sweepSchedule.deadLetterQueue,
    ];
    expect(tlsOnly).toEqual(expect.arrayContaining(everyQueue.map(ref)));
    expect(tlsOnly).toHaveLength(everyQueue.length);
  });

  it('runs both functions on Node 22, arm64, with their own log group and the contract environment', () => {
    const resources = s.hubJson.Resources as Record<string, { Properties: Record<string, unknown> }>;
    const common = {
      GUARDRAIL_ROLE_NAME: 'guardrail-remediation',
      GUARDRAIL_SOURCE_IDENTITY: 'guardrail',
      GUARDRAIL_TAG_POLICY: 'guardrail:policy',
      GUARDRAIL_TAG_MODE: 'guardrail:mode',
      GUARDRAIL_TOPIC_ARN: ref(s.stacks.hub.alerts.topic),
      GUARDRAIL_HUB_ROLE_ARN: 'arn:aws:iam::111111111111:role/guardrail-hub',
      GUARDRAIL_FORWARDING_RULE_NAME: 'guardrail-forward-sg-events',
      GUARDRAIL_WATCHDOG_RULE_NAME: 'guardrail-watch-forwarding',
      GUARDRAIL_ROLE_WATCH_RULE_NAME: 'guardrail-watch-roles',
      GUARDRAIL_FORWARDER_ROLE_PREFIX: 'guardrail-forwarder-',
      GUARDRAIL_FORWARDING_DLQ_NAME: 'guardrail-forwarding-dlq',
      GUARDRAIL_HUB_EVENT_BUS_ARN: 'arn:aws:events:eu-west-1:111111111111:event-bus/guardrail-hub',
      GUARDRAIL_MAX_CONCURRENCY: '16',
      GUARDRAIL_BREAKER_MAX_REMEDIATIONS: '5',
      GUARDRAIL_BREAKER_WINDOW_MINUTES: '10',
      GUARDRAIL_STATE_TABLE: ref(s.stacks.hub.stateTable.table),
      // Both functions queue a paused rule's re-check on the sweep queue.
      GUARDRAIL_RECHECK_QUEUE_URL: ref(s.stacks.hub.sweepQueue.queue),
      POWERTOOLS_SERVICE_NAME: 'guardrail-hub',
    };
    const { hub, sweep, intake, sweepQueue } = s.stacks.hub;
    const expected = [
      // Live events: unprocessable records to the hub DLQ; nothing of the sweep planner.
      [
        hub,
        {
          ...common,
          GUARDRAIL_DEAD_LETTER_QUEUE_URL: ref(intake.deadLetterQueue),
          // A crashed holder's claim frees up before the queue retries (180 s visibility).
          GUARDRAIL_CLAIM_TTL_SECONDS: '90',
        },
      ],
      // The sweep: its own DLQ, and the planner's queue, regions and OUs.
      [
        sweep,
        {
          ...common,
          GUARDRAIL_DEAD_LETTER_QUEUE_URL: ref(sweepQueue.deadLetterQueue),
          GUARDRAIL_CLAIM_TTL_SECONDS: '360',
          GUARDRAIL_SWEEP_DEADLINE_SECONDS: String(effectiveSweepSizing(s.config).deadlineSeconds),
          GUARDRAIL_QUEUE_URL: ref(sweepQueue.queue),
          GUARDRAIL_SWEEP_REGIONS: s.config.targets.regions.join(','),
          GUARDRAIL_SWEEP_OU_IDS: s.config.targets.organizationalUnitIds.join(','),
          // Only the sweep writes results (its manifest, and each target's).
          GUARDRAIL_SWEEP_RESULTS_BUCKET: ref(s.stacks.hub.sweepResults.bucket),
        },
      ],
    ] as const;
    for (const [fn, variables] of expected) {
      const properties = resources[ref(fn.fn).Ref]!.Properties;
      expect(properties).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        LoggingConfig: { LogGroup: ref(fn.logGroup) },
      });
      const env = (properties.Environment as { Variables: Record<string, unknown> }).Variables;
      // The compiled policies, no YAML variable, and no NODE_OPTIONS: source maps are not loaded at start.
      expect(env).toEqual({ ...variables, GUARDRAIL_COMPILED_POLICY_FILE: COMPILED_POLICY_PATH });
      expect(resources[ref(fn.logGroup).Ref]!.Properties).toEqual({
        RetentionInDays: s.config.logRetentionDays,
      });
    }
    expect(ref(hub.logGroup)).not.toEqual(ref(sweep.logGroup));
    s.hub.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: ref(hub.fn),
      EventSourceArn: { 'Fn::GetAtt': [ref(intake.queue).Ref, 'Arn'] },
      BatchSize: 10,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ScalingConfig: { MaximumConcurrency: s.config.concurrency.maxLambdaConcurrency },
    });
  });

  it('gives the hub role a fixed name, assumable by Lambda only', () => {
    s.hub.hasResourceProperties('AWS::IAM::Role', {
      RoleName: 'guardrail-hub',
      AssumeRolePolicyDocument: {
        Statement: [
          Match.objectLike({ Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }),
        ],
      },
    });
  });

  it('encrypts the alert topic with a rotated key that CloudWatch alarms may use, and subscribes the config', () => {
    s.hub.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
            // Only this account's alarms: no confused deputy.
            Condition: { StringEquals: { 'aws:SourceAccount': '111111111111' } },
          }),
        ]),
      },
    });
    s.hub.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    s.hub.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'security-alerts@example.com',
    });
  });

  it('alarms on every DLQ depth, both functions errors and both queues oldest message, to the alert topic', () => {
    const alarms = Object.values(s.hub.findResources('AWS::CloudWatch::Alarm')) as {
      Properties: {
        MetricName: string;
        AlarmActions: unknown[];
        Threshold: number;
        Dimensions?: { Name: string; Value: unknown }[];
      };
    }[];
    expect(alarms.map((alarm) => alarm.Properties.MetricName).sort()).toEqual([
      'ApproximateAgeOfOldestMessage',
      'ApproximateAgeOfOldestMessage',
      'ApproximateNumberOfMessagesVisible',
      'ApproximateNumberOfMessagesVisible',
      'ApproximateNumberOfMessagesVisible',
      'Errors',
      'Errors',
    ]);
    for (const alarm of alarms)
      expect(alarm.Properties.AlarmActions).toEqual([ref(s.stacks.hub.alerts.topic)]);
    const dimension = (metric: string, name: string) =>
      alarms
        .filter((alarm) => alarm.Properties.MetricName === metric)
        .map((alarm) => alarm.Properties.Dimensions?.find((d) => d.Name === name)?.Value);
    for (const alarm of alarms.filter(
      (a) => a.Properties.MetricName === 'ApproximateNumberOfMessagesVisible',
    ))
      expect(alarm.Properties.Threshold).toBe(0);
    const { intake, sweepQueue, sweepSchedule, hub, sweep } = s.stacks.hub;
    const queueName = (queue: IConstruct) => ({ 'Fn::GetAtt': [ref(queue).Ref, 'QueueName'] });
    expect(dimension('ApproximateNumberOfMessagesVisible', 'QueueName')).toEqual(
      expect.arrayContaining([
        queueName(intake.deadLetterQueue),
        queueName(sweepQueue.deadLetterQueue),
        queueName(sweepSchedule.deadLetterQueue),
      ]),
    );
    expect(dimension('ApproximateAgeOfOldestMessage', 'QueueName')).toEqual(
      expect.arrayContaining([queueName(intake.queue), queueName(sweepQueue.queue)]),
    );
    expect(dimension('Errors', 'FunctionName')).toEqual(expect.arrayContaining([ref(hub.fn), ref(sweep.fn)]));
  });

  it('deploys the member template with a service-managed StackSet that follows the organization', () => {
    s.hub.hasResourceProperties('AWS::CloudFormation::StackSet', {
      PermissionModel: 'SERVICE_MANAGED',
      CallAs: 'DELEGATED_ADMIN',
      AutoDeployment: { Enabled: true, RetainStacksOnAccountRemoval: false },
      ManagedExecution: { Active: true },
      Capabilities: ['CAPABILITY_NAMED_IAM'],
      OperationPreferences: {
        RegionConcurrencyType: 'PARALLEL',
        MaxConcurrentPercentage: 25,
        FailureTolerancePercentage: 10,
      },
      StackInstancesGroup: [
        {
          DeploymentTargets: { OrganizationalUnitIds: s.config.targets.organizationalUnitIds },
          Regions: s.config.targets.regions,
        },
      ],
      Parameters: Match.arrayWith([
        { ParameterKey: 'HubRoleArn', ParameterValue: 'arn:aws:iam::111111111111:role/guardrail-hub' },
        { ParameterKey: 'GlobalResourcesRegion', ParameterValue: 'eu-west-1' },
      ]),
    });
    const stackSet = s.hub.findResources('AWS::CloudFormation::StackSet');
    expect((Object.values(stackSet)[0] as { DependsOn: string[] }).DependsOn.length).toBeGreaterThan(0);
  });

  it('bundles the compiled policies and the source map into the Lambda asset', () => {
    const { readdirSync } = require('node:fs') as typeof import('node:fs');
    const outdir = s.app.outdir;
    const { readFileSync, statSync } = require('node:fs') as typeof import('node:fs');
    const resources = s.hubJson.Resources as Record<string, { Properties: { Code?: { S3Key?: unknown } } }>;
    // Each function its own entry, so its own bundle and asset: the live one's is the smaller.
    const assetOf = (fn: IConstruct) => {
      const key = JSON.stringify(resources[ref(fn).Ref]!.Properties.Code?.S3Key);
      const hash = /"([0-9a-f]{64})\.zip"/.exec(key)?.[1];
      return `${outdir}/asset.${hash}`;
    };
    const live = assetOf(s.stacks.hub.hub.fn);
    const sweep = assetOf(s.stacks.hub.sweep.fn);
    expect(live).not.toBe(sweep);
    expect(statSync(`${live}/index.js`).size).toBeLessThan(statSync(`${sweep}/index.js`).size);
    for (const asset of [live, sweep]) {
      expect(readdirSync(asset).sort()).toEqual(['guardrail-policies.json', 'index.js', 'index.js.map']);
      // The policies as synth validated them (shipped ones merged in), checksum checked on read.
      const compiled = loadCompiledPolicies(`${asset}/guardrail-policies.json`);
      expect(compiled).toEqual(loadPolicies({ file: s.config.policyFilePath }));
      // The map is beside the bundle for debugging, linked but not loaded (no --enable-source-maps).
      expect(readFileSync(`${asset}/index.js`, 'utf8')).toMatch(/\/\/# sourceMappingURL=index\.js\.map\s*$/);
    }
  });
});
