/**
 * Judging one direction of a group against its policy, in the order of design.md section 5:
 * 1. a rule covered (contained) by a required permission or a live exception is never a violation;
 * 2. otherwise a rule a deny matcher overlaps is one;
 * 3. otherwise, where `allow` is given, a rule no allow matcher covers is one.
 * Then every required rule absent from the group is a `missing-required` violation.
 */
import type { CompiledDirection, CompiledException } from '../policy/compile';
import {
  type CompiledMatcher,
  type CompiledRule,
  compileMatcher,
  compileRule,
  matcherCovers,
  matcherOverlaps,
} from '../policy/matcher';
import type { PeerSpace } from '../policy/peer';
import { peerOverlaps } from '../policy/peer';
import { ADMIN_PORT_MATCHERS } from '../policy/shipped';
import { ruleKey } from '../rules/convert';
import { describeRule } from '../rules/describe';
import type { Direction, Rule } from '../rules/types';
import type { ChangeEvidence } from './cause';
import type { Violation } from './types';

export interface DirectionContext {
  direction: Direction;
  groupId: string;
  /** The group's rules of this direction. */
  rules: Rule[];
  /** Keys (ruleKey) of every rule of the group, to find missing required ones. */
  presentKeys: Set<string>;
  spec: CompiledDirection;
  /** Exceptions live now and scoped to this group and direction. */
  exceptions: CompiledException[];
  /** `policies.<name>.<direction>` */
  source: string;
  evidence: ChangeEvidence;
}

export interface MissingRequired {
  source: string;
  rules: Rule[];
}

export interface DirectionResult {
  violations: Violation[];
  /** Rules to revoke (each a `denied` or `not-allowed` violation), in group order. */
  offending: Violation[];
  /** Per required permission, the rules to authorize again. */
  missing: MissingRequired[];
}

const INTERNET: PeerSpace = { kind: 'internet' };
let adminMatchers: CompiledMatcher[] | undefined;

/** Flags that drive alert severity: reachable from the internet, and on an admin port. */
function exposure(rule: Rule, compiled: CompiledRule, groupId: string) {
  adminMatchers ??= ADMIN_PORT_MATCHERS.map(compileMatcher);
  const internet = peerOverlaps(INTERNET, compiled.peer, groupId);
  const adminPort =
    internet &&
    rule.direction === 'ingress' &&
    adminMatchers.some((m) => matcherOverlaps(m, compiled, groupId));
  return { internet, adminPort };
}

function judge(rule: Rule, ctx: DirectionContext): Violation | undefined {
  const compiled = compileRule(rule);
  const covers = (m: CompiledMatcher) => matcherCovers(m, compiled, ctx.groupId);
  if (ctx.spec.required.some((required) => required.rules.some((r) => covers(r.compiled)))) return undefined;
  if (ctx.exceptions.some((e) => covers(e.compiled))) return undefined;
  const base = {
    direction: ctx.direction,
    rule,
    cause: ctx.evidence.ofPresentRule(rule),
    ...exposure(rule, compiled, ctx.groupId),
  };
  const deny = ctx.spec.deny.find((entry) => matcherOverlaps(entry.compiled, compiled, ctx.groupId));
  if (deny) {
    return {
      ...base,
      code: 'denied',
      source: deny.source,
      reason: `${describeRule(rule)} is denied by ${deny.source}`,
    };
  }
  if (ctx.spec.allow && !ctx.spec.allow.some((entry) => covers(entry.compiled))) {
    const source = `${ctx.source}.allow`;
    return {
      ...base,
      code: 'not-allowed',
      source,
      reason: `${describeRule(rule)} is not allowed by ${source}`,
    };
  }
  return undefined;
}

export function evaluateDirection(ctx: DirectionContext): DirectionResult {
  const offending = ctx.rules.map((rule) => judge(rule, ctx)).filter((v) => v !== undefined);
  const missing: MissingRequired[] = [];
  const missingViolations: Violation[] = [];
  const seen = new Set(ctx.presentKeys);
  for (const required of ctx.spec.required) {
    const rules = required.rules.map((r) => r.rule).filter((rule) => !seen.has(ruleKey(rule)));
    if (rules.length === 0) continue;
    for (const rule of rules) {
      seen.add(ruleKey(rule));
      missingViolations.push({
        code: 'missing-required',
        direction: ctx.direction,
        rule,
        reason: `${describeRule(rule)} is required by ${required.source} and missing`,
        source: required.source,
        cause: ctx.evidence.ofMissingRule(rule),
        internet: false,
        adminPort: false,
      });
    }
    missing.push({ source: required.source, rules });
  }
  return { violations: [...offending, ...missingViolations], offending, missing };
}
