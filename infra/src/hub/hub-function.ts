import { delimiter } from 'node:path';
import { HUB_ENV, type HubEnvironment } from '@guardrail/core';
import {
  type Duration,
  type aws_iam as iam,
  aws_lambda as lambda,
  aws_logs as logs,
  aws_lambda_nodejs as nodejs,
  RemovalPolicy,
  aws_lambda_event_sources as sources,
  type aws_sqs as sqs,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { acknowledge } from '../nag';
import { HUB_ENTRY, INFRA_BIN, LOCK_FILE, REPO_ROOT } from '../paths';

/** Where the policy file lands inside the bundle (the Lambda code root is /var/task). */
export const BUNDLED_POLICY_FILE = 'guardrail-policies.yaml';

/** The one SQS queue a function reads, with its batch size and its poller's concurrency cap. */
export interface QueueSource {
  queue: sqs.IQueue;
  batchSize: number;
  /** Concurrent invocations the queue's poller may start (AWS allows 2-1000). */
  maxConcurrency: number;
}

export interface HubFunctionProps {
  /** Fixed, so operators (and `aws lambda invoke`) can name it. */
  functionName: string;
  description: string;
  /** The handler module (default: apps/hub/src/lambda.ts). */
  entry?: string;
  role: iam.IRole;
  timeout: Duration;
  source: QueueSource;
  policyFilePath: string;
  /** The hub's variables (contract names); the function adds GUARDRAIL_POLICY_FILE. */
  environment: HubEnvironment;
  logRetention: logs.RetentionDays;
  reservedConcurrency?: number;
}

/**
 * One hub function: apps/hub/src/lambda.ts bundled locally by esbuild (no Docker), arm64, Node 22,
 * with the policy file copied into the bundle. The handler routes by payload (SQS batch, sweep
 * request), so the live-event function and the sweep function are this same construct with their
 * own name, timeout and queue (identical bundling options: one esbuild run, one asset). It reports
 * partial batch failures, so one bad record is retried (then dead-lettered) without replaying the
 * others.
 */
export class HubFunction extends Construct {
  readonly fn: nodejs.NodejsFunction;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: HubFunctionProps) {
    super(scope, id);
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const policyFile = props.policyFilePath;
    this.fn = new nodejs.NodejsFunction(this, 'Function', {
      functionName: props.functionName,
      description: props.description,
      entry: props.entry ?? HUB_ENTRY,
      handler: 'handler',
      projectRoot: REPO_ROOT,
      depsLockFilePath: LOCK_FILE,
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: 512,
      timeout: props.timeout,
      role: props.role,
      logGroup: this.logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      reservedConcurrentExecutions: props.reservedConcurrency,
      environment: {
        ...variables(props.environment),
        [HUB_ENV.policyFile]: `/var/task/${BUNDLED_POLICY_FILE}`,
        // For Node.js itself, not the hub: stack traces in the logs point at the TypeScript sources.
        NODE_OPTIONS: '--enable-source-maps',
      },
      bundling: {
        forceDockerBundling: false,
        minify: true,
        sourceMap: true,
        sourcesContent: false,
        target: 'node22',
        format: nodejs.OutputFormat.CJS,
        // Bundle the SDK v3 clients the hub pins instead of the runtime's copy: one tested version.
        externalModules: [],
        // Prefer the SDK's ES module builds: esbuild tree-shakes them (a smaller, faster-starting bundle).
        mainFields: ['module', 'main'],
        // The workspace root has no esbuild of its own: run the one this package depends on.
        environment: { PATH: [INFRA_BIN, process.env.PATH ?? ''].join(delimiter) },
        commandHooks: {
          beforeBundling: () => [],
          beforeInstall: () => [],
          afterBundling: (_inputDir: string, outputDir: string) => [
            `cp "${policyFile}" "${outputDir}/${BUNDLED_POLICY_FILE}"`,
          ],
        },
      },
    });
    acknowledge(
      this.fn,
      'AwsSolutions-L1',
      'Node.js 22 is the runtime the hub is built and tested for (issue 4); the runtime is moved deliberately, with the tests.',
    );
    this.fn.addEventSource(
      new sources.SqsEventSource(props.source.queue, {
        batchSize: props.source.batchSize,
        reportBatchItemFailures: true,
        maxConcurrency: props.source.maxConcurrency,
      }),
    );
  }
}

/** The variables a HubEnvironment sets (its unset names left out), as Lambda takes them. */
function variables(environment: HubEnvironment): Record<string, string> {
  return Object.fromEntries(
    Object.entries(environment).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
}
