/**
 * The group as it is now, read live and read-only through `guardrail plan --region`'s own source
 * (../plan/live.ts: the hub's gateway, every page of rules, the prefix lists they reference), with
 * the caller's credentials or `--role-arn` assumed with them. The group must be in `--account`:
 * a baseline is kept per account, and a group read elsewhere is not the one it describes.
 */
import {
  DEFAULT_TAG_KEYS,
  type PrefixListResolution,
  type SecurityGroupState,
  type TagKeys,
} from '@guardrail/core';
import { CliInputError } from '../io';
import { readLiveGroups } from '../plan/live';
import type { BaselineIo, BaselineTarget } from './options';

export interface LiveGroup {
  group: SecurityGroupState;
  prefixLists: Map<string, PrefixListResolution>;
}

export async function readGroupNow(
  target: BaselineTarget,
  io: BaselineIo,
  tagKeys: TagKeys = DEFAULT_TAG_KEYS,
): Promise<LiveGroup> {
  const { profile, roleArn } = target.credentials;
  const live = await readLiveGroups({
    region: target.region,
    groupIds: [target.groupId],
    tagKeys,
    purpose: 'baseline',
    ...(profile === undefined ? {} : { profile }),
    ...(roleArn === undefined ? {} : { roleArn }),
    ...(io.aws === undefined ? {} : { aws: io.aws }),
  });
  const group = live.groups[0] as SecurityGroupState;
  const owner = group.ownerId ?? live.account;
  if (owner !== target.account) {
    const how = roleArn === undefined ? 'with your credentials' : `as ${roleArn}`;
    throw new CliInputError(
      `--account: ${target.groupId} was read ${how} in account ${owner}, not ${target.account}: ` +
        `give the account it is in, or --role-arn of a role in ${target.account}`,
    );
  }
  return { group: { ...group, ownerId: owner }, prefixLists: live.prefixLists };
}
