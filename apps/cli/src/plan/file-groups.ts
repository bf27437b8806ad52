/**
 * The groups of `--group` (and the rules of `--rules`), read strictly and turned into the states
 * plan judges: shape first (core), then every field EC2 would refuse, then which group each rule
 * is of, then whether each group's rules and permissions agree. Every failure is one
 * InputFieldError naming the file, the JSON path and the value.
 */
import { groupStateFromEc2, type SecurityGroupState } from '@guardrail/core';
import { assignRules } from './assign-rules';
import { checkPermissionFields, checkRuleFields } from './group-fields';
import { readGroupInput } from './read-groups';
import type { JsonInput } from './read-json';
import { readRulesInput } from './read-rules';
import { checkRulesAgree } from './rules-agree';

export interface GroupFiles {
  group: JsonInput;
  rules?: JsonInput;
}

/** In the order of `--group`; a group with rules listed is given by them (rule ids known). */
export function groupsFromFiles({ group, rules }: GroupFiles): SecurityGroupState[] {
  const input = readGroupInput(group);
  const sources = rules === undefined ? input.sources : [...input.sources, readRulesInput(rules)];
  for (const entry of input.groups) checkPermissionFields(entry);
  for (const source of sources) checkRuleFields(source);
  const assigned = assignRules(input.groups, sources, group.name);
  return input.groups.map((entry) => {
    const own = assigned.get(entry.group.GroupId ?? '');
    if (own === undefined) return groupStateFromEc2(entry.group);
    checkRulesAgree(entry, own);
    return groupStateFromEc2(
      entry.group,
      own.rules.map(({ rule }) => rule),
    );
  });
}
