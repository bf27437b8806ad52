/**
 * A group's rule readied once per evaluation: its identity (ruleKey, for the present/missing and
 * cause lookups) and its compiled space (for every matcher comparison). Computing both once per
 * rule, instead of once per lookup or comparison, keeps the planner linear in the group's size.
 *
 * Given prefix list resolutions (`PlanInput.prefixLists`), a rule from a list also gets what the
 * list means (prefix-lists/resolve.ts): the CIDRs it holds, each as this rule's space with that
 * peer (`members`), or why it could not be verified (`unverifiable`).
 */
import { type CompiledRule, compileRule } from '../policy/matcher';
import { listMeaning } from '../prefix-lists/resolve';
import type { PrefixListResolutions } from '../prefix-lists/types';
import { ruleKey } from '../rules/convert';
import type { Rule } from '../rules/types';

/** One CIDR of the rule's prefix list, as a rule from that CIDR (same traffic). */
export interface PreparedMember {
  cidr: string;
  compiled: CompiledRule;
}

export interface PreparedRule {
  rule: Rule;
  key: string;
  compiled: CompiledRule;
  /** A rule from a resolved list matched as its CIDRs: the list's id and one member per CIDR. */
  list?: { id: string; members: PreparedMember[] };
  /** A rule from a list that could not be read (or was not resolved): judged as a reference. */
  unverifiable?: { prefixListId: string; reason: string };
}

export function prepareRule(rule: Rule, prefixLists?: PrefixListResolutions): PreparedRule {
  const prepared: PreparedRule = { rule, key: ruleKey(rule), compiled: compileRule(rule) };
  if (prefixLists === undefined || rule.peer.kind !== 'prefixList') return prepared;
  const meaning = listMeaning(rule.peer.prefixListId, prefixLists);
  if (meaning.kind === 'cidrs') {
    const { traffic } = prepared.compiled;
    prepared.list = {
      id: meaning.id,
      members: meaning.members.map(({ cidr, peer }) => ({ cidr, compiled: { traffic, peer } })),
    };
  } else if (meaning.kind === 'unverifiable') {
    prepared.unverifiable = { prefixListId: meaning.id, reason: meaning.reason };
  }
  return prepared;
}
