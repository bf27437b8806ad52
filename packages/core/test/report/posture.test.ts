/** A group's posture and the report of many: the planner's verdict, at the severity alerts use. */
import { planGroup, postureGroup, postureReport, type SecurityGroupState, SHIPPED_POLICIES } from '../../src';

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

const posture = (g: SecurityGroupState, w = where) =>
  postureGroup(g, planGroup({ group: g, policies: SHIPPED_POLICIES, now, account: w.account }), w);

describe('postureGroup', () => {
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
});

describe('postureReport', () => {
  it('puts the worst first, counts by status and severity, and keeps what could not be read', () => {
    const report = postureReport(
      [
        posture(group('sg-b', { 'guardrail:policy': 'no-public-admin-ports' }, [443])),
        posture(group('sg-a', { 'guardrail:policy': 'no-public-admin-ports' }, [443])),
        posture(group('sg-c', { 'guardrail:policy': 'no-public-admin-ports' }, [22])),
        posture(group('sg-d', { 'guardrail:policy': 'no-public-admin-ports' }, [443]), {
          ...where,
          region: 'eu-central-1',
        }),
      ],
      [{ account: where.account, region: 'us-east-1', code: 'UnauthorizedOperation', reason: 'denied' }],
      now,
    );
    expect(report.schemaVersion).toBe(1);
    expect(report.generatedAt).toBe(now.toISOString());
    expect(report.groups.map((g) => g.groupId)).toEqual(['sg-c', 'sg-d', 'sg-a', 'sg-b']);
    expect(report.summary).toEqual({
      groups: 4,
      compliant: 3,
      violating: 1,
      misconfigured: 0,
      unreadable: 1,
      bySeverity: { critical: 1, high: 0, medium: 0, info: 3 },
    });
    expect(postureReport([], [], now).summary.groups).toBe(0);
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
    expect(postureReport([a, b], [], now).groups.map((g) => g.account)).toEqual([
      '111111111111',
      '222222222222',
    ]);
  });
});
