/**
 * Judging one direction of a group against its policy, in the order of design.md section 5:
 * 1. a rule covered (contained) by a required permission or a live exception is never a violation;
 * 2. otherwise a rule a deny matcher overlaps is one;
 * 3. otherwise, where `allow` is given, a rule no allow matcher covers is one.
 * Then every required rule absent from the group is a `missing-required` violation.
 *
 * A rule from a resolved prefix list (prepare.ts: `list`) is judged as the rules from each CIDR
 * the list holds, after what names the list itself: covered by a required permission or an
 * exception that contains the list rule (a matcher naming the list, or `any`) -> fine; overlapped
 * by such a deny -> denied; otherwise it is a violation exactly when the rule from one of its
 * CIDRs would be (an allow naming the list covers every CIDR, a deny never stops at it). A list
 * that could not be read (`unverifiable`) is judged as a reference, as without resolutions, and
 * the rule is reported unverifiable when its verdict or severity depends on what the list holds.
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
import type { PreparedMember, PreparedRule } from './prepare';
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
  /** Rules from a prefix list that could not be read, whose verdict or severity depends on it. */
  unverifiable: UnverifiableRule[];
}

export interface UnverifiableRule {
  rule: Rule;
  prefixListId: string;
  reason: string;
}

const INTERNET: PeerSpace = { kind: 'internet' };
let adminTraffic: TrafficSpace[] | undefined;

/**
 * Flags that drive alert severity: reachable from the internet, and on an admin port. Every admin
 * port matcher's peer is the internet, so once the rule overlaps it only traffic is left to compare.
 * A rule from a resolved list is reachable from the internet when one of its CIDRs is.
 */
export function exposure(prepared: PreparedRule, groupId: string): { internet: boolean; adminPort: boolean } {
  adminTraffic ??= ADMIN_PORT_MATCHERS.map((matcher) => compileMatcher(matcher).traffic);
  const { rule, compiled, list } = prepared;
  const internet = list
    ? list.members.some((member) => peerOverlaps(INTERNET, member.compiled.peer, groupId))
    : peerOverlaps(INTERNET, compiled.peer, groupId);
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

/** Covered by a required permission or a live exception: never a violation. */
function exempt(rule: CompiledRule, ctx: DirectionContext): boolean {
  return (
    coveredByRequired(ctx.spec.required, rule, ctx.groupId) || coveredByAny(ctx.exceptions, rule, ctx.groupId)
  );
}

interface Finding {
  code: 'denied' | 'not-allowed';
  source: string;
  /** For a rule from a list: which of its CIDRs decided, " (pl-... holds 0.0.0.0/0)". */
  note?: string;
}

/**
 * The members of a resolved list, once nothing naming the list decided: the first denied member,
 * else the first member no allow covers (`allow` undefined: no allow is given, or one names the
 * list), else none.
 */
function judgeMembers(
  list: { id: string; members: readonly PreparedMember[] },
  allow: CompiledEntry[] | undefined,
  ctx: DirectionContext,
): Finding | undefined {
  const { spec, groupId } = ctx;
  let notAllowed: PreparedMember | undefined;
  const note = (member: PreparedMember) => ` (${list.id} holds ${member.cidr})`;
  for (const member of list.members) {
    if (exempt(member.compiled, ctx)) continue;
    const deny = firstOverlapping(spec.deny, member.compiled, groupId);
    if (deny) return { code: 'denied', source: deny.source, note: note(member) };
    if (allow && notAllowed === undefined && !coveredByAny(allow, member.compiled, groupId))
      notAllowed = member;
  }
  if (notAllowed === undefined) return undefined;
  return { code: 'not-allowed', source: `${ctx.source}.allow`, note: note(notAllowed) };
}

/** Does the list's content matter to this rule's verdict or severity (it was not exempt)? */
function dependsOnContent(compiled: CompiledRule, ctx: DirectionContext): boolean {
  const { allow, deny } = ctx.spec;
  return deny.length > 0 || (allow !== undefined && !coveredByAny(allow, compiled, ctx.groupId));
}

/** Step 1: covered by a required permission or a live exception, never a violation. */
export function isExempt(prepared: PreparedRule, ctx: DirectionContext): boolean {
  const { compiled, list } = prepared;
  if (exempt(compiled, ctx)) return true;
  // A list whose every CIDR a required permission or an exception covers is covered, as its
  // CIDRs would be: an exception for the internet is not undone by a deny of `any`.
  return list !== undefined && list.members.length > 0 && list.members.every((m) => exempt(m.compiled, ctx));
}

function judge(prepared: PreparedRule, ctx: DirectionContext, unverifiable: UnverifiableRule[]) {
  return isExempt(prepared, ctx) ? undefined : judgeUnexempt(prepared, ctx, unverifiable);
}

/**
 * Steps 2 and 3 for a rule that is not exempt: its `denied` or `not-allowed` violation, or
 * undefined. A rule from an unreadable list whose verdict depends on its content goes to
 * `unverifiable`.
 */
export function judgeUnexempt(
  prepared: PreparedRule,
  ctx: DirectionContext,
  unverifiable: UnverifiableRule[],
): Violation | undefined {
  const { rule, key, compiled, list } = prepared;
  const { spec, groupId } = ctx;
  if (prepared.unverifiable && dependsOnContent(compiled, ctx))
    unverifiable.push({ rule, ...prepared.unverifiable });
  let finding: Finding | undefined;
  const deny = firstOverlapping(spec.deny, compiled, groupId);
  if (deny) {
    finding = { code: 'denied', source: deny.source };
  } else if (list) {
    const allow = spec.allow && !coveredByAny(spec.allow, compiled, groupId) ? spec.allow : undefined;
    finding = judgeMembers(list, allow, ctx);
  } else if (spec.allow && !coveredByAny(spec.allow, compiled, groupId)) {
    finding = { code: 'not-allowed', source: `${ctx.source}.allow` };
  }
  if (finding === undefined) return undefined;
  // Only a violation is described, and its cause and exposure worked out.
  const { internet, adminPort } = exposure(prepared, groupId);
  const verdict = finding.code === 'denied' ? 'is denied by' : 'is not allowed by';
  const violation: Violation = {
    direction: ctx.direction,
    rule,
    cause: ctx.evidence.ofPresentRule(rule, key),
    internet,
    adminPort,
    code: finding.code,
    source: finding.source,
    reason: `${describeRule(rule)} ${verdict} ${finding.source}${finding.note ?? ''}`,
  };
  return violation;
}

export function evaluateDirection(ctx: DirectionContext): DirectionResult {
  const offending: Violation[] = [];
  const unverifiable: UnverifiableRule[] = [];
  for (const prepared of ctx.rules) {
    const violation = judge(prepared, ctx, unverifiable);
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
  return { violations: [...offending, ...missingViolations], offending, missing, unverifiable };
}
