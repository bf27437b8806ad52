/**
 * Telling "caused by this change" from "drift that was already there" (design.md section 3:
 * decisions come from the current state; events are only evidence).
 */
import { isRuleChange } from '../events/change-kinds';
import type { GroupChange } from '../events/types';
import { ruleKey } from '../rules/convert';
import type { Direction, Rule } from '../rules/types';
import type { Cause } from './types';

export interface ChangeEvidence {
  /** A rule now in the group (`key`: its ruleKey): did one of the changes add (or modify it into) it? */
  ofPresentRule(rule: Rule, key: string): Cause;
  /** A required rule now missing (`key`: its ruleKey): did one of the changes remove it? */
  ofMissingRule(rule: Rule, key: string): Cause;
}

export function changeEvidence(changes: GroupChange[], groupId: string): ChangeEvidence {
  const addedIds = new Set<string>();
  const addedKeys = new Set<string>();
  const removedKeys = new Set<string>();
  // Directions in which a change removed or modified rules known only by id: their shape is
  // unknown, so a missing required rule there may well be theirs.
  const removedByIdIn = new Set<Direction | 'any'>();
  for (const change of changes) {
    // Only rule changes bring or take rules; a tag or lifecycle change is evidence of nothing here.
    if (change.error || !isRuleChange(change) || !change.groupIds.includes(groupId)) continue;
    for (const rule of change.rulesAdded) {
      addedKeys.add(ruleKey(rule));
      if (rule.ruleId) addedIds.add(rule.ruleId);
    }
    for (const modified of change.rulesModified) {
      addedIds.add(modified.ruleId);
      if (modified.rule) addedKeys.add(ruleKey(modified.rule));
    }
    for (const rule of change.rulesRemoved) removedKeys.add(ruleKey(rule));
    if (change.ruleIdsRemoved.length > 0 || change.rulesModified.length > 0) {
      removedByIdIn.add(change.direction ?? 'any');
    }
  }
  // Keys are passed in (computed once per rule per evaluation): these run for every finding.
  return {
    ofPresentRule: (rule, key) =>
      (rule.ruleId !== undefined && addedIds.has(rule.ruleId)) || addedKeys.has(key) ? 'change' : 'drift',
    ofMissingRule: (rule, key) =>
      removedKeys.has(key) || removedByIdIn.has(rule.direction) || removedByIdIn.has('any')
        ? 'change'
        : 'drift',
  };
}
