/**
 * `guardrail plan`'s live source: the groups read from an AWS account, read-only, instead of from
 * files. `--region R [--profile P] [--role-arn ARN] (--group-id sg-... | --all-tagged)`: the
 * standard AWS credentials (or the profile's), the role assumed with them when given, then the
 * groups with every rule (the hub's own gateway) and the prefix lists they reference (the hub's
 * own reader). Only Describe/Get calls and STS: nothing is ever written.
 *
 * Which flags go together (liveSourceOf):
 * - none of --region, --profile, --role-arn, --group-id, --all-tagged: not live, the plan reads
 *   its files (--group, --rules, --prefix-lists);
 * - any of them: live. --region is then required (one region), and exactly one of --group-id
 *   (one or more ids: named groups, tagged or not) or --all-tagged (every group carrying the
 *   opt-in tag key, --tag-policy);
 * - live and files do not mix: --group, --rules and --prefix-lists are refused with a live flag
 *   (the groups, their rules and the lists they reference are all read from AWS);
 * - --profile and --role-arn are optional and combine: the role is assumed with the profile's
 *   credentials.
 */
import {
  type PrefixListResolution,
  type SecurityGroupState,
  securityGroupIdProblem,
  type TagKeys,
} from '@guardrail/core';
import type { AwsOverrides } from '@guardrail/engine';
import type { Command } from 'commander';
import { readGroups } from '../aws/groups';
import { addCredentialOptions, credentialFlagsOf, regionOf } from '../aws/options';
import { readPrefixLists } from '../aws/prefix-lists';
import { currentUser, sessionNameFor, withAwsSession } from '../aws/session';
import { CliInputError } from '../io';

/** Where and what to read, validated (liveSourceOf). */
export interface LiveSource {
  region: string;
  profile?: string;
  roleArn?: string;
  /** Exactly one of groupIds / allTagged. */
  groupIds?: string[];
  allTagged?: boolean;
}

export interface LiveGroupsInput extends LiveSource {
  /** The opt-in tag key (`policy`) is what --all-tagged lists. */
  tagKeys: TagKeys;
  /** Extra client plugins and credentials (the sandbox's, in tests). */
  aws?: AwsOverrides;
  /** Groups read so far, of how many: for a progress line on stderr. */
  onProgress?: (done: number, total: number) => void;
  /** Who reads, in the assumed role's session name (`guardrail-<purpose>-<user>`); default `plan`. */
  purpose?: string;
}

export interface LiveGroups {
  /** The account of the credentials used (STS GetCallerIdentity; the role's, with --role-arn). */
  account: string;
  region: string;
  /** In the order asked (--group-id), or as EC2 lists them (--all-tagged); each with its region. */
  groups: SecurityGroupState[];
  /** Every prefix list the groups reference, read or unreadable with the reason. */
  prefixLists: Map<string, PrefixListResolution>;
}

/** The plan options this source reads, as commander hands them over. */
export interface LivePlanFlags {
  region?: string;
  profile?: string;
  roleArn?: string;
  groupId?: string[];
  allTagged?: boolean;
}

/** The file options of `plan` the live source excludes. */
interface FileFlags {
  group?: string;
  rules?: string;
  prefixLists?: string;
}

const LIVE_FLAGS = {
  region: '--region',
  profile: '--profile',
  roleArn: '--role-arn',
  groupId: '--group-id',
  allTagged: '--all-tagged',
} as const satisfies Record<keyof LivePlanFlags, string>;
const FILE_FLAGS = { group: '--group', rules: '--rules', prefixLists: '--prefix-lists' } as const;

/** Adds the live flags to `plan`. */
export function addLivePlanOptions(command: Command): Command {
  command.option(
    '--region <region>',
    'read the groups live from this AWS region, read-only (Describe and Get calls only), instead of files',
  );
  addCredentialOptions(command);
  return command
    .option(
      '--group-id <id...>',
      'with --region: the groups to read, tagged or not (several after one flag, or the flag repeated)',
    )
    .option(
      '--all-tagged',
      'with --region: every group of the region carrying the opt-in tag key (--tag-policy)',
    );
}

/**
 * The live source the options ask for, validated; undefined when they name none (the plan reads
 * files). Invalid combinations and values are a CliInputError, before any AWS call.
 */
export function liveSourceOf(options: LivePlanFlags & FileFlags): LiveSource | undefined {
  const live = (Object.keys(LIVE_FLAGS) as (keyof LivePlanFlags)[]).filter(
    (key) => options[key] !== undefined && options[key] !== false,
  );
  if (live.length === 0) return undefined;
  const flag = LIVE_FLAGS[live[0] as keyof LivePlanFlags];
  const file = (Object.keys(FILE_FLAGS) as (keyof FileFlags)[]).find((key) => options[key] !== undefined);
  if (file !== undefined)
    throw new CliInputError(
      `${FILE_FLAGS[file]} reads a file, ${flag} reads AWS: give one or the other (a live plan reads the groups, their rules and prefix lists from AWS)`,
    );
  if (options.region === undefined)
    throw new CliInputError(`${flag} reads AWS: give the region too (--region eu-west-1)`);
  const groupIds = options.groupId?.flatMap((text) => text.split(',')).map((id) => id.trim());
  return validLiveSource({
    region: options.region,
    ...credentialFlagsOf(options),
    ...(groupIds === undefined ? {} : { groupIds }),
    ...(options.allTagged ? { allTagged: true } : {}),
  });
}

/** The source's values checked: one region, exactly one of ids / all tagged, ids that EC2 would accept. */
function validLiveSource(source: LiveSource): LiveSource {
  regionOf(source.region);
  credentialFlagsOf(source);
  const { groupIds, allTagged } = source;
  if (groupIds !== undefined && allTagged)
    throw new CliInputError('--group-id and --all-tagged: give one or the other');
  if (groupIds === undefined && !allTagged)
    throw new CliInputError(
      '--region: say which groups to read: --group-id sg-... (one or more) or --all-tagged',
    );
  if (groupIds !== undefined) {
    if (groupIds.length === 0) throw new CliInputError('--group-id: expected one or more group ids');
    for (const id of groupIds) {
      const problem = securityGroupIdProblem(id);
      if (problem !== undefined) throw new CliInputError(`--group-id: ${problem}, 8 or 17 hex digits`);
    }
    return { ...source, groupIds: [...new Set(groupIds)] };
  }
  return source;
}

/**
 * Reads the groups the source names, and the prefix lists they reference, in the account of the
 * credentials (or of the role). Bad input is refused before any call; a group that does not
 * exist, credentials that do not work, a role that cannot be assumed, a region that stays
 * throttled or denied after the SDK's retries: a CliInputError naming it (exit 2).
 */
export async function readLiveGroups(input: LiveGroupsInput): Promise<LiveGroups> {
  const source = validLiveSource(input);
  const { region } = source;
  return withAwsSession(
    {
      region,
      sessionName: sessionNameFor(input.purpose ?? 'plan', currentUser()),
      ...(source.profile === undefined ? {} : { profile: source.profile }),
      ...(source.roleArn === undefined ? {} : { roleArn: source.roleArn }),
      ...(input.aws === undefined ? {} : { aws: input.aws }),
    },
    async (session) => {
      const caller = await session.identity();
      const ec2 = session.ec2();
      const groups = await readGroups({
        ec2,
        region,
        caller,
        selection: source.groupIds ? { groupIds: source.groupIds } : { tagKey: input.tagKeys.policy },
        ...(input.onProgress === undefined ? {} : { onProgress: input.onProgress }),
      });
      const prefixLists = await readPrefixLists(ec2, groups);
      return { account: caller.account, region, groups, prefixLists };
    },
  );
}
