/** Which member of the change union a change is: the guards every consumer narrows with. */
import type { ChangeKind, GroupChange, RuleChange, SecurityGroupChange, TagChange } from './types';

const RULE_KINDS: ReadonlySet<ChangeKind> = new Set<RuleChange['kind']>([
  'authorize',
  'revoke',
  'modify',
  'update-description',
]);
const TAG_KINDS: ReadonlySet<ChangeKind> = new Set<TagChange['kind']>(['tag', 'untag']);

export function isRuleChange(change: SecurityGroupChange): change is RuleChange {
  return RULE_KINDS.has(change.kind);
}

export function isTagChange(change: SecurityGroupChange): change is TagChange {
  return TAG_KINDS.has(change.kind);
}

/** Every change but a tamper call or a prefix list's is about security groups. */
export function isGroupChange(change: SecurityGroupChange): change is GroupChange {
  return change.kind !== 'tamper' && change.kind !== 'prefix-list';
}

/** The groups a change names (none for a tamper call or a prefix list's). */
export function groupIdsOf(change: SecurityGroupChange): readonly string[] {
  return isGroupChange(change) ? change.groupIds : [];
}
