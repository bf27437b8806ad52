/**
 * A group's rules against its baseline, as `guardrail baseline show` tells them: rules the
 * baseline lacks, baseline rules the group lacks, and rules whose description differs. Only the
 * sets: what the policy's deny or a trusted change make of them is the planner's (plan/lock.ts).
 */
import { ruleKey } from '../rules/convert';
import type { Rule } from '../rules/types';
import type { Baseline } from './types';

export interface BaselineDiff {
  /** The group's rules not in the baseline, in group order. */
  added: Rule[];
  /** The baseline's rules the group lacks, in baseline order. */
  missing: Rule[];
  /** The group's rule and the baseline's, where only the description differs. */
  modified: { rule: Rule; baseline: Rule }[];
}

export function diffBaseline(baseline: Baseline, rules: readonly Rule[]): BaselineDiff {
  const approved = new Map(baseline.rules.map((rule) => [ruleKey(rule), rule]));
  const present = new Set<string>();
  const diff: BaselineDiff = { added: [], missing: [], modified: [] };
  for (const rule of rules) {
    const key = ruleKey(rule);
    present.add(key);
    const base = approved.get(key);
    if (!base) diff.added.push(rule);
    else if ((base.description ?? '') !== (rule.description ?? ''))
      diff.modified.push({ rule, baseline: base });
  }
  for (const [key, rule] of approved) if (!present.has(key)) diff.missing.push(rule);
  return diff;
}
