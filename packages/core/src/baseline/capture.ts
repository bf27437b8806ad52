/**
 * Capturing a lock policy's baseline: the group's ingress and egress rules as they are, minus the
 * rules its deny matchers catch (a baseline never keeps a denied rule): those are returned for the
 * engine to revoke and report. Exactly the rules the planner would judge `denied` are left out, so
 * the first plan against the new baseline revokes them and nothing else.
 */
import { changeEvidence } from '../plan/cause';
import type { UnverifiableRule } from '../plan/evaluate';
import { groupRules, liveExceptions } from '../plan/group-context';
import { lockDenied, lockDirectionContext } from '../plan/lock';
import { compilePolicyFile } from '../policy/compile';
import type { PolicyFile } from '../policy/types';
import type { PrefixListResolutions } from '../prefix-lists/types';
import type { Rule, SecurityGroupState } from '../rules/types';
import { BaselineError } from './errors';
import {
  BASELINE_HISTORY_LIMIT,
  BASELINE_SCHEMA_VERSION,
  type Baseline,
  type BaselineReason,
  type BaselineSetBy,
} from './types';

export interface CaptureInput {
  group: SecurityGroupState;
  policies: PolicyFile;
  /** The lock policy the group is under. */
  policyName: string;
  /** The group's account; defaults to `group.ownerId`. */
  account?: string;
  /** The group's region; defaults to `group.region`. */
  region?: string;
  /** Who sets it: the trusted principal, the caller of `baseline accept`, the hub's role. */
  by: string;
  reason: BaselineReason;
  note?: string;
  now: Date;
  /** The baseline this one replaces: the new one is its next version, and it goes into history. */
  previous?: Baseline;
  /** As for the planner: a rule from a resolved list is denied when one of its CIDRs is. */
  prefixLists?: PrefixListResolutions;
}

export interface Capture {
  baseline: Baseline;
  /** The group's rules a deny catches (with their ids): not in the baseline, to revoke. */
  denied: Rule[];
}

/** A baseline rule: what EC2 compares and the description, never the id (a restored rule gets a new one). */
function approved({ direction, protocol, fromPort, toPort, peer, description }: Rule): Rule {
  const rule: Rule = { direction, protocol, fromPort, toPort, peer: { ...peer } };
  if (description !== undefined && description !== '') rule.description = description;
  return rule;
}

function refuse(problem: string): never {
  throw new BaselineError('captureBaseline', '', problem);
}

export function captureBaseline(input: CaptureInput): Capture {
  const { group, policyName, previous } = input;
  const policy = compilePolicyFile(input.policies).policies.get(policyName);
  if (policy?.policy.lock !== true) refuse(`policy ${policyName} is not a lock policy`);
  const account = input.account ?? group.ownerId;
  const region = input.region ?? group.region;
  if (account === undefined || region === undefined)
    refuse(`group ${group.groupId}: account and region are required`);
  if (previous && previous.groupId !== group.groupId)
    refuse(`the previous baseline is group ${previous.groupId}'s, not ${group.groupId}'s`);

  const { prepared, presentKeys } = groupRules(group, input.prefixLists);
  const live = liveExceptions(compilePolicyFile(input.policies), account, group.groupId, input.now);
  const lockInput = { group, policy, prepared, presentKeys, live };
  const evidence = changeEvidence([], group.groupId);
  const unverifiable: UnverifiableRule[] = [];
  const denied = new Set<Rule>();
  for (const direction of ['ingress', 'egress'] as const) {
    const ctx = lockDirectionContext(direction, lockInput, evidence);
    for (const entry of ctx.rules) if (lockDenied(entry, ctx, unverifiable)) denied.add(entry.rule);
  }
  // One rule per ruleKey (EC2 keeps no duplicates; a hand-written group file might).
  const seen = new Set<string>();
  const rules: Rule[] = [];
  for (const { rule, key } of prepared) {
    if (denied.has(rule) || seen.has(key)) continue;
    seen.add(key);
    rules.push(approved(rule));
  }
  const setBy: BaselineSetBy = { principal: input.by, reason: input.reason };
  if (input.note !== undefined) setBy.note = input.note;
  const history = previous
    ? [
        ...previous.history,
        {
          version: previous.version,
          setAt: previous.setAt,
          setBy: previous.setBy,
          ruleCount: previous.rules.length,
        },
      ].slice(-BASELINE_HISTORY_LIMIT)
    : [];
  const baseline: Baseline = {
    schemaVersion: BASELINE_SCHEMA_VERSION,
    account,
    region,
    groupId: group.groupId,
    policy: policyName,
    version: previous ? previous.version + 1 : 1,
    rules,
    setAt: input.now.toISOString(),
    setBy,
    history,
  };
  return { baseline, denied: [...denied] };
}
