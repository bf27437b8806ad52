import { captureBaseline } from '../../src/baseline/capture';
import { BaselineError } from '../../src/baseline/errors';
import type { Baseline } from '../../src/baseline/types';
import { planGroup } from '../../src/plan/plan';
import type { Rule } from '../../src/rules/types';
import {
  ACCOUNT,
  APPROVED,
  baseline,
  egress,
  GROUP,
  group,
  HUB,
  NOW,
  POLICIES,
  REGION,
  tcp,
} from './fixtures';

const ssh = tcp(22, '0.0.0.0/0', { ruleId: 'sgr-0ssh' });
const toBlocked = egress('198.51.100.0/24', { ruleId: 'sgr-0bad' });

function capture(rules: Rule[], extra: Partial<Parameters<typeof captureBaseline>[0]> = {}) {
  return captureBaseline({
    group: group(rules),
    policies: POLICIES,
    policyName: 'db',
    by: HUB,
    reason: 'captured',
    now: NOW,
    ...extra,
  });
}

describe('captureBaseline', () => {
  it("is the group's rules, ingress and egress, with descriptions and without ids, minus the denied ones", () => {
    const { baseline: captured, denied } = capture([ssh, ...APPROVED, toBlocked]);
    expect(denied).toEqual([ssh, toBlocked]);
    expect(captured).toEqual({
      schemaVersion: 1,
      account: ACCOUNT,
      region: REGION,
      groupId: GROUP,
      policy: 'db',
      version: 1,
      rules: APPROVED.map(({ ruleId: _id, ...rule }) => rule),
      setAt: '2026-06-01T00:00:00.000Z',
      setBy: { principal: HUB, reason: 'captured' },
      history: [],
    });
    expect(captured.rules[0]).toEqual({
      direction: 'ingress',
      protocol: 'tcp',
      fromPort: 5432,
      toPort: 5432,
      peer: { kind: 'ipv4', cidr: '10.0.0.0/8' },
      description: 'app servers',
    });
  });

  it('leaves out exactly what the first plan against it revokes, and nothing else', () => {
    const { baseline: captured, denied } = capture([ssh, ...APPROVED, toBlocked]);
    const plan = planGroup({
      group: group([ssh, ...APPROVED, toBlocked]),
      policies: POLICIES,
      now: NOW,
      baseline: captured,
    });
    expect(plan.actions.map((a) => (a.type === 'revoke' ? a.rule : a.type))).toEqual(denied);
    expect(plan.violations.map((v) => v.code)).toEqual(['denied', 'denied']);
  });

  it('keeps a rule a live exception covers, and revokes nothing of it', () => {
    const vendor = tcp(22, '203.0.113.0/24', { ruleId: 'sgr-0vendor' });
    const { baseline: captured, denied } = capture([vendor]);
    expect(denied).toEqual([]);
    expect(captured.rules).toEqual([tcp(22, '203.0.113.0/24')]);
    // Once the exception has expired, the deny wins.
    expect(capture([vendor], { now: new Date('2027-01-01T00:00:00Z') }).denied).toEqual([vendor]);
  });

  it('judges a rule from a resolved prefix list by what the list holds', () => {
    const fromList: Rule = { ...tcp(22), peer: { kind: 'prefixList', prefixListId: 'pl-0123456789abcdef0' } };
    const list = { id: 'pl-0123456789abcdef0', owner: 'customer', entries: ['0.0.0.0/0'] } as const;
    expect(capture([fromList]).denied).toEqual([]);
    expect(capture([fromList], { prefixLists: new Map([[list.id, list]]) }).denied).toEqual([fromList]);
  });

  it('keeps one rule per ruleKey, and no empty description', () => {
    const { baseline: captured } = capture([
      tcp(80, '10.0.0.0/8', { description: '' }),
      tcp(80, '10.0.0.0/8'),
    ]);
    expect(captured.rules).toEqual([tcp(80, '10.0.0.0/8')]);
  });

  it('records who set it, why, and a note', () => {
    const { baseline: captured } = capture(APPROVED, {
      by: 'arn:aws:iam::111122223333:user/alice',
      reason: 'accepted',
      note: 'CHG-42 new replica',
      account: '444455556666',
      region: 'us-east-1',
    });
    expect(captured).toMatchObject({
      account: '444455556666',
      region: 'us-east-1',
      setBy: {
        principal: 'arn:aws:iam::111122223333:user/alice',
        reason: 'accepted',
        note: 'CHG-42 new replica',
      },
    });
  });

  it('is the next version of the previous one, which goes into the history', () => {
    const third = baseline();
    expect(third.version).toBe(3);
    expect(third.history).toEqual([
      {
        version: 1,
        setAt: '2026-06-01T00:00:00.000Z',
        setBy: { principal: HUB, reason: 'captured' },
        ruleCount: 4,
      },
      {
        version: 2,
        setAt: '2026-06-01T00:00:00.000Z',
        setBy: { principal: HUB, reason: 'accepted' },
        ruleCount: 4,
      },
    ]);
    const next = capture([], { previous: third, reason: 'trusted-change' }).baseline;
    expect(next.version).toBe(4);
    expect(next.history.map((h) => h.version)).toEqual([1, 2, 3]);
  });

  it('keeps at most 20 earlier versions, dropping the oldest', () => {
    let current: Baseline | undefined;
    for (let i = 0; i < 25; i++) current = capture(APPROVED, current ? { previous: current } : {}).baseline;
    const last = current as Baseline;
    expect(last.version).toBe(25);
    expect(last.history).toHaveLength(20);
    expect(last.history.map((h) => h.version)).toEqual(Array.from({ length: 20 }, (_, i) => i + 5));
  });

  it('refuses a policy that is no lock, an unknown policy, an unplaced group, or the baseline of another group', () => {
    expect(() => capture(APPROVED, { policyName: 'open' })).toThrow(
      new BaselineError('captureBaseline', '', 'policy open is not a lock policy'),
    );
    expect(() => capture(APPROVED, { policyName: 'nope' })).toThrow('policy nope is not a lock policy');
    expect(() =>
      captureBaseline({
        group: { ...group(APPROVED), region: undefined },
        policies: POLICIES,
        policyName: 'db',
        by: HUB,
        reason: 'captured',
        now: NOW,
      }),
    ).toThrow(`captureBaseline: (root): group ${GROUP}: account and region are required`);
    expect(() => capture(APPROVED, { group: { ...group(APPROVED), ownerId: undefined } })).toThrow(
      BaselineError,
    );
    const other = { ...baseline(), groupId: 'sg-0ffffffffffffffff' };
    expect(() => capture(APPROVED, { previous: other })).toThrow(
      `the previous baseline is group sg-0ffffffffffffffff's, not ${GROUP}'s`,
    );
  });
});
