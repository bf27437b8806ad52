/**
 * The lock policy's promise (issue 12), as properties: whatever untrusted changes a group goes
 * through, one reconcile (the plan's actions, applied as EC2 would) brings its rules back to exactly
 * the baseline minus the rules a deny catches (as a set of rules: ruleKey and description), and a
 * second plan plans nothing. After trusted changes, the plan only revokes denied rules, and the
 * baseline captured then holds the group as it is.
 */
import fc from 'fast-check';
import { captureBaseline } from '../../src/baseline/capture';
import type { Baseline } from '../../src/baseline/types';
import type { GroupChange } from '../../src/events/types';
import { planGroup } from '../../src/plan/plan';
import type { Action, Plan } from '../../src/plan/types';
import { compileMatcher, compileRule, matcherOverlaps } from '../../src/policy/matcher';
import type { Matcher, PolicyFile } from '../../src/policy/types';
import { ruleKey, rulesFromIpPermission } from '../../src/rules/convert';
import type { Rule, SecurityGroupState } from '../../src/rules/types';
import { ACCOUNT, ALICE, change, GROUP, HUB, NOW, PIPELINE, REGION } from '../baseline/fixtures';

const RUNS = 300;

// ---- rules -------------------------------------------------------------------------------------

const cidr = fc.constantFrom(
  '0.0.0.0/0',
  '10.0.0.0/8',
  '10.1.0.0/16',
  '172.16.0.0/12',
  '203.0.113.0/24',
  '198.51.100.7/32',
);
const peer = fc.oneof(
  cidr.map((c): Rule['peer'] => ({ kind: 'ipv4', cidr: c })),
  fc.constantFrom('::/0', '2001:db8::/32').map((c): Rule['peer'] => ({ kind: 'ipv6', cidr: c })),
  fc
    .constantFrom(GROUP, 'sg-0aaaaaaaaaaaaaaaa')
    .map((g): Rule['peer'] => ({ kind: 'securityGroup', groupId: g })),
  fc.constant<Rule['peer']>({ kind: 'prefixList', prefixListId: 'pl-0123456789abcdef0' }),
);
const traffic = fc.oneof(
  fc
    .tuple(fc.constantFrom('tcp', 'udp'), fc.constantFrom(22, 80, 443, 3306, 5432), fc.constantFrom(0, 0, 10))
    .map(([protocol, from, width]) => ({ protocol, fromPort: from, toPort: from + width })),
  fc.constant({ protocol: '-1', fromPort: -1, toPort: -1 }),
  fc.constant({ protocol: 'icmp', fromPort: 8, toPort: -1 }),
);
const description = fc.constantFrom<string | undefined>(undefined, 'app', 'vpn', 'temporary');

const ruleArbitrary: fc.Arbitrary<Rule> = fc
  .tuple(fc.constantFrom<Rule['direction']>('ingress', 'egress'), traffic, peer, description)
  .map(([direction, t, p, d]) => {
    const rule: Rule = { direction, ...t, peer: p };
    if (d !== undefined) rule.description = d;
    return rule;
  });

/** Distinct rules (by ruleKey), as a group or a baseline holds them. */
const ruleSet = fc.uniqueArray(ruleArbitrary, { selector: ruleKey, maxLength: 8 });

const denyPool: Matcher[] = [
  { protocol: 'tcp', ports: 22, peer: 'internet' },
  { protocol: 'tcp', ports: 3306, peer: { cidr: '10.0.0.0/8' } },
  { protocol: 'all', ports: 'all', peer: { cidr: '198.51.100.0/24' } },
  { protocol: 'udp', ports: 'all', peer: 'any' },
  { protocol: 'icmp', ports: 'all', peer: { securityGroup: 'self' } },
];
const denies = fc.subarray(denyPool);

function lockPolicies(ingress: Matcher[], egress: Matcher[]): PolicyFile {
  return {
    version: 1,
    policies: {
      locked: {
        mode: 'enforce',
        modeOverride: false,
        lock: true,
        trustedPrincipals: ['arn:aws:iam::*:role/cdk-*-cfn-exec-role-*'],
        ingress: { required: [], deny: ingress },
        egress: { required: [], deny: egress },
      },
    },
    exceptions: [],
  };
}

// ---- changes, applied as EC2 would ---------------------------------------------------------------

type Op =
  | { kind: 'add'; rule: Rule }
  | { kind: 'remove'; index: number }
  | { kind: 'describe'; index: number; description: string | undefined }
  | { kind: 'modify'; index: number; rule: Rule };

const op: fc.Arbitrary<Op> = fc.oneof(
  ruleArbitrary.map((rule): Op => ({ kind: 'add', rule })),
  fc.nat().map((index): Op => ({ kind: 'remove', index })),
  fc.tuple(fc.nat(), description).map(([index, d]): Op => ({ kind: 'describe', index, description: d })),
  fc.tuple(fc.nat(), ruleArbitrary).map(([index, rule]): Op => ({ kind: 'modify', index, rule })),
);

/** The group's rules, with ids as EC2 gives them. */
class Ec2Group {
  private next = 0;
  rules: Rule[] = [];

  constructor(rules: readonly Rule[]) {
    for (const rule of rules) this.add(rule);
  }

  private has(rule: Rule): boolean {
    return this.rules.some((r) => ruleKey(r) === ruleKey(rule));
  }

  /** AuthorizeSecurityGroup*: a duplicate is an error (InvalidPermission.Duplicate). */
  add(rule: Rule): Rule {
    if (this.has(rule)) throw new Error(`duplicate ${ruleKey(rule)}`);
    const added: Rule = { ...rule, ruleId: `sgr-${String(this.next++).padStart(8, '0')}` };
    if (added.description === undefined || added.description === '') delete added.description;
    this.rules.push(added);
    return added;
  }

  private find(ruleId: string | undefined, rule: Rule): number {
    const index = ruleId
      ? this.rules.findIndex((r) => r.ruleId === ruleId)
      : this.rules.findIndex((r) => ruleKey(r) === ruleKey(rule));
    if (index < 0) throw new Error(`no such rule ${ruleId ?? ruleKey(rule)}`);
    return index;
  }

  /** One untrusted change, as CloudTrail would tell it; undefined when EC2 would refuse it. */
  apply(o: Op): Omit<GroupChange, 'actor'> | undefined {
    const at = (index: number) => (this.rules.length === 0 ? undefined : index % this.rules.length);
    switch (o.kind) {
      case 'add': {
        if (this.has(o.rule)) return undefined;
        const added = this.add(o.rule);
        return change({ direction: o.rule.direction, rulesAdded: [added] });
      }
      case 'remove': {
        const index = at(o.index);
        if (index === undefined) return undefined;
        const [removed] = this.rules.splice(index, 1) as [Rule];
        return change({ kind: 'revoke', direction: removed.direction, rulesRemoved: [removed] });
      }
      case 'describe': {
        const index = at(o.index);
        if (index === undefined) return undefined;
        const rule = this.rules[index] as Rule;
        if (o.description === undefined) delete rule.description;
        else rule.description = o.description;
        return change({ kind: 'update-description', rulesModified: [{ ruleId: rule.ruleId as string }] });
      }
      case 'modify': {
        // ModifySecurityGroupRules: same id and direction, another shape.
        const index = at(o.index);
        if (index === undefined) return undefined;
        const old = this.rules[index] as Rule;
        const shaped: Rule = { ...o.rule, direction: old.direction, ruleId: old.ruleId as string };
        if (this.rules.some((r, i) => i !== index && ruleKey(r) === ruleKey(shaped))) return undefined;
        this.rules[index] = shaped;
        return change({ kind: 'modify', rulesModified: [{ ruleId: old.ruleId as string }] });
      }
    }
  }

  /** What the hub's calls do: revoke (by id, else by shape), authorize, update a description. */
  execute(actions: readonly Action[]): void {
    for (const action of actions) {
      switch (action.type) {
        case 'revoke':
          this.rules.splice(this.find(action.ruleId, action.rule), 1);
          break;
        case 'authorize':
          for (const rule of rulesFromIpPermission(action.permission, action.direction)) this.add(rule);
          break;
        case 'update-description': {
          const rule = this.rules[this.find(action.ruleId, action.rule)] as Rule;
          if (action.description === '') delete rule.description;
          else rule.description = action.description;
          break;
        }
      }
    }
  }

  state(): SecurityGroupState {
    return {
      groupId: GROUP,
      ownerId: ACCOUNT,
      region: REGION,
      tags: { 'guardrail:policy': 'locked' },
      rules: this.rules,
    };
  }
}

/** A set of rules as the lock compares them: ruleKey and description. */
function asSet(rules: readonly Rule[]): string[] {
  return rules.map((rule) => `${ruleKey(rule)} "${rule.description ?? ''}"`).sort();
}

function deniedBy(policies: PolicyFile, rule: Rule): boolean {
  const deny = policies.policies.locked?.[rule.direction].deny ?? [];
  return deny.some((matcher) => matcherOverlaps(compileMatcher(matcher), compileRule(rule), GROUP));
}

function baselineOf(rules: Rule[]): Baseline {
  return {
    schemaVersion: 1,
    account: ACCOUNT,
    region: REGION,
    groupId: GROUP,
    policy: 'locked',
    version: 4,
    rules,
    setAt: NOW.toISOString(),
    setBy: { principal: HUB, reason: 'captured' },
    history: [],
  };
}

function plan(group: Ec2Group, policies: PolicyFile, baseline: Baseline, changes: GroupChange[] = []): Plan {
  return planGroup({ group: group.state(), policies, baseline, changes, now: NOW });
}

describe('lock policy properties', () => {
  it('one reconcile after untrusted changes brings the group back to the baseline minus denied rules; a second plans nothing', () => {
    fc.assert(
      fc.property(
        ruleSet,
        denies,
        denies,
        fc.array(op, { maxLength: 10 }),
        fc.boolean(),
        (rules, inDeny, outDeny, ops, asEvents) => {
          const policies = lockPolicies(inDeny, outDeny);
          // A baseline may hold a rule a deny catches (a deny written after it): deny wins.
          const baseline = baselineOf(rules);
          const group = new Ec2Group(rules);
          const changes: GroupChange[] = [];
          for (const o of ops) {
            const made = group.apply(o);
            if (made) changes.push({ ...made, actor: ALICE } as GroupChange);
          }
          const first = plan(group, policies, baseline, asEvents ? changes : []);
          expect(first.lock).toEqual({ status: 'enforced', version: 4 });
          group.execute(first.actions);
          expect(asSet(group.rules)).toEqual(asSet(rules.filter((rule) => !deniedBy(policies, rule))));
          const second = plan(group, policies, baseline);
          expect(second.actions).toEqual([]);
          expect(second.violations).toEqual([]);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('after trusted changes only denied rules are revoked, and the baseline then captured holds the group as it is', () => {
    fc.assert(
      fc.property(
        ruleSet,
        denies,
        denies,
        fc.array(op, { minLength: 1, maxLength: 6 }),
        (rules, inDeny, outDeny, ops) => {
          const policies = lockPolicies(inDeny, outDeny);
          const baseline = captureBaseline({
            group: new Ec2Group(rules).state(),
            policies,
            policyName: 'locked',
            by: HUB,
            reason: 'captured',
            now: NOW,
          }).baseline;
          const group = new Ec2Group(baseline.rules);
          const changes: GroupChange[] = [];
          for (const o of ops) {
            const made = group.apply(o);
            if (made) changes.push({ ...made, actor: PIPELINE } as GroupChange);
          }
          fc.pre(changes.length > 0);
          const before = [...group.rules];
          const first = plan(group, policies, baseline, changes);
          expect(first.lock).toEqual({ status: 'rebaseline', version: 1, by: PIPELINE.arn });
          expect(first.actions.every((a) => a.type === 'revoke')).toBe(true);
          group.execute(first.actions);
          expect(asSet(group.rules)).toEqual(asSet(before.filter((rule) => !deniedBy(policies, rule))));
          const next = captureBaseline({
            group: group.state(),
            policies,
            policyName: 'locked',
            by: PIPELINE.arn as string,
            reason: 'trusted-change',
            now: NOW,
            previous: baseline,
          });
          expect(next.denied).toEqual([]);
          expect(next.baseline.version).toBe(2);
          expect(plan(group, policies, next.baseline).actions).toEqual([]);
        },
      ),
      { numRuns: RUNS },
    );
  });
});
