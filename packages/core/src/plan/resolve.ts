/**
 * Which policy and mode govern a group, from its tags. The opt-in tag names the policy; the
 * mode tag is honoured only when that policy sets `modeOverride` (the tag is set by the people
 * being guarded).
 */

import type { TagKeys } from '../contract/names';
import type { CompiledPolicy, CompiledPolicyFile } from '../policy/compile';
import type { Mode } from './types';

export type Resolution =
  | { status: 'not-opted-in' }
  | { status: 'unknown-policy'; policyName: string; message: string }
  | { status: 'invalid-mode'; policy: CompiledPolicy; message: string }
  | { status: 'managed'; policy: CompiledPolicy; mode: Mode };

export function resolvePolicy(
  tags: Record<string, string>,
  compiled: CompiledPolicyFile,
  tagKeys: TagKeys,
): Resolution {
  const policyName = tags[tagKeys.policy];
  if (policyName === undefined) return { status: 'not-opted-in' };
  const policy = compiled.policies.get(policyName);
  if (!policy) {
    const known = [...compiled.policies.keys()].join(', ');
    return {
      status: 'unknown-policy',
      policyName,
      message: `tag ${tagKeys.policy} names unknown policy "${policyName}" (known: ${known})`,
    };
  }
  const modeTag = tags[tagKeys.mode];
  if (!policy.policy.modeOverride || modeTag === undefined) {
    return { status: 'managed', policy, mode: policy.policy.mode };
  }
  const mode = modeTag.trim().toLowerCase();
  if (mode === 'enforce' || mode === 'audit') return { status: 'managed', policy, mode };
  return {
    status: 'invalid-mode',
    policy,
    message: `tag ${tagKeys.mode} is "${modeTag}": expected enforce or audit`,
  };
}
