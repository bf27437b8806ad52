/**
 * `--group` with both halves of a group: `SecurityGroupRules` (describe-security-group-rules,
 * which plan prefers: it gives rule ids) and `IpPermissions` / `IpPermissionsEgress`
 * (describe-security-groups). The rules list alone decides the verdict, so it must be whole and
 * say the same as the permissions: a truncated page of 2 of 8 rules would otherwise hide the
 * RDP and SSH rules the permissions show, and plan would call the group compliant. We refuse
 * rather than let the permissions win: a disagreement means the two outputs were read apart,
 * and the user should read them again, not be given a guess.
 */
import {
  childPath,
  type Direction,
  describeRule,
  type GroupDocument,
  type Rule,
  ruleFromSecurityGroupRule,
  ruleKey,
  rulesFromIpPermissions,
} from '@guardrail/core';
import { InputFieldError } from './errors';

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
 * Throws InputFieldError when the rules are one page only (`NextToken`), or when, for a
 * direction the document gives permissions for, the group's rules and its permissions are not
 * the same rules (compared as EC2 does: protocol, ports and peer block; not descriptions).
 */
export function checkRulesAgree(document: GroupDocument, file: string): void {
  const { group, groupPath, rules, rulesPath, rulesNextToken } = document;
  const rulesAt = childPath(rulesPath, 'SecurityGroupRules');
  if (rulesNextToken !== undefined && rulesNextToken !== '') {
    throw new InputFieldError(
      file,
      childPath(rulesPath, 'NextToken'),
      `truncated: ${rulesAt} is one page of describe-security-group-rules (NextToken present: ${JSON.stringify(rulesNextToken)}); read every page (without --max-items)`,
    );
  }
  // Rules of other groups are not this group's; with none of its own, the permissions are used.
  const own = rules.filter((rule) => rule.GroupId === undefined || rule.GroupId === group.GroupId);
  if (own.length === 0) return;
  const fromRules = own.map(ruleFromSecurityGroupRule);
  const differences: string[] = [];
  for (const [direction, key] of Object.entries(PERMISSIONS) as [
    Direction,
    (typeof PERMISSIONS)[Direction],
  ][]) {
    const permissions = group[key];
    // A document without the key says nothing of that direction: nothing to compare with.
    if (permissions === undefined) continue;
    const listedRules = fromRules.filter((rule) => rule.direction === direction);
    const permitted = rulesFromIpPermissions(permissions, direction);
    const missing = without(permitted, listedRules);
    const extra = without(listedRules, permitted);
    const where = childPath(groupPath, key);
    if (missing.length > 0) {
      differences.push(`lacks ${missing.length} of the ${permitted.length} of ${where} (${listed(missing)})`);
    }
    if (extra.length > 0) differences.push(`has ${extra.length} not in ${where} (${listed(extra)})`);
  }
  if (differences.length > 0) {
    throw new InputFieldError(
      file,
      rulesAt,
      `disagrees with the group's permissions: ${differences.join('; ')}; read both outputs again, whole and at the same time`,
    );
  }
}
