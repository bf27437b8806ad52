/**
 * A sticky opt-in (`optOut: restore` on a policy): the tags that put a group back under the policy
 * the hub last enforced on it, after someone took it out (opt-in tag removed or changed, mode tag
 * set to audit). Only an enforced policy is restored: an opt-out of an audited group is alerted,
 * and the hub never changes a group it was only watching.
 */
import type { TagKeys } from '../contract/names';
import type { PolicyFile } from '../policy/types';
import type { Mode } from './types';

export interface OptInRestorationInput {
  tags: Readonly<Record<string, string>>;
  policies: PolicyFile;
  tagKeys: TagKeys;
  /** What the hub last enforced on the group. */
  remembered: { policy: string; mode: Mode };
}

/** The tags to write (policy and/or mode tag), or undefined when there is nothing to restore. */
export function optInRestoration(input: OptInRestorationInput): Record<string, string> | undefined {
  const { tags, tagKeys, remembered } = input;
  const policy = input.policies.policies[remembered.policy];
  if (policy?.optOut !== 'restore' || remembered.mode !== 'enforce') return undefined;
  const restore: Record<string, string> = {};
  if (tags[tagKeys.policy] !== remembered.policy) restore[tagKeys.policy] = remembered.policy;
  // The mode tag counts only where the policy lets it; then anything but "enforce" (absent under
  // an audit default, "audit", a value that misconfigures the group) leaves enforcement.
  const modeTag = tags[tagKeys.mode];
  const effective = modeTag === undefined ? policy.mode : modeTag.trim().toLowerCase();
  if (policy.modeOverride && effective !== 'enforce') restore[tagKeys.mode] = 'enforce';
  return Object.keys(restore).length > 0 ? restore : undefined;
}
