/**
 * Judging one direction of a group against its policy, in the order of design.md section 5:
 * 1. a rule covered (contained) by a required permission or a live exception is never a violation;
 * 2. otherwise a rule a deny matcher overlaps is one;
 * 3. otherwise, where `allow` is given, a rule no allow matcher covers is one.
 * Then every required rule absent from the group is a `missing-required` violation.
 *
 * This runs for every rule of every evaluated group (up to 1,000 rules) within the hub's budget
 * of a few milliseconds per event: each rule arrives prepared (key and space computed once), the
 * loops below allocate nothing until a violation is found, and presence is a Set lookup.
 */
import type {
  CompiledDirection,
  CompiledEntry,
  CompiledException,
  CompiledRequired,
} from '../policy/compile';
import { type CompiledRule, compileMatcher, matcherCovers, matcherOverlaps } from '../policy/matcher';
import type { PeerSpace } from '../policy/peer';
import { peerOverlaps } from '../policy/peer';
import { ADMIN_PORT_MATCHERS } from '../policy/shipped';
import { type TrafficSpace, trafficOverlaps } from '../policy/traffic';
import { describeRule } from '../rules/describe';
import type { Direction, Rule } from '../rules/types';
import type { ChangeEvidence } from './cause';
import type { PreparedRule } from './prepare';
import type { Cause, Violation } from './types';

export interface DirectionContext {
  direction: Direction;
  groupId: string;
  /** The group's rules of this direction, prepared once per evaluation. */
  rules: PreparedRule[];
  /** Keys (ruleKey) of every rule of the group, to find missing required ones. */
  presentKeys: ReadonlySet<string>;
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
  /** `change` when a triggering change removed at least one of these rules. */
  cause: Cause;
}

export interface DirectionResult {
  violations: Violation[];
  /** Rules to revoke (each a `denied` or `not-allowed` violation), in group order. */
  offending: Violation[];
  /** Per required permission, the rules to authorize again. */
  missing: MissingRequired[];
}

const INTERNET: PeerSpace = { kind: 'internet' };
let adminTraffic: TrafficSpace[] | undefined;

/**
 * Flags that drive alert severity: reachable from the internet, and on an admin port. Every admin
 * port matcher's peer is the internet, so once the rule overlaps it only traffic is left to compare.
 */
function exposure(rule: Rule, compiled: CompiledRule, groupId: string) {
  adminTraffic ??= ADMIN_PORT_MATCHERS.map((matcher) => compileMatcher(matcher).traffic);
  const internet = peerOverlaps(INTERNET, compiled.peer, groupId);
  let adminPort = false;
  if (internet && rule.direction === 'ingress') {
    for (const traffic of adminTraffic) {
      if (trafficOverlaps(traffic, compiled.traffic)) {
        adminPort = true;
        break;
      }
    }
  }
  return { internet, adminPort };
}

function coveredByRequired(required: CompiledRequired[], rule: CompiledRule, groupId: string): boolean {
  for (const permission of required) {
    for (const entry of permission.rules) {
      if (matcherCovers(entry.compiled, rule, groupId)) return true;
    }
  }
  return false;
}

function coveredByAny(
  entries: readonly (CompiledEntry | CompiledException)[],
  rule: CompiledRule,
  groupId: string,
): boolean {
  for (const entry of entries) {
    if (matcherCovers(entry.compiled, rule, groupId)) return true;
  }
  return false;
}

function firstOverlapping(entries: CompiledEntry[], rule: CompiledRule, groupId: string) {
  for (const entry of entries) {
    if (matcherOverlaps(entry.compiled, rule, groupId)) return entry;
  }
  return undefined;
}

function judge({ rule, key, compiled }: PreparedRule, ctx: DirectionContext): Violation | undefined {
  const { spec, groupId } = ctx;
  if (coveredByRequired(spec.required, compiled, groupId)) return undefined;
  if (coveredByAny(ctx.exceptions, compiled, groupId)) return undefined;
  let code: 'denied' | 'not-allowed';
  let source: string;
  let verdict: string;
  const deny = firstOverlapping(spec.deny, compiled, groupId);
  if (deny) {
    code = 'denied';
    source = deny.source;
    verdict = 'is denied by';
  } else if (spec.allow && !coveredByAny(spec.allow, compiled, groupId)) {
    code = 'not-allowed';
    source = `${ctx.source}.allow`;
    verdict = 'is not allowed by';
  } else {
    return undefined;
  }
  // Only a violation is described, and its cause and exposure worked out.
  const { internet, adminPort } = exposure(rule, compiled, groupId);
  return {
    direction: ctx.direction,
    rule,
    cause: ctx.evidence.ofPresentRule(rule, key),
    internet,
    adminPort,
    code,
    source,
    reason: `${describeRule(rule)} ${verdict} ${source}`,
  };
}

export function evaluateDirection(ctx: DirectionContext): DirectionResult {
  const offending: Violation[] = [];
  for (const prepared of ctx.rules) {
    const violation = judge(prepared, ctx);
    if (violation) offending.push(violation);
  }
  const missing: MissingRequired[] = [];
  const missingViolations: Violation[] = [];
  // Required rules already listed as missing (by an earlier permission of this direction).
  const listed = new Set<string>();
  const absent = (entry: { key: string }) => !ctx.presentKeys.has(entry.key) && !listed.has(entry.key);
  for (const required of ctx.spec.required) {
    const entries = required.rules.filter(absent);
    if (entries.length === 0) continue;
    let cause: Cause = 'drift';
    for (const { rule, key } of entries) {
      listed.add(key);
      const ruleCause = ctx.evidence.ofMissingRule(rule, key);
      if (ruleCause === 'change') cause = 'change';
      missingViolations.push({
        code: 'missing-required',
        direction: ctx.direction,
        rule,
        reason: `${describeRule(rule)} is required by ${required.source} and missing`,
        source: required.source,
        cause: ruleCause,
        internet: false,
        adminPort: false,
      });
    }
    missing.push({ source: required.source, rules: entries.map((entry) => entry.rule), cause });
  }
  return { violations: [...offending, ...missingViolations], offending, missing };
}
