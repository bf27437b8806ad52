/**
 * A group's rule readied once per evaluation: its identity (ruleKey, for the present/missing and
 * cause lookups) and its compiled space (for every matcher comparison). Computing both once per
 * rule, instead of once per lookup or comparison, keeps the planner linear in the group's size.
 */
import { type CompiledRule, compileRule } from '../policy/matcher';
import { ruleKey } from '../rules/convert';
import type { Rule } from '../rules/types';

export interface PreparedRule {
  rule: Rule;
  key: string;
  compiled: CompiledRule;
}

export function prepareRule(rule: Rule): PreparedRule {
  return { rule, key: ruleKey(rule), compiled: compileRule(rule) };
}
