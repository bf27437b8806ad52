import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { HUB_ENV, type HubEnvironment } from '@guardrail/core';
import {
  AssetHashType,
  DockerImage,
  type Duration,
  type ILocalBundling,
  type aws_iam as iam,
  aws_lambda as lambda,
  aws_logs as logs,
  RemovalPolicy,
  aws_lambda_event_sources as sources,
  type aws_sqs as sqs,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { acknowledge } from '../nag';
import { HUB_ENTRY, REPO_ROOT } from '../paths';
import { COMPILED_POLICY_ASSET_FILE, compilePolicyAsset, LAMBDA_TASK_ROOT } from '../policy-asset';
import { HUB_HANDLER } from './hub-bundle';

/** The compiled policies' path in the function (GUARDRAIL_COMPILED_POLICY_FILE). */
export const COMPILED_POLICY_PATH = `${LAMBDA_TASK_ROOT}/${COMPILED_POLICY_ASSET_FILE}`;

/** The child process that runs esbuild with the hub's options (bundle-hub-main.ts). */
const BUNDLE_MAIN = resolve(__dirname, 'bundle-hub-main.ts');

/**
 * Bundles the hub into a Lambda asset on this machine (no Docker): esbuild with hub-bundle.ts's
 * options, in a child process (its plugins need esbuild's asynchronous API, CDK bundles
 * synchronously), then the compiled policies beside it. Its fields are the asset's cache key: two
 * functions with the same entry and policies share one bundle and one asset.
 */
class HubBundler implements ILocalBundling {
  constructor(
    readonly entry: string,
    readonly policiesSha256: string,
    private readonly policies: string,
  ) {}

  tryBundle(outputDir: string): boolean {
    const run = spawnSync(
      process.execPath,
      ['--import', 'tsx', BUNDLE_MAIN, JSON.stringify({ entry: this.entry, outdir: outputDir })],
      // tsx (the workspace root's, as for `pnpm synth`) runs the TypeScript bundler; esbuild is infra's.
      { cwd: REPO_ROOT, stdio: ['ignore', 'inherit', 'inherit'] },
    );
    if (run.status !== 0) {
      throw new Error(
        `bundling the hub (${this.entry}) failed: ${run.error?.message ?? `exit ${run.status ?? run.signal}`}`,
      );
    }
    writeFileSync(join(outputDir, COMPILED_POLICY_ASSET_FILE), this.policies);
    return true;
  }
}

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
  /** The policy file (YAML): compiled at synth into the asset, never read by the function itself. */
  policyFilePath: string;
  /** The hub's variables (contract names); the function adds GUARDRAIL_COMPILED_POLICY_FILE. */
  environment: HubEnvironment;
  logRetention: logs.RetentionDays;
  reservedConcurrency?: number;
}

/**
 * One hub function: its entry bundled locally by esbuild (no Docker; hub-bundle.ts), arm64,
 * Node 22, with the policies compiled at synth beside the bundle. The live-event function and the
 * sweep function are this same construct with their own name, timeout, queue and entry: the
 * sweep function's (apps/hub/src/lambda.ts) routes by payload (SQS batch, sweep request); the
 * live-event function's (apps/hub/src/event-lambda.ts) is the hub without the sweep's parts, a
 * smaller bundle for the cold starts every live event meets. It reports partial batch failures,
 * so one bad record is retried (then dead-lettered) without replaying the others.
 */
export class HubFunction extends Construct {
  readonly fn: lambda.Function;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: HubFunctionProps) {
    super(scope, id);
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const policies = compilePolicyAsset(props.policyFilePath);
    const code = lambda.Code.fromAsset(REPO_ROOT, {
      // The hash of what is deployed (the bundle and the policies), not of the whole repository.
      assetHashType: AssetHashType.OUTPUT,
      bundling: {
        // Never used: local bundling always succeeds or throws.
        image: DockerImage.fromRegistry('public.ecr.aws/docker/library/node:22'),
        local: new HubBundler(props.entry ?? HUB_ENTRY, policies.sha256, policies.text),
      },
    });
    this.fn = new lambda.Function(this, 'Function', {
      functionName: props.functionName,
      description: props.description,
      code,
      handler: HUB_HANDLER,
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: 512,
      timeout: props.timeout,
      role: props.role,
      logGroup: this.logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      reservedConcurrentExecutions: props.reservedConcurrency,
      // No NODE_OPTIONS=--enable-source-maps: the map is in the asset, not loaded at every cold start.
      environment: {
        ...variables(props.environment),
        [HUB_ENV.compiledPolicyFile]: COMPILED_POLICY_PATH,
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
