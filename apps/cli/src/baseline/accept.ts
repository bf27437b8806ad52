/**
 * `guardrail baseline accept --reason "..."`: the group's rules as they are now become its next
 * baseline version (core's captureBaseline, as the hub captures one), recorded with the caller's
 * ARN (STS GetCallerIdentity, the credentials that write the table) and the reason. The write
 * names the version it replaces: if the hub (a trusted change) or another accept wrote a version
 * meanwhile, nothing is written and the command fails (exit 1) rather than overwrite it.
 *
 * Refused (exit 2) before anything is written: a group the hub keeps no baseline for (the hub
 * captures the first one), and a group whose tags do not put it under a lock policy of the policy
 * file (`--policies`, the shipped policies by default, as for `plan`). Rules a deny of the policy
 * catches are never kept (a baseline never keeps a denied rule): they are listed, and the hub
 * revokes them.
 */
import {
  captureBaseline,
  diffBaseline,
  type PolicyFile,
  planGroup,
  type SecurityGroupState,
  type TagKeys,
} from '@guardrail/core';
import { CliCommandFailed, CliInputError } from '../io';
import { readPolicies } from '../plan/read-policies';
import { resolveTagKeys, type TagKeyFlags } from '../plan/tag-keys';
import { type LiveGroup, readGroupNow } from './group';
import {
  type BaselineFlags,
  type BaselineIo,
  type BaselineTarget,
  baselineTargetOf,
  reasonOf,
} from './options';
import { type AcceptResult, renderAcceptText } from './render';
import { noBaseline } from './show';
import { type BaselineTable, withBaselineTable } from './table';

export interface AcceptFlags extends BaselineFlags, TagKeyFlags {
  reason?: string;
  policies?: string;
}

interface Settings {
  target: BaselineTarget;
  reason: string;
  policies: PolicyFile;
  /** How the messages name the policies: the file, or the shipped ones. */
  policiesName: string;
  tagKeys: TagKeys;
  now: Date;
}

/** The lock policy the group's tags put it under, as the hub reads them (the planner's own reading). */
function lockPolicyOf(group: SecurityGroupState, settings: Settings): string {
  const plan = planGroup({
    group,
    policies: settings.policies,
    now: settings.now,
    tagKeys: settings.tagKeys,
    account: settings.target.account,
  });
  const refuse = (why: string) =>
    new CliInputError(
      `--group-id: ${group.groupId} ${why}: only a lock policy's group has a baseline to accept`,
    );
  if (plan.misconfiguration !== undefined)
    throw refuse(`has guardrail tags that are not valid (${plan.misconfiguration})`);
  if (!plan.managed) throw refuse(`is not opted in (no ${settings.tagKeys.policy} tag)`);
  if (plan.lock === undefined)
    throw refuse(`is under policy ${plan.policy}, which is not a lock policy in ${settings.policiesName}`);
  return plan.policy as string;
}

function conflict(io: BaselineIo, target: BaselineTarget, replaces: number): CliCommandFailed {
  const message =
    `the baseline of ${target.groupId} changed while this ran (version ${replaces} is no longer the current one): ` +
    'nothing was written; see it again with guardrail baseline show, and accept again if still wanted';
  io.stderr(`error: ${message}\n`);
  return new CliCommandFailed(message);
}

async function accept(settings: Settings, table: BaselineTable, io: BaselineIo): Promise<AcceptResult> {
  const { target } = settings;
  const previous = await table.recall();
  if (previous === undefined)
    throw noBaseline(
      target,
      table,
      'nothing to accept: the hub captures the first baseline when the group is opted into a lock policy',
    );
  const { group, prefixLists }: LiveGroup = await readGroupNow(target, io, settings.tagKeys);
  const policyName = lockPolicyOf(group, settings);
  const caller = await table.caller();
  const { baseline, denied } = captureBaseline({
    group,
    policies: settings.policies,
    policyName,
    account: target.account,
    region: target.region,
    by: caller.arn,
    reason: 'accepted',
    note: settings.reason,
    now: settings.now,
    previous,
    prefixLists,
  });
  if ((await table.save(baseline, previous.version)) === 'conflict')
    throw conflict(io, target, previous.version);
  return { baseline, replaced: previous.version, changes: diffBaseline(previous, baseline.rules), denied };
}

export async function runBaselineAccept(flags: AcceptFlags, io: BaselineIo): Promise<AcceptResult> {
  // Every input checked before any AWS call.
  const target = baselineTargetOf(flags);
  const settings: Settings = {
    target,
    reason: reasonOf(flags.reason),
    tagKeys: resolveTagKeys(flags, io.env ?? {}),
    policies: readPolicies(flags.policies),
    policiesName: flags.policies ?? 'the shipped policies',
    now: io.now(),
  };
  const result = await withBaselineTable(target, io, (table) => accept(settings, table, io));
  if (target.format === 'json') io.stdout(`${JSON.stringify(result, null, 2)}\n`);
  else io.stdout(renderAcceptText(result, io.color));
  return result;
}
