/**
 * A group given by both halves: its rules (`SecurityGroupRules`, describe-security-group-rules,
 * which plan prefers: they give rule ids) and its permissions (`IpPermissions` /
 * `IpPermissionsEgress`, describe-security-groups), in one file or two (`--rules`). The rules
 * alone decide the verdict, so they must say the same as the permissions: rules read at another
 * moment, or for part of the group, would otherwise hide the RDP and SSH rules the permissions
 * show, and plan would call the group compliant. We refuse rather than let the permissions win:
 * a disagreement means the two outputs were read apart, and the user should read them again, not
 * be given a guess. (A list that is one page only is refused before: assign-rules.ts.)
 */
import {
  childPath,
  type Direction,
  describeRule,
  type Rule,
  ruleFromSecurityGroupRule,
  ruleKey,
  rulesFromIpPermissions,
} from '@guardrail/core';
import type { GroupRules } from './assign-rules';
import { InputFieldError } from './errors';
import type { GroupEntry } from './group-input';

/** Rules listed in a message; more are counted, so the message stays one readable line. */
const LISTED = 5;

function listed(rules: Rule[]): string {
  const words = rules.slice(0, LISTED).map(describeRule);
  if (rules.length > LISTED) words.push(`and ${rules.length - LISTED} more`);
  return words.join(', ');
}

/** What `a` has that `b` lacks, counting repeats (two equal rules need two). */
function without(a: Rule[], b: Rule[]): Rule[] {
  const counts = new Map<string, number>();
  for (const rule of b) counts.set(ruleKey(rule), (counts.get(ruleKey(rule)) ?? 0) + 1);
  return a.filter((rule) => {
    const key = ruleKey(rule);
    const left = counts.get(key) ?? 0;
    if (left > 0) counts.set(key, left - 1);
    return left === 0;
  });
}

const PERMISSIONS: Record<Direction, 'IpPermissions' | 'IpPermissionsEgress'> = {
  ingress: 'IpPermissions',
  egress: 'IpPermissionsEgress',
};

/**
 * Throws InputFieldError when, for a direction the group gives permissions for, its rules and
 * its permissions are not the same rules (compared as EC2 does: protocol, ports and peer block;
 * not descriptions).
 */
export function checkRulesAgree(entry: GroupEntry, { source, rules }: GroupRules): void {
  const { group } = entry;
  const fromRules = rules.map(({ rule }) => ruleFromSecurityGroupRule(rule));
  const differences: string[] = [];
  for (const [direction, key] of Object.entries(PERMISSIONS) as [
    Direction,
    (typeof PERMISSIONS)[Direction],
  ][]) {
    const permissions = group[key];
    // A group without the key says nothing of that direction: nothing to compare with.
    if (permissions === undefined) continue;
    const listedRules = fromRules.filter((rule) => rule.direction === direction);
    const permitted = rulesFromIpPermissions(permissions, direction);
    const missing = without(permitted, listedRules);
    const extra = without(listedRules, permitted);
    const path = childPath(entry.path, key);
    const where = entry.file === source.file ? path : `${entry.file}: ${path}`;
    if (missing.length > 0) {
      differences.push(`lacks ${missing.length} of the ${permitted.length} of ${where} (${listed(missing)})`);
    }
    if (extra.length > 0) differences.push(`has ${extra.length} not in ${where} (${listed(extra)})`);
  }
  if (differences.length > 0) {
    throw new InputFieldError(
      source.file,
      childPath(source.path, 'SecurityGroupRules'),
      `disagrees with the permissions of ${group.GroupId}: ${differences.join('; ')}; read both outputs again, whole and at the same time`,
    );
  }
}
