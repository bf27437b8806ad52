/**
 * The AWS credential flags a read-only command takes (`--profile`, `--role-arn`), their help and
 * their validation: a bad value is one message naming the flag, before any AWS call.
 */
import { REGION_PATTERN } from '@guardrail/core';
import type { Command } from 'commander';
import { CliInputError } from '../io';

export interface CredentialFlags {
  profile?: string;
  roleArn?: string;
}

/** An IAM role ARN (any partition; a path is allowed: `role/service-role/x`). */
const ROLE_ARN = /^arn:aws(-[a-z]+)*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;
/** What the shared config files accept as a profile name (no spaces or brackets). */
const PROFILE_NAME = /^[\w+=,.@:/-]{1,128}$/;

export function addCredentialOptions(command: Command): Command {
  return command
    .option(
      '--profile <name>',
      'the AWS profile to read with (shared config and credentials files, SSO); default: the standard chain (environment, AWS_PROFILE, instance role)',
    )
    .option(
      '--role-arn <arn>',
      'assume this IAM role first, for reads only (e.g. the deployed remediation role of the account)',
    );
}

/** The flags, validated. */
export function credentialFlagsOf(flags: CredentialFlags): CredentialFlags {
  const { profile, roleArn } = flags;
  if (profile !== undefined && !PROFILE_NAME.test(profile))
    throw new CliInputError(`--profile: ${JSON.stringify(profile)} is not a profile name`);
  if (roleArn !== undefined && !ROLE_ARN.test(roleArn))
    throw new CliInputError(
      `--role-arn: ${JSON.stringify(roleArn)} is not an IAM role ARN (arn:aws:iam::<account>:role/<name>)`,
    );
  return {
    ...(profile === undefined ? {} : { profile }),
    ...(roleArn === undefined ? {} : { roleArn }),
  };
}

/** One region (`eu-west-1`). */
export function regionOf(text: string, flag = '--region'): string {
  if (REGION_PATTERN.test(text)) return text;
  const several = text.includes(',') ? ': one region at a time' : ' (e.g. eu-west-1)';
  throw new CliInputError(`${flag}: ${JSON.stringify(text)} is not an AWS region${several}`);
}
