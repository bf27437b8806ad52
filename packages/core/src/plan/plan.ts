/**
 * The planner: given a group's current state, the policy file, the triggering changes (if any)
 * and the time, what is wrong and what to do. Pure and fast: the policy file is compiled once
 * (cached per object) and each rule once per call.
 */

import { DEFAULT_TAG_KEYS, type TagKeys } from '../contract/names';
import type { GroupChange } from '../events/types';
import { type CompiledPolicy, compilePolicyFile } from '../policy/compile';
import type { PolicyFile } from '../policy/types';
import { ipPermissionFromRule, ipPermissionsFromRules } from '../rules/convert';
import type { Direction, Rule, SecurityGroupState } from '../rules/types';
import { changeEvidence } from './cause';
import { evaluateDirection } from './evaluate';
import { prepareRule } from './prepare';
import { resolvePolicy } from './resolve';
import type { Action, Plan, Violation } from './types';

export interface PlanInput {
  group: SecurityGroupState;
  policies: PolicyFile;
  /** The changes that triggered this evaluation (none for a sweep). */
  changes?: GroupChange[];
  now: Date;
  tagKeys?: TagKeys;
  /** The account owning the group, for exceptions; defaults to `group.ownerId`. */
  account?: string;
}

const DIRECTIONS: readonly Direction[] = ['ingress', 'egress'];

/** What a revoke names: the rule without its description (EC2 matches revokes on the rest). */
function withoutDescription({ direction, protocol, fromPort, toPort, peer }: Rule): Rule {
  return { direction, protocol, fromPort, toPort, peer };
}

interface Judgement {
  violations: Violation[];
  actions: Action[];
}

function judgeGroup(input: PlanInput, policy: CompiledPolicy, account: string | undefined): Judgement {
  const { group, now } = input;
  const compiled = compilePolicyFile(input.policies);
  const evidence = changeEvidence(input.changes ?? [], group.groupId);
  // Every rule keyed and compiled once, here, and shared by every lookup and comparison below.
  const prepared = group.rules.map(prepareRule);
  const presentKeys = new Set(prepared.map((entry) => entry.key));
  const nowMs = now.getTime();
  const live = compiled.exceptions.filter(
    ({ exception, expiresAt }) =>
      nowMs < expiresAt &&
      exception.account === account &&
      (exception.groupId === undefined || exception.groupId === group.groupId),
  );
  const violations: Violation[] = [];
  const revokes: Action[] = [];
  const authorizes: Action[] = [];
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
    for (const { rule, cause } of result.offending) {
      const permission = ipPermissionFromRule(withoutDescription(rule), options);
      revokes.push(
        rule.ruleId
          ? { type: 'revoke', direction, ruleId: rule.ruleId, permission, rule, cause }
          : { type: 'revoke', direction, permission, rule, cause },
      );
    }
    for (const { rules, cause } of result.missing) {
      for (const permission of ipPermissionsFromRules(rules, options)) {
        authorizes.push({ type: 'authorize', direction, permission, rules, cause });
      }
    }
  }
  return { violations, actions: [...revokes, ...authorizes] };
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
  const resolution = resolvePolicy(
    group.tags,
    compilePolicyFile(input.policies),
    input.tagKeys ?? DEFAULT_TAG_KEYS,
  );
  switch (resolution.status) {
    case 'not-opted-in':
      return { ...plan, unmanagedReason: 'not-opted-in' };
    case 'unknown-policy':
      return { ...plan, policy: resolution.policyName, misconfiguration: resolution.message };
    case 'invalid-mode': {
      // Report what is wrong, change nothing: the mode the owner meant is unknown.
      const { violations } = judgeGroup(input, resolution.policy, account);
      return {
        ...plan,
        managed: true,
        policy: resolution.policy.name,
        misconfiguration: resolution.message,
        violations,
      };
    }
    case 'managed': {
      const { violations, actions } = judgeGroup(input, resolution.policy, account);
      return {
        ...plan,
        managed: true,
        policy: resolution.policy.name,
        mode: resolution.mode,
        violations,
        actions: resolution.mode === 'enforce' ? actions : [],
      };
    }
  }
}
