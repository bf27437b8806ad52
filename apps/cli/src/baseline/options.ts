/**
 * The flags every `guardrail baseline` command takes, checked before any AWS call: which group
 * (`--account`, `--region`, `--group-id`), where the hub keeps its baseline (`--stack` or
 * `--table`, in `--hub-region`, default `--region`), the credentials (`--profile`, and for the
 * commands that read the group live `--role-arn`), and `--format`. A bad value is one line naming
 * the flag (exit 2).
 */
import { ACCOUNT_ID_PATTERN, securityGroupIdProblem } from '@guardrail/core';
import type { AwsOverrides } from '@guardrail/engine';
import { type CredentialFlags, credentialFlagsOf, regionOf } from '../aws/options';
import { stackOption } from '../aws/stack-outputs';
import { CliInputError, type CliIo } from '../io';

/** What the baseline commands read beyond CliIo, injectable (tests). */
export interface BaselineIo extends CliIo {
  /** The environment (the hub's tag key variables). */
  env?: Record<string, string | undefined>;
  /** Client plugins and credentials: the sandbox's, in tests. */
  aws?: AwsOverrides;
}

/** The flags as commander hands them over. */
export interface BaselineFlags extends CredentialFlags {
  account?: string;
  region?: string;
  groupId?: string;
  stack?: string;
  table?: string;
  hubRegion?: string;
  format?: string;
}

export type BaselineFormat = 'text' | 'json';

/** Where the state table is: named, or read from the hub stack's Outputs. */
export type TableSource = { table: string } | { stack: string };

/** The flags, validated. */
export interface BaselineTarget {
  account: string;
  region: string;
  groupId: string;
  source: TableSource;
  /** Where the stack or the table is. */
  hubRegion: string;
  credentials: CredentialFlags;
  format: BaselineFormat;
}

/** DynamoDB table names: 3 to 255 of these characters. */
const TABLE_NAME = /^[A-Za-z0-9_.-]{3,255}$/;

function required(value: string | undefined, flag: string, what: string): string {
  if (value === undefined || value.trim() === '') throw new CliInputError(`${flag}: required (${what})`);
  return value.trim();
}

function accountOf(value: string | undefined): string {
  const account = required(value, '--account', "the group's 12-digit account id");
  if (!ACCOUNT_ID_PATTERN.test(account))
    throw new CliInputError(`--account: ${JSON.stringify(account)} is not a 12-digit account id`);
  return account;
}

function groupIdOf(value: string | undefined): string {
  const id = required(value, '--group-id', 'the security group, sg-...');
  const problem = securityGroupIdProblem(id);
  if (problem !== undefined) throw new CliInputError(`--group-id: ${problem}, 8 or 17 hex digits`);
  return id;
}

function sourceOf(flags: BaselineFlags): TableSource {
  const { stack, table } = flags;
  if (stack !== undefined && table !== undefined)
    throw new CliInputError('--stack and --table: give one or the other');
  if (stack !== undefined) return { stack: stackOption(stack) };
  if (table === undefined)
    throw new CliInputError(
      "--stack or --table: one is needed (the hub stack, whose Outputs name the state table, or the table's name)",
    );
  if (!TABLE_NAME.test(table))
    throw new CliInputError(`--table: ${JSON.stringify(table)} is not a DynamoDB table name`);
  return { table };
}

export function formatOf(text: string | undefined): BaselineFormat {
  if (text === undefined || text === 'text' || text === 'json') return text ?? 'text';
  throw new CliInputError(`--format: ${JSON.stringify(text)} is not text or json`);
}

export function baselineTargetOf(flags: BaselineFlags): BaselineTarget {
  const account = accountOf(flags.account);
  const region = regionOf(required(flags.region, '--region', "the group's region"));
  const groupId = groupIdOf(flags.groupId);
  const source = sourceOf(flags);
  const hubRegion = flags.hubRegion === undefined ? region : regionOf(flags.hubRegion, '--hub-region');
  return {
    account,
    region,
    groupId,
    source,
    hubRegion,
    credentials: credentialFlagsOf(flags),
    format: formatOf(flags.format),
  };
}

/** `--reason`: required, one line of text (it is kept with the baseline and shown in alerts). */
export const MAX_REASON_LENGTH = 500;

export function reasonOf(value: string | undefined): string {
  const reason = required(value, '--reason', 'why the group\'s current rules are accepted, e.g. "CHG-1234"');
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the point is to refuse them
  if (/[\u0000-\u001f\u007f]/.test(reason))
    throw new CliInputError('--reason: one line, without control characters');
  if (reason.length > MAX_REASON_LENGTH)
    throw new CliInputError(`--reason: at most ${MAX_REASON_LENGTH} characters (got ${reason.length})`);
  return reason;
}
