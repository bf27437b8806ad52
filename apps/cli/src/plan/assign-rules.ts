/**
 * Which group each rule of `--group` and `--rules` belongs to. A rule says its group
 * (`GroupId`, as describe-security-group-rules prints it); without one it belongs to the group it
 * sits in, or to the only group there is. Refused, each naming the file and path: a list that is
 * one page only (`NextToken`: the rules of a group would be cut, and its verdict with them), a
 * rule naming a group that `--group` does not give, and a group whose rules come from two lists
 * (which of them is whole could not be told).
 */
import { childPath } from '@guardrail/core';
import { InputFieldError } from './errors';
import type { GroupEntry, RuleAt, RuleSource } from './group-input';

/** One group's rules: the list they come from, and the rules of it that are the group's. */
export interface GroupRules {
  source: RuleSource;
  rules: RuleAt[];
}

function checkWhole(source: RuleSource): void {
  const { nextToken } = source;
  if (nextToken === undefined || nextToken === '') return;
  throw new InputFieldError(
    source.file,
    childPath(source.path, 'NextToken'),
    `truncated: ${childPath(source.path, 'SecurityGroupRules')} is one page of describe-security-group-rules (NextToken present: ${JSON.stringify(nextToken)}); read every page (without --max-items)`,
  );
}

function groupOf({ rule, path }: RuleAt, source: RuleSource, groups: GroupEntry[]): string {
  if (rule.GroupId !== undefined) return rule.GroupId;
  if (source.owner !== undefined) return source.owner;
  if (groups.length === 1) return groups[0]!.group.GroupId ?? '';
  throw new InputFieldError(
    source.file,
    childPath(path, 'GroupId'),
    `is required: with ${groups.length} groups in --group, each rule must name its group`,
  );
}

/** Each group's rules, by group id (a group with none is absent). Throws InputFieldError. */
export function assignRules(
  groups: GroupEntry[],
  sources: RuleSource[],
  /** The --group input's name, for the message naming a group it lacks. */
  groupFile: string,
): Map<string, GroupRules> {
  const known = new Set(groups.map(({ group }) => group.GroupId ?? ''));
  const assigned = new Map<string, GroupRules>();
  for (const source of sources) {
    checkWhole(source);
    for (const at of source.rules) {
      const groupId = groupOf(at, source, groups);
      if (!known.has(groupId)) {
        throw new InputFieldError(
          source.file,
          childPath(at.path, 'GroupId'),
          `${JSON.stringify(groupId)} is not a group of --group ${groupFile}: give that group too, or leave its rules out`,
        );
      }
      const own = assigned.get(groupId);
      if (own === undefined) assigned.set(groupId, { source, rules: [at] });
      else if (own.source === source) own.rules.push(at);
      else
        throw new InputFieldError(
          source.file,
          at.path,
          `rules of ${groupId} are given twice: here and in ${own.source.file}: ${childPath(own.source.path, 'SecurityGroupRules')}; give each group's rules once`,
        );
    }
  }
  return assigned;
}
