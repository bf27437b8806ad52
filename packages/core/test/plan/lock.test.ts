/** The planner under a lock policy (docs/policies.md, "Lock policies"): the baseline is the policy. */

import type { GroupChange } from '../../src/events/types';
import { planGroup } from '../../src/plan/plan';
import type { Plan } from '../../src/plan/types';
import type { Rule } from '../../src/rules/types';
import {
  ACCOUNT,
  ALICE,
  APPROVED,
  baseline,
  CI,
  change,
  egress,
  GROUP,
  group,
  NOW,
  PIPELINE,
  POLICIES,
  tcp,
} from '../baseline/fixtures';

const BASELINE = baseline();
const [pg10, pg172, lb, out] = APPROVED as [Rule, Rule, Rule, Rule];

function plan(rules: Rule[], extra: { changes?: GroupChange[]; tags?: Record<string, string> } = {}): Plan {
  return planGroup({
    group: group(rules, extra.tags),
    policies: POLICIES,
    now: NOW,
    baseline: BASELINE,
    ...(extra.changes ? { changes: extra.changes } : {}),
  });
}

const summary = (p: Plan) => p.violations.map((v) => `${v.code} ${v.reason}`);

describe('a locked group without a usable baseline', () => {
  it('is neither judged nor changed without a baseline, even with SSH open to the world', () => {
    const result = planGroup({ group: group([tcp(22)]), policies: POLICIES, now: NOW });
    expect(result).toMatchObject({
      managed: true,
      policy: 'db',
      mode: 'enforce',
      violations: [],
      actions: [],
    });
    expect(result.lock).toEqual({ status: 'no-baseline' });
    expect(result.exceptions).toBeUndefined();
  });

  it("treats another group's baseline as none", () => {
    const other = { ...BASELINE, groupId: 'sg-0ffffffffffffffff' };
    const result = planGroup({ group: group([tcp(22)]), policies: POLICIES, now: NOW, baseline: other });
    expect(result.actions).toEqual([]);
    expect(result.lock).toEqual({
      status: 'baseline-mismatch',
      message: `the baseline given is group sg-0ffffffffffffffff's, not ${GROUP}'s`,
    });
  });

  it("treats another policy's baseline as none", () => {
    const result = planGroup({
      group: group([tcp(22)]),
      policies: POLICIES,
      now: NOW,
      baseline: baseline(APPROVED, 'db-audit'),
      prefixLists: new Map(),
    });
    expect(result.lock).toEqual({
      status: 'baseline-mismatch',
      message: 'the baseline given was set under policy db-audit, not db',
    });
    expect(result.unverifiable).toBeUndefined();
  });
});

describe('a locked group against its baseline', () => {
  it('is compliant when it has exactly the baseline rules', () => {
    const result = plan(APPROVED);
    expect(result.violations).toEqual([]);
    expect(result.actions).toEqual([]);
    expect(result.lock).toEqual({ status: 'enforced', version: 3 });
  });

  it('revokes a rule that is not in the baseline, ingress and egress', () => {
    const added = tcp(8080, '10.0.0.0/8', { ruleId: 'sgr-0new' });
    const addedOut = egress('192.0.2.0/24');
    const result = plan([...APPROVED, added, addedOut]);
    expect(summary(result)).toEqual([
      'not-allowed tcp 8080 from 10.0.0.0/8 is not in the baseline (version 3)',
      'not-allowed all traffic to 192.0.2.0/24 is not in the baseline (version 3)',
    ]);
    expect(result.violations[0]).toMatchObject({ source: 'baseline.v3', cause: 'drift', internet: false });
    expect(result.violations[1]).toMatchObject({ direction: 'egress', internet: true, adminPort: false });
    expect(result.actions).toEqual([
      {
        type: 'revoke',
        direction: 'ingress',
        ruleId: 'sgr-0new',
        permission: { IpProtocol: 'tcp', FromPort: 8080, ToPort: 8080, IpRanges: [{ CidrIp: '10.0.0.0/8' }] },
        rule: added,
        cause: 'drift',
      },
      {
        type: 'revoke',
        direction: 'egress',
        permission: { IpProtocol: '-1', IpRanges: [{ CidrIp: '192.0.2.0/24' }] },
        rule: addedOut,
        cause: 'drift',
      },
    ]);
  });

  it('says a rule a change brought was brought by it', () => {
    const added = tcp(8080, '10.0.0.0/8');
    const result = plan([...APPROVED, added], { changes: [change({ actor: ALICE, rulesAdded: [added] })] });
    expect(result.violations[0]).toMatchObject({ code: 'not-allowed', cause: 'change' });
    expect(result.lock).toEqual({ status: 'enforced', version: 3 });
  });

  it('authorizes only the missing baseline peers, one IpPermission per protocol and ports, with their descriptions', () => {
    const result = plan([pg10]);
    expect(summary(result)).toEqual([
      'missing-required tcp 5432 from 172.16.0.0/12 is in the baseline (version 3) and missing',
      'missing-required tcp 443 from sg-0aaaaaaaaaaaaaaaa (account 111122223333) is in the baseline (version 3) and missing',
      'missing-required all traffic to 10.0.0.0/8 is in the baseline (version 3) and missing',
    ]);
    expect(result.violations.every((v) => v.source === 'baseline.v3' && v.cause === 'drift')).toBe(true);
    expect(result.actions.map((a) => (a.type === 'authorize' ? a.permission : a.type))).toEqual([
      {
        IpProtocol: 'tcp',
        FromPort: 5432,
        ToPort: 5432,
        IpRanges: [{ CidrIp: '172.16.0.0/12', Description: 'vpn' }],
      },
      {
        IpProtocol: 'tcp',
        FromPort: 443,
        ToPort: 443,
        UserIdGroupPairs: [{ GroupId: 'sg-0aaaaaaaaaaaaaaaa' }],
      },
      { IpProtocol: '-1', IpRanges: [{ CidrIp: '10.0.0.0/8' }] },
    ]);
  });

  it('groups the missing peers of one protocol and port range in one authorize, caused by the change that removed one', () => {
    const result = plan([lb, out], { changes: [change({ kind: 'revoke', rulesRemoved: [pg172] })] });
    expect(result.actions).toHaveLength(1);
    expect(result.actions[0]).toMatchObject({
      type: 'authorize',
      direction: 'ingress',
      cause: 'change',
      permission: {
        IpRanges: [
          { CidrIp: '10.0.0.0/8', Description: 'app servers' },
          { CidrIp: '172.16.0.0/12', Description: 'vpn' },
        ],
      },
    });
    expect(result.violations.map((v) => v.cause)).toEqual(['drift', 'change']);
  });

  it('needs no scope to put back a baseline rule open to the internet', () => {
    const web = tcp(443, '0.0.0.0/0', { description: 'public' });
    const locked = baseline([web]);
    const result = planGroup({ group: group([]), policies: POLICIES, now: NOW, baseline: locked });
    expect(result.actions).toMatchObject([{ type: 'authorize', rules: [{ fromPort: 443 }] }]);
  });

  it("puts a baseline rule's description back, by id when known", () => {
    const renamed = { ...pg10, description: 'anyone' };
    const cleared: Rule = { ...pg172, ruleId: undefined, description: undefined };
    delete cleared.ruleId;
    delete cleared.description;
    const result = plan([renamed, cleared, lb, out]);
    expect(summary(result)).toEqual([
      'modified tcp 5432 from 10.0.0.0/8 has description "anyone" where the baseline (version 3) has description "app servers"',
      'modified tcp 5432 from 172.16.0.0/12 has no description where the baseline (version 3) has description "vpn"',
    ]);
    expect(result.violations[0]).toMatchObject({
      rule: renamed,
      internet: false,
      adminPort: false,
      source: 'baseline.v3',
    });
    expect(result.actions).toEqual([
      {
        type: 'update-description',
        direction: 'ingress',
        ruleId: 'sgr-0pg10',
        permission: {
          IpProtocol: 'tcp',
          FromPort: 5432,
          ToPort: 5432,
          IpRanges: [{ CidrIp: '10.0.0.0/8', Description: 'app servers' }],
        },
        rule: renamed,
        description: 'app servers',
        cause: 'drift',
      },
      {
        type: 'update-description',
        direction: 'ingress',
        permission: {
          IpProtocol: 'tcp',
          FromPort: 5432,
          ToPort: 5432,
          IpRanges: [{ CidrIp: '172.16.0.0/12', Description: 'vpn' }],
        },
        rule: cleared,
        description: 'vpn',
        cause: 'drift',
      },
    ]);
  });

  it('removes a description the baseline rule does not have', () => {
    const result = plan([pg10, pg172, { ...lb, description: 'added' }, out], {
      changes: [change({ kind: 'update-description', rulesModified: [{ ruleId: 'sgr-0lb' }] })],
    });
    expect(result.actions).toMatchObject([{ type: 'update-description', description: '', cause: 'change' }]);
    expect(result.actions[0]).toHaveProperty('permission.UserIdGroupPairs', [
      { GroupId: 'sg-0aaaaaaaaaaaaaaaa' },
    ]);
  });

  it('reverts a modified rule: the new shape revoked by id, the baseline shape authorized again', () => {
    const modified = { ...pg10, fromPort: 5433, toPort: 5433 };
    const result = plan([modified, pg172, lb, out], {
      changes: [change({ kind: 'modify', rulesModified: [{ ruleId: 'sgr-0pg10' }] })],
    });
    expect(result.actions).toMatchObject([
      { type: 'revoke', ruleId: 'sgr-0pg10', rule: { fromPort: 5433 }, cause: 'change' },
      { type: 'authorize', rules: [{ fromPort: 5432, description: 'app servers' }], cause: 'change' },
    ]);
  });

  it('orders actions revokes, authorizes, description updates', () => {
    const result = plan([{ ...pg10, description: 'x' }, lb, out, tcp(1, '10.0.0.0/8')]);
    expect(result.actions.map((a) => a.type)).toEqual(['revoke', 'authorize', 'update-description']);
  });
});

describe('deny in a lock policy', () => {
  const ssh = tcp(22, '0.0.0.0/0', { ruleId: 'sgr-0ssh', description: 'approved before the deny' });
  // A baseline from before the deny was written: capture leaves denied rules out, so write it by hand.
  const withSsh = { ...BASELINE, rules: [...BASELINE.rules, { ...ssh, ruleId: undefined }] };
  delete withSsh.rules[withSsh.rules.length - 1]?.ruleId;

  it('wins over the baseline: a denied baseline rule is revoked', () => {
    const result = planGroup({
      group: group([...APPROVED, ssh]),
      policies: POLICIES,
      now: NOW,
      baseline: withSsh,
    });
    expect(summary(result)).toEqual([
      'denied tcp 22 from 0.0.0.0/0 is denied by policies.db.ingress.deny[0]',
    ]);
    expect(result.violations[0]).toMatchObject({ internet: true, adminPort: true });
    expect(result.actions).toMatchObject([{ type: 'revoke', ruleId: 'sgr-0ssh' }]);
  });

  it('never puts a denied baseline rule back', () => {
    const result = planGroup({ group: group(APPROVED), policies: POLICIES, now: NOW, baseline: withSsh });
    expect(result.violations).toEqual([]);
    expect(result.actions).toEqual([]);
  });

  it('never puts back a baseline rule from a list that holds a denied CIDR', () => {
    const fromList: Rule = { ...tcp(22), peer: { kind: 'prefixList', prefixListId: 'pl-0123456789abcdef0' } };
    const locked = { ...BASELINE, rules: [...BASELINE.rules, fromList] };
    const list = {
      id: 'pl-0123456789abcdef0',
      owner: 'customer',
      entries: ['10.0.0.0/8', '0.0.0.0/0'],
    } as const;
    const result = planGroup({
      group: group(APPROVED),
      policies: POLICIES,
      now: NOW,
      baseline: locked,
      prefixLists: new Map([[list.id, list]]),
    });
    expect(result.actions).toEqual([]);
    expect(result.unverifiable).toEqual([]);
  });

  it('lets a live exception cover a rule, as for every policy', () => {
    const vendor = tcp(22, '203.0.113.0/24');
    const result = plan([...APPROVED, vendor]);
    expect(result.violations).toEqual([]);
    expect(result.exceptions).toEqual([
      { id: 'CHG-1', direction: 'ingress', reason: 'vendor', expires: '2027-01-01T00:00:00Z', applied: true },
    ]);
  });
});

describe('changes by trusted principals', () => {
  const added = tcp(8080, '10.0.0.0/8');
  const ssh = tcp(22, '0.0.0.0/0', { ruleId: 'sgr-0ssh' });
  const pipelineChange = change({ actor: PIPELINE, rulesAdded: [added, ssh], rulesRemoved: [pg172] });

  it('are accepted (rebaseline), but for the rules a deny catches', () => {
    const result = plan([pg10, lb, out, added, ssh], { changes: [pipelineChange] });
    expect(result.lock).toEqual({ status: 'rebaseline', version: 3, by: PIPELINE.arn });
    expect(summary(result)).toEqual([
      'denied tcp 22 from 0.0.0.0/0 is denied by policies.db.ingress.deny[0]',
    ]);
    expect(result.actions).toMatchObject([{ type: 'revoke', ruleId: 'sgr-0ssh' }]);
  });

  it('credit the newest trusted change, matched by the caller ARN or the role ARN', () => {
    const tag = change.tag({ actor: CI, eventTime: '2026-06-01T00:00:05Z', tagsSet: { team: 'db' } });
    const failed = change({ actor: ALICE, error: { code: 'UnauthorizedOperation' } });
    const elsewhere = change({ actor: ALICE, groupIds: ['sg-0ffffffffffffffff'] });
    const result = plan([pg10, lb, out, added], { changes: [pipelineChange, tag, failed, elsewhere] });
    expect(result.lock).toEqual({ status: 'rebaseline', version: 3, by: CI.arn });
    expect(result.violations).toEqual([]);
  });

  it('credit the role when the caller ARN is unknown', () => {
    const roleOnly = { ...PIPELINE, arn: undefined };
    const result = plan([...APPROVED, added], {
      changes: [change({ actor: roleOnly, rulesAdded: [added] })],
    });
    expect(result.lock).toEqual({ status: 'rebaseline', version: 3, by: PIPELINE.sessionIssuerArn });
  });

  it('are enforced against the baseline when an untrusted change comes with them', () => {
    const result = plan([pg10, lb, out, added], {
      changes: [pipelineChange, change({ actor: ALICE, rulesAdded: [added] })],
    });
    expect(result.lock).toEqual({ status: 'enforced', version: 3 });
    expect(result.actions.map((a) => a.type)).toEqual(['revoke', 'authorize']);
  });

  it('never include the guardrail itself, nor group lifecycle changes', () => {
    const own = change({ actor: PIPELINE, byGuardrail: true, rulesAdded: [added] });
    expect(plan([...APPROVED, added], { changes: [own] }).lock).toEqual({ status: 'enforced', version: 3 });
    const created = change.lifecycle({ actor: PIPELINE });
    expect(plan([...APPROVED, added], { changes: [created] }).lock).toEqual({
      status: 'enforced',
      version: 3,
    });
  });

  it('do not apply to a sweep', () => {
    expect(plan([...APPROVED, added]).lock).toEqual({ status: 'enforced', version: 3 });
  });
});

describe('modes', () => {
  it('audit mode reports and changes nothing', () => {
    const locked = baseline(APPROVED, 'db-audit');
    const result = planGroup({
      group: group([pg10], { 'guardrail:policy': 'db-audit' }),
      policies: POLICIES,
      now: NOW,
      baseline: locked,
    });
    expect(result.mode).toBe('audit');
    expect(result.violations).toHaveLength(3);
    expect(result.actions).toEqual([]);
    expect(result.lock).toEqual({ status: 'enforced', version: 3 });
  });

  it('a bad mode tag reports the violations and the lock status, and changes nothing', () => {
    const result = plan([pg10], { tags: { 'guardrail:policy': 'db', 'guardrail:mode': 'yolo' } });
    expect(result.misconfiguration).toBe('tag guardrail:mode is "yolo": expected enforce or audit');
    expect(result.violations).toHaveLength(3);
    expect(result.actions).toEqual([]);
    expect(result.lock).toEqual({ status: 'enforced', version: 3 });
  });

  it('a policy that is no lock ignores a baseline', () => {
    const input = { group: group([tcp(22)], { 'guardrail:policy': 'open' }), policies: POLICIES, now: NOW };
    const without = planGroup(input);
    expect(planGroup({ ...input, baseline: BASELINE })).toEqual(without);
    expect(without.lock).toBeUndefined();
    expect(without.account).toBe(ACCOUNT);
  });
});
