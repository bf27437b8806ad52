/**
 * The planner: given a group's current state, the policy file, the triggering changes (if any)
 * and the time, what is wrong and what to do. Pure and fast: the policy file is compiled once
 * (cached per object) and each rule once per call.
 */

import type { Baseline } from '../baseline/types';
import { DEFAULT_TAG_KEYS, type TagKeys } from '../contract/names';
import type { GroupChange } from '../events/types';
import { type CompiledPolicy, compilePolicyFile } from '../policy/compile';
import { type PeerSpace, peerOverlaps } from '../policy/peer';
import type { PolicyFile } from '../policy/types';
import type { PrefixListResolutions } from '../prefix-lists/types';
import { ipPermissionsFromRules, ruleKey } from '../rules/convert';
import type { Direction, Rule, SecurityGroupState } from '../rules/types';
import { changeEvidence } from './cause';
import { evaluateDirection, type UnverifiableRule } from './evaluate';
import { byList, groupRules, inForce, type Judgement, liveExceptions, revokeAction } from './group-context';
import { judgeLocked } from './lock';
import { prepareRule } from './prepare';
import { resolvePolicy } from './resolve';
import { optInRestoration } from './restore';
import type { Action, Mode, Plan, Violation } from './types';

export interface PlanInput {
  group: SecurityGroupState;
  policies: PolicyFile;
  /** The changes that triggered this evaluation (none for a sweep). */
  changes?: GroupChange[];
  now: Date;
  tagKeys?: TagKeys;
  /** The account owning the group, for exceptions; defaults to `group.ownerId`. */
  account?: string;
  /**
   * The managed prefix lists the group's rules reference, read by the caller (by id; see
   * `prefixListIdsOf`). Given, a rule from a customer-managed list (or an internet-facing
   * AWS-managed one) is judged as the CIDRs the list holds, and every list a verdict depends on
   * that is unreadable or absent from the map is reported in `Plan.unverifiable`. Absent, a prefix
   * list is a reference only a matcher naming it (or `any`) matches. docs/policies.md, "Prefix lists".
   */
  prefixLists?: PrefixListResolutions;
  /**
   * The OUs (and root) the account sits under, at any depth, for the policy's `scope`. Absent, an
   * OU-scoped policy never lets the hub open a group to the internet (it fails closed).
   */
  organizationalUnits?: readonly string[];
  /**
   * What the hub last enforced on the group. Given, and that policy is sticky (`optOut: restore`)
   * while the tags have left it, the plan says which tags put it back (`Plan.restore`).
   */
  remembered?: { policy: string; mode: Mode };
  /**
   * The group's baseline, for a lock policy (docs/policies.md, "Lock policies"). Without it (or
   * with another group's or policy's) a locked group is neither judged nor changed: `Plan.lock`
   * says so. Ignored for other policies.
   */
  baseline?: Baseline;
}

const DIRECTIONS: readonly Direction[] = ['ingress', 'egress'];

function judgeGroup(input: PlanInput, policy: CompiledPolicy, account: string | undefined): Judgement {
  const { group, now } = input;
  const compiled = compilePolicyFile(input.policies);
  const evidence = changeEvidence(input.changes ?? [], group.groupId);
  const { prefixLists } = input;
  const { prepared, presentKeys } = groupRules(group, prefixLists);
  const live = liveExceptions(compiled, account, group.groupId, now);
  const violations: Violation[] = [];
  const revokes: Action[] = [];
  const authorizes: Action[] = [];
  const unverifiable: UnverifiableRule[] = [];
  const options = { ownerId: group.ownerId };
  for (const direction of DIRECTIONS) {
    const result = evaluateDirection({
      direction,
      groupId: group.groupId,
      rules: prepared.filter((entry) => entry.rule.direction === direction),
      presentKeys,
      spec: policy[direction],
      exceptions: live.filter((e) => e.exception.direction === direction),
      source: `policies.${policy.name}.${direction}`,
      evidence,
    });
    violations.push(...result.violations);
    unverifiable.push(...result.unverifiable);
    for (const { rule, cause } of result.offending) revokes.push(revokeAction(rule, cause, options));
    for (const { rules, cause } of result.missing) {
      if (cause === 'drift' && !mayOpen(input, policy, account, rules)) {
        // No confused deputy: a tag alone never makes the hub open a group to the internet.
        withhold(result.violations, rules);
        continue;
      }
      for (const permission of ipPermissionsFromRules(rules, options)) {
        authorizes.push({ type: 'authorize', direction, permission, rules, cause });
      }
    }
  }
  const judgement: Judgement = { violations, actions: [...revokes, ...authorizes] };
  if (live.length > 0) judgement.exceptions = inForce(live, prepared, group.groupId);
  if (prefixLists) judgement.unverifiable = byList(unverifiable);
  return judgement;
}

/** A lock policy's group, against its baseline (lock.ts). */
function judgeLockedGroup(input: PlanInput, policy: CompiledPolicy, account: string | undefined): Judgement {
  const { group, prefixLists } = input;
  const { prepared, presentKeys } = groupRules(group, prefixLists);
  const live = liveExceptions(compilePolicyFile(input.policies), account, group.groupId, input.now);
  const locked = judgeLocked({
    group,
    policy,
    baseline: input.baseline,
    changes: input.changes ?? [],
    prepared,
    presentKeys,
    live,
    ...(prefixLists ? { prefixLists } : {}),
  });
  const judgement: Judgement = { violations: locked.violations, actions: locked.actions, lock: locked.lock };
  if (!locked.judged) return judgement;
  if (live.length > 0) judgement.exceptions = inForce(live, prepared, group.groupId);
  if (prefixLists) judgement.unverifiable = byList(locked.unverifiable);
  return judgement;
}

function judge(input: PlanInput, policy: CompiledPolicy, account: string | undefined): Judgement {
  return policy.policy.lock === true
    ? judgeLockedGroup(input, policy, account)
    : judgeGroup(input, policy, account);
}

const INTERNET: PeerSpace = { kind: 'internet' };

/**
 * May the hub authorize these required rules the group did not have? Always when none is open to
 * the internet; otherwise only where the policy's `scope` names the account or one of its OUs.
 */
function mayOpen(
  input: PlanInput,
  policy: CompiledPolicy,
  account: string | undefined,
  rules: Rule[],
): boolean {
  const opens = rules.some((rule) =>
    peerOverlaps(INTERNET, prepareRule(rule).compiled.peer, input.group.groupId),
  );
  if (!opens) return true;
  const scope = policy.policy.scope;
  if (!scope) return false;
  if (account !== undefined && scope.accounts.includes(account)) return true;
  const ous = input.organizationalUnits ?? [];
  return scope.organizationalUnits.some((ou) => ous.includes(ou));
}

/** The missing rules' violations say why the hub did not put them back. */
function withhold(violations: Violation[], rules: Rule[]): void {
  const keys = new Set(rules.map(ruleKey));
  for (const violation of violations) {
    if (violation.code !== 'missing-required' || !keys.has(ruleKey(violation.rule))) continue;
    violation.reason +=
      "; not authorized: it opens the group to the internet, and the policy's scope does not name this account or its OUs";
  }
}

export function planGroup(input: PlanInput): Plan {
  const { group } = input;
  const account = input.account ?? group.ownerId;
  const plan: Plan = {
    groupId: group.groupId,
    managed: false,
    violations: [],
    actions: [],
    changes: input.changes ?? [],
    evaluatedAt: input.now.toISOString(),
  };
  if (account !== undefined) plan.account = account;
  if (group.region !== undefined) plan.region = group.region;
  const tagKeys = input.tagKeys ?? DEFAULT_TAG_KEYS;
  const { remembered } = input;
  const restore = remembered
    ? optInRestoration({ tags: group.tags, policies: input.policies, tagKeys, remembered })
    : undefined;
  if (restore) plan.restore = restore;
  const resolution = resolvePolicy(group.tags, compilePolicyFile(input.policies), tagKeys);
  switch (resolution.status) {
    case 'not-opted-in':
      return { ...plan, unmanagedReason: 'not-opted-in' };
    case 'unknown-policy':
      return { ...plan, policy: resolution.policyName, misconfiguration: resolution.message };
    case 'invalid-mode': {
      // Report what is wrong, change nothing: the mode the owner meant is unknown.
      const { violations, unverifiable, exceptions, lock } = judge(input, resolution.policy, account);
      return {
        ...plan,
        managed: true,
        policy: resolution.policy.name,
        misconfiguration: resolution.message,
        violations,
        ...(unverifiable ? { unverifiable } : {}),
        ...(exceptions ? { exceptions } : {}),
        ...(lock ? { lock } : {}),
      };
    }
    case 'managed': {
      const { violations, actions, unverifiable, exceptions, lock } = judge(
        input,
        resolution.policy,
        account,
      );
      return {
        ...plan,
        managed: true,
        policy: resolution.policy.name,
        mode: resolution.mode,
        violations,
        actions: resolution.mode === 'enforce' ? actions : [],
        ...(unverifiable ? { unverifiable } : {}),
        ...(exceptions ? { exceptions } : {}),
        ...(lock ? { lock } : {}),
      };
    }
  }
}
