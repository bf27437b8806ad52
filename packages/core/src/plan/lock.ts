/**
 * Judging a group under a lock policy (docs/policies.md, "Lock policies"): its baseline is its
 * policy. Per direction, in this order, for each rule of the group:
 * 1. covered by a live exception -> fine (as for every policy);
 * 2. overlapped by a deny -> `denied`, revoked (deny always wins, baseline or not);
 * 3. its ruleKey not in the baseline -> `not-allowed`, revoked;
 * 4. in the baseline with another description -> `modified`, the baseline's put back.
 * Then each baseline rule the group lacks is `missing-required` and authorized again (only the
 * missing peers), unless a deny overlaps it: such a rule is never put back.
 *
 * No `scope` limits those authorizations: the baseline is the group's own approved state, not a
 * rule a tag could bring in. Without a baseline (or with another group's) nothing is judged:
 * a missing baseline never means "everything is allowed", and never "everything is wrong".
 *
 * When every triggering change is a trusted principal's (baseline/trust.ts), nothing is reverted
 * but denied rules: the engine records the group's rules (minus those) as the next baseline.
 */
import { trustedActor } from '../baseline/trust';
import type { Baseline } from '../baseline/types';
import type { GroupChange } from '../events/types';
import type { CompiledEntry, CompiledException, CompiledPolicy } from '../policy/compile';
import { type CompiledRule, matcherOverlaps } from '../policy/matcher';
import type { PrefixListResolutions } from '../prefix-lists/types';
import { ipPermissionFromRule, ipPermissionsFromRules, ruleKey } from '../rules/convert';
import { describeRule } from '../rules/describe';
import { normalizePorts, normalizeProtocol } from '../rules/protocol';
import type { Direction, Rule, SecurityGroupState } from '../rules/types';
import { type ChangeEvidence, changeEvidence } from './cause';
import { type DirectionContext, exposure, isExempt, judgeUnexempt, type UnverifiableRule } from './evaluate';
import { revokeAction } from './group-context';
import { type PreparedRule, prepareRule } from './prepare';
import type { Action, AuthorizeAction, Cause, PlanLock, UpdateDescriptionAction, Violation } from './types';

const DIRECTIONS: readonly Direction[] = ['ingress', 'egress'];

export interface LockInput {
  group: SecurityGroupState;
  policy: CompiledPolicy;
  baseline: Baseline | undefined;
  changes: GroupChange[];
  /** The group's rules, prepared once (group-context.ts). */
  prepared: PreparedRule[];
  presentKeys: ReadonlySet<string>;
  /** Exceptions live for the group. */
  live: CompiledException[];
  prefixLists?: PrefixListResolutions;
}

export interface LockJudgement {
  lock: PlanLock;
  /** False when there was no usable baseline: nothing was judged. */
  judged: boolean;
  violations: Violation[];
  /** Revokes, then authorizes, then description updates. */
  actions: Action[];
  unverifiable: UnverifiableRule[];
}

/** The context a lock policy judges one direction in: its deny matchers and the live exceptions. */
export function lockDirectionContext(
  direction: Direction,
  input: Pick<LockInput, 'group' | 'policy' | 'prepared' | 'presentKeys' | 'live'>,
  evidence: ChangeEvidence,
): DirectionContext {
  const { group, policy } = input;
  return {
    direction,
    groupId: group.groupId,
    rules: input.prepared.filter((entry) => entry.rule.direction === direction),
    presentKeys: input.presentKeys,
    // Only deny counts: required and allow have no place in a lock policy (the schema refuses them).
    spec: { required: [], deny: policy[direction].deny },
    exceptions: input.live.filter((e) => e.exception.direction === direction),
    source: `policies.${policy.name}.${direction}`,
    evidence,
  };
}

/** The rule's `denied` violation under the lock policy's deny (exceptions first), or undefined. */
export function lockDenied(
  prepared: PreparedRule,
  ctx: DirectionContext,
  unverifiable: UnverifiableRule[],
): Violation | undefined {
  return isExempt(prepared, ctx) ? undefined : judgeUnexempt(prepared, ctx, unverifiable);
}

/** Does a deny overlap the rule, or a CIDR of its list? (For baseline rules: never put back.) */
function overlapsDeny(prepared: PreparedRule, deny: CompiledEntry[], groupId: string): boolean {
  const hit = (compiled: CompiledRule) =>
    deny.some((entry) => matcherOverlaps(entry.compiled, compiled, groupId));
  return hit(prepared.compiled) || (prepared.list?.members.some((member) => hit(member.compiled)) ?? false);
}

const baselineIndexes = new WeakMap<Baseline, Map<string, Rule>>();

/** The baseline's rules by ruleKey, once per baseline object. */
function baselineIndex(baseline: Baseline): Map<string, Rule> {
  let index = baselineIndexes.get(baseline);
  if (!index) {
    index = new Map(baseline.rules.map((rule) => [ruleKey(rule), rule]));
    baselineIndexes.set(baseline, index);
  }
  return index;
}

function mismatch(baseline: Baseline, input: LockInput): string | undefined {
  const { groupId } = input.group;
  if (baseline.groupId !== groupId)
    return `the baseline given is group ${baseline.groupId}'s, not ${groupId}'s`;
  const { name } = input.policy;
  if (baseline.policy !== name)
    return `the baseline given was set under policy ${baseline.policy}, not ${name}`;
  return undefined;
}

const describedAs = (description: string) =>
  description === '' ? 'no description' : `description ${JSON.stringify(description)}`;

/** What one direction brings: violations in group order, then the missing ones. */
interface DirectionOutcome {
  offending: Violation[];
  modified: { violation: Violation; description: string }[];
  missing: Violation[];
}

function judgeDirection(
  ctx: DirectionContext,
  baseline: Baseline,
  trusted: boolean,
  input: LockInput,
  unverifiable: UnverifiableRule[],
): DirectionOutcome {
  const index = baselineIndex(baseline);
  const source = `baseline.v${baseline.version}`;
  const version = `the baseline (version ${baseline.version})`;
  const outcome: DirectionOutcome = { offending: [], modified: [], missing: [] };
  for (const prepared of ctx.rules) {
    if (isExempt(prepared, ctx)) continue;
    const denied = judgeUnexempt(prepared, ctx, unverifiable);
    if (denied) outcome.offending.push(denied);
    // A trusted change is accepted as it is: only what a deny catches is wrong.
    if (denied || trusted) continue;
    const { rule, key } = prepared;
    const approved = index.get(key);
    const cause = ctx.evidence.ofPresentRule(rule, key);
    if (!approved) {
      outcome.offending.push({
        code: 'not-allowed',
        direction: ctx.direction,
        rule,
        reason: `${describeRule(rule)} is not in ${version}`,
        source,
        cause,
        ...exposure(prepared, ctx.groupId),
      });
      continue;
    }
    const description = approved.description ?? '';
    const current = rule.description ?? '';
    if (description === current) continue;
    outcome.modified.push({
      description,
      violation: {
        code: 'modified',
        direction: ctx.direction,
        rule,
        reason: `${describeRule(rule)} has ${describedAs(current)} where ${version} has ${describedAs(description)}`,
        source,
        cause,
        // A description opens nothing.
        internet: false,
        adminPort: false,
      },
    });
  }
  if (trusted) return outcome;
  for (const rule of baseline.rules) {
    if (rule.direction !== ctx.direction) continue;
    const key = ruleKey(rule);
    if (ctx.presentKeys.has(key)) continue;
    if (overlapsDeny(prepareRule(rule, input.prefixLists), ctx.spec.deny, ctx.groupId)) continue;
    outcome.missing.push({
      code: 'missing-required',
      direction: ctx.direction,
      rule,
      reason: `${describeRule(rule)} is in ${version} and missing`,
      source,
      cause: ctx.evidence.ofMissingRule(rule, key),
      internet: false,
      adminPort: false,
    });
  }
  return outcome;
}

/**
 * The missing rules of one direction, one authorize per protocol and port range (as EC2 bundles
 * peers in an IpPermission), each carrying exactly its own rules with their baseline descriptions.
 */
function authorizeMissing(direction: Direction, missing: Violation[], ownerId?: string): AuthorizeAction[] {
  const heads = new Map<string, { rules: Rule[]; cause: Cause }>();
  for (const { rule, cause } of missing) {
    const protocol = normalizeProtocol(rule.protocol);
    const { fromPort, toPort } = normalizePorts(protocol, rule.fromPort, rule.toPort);
    const head = `${protocol}|${fromPort}|${toPort}`;
    const entry = heads.get(head);
    if (!entry) heads.set(head, { rules: [rule], cause });
    else {
      entry.rules.push(rule);
      if (cause === 'change') entry.cause = 'change';
    }
  }
  return [...heads.values()].map(({ rules, cause }) => ({
    type: 'authorize',
    direction,
    // One protocol and port range make exactly one IpPermission.
    permission: ipPermissionsFromRules(rules, { ownerId })[0] as AuthorizeAction['permission'],
    rules,
    cause,
  }));
}

function updateDescription(
  violation: Violation,
  description: string,
  ownerId?: string,
): UpdateDescriptionAction {
  const { rule, direction, cause } = violation;
  const { direction: d, protocol, fromPort, toPort, peer } = rule;
  const target: Rule = { direction: d, protocol, fromPort, toPort, peer };
  if (description !== '') target.description = description;
  const permission = ipPermissionFromRule(target, { ownerId });
  return rule.ruleId
    ? { type: 'update-description', direction, ruleId: rule.ruleId, permission, rule, description, cause }
    : { type: 'update-description', direction, permission, rule, description, cause };
}

export function judgeLocked(input: LockInput): LockJudgement {
  const { baseline, group } = input;
  const unjudged = (lock: PlanLock): LockJudgement => ({
    lock,
    judged: false,
    violations: [],
    actions: [],
    unverifiable: [],
  });
  if (!baseline) return unjudged({ status: 'no-baseline' });
  const wrong = mismatch(baseline, input);
  if (wrong) return unjudged({ status: 'baseline-mismatch', message: wrong });
  const by = trustedActor(input.changes, input.policy.policy, group.groupId);
  const evidence = changeEvidence(input.changes, group.groupId);
  const violations: Violation[] = [];
  const revokes: Action[] = [];
  const authorizes: Action[] = [];
  const updates: Action[] = [];
  const unverifiable: UnverifiableRule[] = [];
  const { ownerId } = group;
  for (const direction of DIRECTIONS) {
    const ctx = lockDirectionContext(direction, input, evidence);
    const { offending, modified, missing } = judgeDirection(
      ctx,
      baseline,
      by !== undefined,
      input,
      unverifiable,
    );
    violations.push(...offending, ...modified.map((entry) => entry.violation), ...missing);
    for (const { rule, cause } of offending) revokes.push(revokeAction(rule, cause, { ownerId }));
    authorizes.push(...authorizeMissing(direction, missing, ownerId));
    for (const { violation, description } of modified)
      updates.push(updateDescription(violation, description, ownerId));
  }
  const lock: PlanLock =
    by === undefined
      ? { status: 'enforced', version: baseline.version }
      : { status: 'rebaseline', version: baseline.version, by };
  return { lock, judged: true, violations, actions: [...revokes, ...authorizes, ...updates], unverifiable };
}
