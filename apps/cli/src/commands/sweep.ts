/**
 * `guardrail sweep --queue-url <url> [--regions r1,r2] [--ou-ids ou-...,r-...]`, or `guardrail sweep
 * --stack GuardrailHub` (the sweep queue, regions, OUs and region from the stack's Outputs, the same
 * sweep the schedule starts; options still win): plans a sweep from
 * a workstation, exactly as the Lambda's scheduled sweep does (the engine's composeSweepPlanner):
 * lists the organization's enrolled accounts and puts one message per account (naming its regions) on the
 * sweep queue, whose consumers (the sweep function, or `guardrail hub run`) then reconcile every
 * opted-in group. Prints how many accounts, regions and targets.
 *
 * Configuration: the Lambda's sweep variables (GUARDRAIL_QUEUE_URL, GUARDRAIL_SWEEP_REGIONS,
 * GUARDRAIL_SWEEP_OU_IDS, GUARDRAIL_ORG_READ_ROLE_ARN, GUARDRAIL_SOURCE_IDENTITY, AWS_REGION), the
 * first three and the region overridable by an option.
 */
import { GuardrailError, HUB_ENV } from '@guardrail/core';
import {
  type AwsOverrides,
  composeSweepPlanner,
  loadSweepConfig,
  type SweepPlan,
  type SweepPlannerConfig,
} from '@guardrail/engine';
import type { Command } from 'commander';
import {
  type HubStackOutputs,
  readHubStackOutputs,
  regionFor,
  STACK_OPTION_HELP,
} from '../aws/stack-outputs';
import { asInputError } from '../hub/settings';
import { stderrLogger } from '../hub/stderr-logger';
import { CliCommandFailed, CliInputError, type CliIo } from '../io';

export interface SweepCommandOptions {
  queueUrl?: string;
  /** The hub stack whose Outputs give the sweep queue, regions and OUs (CloudFormation). */
  stack?: string;
  regions?: string;
  ouIds?: string;
  region?: string;
  verbose?: boolean;
}

export interface SweepDeps {
  io: CliIo;
  env: Record<string, string | undefined>;
  /** Extra client plugins and credentials (the sandbox's, in tests). */
  aws?: AwsOverrides;
  now?: () => Date;
}

function sweepConfig(
  options: SweepCommandOptions & { queueUrl: string },
  env: SweepDeps['env'],
): SweepPlannerConfig {
  try {
    return loadSweepConfig(env, {
      [HUB_ENV.queueUrl]: { flag: '--queue-url', value: options.queueUrl },
      [HUB_ENV.sweepRegions]: { flag: '--regions', value: options.regions },
      [HUB_ENV.sweepOuIds]: { flag: '--ou-ids', value: options.ouIds },
      [HUB_ENV.region]: { flag: '--region', value: options.region },
    });
  } catch (error) {
    throw asInputError(error);
  }
}

export function describePlan(plan: SweepPlan, queueUrl: string): string {
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  return (
    `sweep ${plan.sweepId}: ${plural(plan.accounts, 'account')} x ${plural(plan.regions.length, 'region')} ` +
    `(${plan.regions.join(', ')}) = ${plural(plan.targets, 'target')}, ${plan.enqueued} enqueued on ${queueUrl}\n`
  );
}

/** The sweep queue and the environment: the options' and the command's own, or the stack's under the options. */
async function withStack(
  options: SweepCommandOptions,
  deps: SweepDeps,
): Promise<{ queueUrl: string; env: SweepDeps['env'] }> {
  if (options.stack === undefined) {
    if (options.queueUrl === undefined) throw new CliInputError('--queue-url or --stack: one is needed');
    return { queueUrl: options.queueUrl, env: deps.env };
  }
  const outputs = await readHubStackOutputs(
    {
      stack: options.stack,
      ...regionFor(options.region, deps.env),
      ...(deps.aws ? { aws: deps.aws } : {}),
    },
    deps.io,
  );
  return {
    queueUrl: options.queueUrl ?? outputs.get('sweepQueueUrl'),
    env: sweepEnvironmentFromStack(outputs, deps.env),
  };
}

/** The environment over `env` that plans the sweep the stack's schedule plans: its regions, OUs and region. */
export function sweepEnvironmentFromStack(outputs: HubStackOutputs, env: SweepDeps['env']): SweepDeps['env'] {
  return {
    ...env,
    [HUB_ENV.sweepRegions]: outputs.get('sweepRegions'),
    [HUB_ENV.sweepOuIds]: outputs.get('sweepOrganizationalUnitIds'),
    [HUB_ENV.region]: outputs.region,
  };
}

/**
 * Not the results bucket: only the sweep function may write to it (infra grants the writes by
 * calling function), so a sweep planned from a workstation writes no manifest unless told to.
 */
export async function runSweep(options: SweepCommandOptions, deps: SweepDeps): Promise<SweepPlan> {
  const { queueUrl, env } = await withStack(options, deps);
  const config = sweepConfig({ ...options, queueUrl }, env);
  if (!config.sweep || config.sweep.regions.length === 0) {
    throw new CliInputError(
      `no region to sweep: --regions, ${HUB_ENV.sweepRegions}, --region or ${HUB_ENV.region}`,
    );
  }
  const planner = composeSweepPlanner(config, {
    ...(deps.aws ? { aws: deps.aws } : {}),
    ...(deps.now ? { now: deps.now } : {}),
    logger: stderrLogger(deps.io, options.verbose ?? false),
  });
  try {
    const plan = await planner.plan();
    deps.io.stdout(describePlan(plan, queueUrl));
    return plan;
  } catch (error) {
    // The organization could not be listed, or targets could not be enqueued: the command failed.
    if (!(error instanceof GuardrailError)) throw error;
    deps.io.stderr(`error: ${error.message}\n`);
    throw new CliCommandFailed(error.message, { cause: error });
  } finally {
    planner.destroy();
  }
}

export function registerSweepCommand(program: Command, io: CliIo): void {
  program
    .command('sweep')
    .description(
      'Plan a sweep: one message per enrolled account, naming its regions, on the sweep queue, for the hub to reconcile',
    )
    .option('--queue-url <url>', 'the sweep queue, where the targets are put; or --stack')
    .option('--stack <name>', `${STACK_OPTION_HELP}: the sweep queue, regions, OUs and region`)
    .option(
      '--regions <list>',
      `comma-separated target regions (default: the stack's, ${HUB_ENV.sweepRegions} or the region)`,
    )
    .option(
      '--ou-ids <list>',
      `comma-separated OU (ou-...) or root (r-...) ids: only the accounts under them (default: the stack's, ${HUB_ENV.sweepOuIds}, else all)`,
    )
    .option('--region <region>', `AWS region of the hub (default: the SDK resolution, ${HUB_ENV.region})`)
    .option('--verbose', 'log the plan to stderr')
    .action(async (options: SweepCommandOptions) => {
      await runSweep(options, { io, env: process.env });
    });
}
