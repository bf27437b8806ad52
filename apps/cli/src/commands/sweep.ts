/**
 * `guardrail sweep --queue-url <url> [--regions r1,r2] [--ou-ids ou-...,r-...]`: plans a sweep from
 * a workstation, exactly as the Lambda's scheduled sweep does (the engine's composeSweepPlanner):
 * lists the organization's enrolled accounts and puts one target per account and region on the
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
import { asInputError } from '../hub/settings';
import { stderrLogger } from '../hub/stderr-logger';
import { CliCommandFailed, CliInputError, type CliIo } from '../io';

export interface SweepCommandOptions {
  queueUrl: string;
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

function sweepConfig(options: SweepCommandOptions, env: SweepDeps['env']): SweepPlannerConfig {
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

export async function runSweep(options: SweepCommandOptions, deps: SweepDeps): Promise<SweepPlan> {
  const config = sweepConfig(options, deps.env);
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
    deps.io.stdout(describePlan(plan, options.queueUrl));
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
      'Plan a sweep: one target per enrolled account and region on the sweep queue, for the hub to reconcile',
    )
    .requiredOption('--queue-url <url>', 'the sweep queue, where the targets are put')
    .option(
      '--regions <list>',
      `comma-separated target regions (default: ${HUB_ENV.sweepRegions} or the region)`,
    )
    .option(
      '--ou-ids <list>',
      `comma-separated OU (ou-...) or root (r-...) ids: only the accounts under them (default: ${HUB_ENV.sweepOuIds}, else all)`,
    )
    .option('--region <region>', `AWS region of the hub (default: the SDK resolution, ${HUB_ENV.region})`)
    .option('--verbose', 'log the plan to stderr')
    .action(async (options: SweepCommandOptions) => {
      await runSweep(options, { io, env: process.env });
    });
}
