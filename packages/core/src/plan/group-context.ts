/**
 * What every judgement of one group starts from, whatever its policy: the group's rules prepared
 * once (prepare.ts), the exceptions live for it, and the pieces the plan's output shares (revoke
 * actions, the exceptions in force, the unverifiable lists). Shared by the planner of ordinary
 * policies (plan.ts), of lock policies (lock.ts) and the baseline capture.
 */
import type { CompiledException, CompiledPolicyFile } from '../policy/compile';
import { matcherCovers } from '../policy/matcher';
import type { PrefixListResolutions, UnverifiablePrefixList } from '../prefix-lists/types';
import { ipPermissionFromRule, type PermissionOptions } from '../rules/convert';
import type { Rule, SecurityGroupState } from '../rules/types';
import type { UnverifiableRule } from './evaluate';
import { type PreparedRule, prepareRule } from './prepare';
import type { Action, Cause, ExceptionInForce, PlanLock, RevokeAction, Violation } from './types';

export interface Judgement {
  violations: Violation[];
  actions: Action[];
  /** Set when some exception is in force for the group. */
  exceptions?: ExceptionInForce[];
  /** Set when the input gives prefix lists. */
  unverifiable?: UnverifiablePrefixList[];
  /** Set for a lock policy. */
  lock?: PlanLock;
}

export interface GroupRules {
  /** Every rule keyed and compiled once, shared by every lookup and comparison. */
  prepared: PreparedRule[];
  presentKeys: ReadonlySet<string>;
}

export function groupRules(group: SecurityGroupState, prefixLists?: PrefixListResolutions): GroupRules {
  const prepared = group.rules.map((rule) => prepareRule(rule, prefixLists));
  return { prepared, presentKeys: new Set(prepared.map((entry) => entry.key)) };
}

/** The exceptions live at `now` (strictly before they expire) for the group's account and id. */
export function liveExceptions(
  compiled: CompiledPolicyFile,
  account: string | undefined,
  groupId: string,
  now: Date,
): CompiledException[] {
  const nowMs = now.getTime();
  return compiled.exceptions.filter(
    ({ exception, expiresAt }) =>
      nowMs < expiresAt &&
      exception.account === account &&
      (exception.groupId === undefined || exception.groupId === groupId),
  );
}

/** What a revoke names: the rule without its description (EC2 matches revokes on the rest). */
function withoutDescription({ direction, protocol, fromPort, toPort, peer }: Rule): Rule {
  return { direction, protocol, fromPort, toPort, peer };
}

/** Revoke one rule of the group: by id when known, and always by its shape. */
export function revokeAction(rule: Rule, cause: Cause, options: PermissionOptions): RevokeAction {
  const permission = ipPermissionFromRule(withoutDescription(rule), options);
  const { direction } = rule;
  return rule.ruleId
    ? { type: 'revoke', direction, ruleId: rule.ruleId, permission, rule, cause }
    : { type: 'revoke', direction, permission, rule, cause };
}

/** One entry per list, its rules in group order (ingress, then egress). */
export function byList(rules: UnverifiableRule[]): UnverifiablePrefixList[] {
  const lists = new Map<string, UnverifiablePrefixList>();
  for (const { rule, prefixListId, reason } of rules) {
    const entry = lists.get(prefixListId);
    if (entry) entry.rules.push(rule);
    else lists.set(prefixListId, { prefixListId, reason, rules: [rule] });
  }
  return [...lists.values()];
}

/** The live exceptions, each with whether it covers a rule of the group (or a CIDR of its list). */
export function inForce(
  live: CompiledException[],
  prepared: PreparedRule[],
  groupId: string,
): ExceptionInForce[] {
  return live.map(({ exception, source, compiled }) => ({
    id: exception.id ?? source,
    direction: exception.direction,
    reason: exception.reason,
    expires: exception.expires,
    applied: prepared.some(
      (entry) =>
        entry.rule.direction === exception.direction &&
        (matcherCovers(compiled, entry.compiled, groupId) ||
          (entry.list?.members.some((member) => matcherCovers(compiled, member.compiled, groupId)) ?? false)),
    ),
  }));
}
