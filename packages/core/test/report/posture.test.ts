/** A group's posture and the report of many: the planner's verdict, at the severity alerts use. */
import {
  type Policy,
  type PolicyFile,
  type PostureWhere,
  planGroup,
  postureGroup,
  postureReport,
  type SecurityGroupState,
  SHIPPED_POLICIES,
  unreadableGroup,
} from '../../src';

const now = new Date('2026-12-02T00:00:00Z');
const where = { account: '111122223333', region: 'eu-west-1' };

function group(groupId: string, tags: Record<string, string>, ports: number[] = []): SecurityGroupState {
  return {
    groupId,
    groupName: `name-${groupId}`,
    vpcId: 'vpc-1',
    tags,
    rules: ports.map((port) => ({
      direction: 'ingress' as const,
      protocol: 'tcp',
      fromPort: port,
      toPort: port,
      peer: { kind: 'ipv4' as const, cidr: '0.0.0.0/0' },
    })),
  };
}

const posture = (g: SecurityGroupState, w: PostureWhere = where) =>
  postureGroup(g, planGroup({ group: g, policies: SHIPPED_POLICIES, now, account: w.account }), w);

describe('postureGroup', () => {
  const LOCKED: PolicyFile = {
    version: 1,
    policies: {
      locked: {
        mode: 'enforce',
        modeOverride: false,
        lock: true,
        ingress: { required: [], deny: [] },
        egress: { required: [], deny: [] },
      } as Policy,
    },
    exceptions: [],
  };

  it('a locked group judged without its baseline is unreadable, never compliant', () => {
    const g = group('sg-9', { 'guardrail:policy': 'locked' }, [22]);
    const p = postureGroup(g, planGroup({ group: g, policies: LOCKED, now, account: where.account }), where);
    expect(p).toMatchObject({ status: 'unreadable', severity: 'high', policy: 'locked' });
    expect(p.reason).toContain('baseline');
  });

  it("a locked group judged against another group's baseline is unreadable, with why", () => {
    const g = group('sg-9', { 'guardrail:policy': 'locked' });
    const baseline = {
      schemaVersion: 1 as const,
      ...where,
      groupId: 'sg-other',
      policy: 'locked',
      version: 1,
      rules: [],
      setAt: now.toISOString(),
      setBy: { principal: 'guardrail', reason: 'captured' as const },
      history: [],
    };
    const p = postureGroup(
      g,
      planGroup({ group: g, policies: LOCKED, now, account: where.account, baseline }),
      where,
    );
    expect(p).toMatchObject({ status: 'unreadable' });
    expect(p.reason).toContain('sg-other');
  });

  it('a compliant group: its place, policy and mode, nothing wrong', () => {
    expect(posture(group('sg-1', { 'guardrail:policy': 'no-public-admin-ports' }, [443]))).toEqual({
      ...where,
      groupId: 'sg-1',
      groupName: 'name-sg-1',
      vpcId: 'vpc-1',
      policy: 'no-public-admin-ports',
      mode: 'enforce',
      status: 'compliant',
      severity: 'info',
      violations: [],
      exceptions: [],
    });
  });

  it('a violating group: each violation with its severity, the worst for the group', () => {
    const p = posture(group('sg-2', { 'guardrail:policy': 'no-public-admin-ports' }, [22, 443]));
    expect(p).toMatchObject({ status: 'violating', severity: 'critical' });
    expect(p.violations).toEqual([
      expect.objectContaining({
        code: 'denied',
        direction: 'ingress',
        rule: 'tcp 22 from 0.0.0.0/0',
        severity: 'critical',
      }),
    ]);
  });

  it('a misconfigured group says what is wrong with its tags; a bare group has no name or VPC fields', () => {
    const bare = { groupId: 'sg-3', tags: { 'guardrail:policy': 'no-such-policy' }, rules: [] };
    const p = posture(bare);
    expect(p).toMatchObject({ status: 'misconfigured', policy: 'no-such-policy' });
    expect(p.misconfiguration).toContain('unknown policy "no-such-policy"');
    expect(p).not.toHaveProperty('groupName');
    expect(p).not.toHaveProperty('vpcId');
    expect(p).not.toHaveProperty('mode');
    // A group with no opt-in tag at all (not listed by a report, but judged alike): no policy.
    expect(posture(group('sg-4', {}, [22]))).not.toHaveProperty('policy');
  });

  it("carries the account's name when the report knows it, and leaves the field out when not", () => {
    const g = group('sg-5', { 'guardrail:policy': 'no-public-admin-ports' });
    expect(posture(g, { ...where, accountName: 'prod' })).toMatchObject({ ...where, accountName: 'prod' });
    expect(posture(g)).not.toHaveProperty('accountName');
  });
});

describe('postureReport', () => {
  it('puts the worst first, counts by status and severity, and keeps what could not be read', () => {
    const report = postureReport({
      groups: [
        posture(group('sg-b', { 'guardrail:policy': 'no-public-admin-ports' }, [443])),
        posture(group('sg-a', { 'guardrail:policy': 'no-public-admin-ports' }, [443])),
        posture(group('sg-c', { 'guardrail:policy': 'no-public-admin-ports' }, [22])),
        posture(group('sg-d', { 'guardrail:policy': 'no-public-admin-ports' }, [443]), {
          ...where,
          region: 'eu-central-1',
        }),
      ],
      unreadable: [
        { account: where.account, region: 'us-east-1', code: 'UnauthorizedOperation', reason: 'denied' },
      ],
      read: [],
      generatedAt: now,
    });
    expect(report.schemaVersion).toBe(1);
    expect(report.generatedAt).toBe(now.toISOString());
    expect(report.groups.map((g) => g.groupId)).toEqual(['sg-c', 'sg-d', 'sg-a', 'sg-b']);
    expect(report.summary).toEqual({
      groups: 4,
      compliant: 3,
      violating: 1,
      misconfigured: 0,
      unreadableGroups: 0,
      unreadable: 1,
      bySeverity: { critical: 1, high: 0, medium: 0, info: 3 },
    });
    expect(report.source).toEqual({ kind: 'live' });
    expect(postureReport({ groups: [], unreadable: [], read: [], generatedAt: now }).summary.groups).toBe(0);
  });

  it('orders groups of the same severity by account, then region', () => {
    const a = posture(group('sg-1', { 'guardrail:policy': 'no-public-admin-ports' }), {
      account: '222222222222',
      region: 'a',
    });
    const b = posture(group('sg-1', { 'guardrail:policy': 'no-public-admin-ports' }), {
      account: '111111111111',
      region: 'b',
    });
    expect(
      postureReport({ groups: [a, b], unreadable: [], read: [], generatedAt: now }).groups.map(
        (g) => g.account,
      ),
    ).toEqual(['111111111111', '222222222222']);
  });
});

describe('the report targets (the heat map cells)', () => {
  it('one cell per account x region: read ones with their count and worst severity, gaps unreadable', () => {
    const opted = { 'guardrail:policy': 'no-public-admin-ports' };
    const report = postureReport({
      groups: [
        posture(group('sg-1', opted, [443])),
        posture(group('sg-2', opted, [22])),
        posture(group('sg-3', opted, [443]), { ...where, region: 'us-east-1' }),
      ],
      unreadable: [{ account: '999999999999', region: 'eu-west-1', code: 'AccessDenied', reason: 'no role' }],
      read: [
        { ...where, accountName: 'prod' },
        { account: '444455556666', region: 'eu-west-1' },
      ],
      generatedAt: now,
      source: { kind: 'sweep', sweepId: 'sweep-1' },
    });
    expect(report.source).toEqual({ kind: 'sweep', sweepId: 'sweep-1' });
    expect(report.targets).toEqual([
      {
        account: where.account,
        accountName: 'prod',
        region: 'eu-west-1',
        status: 'read',
        groups: 2,
        worst: 'critical',
      },
      { account: where.account, region: 'us-east-1', status: 'read', groups: 1, worst: 'info' },
      { account: '444455556666', region: 'eu-west-1', status: 'read', groups: 0, worst: null },
      { account: '999999999999', region: 'eu-west-1', status: 'unreadable', groups: 0, worst: null },
    ]);
  });

  it('a target listed as read and as a gap is unreadable; a later name fills in a missing one', () => {
    const report = postureReport({
      groups: [],
      unreadable: [{ ...where, accountName: 'prod', code: 'Throttling', reason: 'slow down' }],
      read: [where],
      generatedAt: now,
    });
    expect(report.targets).toEqual([
      { ...where, accountName: 'prod', status: 'unreadable', groups: 0, worst: null },
    ]);
  });
});

describe('unreadableGroup', () => {
  it('is unknown, ranked high, and counted apart from the compliant', () => {
    const g = unreadableGroup({ ...where, groupId: 'sg-9', policy: 'no-public-admin-ports' }, 'Throttling');
    expect(g).toEqual({
      ...where,
      groupId: 'sg-9',
      policy: 'no-public-admin-ports',
      status: 'unreadable',
      severity: 'high',
      violations: [],
      reason: 'Throttling',
      exceptions: [],
    });
    expect(unreadableGroup({ ...where, groupId: 'sg-9' }, 'x')).not.toHaveProperty('policy');
    expect(unreadableGroup({ ...where, groupId: 'sg-9' }, 'x')).not.toHaveProperty('accountName');
    expect(unreadableGroup({ ...where, accountName: 'prod', groupId: 'sg-9' }, 'x')).toMatchObject({
      accountName: 'prod',
    });
    const report = postureReport({ groups: [g], unreadable: [], read: [], generatedAt: now });
    expect(report.summary).toMatchObject({ compliant: 0, unreadableGroups: 1, bySeverity: { high: 1 } });
  });
});

describe('exceptions in force', () => {
  const account = where.account;
  const policies: PolicyFile = {
    ...SHIPPED_POLICIES,
    policies: {
      ...SHIPPED_POLICIES.policies,
      overridable: { ...(SHIPPED_POLICIES.policies['no-public-admin-ports'] as Policy), modeOverride: true },
    },
    exceptions: [
      {
        id: 'SEC-101',
        account,
        direction: 'ingress' as const,
        match: { protocol: 'tcp', ports: 22, peer: { cidr: '0.0.0.0/0' } },
        expires: '2027-01-01T00:00:00Z',
        reason: 'vendor migration',
      },
      {
        account,
        groupId: 'sg-1',
        direction: 'ingress' as const,
        match: { protocol: 'tcp', ports: 3389, peer: { cidr: '0.0.0.0/0' } },
        expires: '2027-01-01',
        reason: 'unused so far',
      },
      {
        account,
        direction: 'ingress' as const,
        match: { protocol: 'tcp', ports: 22, peer: { cidr: '0.0.0.0/0' } },
        expires: '2026-01-01T00:00:00Z',
        reason: 'expired',
      },
      {
        account: '999999999999',
        direction: 'ingress' as const,
        match: { protocol: 'tcp', ports: 22, peer: { cidr: '0.0.0.0/0' } },
        expires: '2027-01-01T00:00:00Z',
        reason: 'another account',
      },
    ],
  };
  const judged = (g: SecurityGroupState) => planGroup({ group: g, policies, now, account });

  it('lists the live ones scoped to the group, by id or place, and which let a rule stay', () => {
    const g = group('sg-1', { 'guardrail:policy': 'no-public-admin-ports' }, [22]);
    const plan = judged(g);
    expect(plan.violations).toEqual([]);
    expect(plan.exceptions).toEqual([
      {
        id: 'SEC-101',
        direction: 'ingress',
        reason: 'vendor migration',
        expires: '2027-01-01T00:00:00Z',
        applied: true,
      },
      {
        id: 'exceptions[1]',
        direction: 'ingress',
        reason: 'unused so far',
        expires: '2027-01-01',
        applied: false,
      },
    ]);
    expect(postureGroup(g, plan, where).exceptions).toEqual(plan.exceptions);
  });

  it('is absent when none is in force, and for a group of another id only the unscoped one counts', () => {
    expect(
      planGroup({
        group: group('sg-1', { 'guardrail:policy': 'no-public-admin-ports' }),
        policies: SHIPPED_POLICIES,
        now,
        account,
      }).exceptions,
    ).toBeUndefined();
    expect(
      judged(group('sg-2', { 'guardrail:policy': 'no-public-admin-ports' })).exceptions?.map((e) => e.id),
    ).toEqual(['SEC-101']);
  });

  it('a bad mode tag still shows them; an unmanaged group has none', () => {
    const bad = judged(group('sg-1', { 'guardrail:policy': 'overridable', 'guardrail:mode': 'nope' }, [22]));
    expect(bad.misconfiguration).toBeDefined();
    expect(bad.exceptions?.[0]).toMatchObject({ id: 'SEC-101', applied: true });
    expect(judged(group('sg-1', {}, [22])).exceptions).toBeUndefined();
    const noneInForce = planGroup({
      group: group('sg-1', { 'guardrail:policy': 'overridable', 'guardrail:mode': 'nope' }, [22]),
      policies: { ...policies, exceptions: [] },
      now,
      account,
    });
    expect(noneInForce.misconfiguration).toBeDefined();
    expect(noneInForce).not.toHaveProperty('exceptions');
  });

  it('applies to a CIDR of a resolved prefix list', () => {
    const g: SecurityGroupState = {
      ...group('sg-1', { 'guardrail:policy': 'no-public-admin-ports' }),
      rules: [
        {
          direction: 'ingress',
          protocol: 'tcp',
          fromPort: 22,
          toPort: 22,
          peer: { kind: 'prefixList', prefixListId: 'pl-00000001' },
        },
      ],
    };
    const plan = planGroup({
      group: g,
      policies,
      now,
      account,
      prefixLists: new Map([
        ['pl-00000001', { id: 'pl-00000001', owner: 'customer' as const, entries: ['0.0.0.0/0'] }],
      ]),
    });
    expect(plan.exceptions?.[0]).toMatchObject({ id: 'SEC-101', applied: true });
  });
});
