/**
 * Large groups (EC2 allows up to 1,000 rules): the planner judges each rule on its own, so a
 * group's findings are those of its rules planned one at a time, in group order, whatever the size.
 */
import { planGroup } from '../../src/plan/plan';
import { SHIPPED_POLICIES } from '../../src/policy/shipped';
import type { Rule, SecurityGroupState } from '../../src/rules/types';

const now = new Date('2026-06-01T00:00:00Z');
const PORTS = [22, 80, 443, 3389, 8080, 5432];

function rule(i: number): Rule {
  const port = PORTS[i % PORTS.length]!;
  const cidr = i % 3 === 0 ? `10.${i >> 8}.${i & 255}.0/24` : `198.18.${i >> 8}.${i & 255}/32`;
  return {
    direction: i % 7 === 0 ? 'egress' : 'ingress',
    protocol: 'tcp',
    fromPort: port,
    toPort: port,
    peer: { kind: 'ipv4', cidr },
    ruleId: `sgr-${i}`,
  };
}

function group(policy: string, rules: Rule[]): SecurityGroupState {
  return {
    groupId: 'sg-0123456789abcdef0',
    ownerId: '111122223333',
    tags: { 'guardrail:policy': policy },
    rules,
  };
}

describe.each(['no-public-admin-ports', 'web-public'])('a 400-rule group under %s', (policy) => {
  const rules = Array.from({ length: 400 }, (_, i) => rule(i));
  const whole = planGroup({ group: group(policy, rules), policies: SHIPPED_POLICIES, now });
  const alone = rules.map((r) => planGroup({ group: group(policy, [r]), policies: SHIPPED_POLICIES, now }));

  it('finds exactly the violations of its rules planned one at a time, in group order', () => {
    const offending = (plan: typeof whole) => plan.violations.filter((v) => v.code !== 'missing-required');
    expect(offending(whole)).toEqual(alone.flatMap(offending));
    expect(offending(whole).length).toBeGreaterThan(0);
    expect(offending(whole).length).toBeLessThan(rules.length);
  });

  it('revokes each offending rule once, in group order, before authorizing', () => {
    const revoked = whole.actions.filter((a) => a.type === 'revoke').map((a) => a.rule.ruleId);
    expect(revoked).toEqual(
      alone.flatMap((p) => p.actions.filter((a) => a.type === 'revoke').map((a) => a.rule.ruleId)),
    );
    const types = whole.actions.map((a) => a.type);
    expect(types.slice(revoked.length).every((type) => type === 'authorize')).toBe(true);
  });

  it('lists each required rule it lacks as missing, once', () => {
    const missing = whole.violations.filter((v) => v.code === 'missing-required').map((v) => v.rule.fromPort);
    expect(missing).toEqual(policy === 'web-public' ? [80, 443] : []);
  });
});
