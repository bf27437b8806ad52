/**
 * `guardrail baseline show | history | accept`: a lock policy's baselines as the hub keeps them in
 * its state table (docs/policies.md, "Lock policies"; docs/cli.md). Which group: `--account`,
 * `--region`, `--group-id`; which table: `--stack` (the hub stack's Outputs) or `--table`, in
 * `--hub-region` (default `--region`); read and written with the caller's credentials (the
 * standard chain or `--profile`); the group itself read live, read-only, with them or with
 * `--role-arn` assumed. The work is in ../baseline/. IAM: docs/baseline-iam.md.
 */
import { DEFAULT_HUB_STACK_NAME } from '@guardrail/core';
import type { Command } from 'commander';
import { type AcceptFlags, runBaselineAccept } from '../baseline/accept';
import type { BaselineFlags, BaselineIo } from '../baseline/options';
import { runBaselineHistory, runBaselineShow } from '../baseline/show';

export type { AcceptFlags } from '../baseline/accept';
export type { BaselineFlags, BaselineIo } from '../baseline/options';
export type { AcceptResult } from '../baseline/render';
export { runBaselineAccept, runBaselineHistory, runBaselineShow };

const PROFILE_HELP =
  'the AWS profile the state table is used with (and the group read with, without --role-arn); default: the standard chain (environment, AWS_PROFILE, instance role)';
const ROLE_HELP =
  'assume this IAM role (with the profile) to read the group, read-only; the state table is used with your own credentials';

/** The options every baseline command takes: which group, which table, which format. */
function addTargetOptions(command: Command): Command {
  return command
    .option('--account <id>', "the group's account (12 digits)")
    .option('--region <region>', "the group's region")
    .option('--group-id <id>', 'the security group (sg-...)')
    .option(
      '--stack <name>',
      `the hub stack: its Outputs name the state table (CloudFormation, e.g. ${DEFAULT_HUB_STACK_NAME})`,
    )
    .option('--table <name>', "the hub's state table, by name (instead of --stack)")
    .option('--hub-region <region>', 'where the hub stack or the state table is (default: --region)')
    .option('--format <format>', 'text or json', 'text');
}

/** --profile and --role-arn: the table is used with the profile; the group read with the role, when given. */
function addLiveOptions(command: Command): Command {
  return command.option('--profile <name>', PROFILE_HELP).option('--role-arn <arn>', ROLE_HELP);
}

export function registerBaselineCommand(program: Command, io: BaselineIo): void {
  const baseline = program
    .command('baseline')
    .description("Show, list and accept the baselines the hub keeps for lock policies' groups");
  addLiveOptions(
    addTargetOptions(
      baseline
        .command('show')
        .description(
          "The group's baseline (version, who set it, when, why, its rules) and how the group differs now (read live, read-only)",
        ),
    ),
  ).action((flags: BaselineFlags) => runBaselineShow(flags, io));
  addTargetOptions(
    baseline
      .command('history')
      .description("The group's baseline versions, newest first (from the state table only)"),
  )
    .option('--profile <name>', PROFILE_HELP)
    .action((flags: BaselineFlags) => runBaselineHistory(flags, io));
  addLiveOptions(
    addTargetOptions(
      baseline
        .command('accept')
        .description(
          "Make the group's current rules its next baseline version, recorded with your ARN and --reason",
        ),
    ),
  )
    .option(
      '--reason <text>',
      'why the current rules are accepted (required; kept with the version, e.g. "CHG-1234")',
    )
    .option(
      '--policies <file>',
      'the policy file the hub runs (YAML, version 1); the shipped policies are always included',
    )
    .option(
      '--tag-policy <key>',
      'the opt-in tag key (default: $GUARDRAIL_TAG_POLICY, else guardrail:policy)',
    )
    .option('--tag-mode <key>', 'the mode tag key (default: $GUARDRAIL_TAG_MODE, else guardrail:mode)')
    .action(async (flags: AcceptFlags) => {
      await runBaselineAccept(flags, { ...io, env: io.env ?? process.env });
    });
}
