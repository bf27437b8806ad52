// The kit's builders by path: packages/core does not depend on the kit (the kit depends on core).
import { changeBuilder } from '../../../testkit/src/changes';
import { tcp } from '../../../testkit/src/rules';
import type { GroupChange } from '../../src/events/types';
import { planGroup } from '../../src/plan/plan';
import { loadPolicyFile } from '../../src/policy/load';
import { SHIPPED_POLICIES } from '../../src/policy/shipped';
import type { Direction, Rule, SecurityGroupState } from '../../src/rules/types';

const GROUP = 'sg-0123456789abcdef0';
const ACCOUNT = '111122223333';
const now = new Date('2026-06-01T00:00:00Z');

function state(
  tags: Record<string, string>,
  rules: Rule[],
  extra: Partial<SecurityGroupState> = {},
): SecurityGroupState {
  return { groupId: GROUP, ownerId: ACCOUNT, region: 'eu-west-1', tags, rules, ...extra };
}

const change = changeBuilder(() => ({
  eventId: 'e1',
  eventTime: '2026-06-01T00:00:00Z',
  account: ACCOUNT,
  groupIds: [GROUP],
}));

const policies = loadPolicyFile(
  `
version: 1
policies:
  internal:
    modeOverride: true
    ingress:
      required:
        - { IpProtocol: tcp, FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: 10.0.0.0/8 }, { CidrIp: 172.16.0.0/12, Description: vpn }] }
        - { IpProtocol: tcp, FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: 10.0.0.0/8 }] }
      allow:
        - { protocol: tcp, ports: 8000-8999, peer: { cidr: 10.0.0.0/8 } }
        - { protocol: all, ports: all, peer: { securityGroup: self } }
      deny:
        - { protocol: tcp, ports: 22, peer: internet }
    egress:
      allow: []
  strict:
    mode: audit
    ingress: { allow: [] }
exceptions:
  - { account: "${ACCOUNT}", groupId: ${GROUP}, direction: ingress, match: { protocol: tcp, ports: 22, peer: { cidr: 203.0.113.0/24 } }, expires: 2026-06-01T00:00:01Z, reason: live }
  - { account: "${ACCOUNT}", direction: ingress, match: { protocol: tcp, ports: 23, peer: any }, expires: 2026-06-01T00:00:00Z, reason: expired at now }
  - { account: "999999999999", direction: ingress, match: { protocol: tcp, ports: 24, peer: any }, expires: 2030-01-01, reason: other account }
  - { account: "${ACCOUNT}", groupId: sg-0ffffffffffffffff, direction: ingress, match: { protocol: tcp, ports: 25, peer: any }, expires: 2030-01-01, reason: other group }
  - { account: "${ACCOUNT}", direction: egress, match: { protocol: tcp, ports: 26, peer: any }, expires: 2030-01-01, reason: egress only }
`,
  'test.yaml',
);

const present443 = [tcp(443, '10.0.0.0/8'), tcp(443, '172.16.0.0/12')];

function codes(plan: ReturnType<typeof planGroup>) {
  return plan.violations.map(
    (v) => `${v.code} ${v.direction} ${v.rule.protocol} ${v.rule.fromPort} ${JSON.stringify(v.rule.peer)}`,
  );
}

describe('planGroup: opt-in and mode', () => {
  it('names an unknown policy as a misconfiguration and changes nothing', () => {
    const plan = planGroup({
      group: state({ 'guardrail:policy': 'nope' }, [tcp(22, '0.0.0.0/0')]),
      policies,
      now,
    });
    expect(plan).toMatchObject({ managed: false, policy: 'nope', violations: [], actions: [] });
    expect(plan.misconfiguration).toBe(
      'tag guardrail:policy names unknown policy "nope" (known: internal, strict)',
    );
    expect(plan.unmanagedReason).toBeUndefined();
  });

  it('honours the mode tag only where the policy allows it', () => {
    const rules = [...present443, tcp(22, '0.0.0.0/0')];
    const internalAudit = planGroup({
      group: state({ 'guardrail:policy': 'internal', 'guardrail:mode': ' Audit ' }, rules),
      policies,
      now,
    });
    expect(internalAudit).toMatchObject({ mode: 'audit', actions: [] });
    expect(internalAudit.violations).toHaveLength(1);
    const internalEnforce = planGroup({
      group: state({ 'guardrail:policy': 'internal', 'guardrail:mode': 'enforce' }, rules),
      policies,
      now,
    });
    expect(internalEnforce.actions).toHaveLength(1);
    const web = planGroup({
      group: state({ 'guardrail:policy': 'web-public', 'guardrail:mode': 'audit' }, [tcp(22, '0.0.0.0/0')]),
      policies: SHIPPED_POLICIES,
      now,
    });
    expect(web.mode).toBe('enforce');
    expect(web.actions.length).toBeGreaterThan(0);
  });

  it('reports an invalid mode tag: violations listed, no mode, no action', () => {
    const plan = planGroup({
      group: state({ 'guardrail:policy': 'internal', 'guardrail:mode': 'yolo' }, [
        ...present443,
        tcp(22, '0.0.0.0/0'),
      ]),
      policies,
      now,
    });
    expect(plan).toMatchObject({ managed: true, policy: 'internal', actions: [] });
    expect(plan.mode).toBeUndefined();
    expect(plan.misconfiguration).toBe('tag guardrail:mode is "yolo": expected enforce or audit');
    expect(plan.violations).toHaveLength(1);
  });

  it('uses the configured tag keys and the given account', () => {
    const plan = planGroup({
      group: state({ 'sec:policy': 'strict' }, [tcp(80, '10.0.0.0/8')], {
        ownerId: undefined,
        region: undefined,
      }),
      policies,
      now,
      tagKeys: { policy: 'sec:policy', mode: 'sec:mode' },
      account: '444455556666',
    });
    expect(plan).toMatchObject({ managed: true, policy: 'strict', mode: 'audit', account: '444455556666' });
    expect(plan.region).toBeUndefined();
    expect(plan.violations.map((v) => v.code)).toEqual(['not-allowed']);
  });

  it('has no account when neither the input nor the group says', () => {
    const plan = planGroup({ group: state({}, [], { ownerId: undefined }), policies, now });
    expect(plan.account).toBeUndefined();
    expect(plan.changes).toEqual([]);
  });
});

describe('planGroup: decisions in the order of design.md', () => {
  const plan = (rules: Rule[], changes?: GroupChange[]) =>
    planGroup({
      group: state({ 'guardrail:policy': 'internal' }, rules),
      policies,
      now,
      ...(changes ? { changes } : {}),
    });

  it('a required rule (or one contained in it) is never a violation, even if the allow list misses it', () => {
    expect(plan([...present443, tcp(443, '10.1.0.0/16')]).violations).toEqual([]);
  });

  it('a live exception covers a denied rule; an expired, other-account, other-group or other-direction one does not', () => {
    const rules = [
      ...present443,
      tcp(22, '203.0.113.0/25'),
      tcp(23, '10.0.0.0/8'),
      tcp(24, '10.0.0.0/8'),
      tcp(25, '10.0.0.0/8'),
      tcp(26, '10.0.0.0/8'),
    ];
    expect(plan(rules).violations.map((v) => v.rule.fromPort)).toEqual([23, 24, 25, 26]);
  });

  it('deny first, then allow; an empty allow allows nothing', () => {
    const self: Rule = {
      direction: 'ingress',
      protocol: '-1',
      fromPort: -1,
      toPort: -1,
      peer: { kind: 'securityGroup', groupId: GROUP },
    };
    const egress: Rule = {
      direction: 'egress',
      protocol: '-1',
      fromPort: -1,
      toPort: -1,
      peer: { kind: 'ipv4', cidr: '0.0.0.0/0' },
    };
    const result = plan([
      ...present443,
      tcp(22, '0.0.0.0/1'),
      tcp(8080, '10.2.0.0/16'),
      tcp(8080, '0.0.0.0/0'),
      self,
      egress,
    ]);
    expect(codes(result)).toEqual([
      'denied ingress tcp 22 {"kind":"ipv4","cidr":"0.0.0.0/1"}',
      'not-allowed ingress tcp 8080 {"kind":"ipv4","cidr":"0.0.0.0/0"}',
      'not-allowed egress -1 -1 {"kind":"ipv4","cidr":"0.0.0.0/0"}',
    ]);
    expect(result.violations[1]).toMatchObject({
      source: 'policies.internal.ingress.allow',
      reason: 'tcp 8080 from 0.0.0.0/0 is not allowed by policies.internal.ingress.allow',
      internet: true,
      adminPort: false,
    });
    expect(result.violations[2]).toMatchObject({
      internet: true,
      adminPort: false,
      source: 'policies.internal.egress.allow',
    });
    const revoke = result.actions[2]!;
    expect(revoke).toMatchObject({
      type: 'revoke',
      direction: 'egress',
      permission: { IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] },
    });
  });

  it('revokes without the description, and by id when known', () => {
    const result = plan([...present443, tcp(22, '0.0.0.0/0', { description: 'temp', ruleId: 'sgr-1' })]);
    expect(result.actions).toEqual([
      expect.objectContaining({
        ruleId: 'sgr-1',
        permission: { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] },
      }),
    ]);
  });

  it('authorizes exactly the missing ranges, once, after the revokes', () => {
    const result = plan([tcp(443, '10.0.0.0/8'), tcp(22, '0.0.0.0/0')]);
    expect(result.violations.map((v) => v.code)).toEqual(['denied', 'missing-required']);
    expect(result.violations[1]).toMatchObject({
      source: 'policies.internal.ingress.required[0]',
      reason: 'tcp 443 from 172.16.0.0/12 is required by policies.internal.ingress.required[0] and missing',
      internet: false,
      adminPort: false,
      cause: 'drift',
    });
    expect(result.actions.map((a) => a.type)).toEqual(['revoke', 'authorize']);
    expect(result.actions[1]).toMatchObject({
      permission: {
        IpProtocol: 'tcp',
        FromPort: 443,
        ToPort: 443,
        IpRanges: [{ CidrIp: '172.16.0.0/12', Description: 'vpn' }],
      },
      cause: 'drift',
    });
  });

  it('missing ranges shared by two required permissions are authorized once', () => {
    const result = plan([]);
    expect(result.actions).toHaveLength(1);
    expect(result.actions[0]!.type === 'authorize' && result.actions[0]!.rules).toHaveLength(2);
    expect(result.violations).toHaveLength(2);
  });
});

describe('planGroup: required rules written in non-canonical form', () => {
  const odd = loadPolicyFile(
    `
version: 1
policies:
  odd:
    scope: { accounts: ["${ACCOUNT}"] }
    ingress:
      required:
        - { IpProtocol: tcp, FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: 10.0.0.1/8 }], Ipv6Ranges: [{ CidrIpv6: "2001:db8:0:0::/64" }], PrefixListIds: [{ PrefixListId: pl-1 }] }
`,
    'odd.yaml',
  );
  const v6 = (cidr: string): Rule => ({ ...tcp(443, '0.0.0.0/0'), peer: { kind: 'ipv6', cidr } });
  const run = (rules: Rule[]) =>
    planGroup({ group: state({ 'guardrail:policy': 'odd' }, rules), policies: odd, now });

  it('are present when the group has the same blocks in canonical form', () => {
    const list: Rule = { ...tcp(443, '0.0.0.0/0'), peer: { kind: 'prefixList', prefixListId: 'pl-1' } };
    const result = run([tcp(443, '10.0.0.0/8'), v6('2001:db8::/64'), list]);
    expect(result.violations).toEqual([]);
    expect(result.actions).toEqual([]);
  });

  it('are authorized in canonical form when missing', () => {
    const result = run([]);
    expect(result.actions).toEqual([
      expect.objectContaining({
        type: 'authorize',
        permission: {
          IpProtocol: 'tcp',
          FromPort: 443,
          ToPort: 443,
          IpRanges: [{ CidrIp: '10.0.0.0/8' }],
          Ipv6Ranges: [{ CidrIpv6: '2001:db8::/64' }],
          PrefixListIds: [{ PrefixListId: 'pl-1' }],
        },
      }),
    ]);
    expect(result.violations.map((v) => v.reason)).toEqual([
      'tcp 443 from 10.0.0.0/8 is required by policies.odd.ingress.required[0] and missing',
      'tcp 443 from 2001:db8::/64 is required by policies.odd.ingress.required[0] and missing',
      'tcp 443 from pl-1 is required by policies.odd.ingress.required[0] and missing',
    ]);
  });
});

describe('planGroup: change or drift', () => {
  const run = (rules: Rule[], changes: GroupChange[]) =>
    planGroup({ group: state({ 'guardrail:policy': 'internal' }, rules), policies, now, changes });
  const causes = (plan: ReturnType<typeof planGroup>) =>
    plan.violations.map((v) => `${v.rule.fromPort}:${v.cause}`);

  it('by rule id or by shape of the rules added, or modified into', () => {
    const rules = [
      ...present443,
      tcp(22, '0.0.0.0/0', { ruleId: 'sgr-a' }),
      tcp(23, '0.0.0.0/0'),
      tcp(3389, '0.0.0.0/0', { ruleId: 'sgr-m' }),
      tcp(5900, '0.0.0.0/0', { ruleId: 'sgr-n' }),
      tcp(9000, '0.0.0.0/0'),
    ];
    const changes = [
      change({ rulesAdded: [tcp(22, '0.0.0.0/0', { ruleId: 'sgr-a' }), tcp(23, '0.0.0.0/0')] }),
      change({
        kind: 'modify',
        direction: undefined,
        rulesModified: [{ ruleId: 'sgr-m' }, { ruleId: 'sgr-x', rule: tcp(5900, '0.0.0.0/0') }],
      }),
    ];
    expect(causes(run(rules, changes))).toEqual([
      '22:change',
      '23:change',
      '3389:change',
      '5900:change',
      '9000:drift',
    ]);
  });

  it('ignores failed calls and other groups', () => {
    const added = [tcp(22, '0.0.0.0/0')];
    const rules = [...present443, ...added];
    expect(
      causes(run(rules, [change({ rulesAdded: added, error: { code: 'Client.UnauthorizedOperation' } })])),
    ).toEqual(['22:drift']);
    expect(causes(run(rules, [change({ rulesAdded: added, groupIds: ['sg-0ffffffffffffffff'] })]))).toEqual([
      '22:drift',
    ]);
  });

  it('a missing required rule is caused by a change that removed it, by shape or by id in its direction', () => {
    const byShape = change({ kind: 'revoke', rulesRemoved: [tcp(443, '172.16.0.0/12')] });
    expect(causes(run([tcp(443, '10.0.0.0/8')], [byShape]))).toEqual(['443:change']);
    const byId = (direction: Direction | undefined) =>
      change({ kind: 'revoke', direction, ruleIdsRemoved: ['sgr-1'] });
    expect(causes(run([tcp(443, '10.0.0.0/8')], [byId('ingress')]))).toEqual(['443:change']);
    expect(causes(run([tcp(443, '10.0.0.0/8')], [byId('egress')]))).toEqual(['443:drift']);
    expect(causes(run([tcp(443, '10.0.0.0/8')], [byId(undefined)]))).toEqual(['443:change']);
  });
});

describe('planGroup: no-public-admin-ports on UDP', () => {
  const udp = (port: number, cidr: string): Rule => ({ ...tcp(port, cidr), protocol: 'udp' });
  const run = (rules: Rule[]) =>
    planGroup({
      group: state({ 'guardrail:policy': 'no-public-admin-ports' }, rules),
      policies: SHIPPED_POLICIES,
      now,
    });

  it('reverts RDP and the SQL Server Browser on UDP from the internet, as admin ports', () => {
    const plan = run([
      udp(3389, '0.0.0.0/0'),
      { ...udp(1434, '::/0'), peer: { kind: 'ipv6', cidr: '::/0' } },
      udp(53, '0.0.0.0/0'),
      udp(3389, '10.0.0.0/8'),
    ]);
    expect(plan.violations.map((v) => `${v.rule.protocol} ${v.rule.fromPort} ${v.adminPort}`)).toEqual([
      'udp 3389 true',
      'udp 1434 true',
    ]);
    expect(plan.actions.map((a) => a.type)).toEqual(['revoke', 'revoke']);
  });
});

describe('planGroup: no confused deputy (the policy scope)', () => {
  const web = (scope: string) =>
    loadPolicyFile(
      `
version: 1
policies:
  web:
${scope}
    ingress:
      required:
        - { IpProtocol: tcp, FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: 0.0.0.0/0 }] }
        - { IpProtocol: tcp, FromPort: 8443, ToPort: 8443, IpRanges: [{ CidrIp: 10.0.0.0/8 }] }
`,
      'web.yaml',
    );
  const run = (policies: ReturnType<typeof web>, options: { changes?: GroupChange[]; ous?: string[] } = {}) =>
    planGroup({
      group: state({ 'guardrail:policy': 'web' }, []),
      policies,
      now,
      ...(options.changes ? { changes: options.changes } : {}),
      ...(options.ous ? { organizationalUnits: options.ous } : {}),
    });
  const authorized = (plan: ReturnType<typeof run>) =>
    plan.actions.flatMap((a) => (a.type === 'authorize' ? a.rules.map((r) => r.fromPort) : []));

  it('never opens a group to the internet for a tag alone: reported, with why, not authorized', () => {
    const plan = run(web(''));
    // The private required rule is put back; the internet one is only reported.
    expect(authorized(plan)).toEqual([8443]);
    const https = plan.violations.find((v) => v.rule.fromPort === 443);
    expect(https).toMatchObject({ code: 'missing-required', cause: 'drift' });
    expect(https?.reason).toContain(
      "not authorized: it opens the group to the internet, and the policy's scope",
    );
    expect(plan.violations.find((v) => v.rule.fromPort === 8443)?.reason).not.toContain('not authorized');
  });

  it('opens it where the scope names the account or one of its OUs', () => {
    expect(authorized(run(web(`    scope: { accounts: ["${ACCOUNT}"] }`)))).toEqual([443, 8443]);
    const byOu = web('    scope: { organizationalUnits: [ou-ab12-cdef3456] }');
    expect(authorized(run(byOu, { ous: ['r-ab12', 'ou-ab12-cdef3456'] }))).toEqual([443, 8443]);
    // Without the account's OUs (the hub cannot tell them yet), an OU scope fails closed.
    expect(authorized(run(byOu))).toEqual([8443]);
    expect(authorized(run(web('    scope: { accounts: ["999999999999"] }')))).toEqual([8443]);
  });

  it('restores a required rule a change just removed, scope or not', () => {
    const removed = change({
      kind: 'revoke',
      eventName: 'RevokeSecurityGroupIngress',
      rulesRemoved: [tcp(443)],
    });
    expect(authorized(run(web(''), { changes: [removed] }))).toEqual([443, 8443]);
  });

  it('refuses a malformed scope, naming the field', () => {
    expect(() => web('    scope: { accounts: [12] }')).toThrow(/policies\.web\.scope\.accounts/);
    expect(() => web('    scope: { organizationalUnits: [sales] }')).toThrow(/organizational units are ou-/);
    expect(() => web('    scope: { regions: [eu-west-1] }')).toThrow(/scope/);
  });
});
