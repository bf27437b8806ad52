/**
 * Reads security groups, whole (every rule, every page), through the hub's own gateway: named
 * groups one by one (tagged or not), or every group carrying the opt-in tag key. Read-only: the
 * gateway's Describe calls only. A group that does not exist, or a read that fails after the
 * SDK's retries, is one message naming the group or the region and who read it.
 */
import type { EC2Client } from '@aws-sdk/client-ec2';
import { type MutationFailure, type ReadGroupResult, SecurityGroupGateway } from '@guardrail/aws';
import type { SecurityGroupState } from '@guardrail/core';
import { CliInputError } from '../io';
import { awsErrorText } from './errors';
import type { CallerIdentity } from './session';

export type GroupSelection = { groupIds: readonly string[] } | { tagKey: string };

export interface ReadGroupsInput {
  ec2: EC2Client;
  region: string;
  caller: CallerIdentity;
  selection: GroupSelection;
  /** Groups read so far, of how many (after each named group; once for the tagged listing). */
  onProgress?: (done: number, total: number) => void;
}

/** Named groups read at once: enough to hide latency, well under EC2's describe rate limits. */
const CONCURRENCY = 8;

export async function readGroups(input: ReadGroupsInput): Promise<SecurityGroupState[]> {
  const gateway = new SecurityGroupGateway(input.ec2);
  const groups =
    'tagKey' in input.selection
      ? await readTagged(gateway, input, input.selection.tagKey)
      : await readNamed(gateway, input, input.selection.groupIds);
  // The gateway takes the region from the client; said here too, whatever the client resolved.
  return groups.map((group) => ({ ...group, region: input.region }));
}

async function readTagged(
  gateway: SecurityGroupGateway,
  input: ReadGroupsInput,
  tagKey: string,
): Promise<SecurityGroupState[]> {
  try {
    const groups = await gateway.listOptedInGroups(tagKey);
    input.onProgress?.(groups.length, groups.length);
    return groups;
  } catch (error) {
    throw new CliInputError(`cannot read ${input.region} as ${input.caller.arn}: ${awsErrorText(error)}`, {
      cause: error,
    });
  }
}

async function readNamed(
  gateway: SecurityGroupGateway,
  input: ReadGroupsInput,
  groupIds: readonly string[],
): Promise<SecurityGroupState[]> {
  const results: ReadGroupResult<SecurityGroupState>[] = [];
  let next = 0;
  let done = 0;
  let failed = false;
  const worker = async () => {
    // A failure (throttled, denied) would repeat for every group: the others are not started.
    while (next < groupIds.length && !failed) {
      const index = next++;
      const result = await gateway.readGroup(groupIds[index] as string);
      results[index] = result;
      if (isFailure(result)) failed = true;
      input.onProgress?.(++done, groupIds.length);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, groupIds.length) }, worker));

  const at = results.findIndex((r) => r !== undefined && isFailure(r));
  const failure = results[at];
  if (failure !== undefined && isFailure(failure)) {
    const id = groupIds[at];
    const reason = failure.message === '' ? failure.code : `${failure.code}: ${failure.message}`;
    throw new CliInputError(`cannot read ${id} in ${input.region} as ${input.caller.arn}: ${reason}`);
  }
  const missing = groupIds.filter((_, i) => results[i]?.status === 'not-found');
  if (missing.length > 0)
    throw new CliInputError(
      `${missing.join(', ')}: not found in ${input.region} (account ${input.caller.account})`,
    );
  return results.flatMap((r) => (r?.status === 'found' ? [r.group] : []));
}

/** Denied, throttled after the retries, or another error: the read says nothing about the group. */
function isFailure(result: ReadGroupResult<SecurityGroupState>): result is MutationFailure {
  return result.status !== 'found' && result.status !== 'not-found';
}
