/**
 * What a bare rule exposes, with no policy to judge it by (the rules a change added in an account
 * the hub cannot act in). The same tests the planner flags violations with (plan/evaluate.ts):
 * `internet` when the rule's peer overlaps the internet (policy/peer.ts, net/internet.ts: any
 * address outside the private ranges; prefix lists and group references never), `adminPort`
 * when it is also ingress and overlaps one of the shipped admin and database ports
 * (ADMIN_PORT_MATCHERS of policy/shipped.ts, the `no-public-admin-ports` list: the planner uses
 * that one list for every policy, so a finding and a bare rule are rated alike).
 */
import type { RuleChange } from '../events/types';
import { type CompiledMatcher, compileMatcher, compileRule, matcherOverlaps } from '../policy/matcher';
import { peerOverlaps } from '../policy/peer';
import { ADMIN_PORT_MATCHERS } from '../policy/shipped';
import type { Rule } from '../rules/types';

export interface RuleExposure {
  internet: boolean;
  adminPort: boolean;
}

/** Compiled on first use, as the planner does. */
let adminPorts: readonly CompiledMatcher[] | undefined;

/**
 * The internet matcher's peer never compares with the evaluated group (no `self`), so a bare
 * rule needs no group id: any will do.
 */
const NO_GROUP = '';

export function ruleExposure(rule: Rule): RuleExposure {
  adminPorts ??= ADMIN_PORT_MATCHERS.map(compileMatcher);
  const compiled = compileRule(rule);
  const internet = peerOverlaps({ kind: 'internet' }, compiled.peer, NO_GROUP);
  const adminPort =
    internet &&
    rule.direction === 'ingress' &&
    adminPorts.some((matcher) => matcherOverlaps(matcher, compiled, NO_GROUP));
  return { internet, adminPort };
}

/**
 * The rules a change opened: those it added, and those it modified into a known shape. A failed
 * call (CloudTrail `errorCode`) opened nothing.
 */
export function rulesOpened(change: RuleChange): Rule[] {
  if (change.error) return [];
  return [
    ...change.rulesAdded,
    ...change.rulesModified.flatMap((modified) => (modified.rule ? [modified.rule] : [])),
  ];
}
