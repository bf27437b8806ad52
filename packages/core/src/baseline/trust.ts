/**
 * Trusted principals of a lock policy: whose changes update the baseline instead of being reverted
 * (a deployment pipeline's role, CloudFormation's execution role). A change is trusted when it is
 * a rule or tag change, not the guardrail's own, and one of the policy's `trustedPrincipals`
 * matches its caller's ARN or, for an assumed role, the role's ARN (`sessionIssuerArn`).
 */
import { isRuleChange, isTagChange } from '../events/change-kinds';
import type { GroupChange } from '../events/types';
import type { Policy } from '../policy/types';
import { anyArnMatches } from './arn-pattern';

export function isTrustedChange(change: GroupChange, policy: Pick<Policy, 'trustedPrincipals'>): boolean {
  // The guardrail's own calls (its reverts) never set a baseline: that would let it approve itself.
  if (change.byGuardrail) return false;
  if (!isRuleChange(change) && !isTagChange(change)) return false;
  const { arn, sessionIssuerArn } = change.actor;
  return anyArnMatches(policy.trustedPrincipals ?? [], [arn, sessionIssuerArn]);
}

/**
 * The principal to credit when every triggering change of the group is trusted: the ARN of the
 * newest change's caller (its role's when the caller's own is unknown). Undefined when there is
 * no change (a sweep) or any change is not trusted: the group is then enforced against its
 * baseline, so an untrusted change never rides along with a pipeline's.
 *
 * A failed call (CloudTrail `errorCode`) changed nothing, so it counts neither way; `groupId`,
 * when given, leaves out changes that do not name the group.
 */
export function trustedActor(
  changes: readonly GroupChange[],
  policy: Pick<Policy, 'trustedPrincipals'>,
  groupId?: string,
): string | undefined {
  let newest: GroupChange | undefined;
  for (const change of changes) {
    if (change.error || (groupId !== undefined && !change.groupIds.includes(groupId))) continue;
    if (!isTrustedChange(change, policy)) return undefined;
    if (newest === undefined || Date.parse(change.eventTime) >= Date.parse(newest.eventTime)) newest = change;
  }
  return newest && (newest.actor.arn ?? newest.actor.sessionIssuerArn);
}
