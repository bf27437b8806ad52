import { changeBuilder } from '../../../testkit/src/changes';
import { planGroup } from '../../src/plan/plan';
import { loadPolicyFile } from '../../src/policy/load';
import { SHIPPED_POLICIES } from '../../src/policy/shipped';
import { NOT_RESOLVED } from '../../src/prefix-lists/resolve';
import type { PrefixListResolution } from '../../src/prefix-lists/types';
import type { Direction, Rule, SecurityGroupState } from '../../src/rules/types';

const GROUP = 'sg-0123456789abcdef0';
const ACCOUNT = '111122223333';
const LIST = 'pl-0123456789abcdef0';
const now = new Date('2026-06-01T00:00:00Z');

function fromList(port: number, id = LIST, extra: Partial<Rule> = {}): Rule {
  return {
    direction: 'ingress',
    protocol: 'tcp',
    fromPort: port,
    toPort: port,
    peer: { kind: 'prefixList', prefixListId: id },
    ...extra,
  };
}

function group(policy: string, rules: Rule[], tags: Record<string, string> = {}): SecurityGroupState {
  return {
    groupId: GROUP,
    ownerId: ACCOUNT,
    region: 'eu-west-1',
    tags: { 'guardrail:policy': policy, ...tags },
    rules,
  };
}

function customer(entries: string[], id = LIST): PrefixListResolution {
  return { id, name: 'office', owner: 'customer', version: 1, entries };
}

function lists(...resolutions: PrefixListResolution[]): Map<string, PrefixListResolution> {
  return new Map(resolutions.map((r) => [r.id, r]));
}

const policies = loadPolicyFile(
  `
version: 1
policies:
  private-only:
    ingress:
      allow:
        - { protocol: tcp, ports: 443, peer: { cidr: 10.0.0.0/8 } }
        - { protocol: tcp, ports: 443, peer: { cidr: 192.168.0.0/16 } }
        - { protocol: tcp, ports: 8443, peer: { prefixList: ${LIST} } }
      deny:
        - { protocol: tcp, ports: 22, peer: internet }
    egress: {}
  named:
    ingress:
      required:
        - { IpProtocol: tcp, FromPort: 5432, ToPort: 5432, PrefixListIds: [{ PrefixListId: ${LIST} }] }
      deny:
        - { protocol: tcp, ports: 3306, peer: { prefixList: ${LIST} } }
        - { protocol: all, ports: all, peer: { cidr: 198.51.100.0/24 } }
  ssh-guard:
    ingress:
      deny:
        - { protocol: tcp, ports: 22, peer: internet }
  strict:
    mode: audit
    modeOverride: true
    ingress: { allow: [] }
    egress:
      deny:
        - { protocol: all, ports: all, peer: internet }
exceptions:
  - { account: "${ACCOUNT}", groupId: ${GROUP}, direction: ingress, match: { protocol: tcp, ports: 22, peer: { cidr: 203.0.113.0/24 } }, expires: 2027-01-01T00:00:00Z, reason: vendor }
  - { account: "${ACCOUNT}", direction: ingress, match: { protocol: tcp, ports: 9000, peer: any }, expires: 2027-01-01T00:00:00Z, reason: anything on 9000 }
`,
  'test.yaml',
);

function plan(policy: string, rules: Rule[], prefixLists?: Map<string, PrefixListResolution>) {
  return planGroup({
    group: group(policy, rules),
    policies: policy === 'no-public-admin-ports' ? SHIPPED_POLICIES : policies,
    now,
    ...(prefixLists ? { prefixLists } : {}),
  });
}

describe('planGroup with prefix lists: the attack of issue 8', () => {
  const ssh = fromList(22, LIST, { ruleId: 'sgr-0aaa1111bbbb2222c' });

  it('catches tcp 22 from a customer list holding 0.0.0.0/0, and revokes the list rule itself', () => {
    const result = plan('no-public-admin-ports', [ssh], lists(customer(['10.0.0.0/8', '0.0.0.0/0'])));
    expect(result.violations).toEqual([
      {
        code: 'denied',
        direction: 'ingress',
        rule: ssh,
        source: 'policies.no-public-admin-ports.ingress.deny[0]',
        reason: `tcp 22 from ${LIST} is denied by policies.no-public-admin-ports.ingress.deny[0] (${LIST} holds 0.0.0.0/0)`,
        cause: 'drift',
        internet: true,
        adminPort: true,
      },
    ]);
    expect(result.actions).toEqual([
      {
        type: 'revoke',
        direction: 'ingress',
        ruleId: 'sgr-0aaa1111bbbb2222c',
        permission: { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, PrefixListIds: [{ PrefixListId: LIST }] },
        rule: ssh,
        cause: 'drift',
      },
    ]);
    expect(result.unverifiable).toEqual([]);
  });

  it('behaves exactly as before without resolutions: the list is a reference, no unverifiable field', () => {
    const result = plan('no-public-admin-ports', [ssh]);
    expect(result.violations).toEqual([]);
    expect(result.actions).toEqual([]);
    expect('unverifiable' in result).toBe(false);
  });

  it('catches the internet however the list spells it: halves, a public /24, IPv6', () => {
    for (const entries of [['0.0.0.0/1', '128.0.0.0/1'], ['1.2.3.0/24'], ['::/0'], ['2001:db8::/32']]) {
      const result = plan('no-public-admin-ports', [ssh], lists(customer(entries)));
      expect({ entries, codes: result.violations.map((v) => v.code) }).toEqual({
        entries,
        codes: ['denied'],
      });
    }
  });

  it('passes a list of private ranges, and an empty list', () => {
    const privateOnly = customer(['10.0.0.0/8', '172.16.0.0/12', 'fd00::/8']);
    expect(plan('no-public-admin-ports', [ssh], lists(privateOnly)).violations).toEqual([]);
    expect(plan('no-public-admin-ports', [ssh], lists(customer([]))).violations).toEqual([]);
    expect(plan('strict', [ssh], lists(customer([]))).violations).toEqual([]);
  });

  it('fails safe on an entry that does not parse', () => {
    const result = plan('no-public-admin-ports', [ssh], lists(customer(['10.0.0.0/8', 'garbage'])));
    expect(result.violations[0]).toMatchObject({ code: 'denied', internet: true, adminPort: true });
    expect(result.violations[0]?.reason).toMatch(/holds garbage\)$/);
  });

  it('says what the list exposes on an egress rule, never an admin port', () => {
    const egress = fromList(-1, LIST, { direction: 'egress', protocol: '-1', toPort: -1 });
    const result = plan('strict', [egress], lists(customer(['10.0.0.0/8', '8.8.8.8/32'])));
    expect(result.violations).toEqual([
      expect.objectContaining({
        code: 'denied',
        source: 'policies.strict.egress.deny[0]',
        reason: `all traffic to ${LIST} is denied by policies.strict.egress.deny[0] (${LIST} holds 8.8.8.8/32)`,
        internet: true,
        adminPort: false,
      }),
    ]);
  });

  it('names the triggering change as the cause when the event added the list rule', () => {
    const change = changeBuilder(() => ({
      eventId: 'e1',
      eventTime: '2026-06-01T00:00:00Z',
      account: ACCOUNT,
      groupIds: [GROUP],
    }));
    const result = planGroup({
      group: group('no-public-admin-ports', [ssh]),
      policies: SHIPPED_POLICIES,
      now,
      changes: [change({ rulesAdded: [fromList(22)] })],
      prefixLists: lists(customer(['0.0.0.0/0'])),
    });
    expect(result.violations.map((v) => v.cause)).toEqual(['change']);
  });
});

describe('planGroup with prefix lists: allow and deny on what a list holds', () => {
  it('covers a list when an allow covers each of its CIDRs, each by its own allow', () => {
    const https = fromList(443);
    expect(
      plan('private-only', [https], lists(customer(['10.1.0.0/16', '192.168.4.0/24']))).violations,
    ).toEqual([]);
    const result = plan(
      'private-only',
      [https],
      lists(customer(['10.1.0.0/16', '8.8.8.8/32', '8.8.4.4/32'])),
    );
    expect(result.violations).toEqual([
      expect.objectContaining({
        code: 'not-allowed',
        source: 'policies.private-only.ingress.allow',
        reason: `tcp 443 from ${LIST} is not allowed by policies.private-only.ingress.allow (${LIST} holds 8.8.8.8/32)`,
        internet: true,
        adminPort: false,
      }),
    ]);
  });

  it('reports a denied CIDR before one merely not allowed', () => {
    const all = fromList(-1, LIST, { protocol: '-1', toPort: -1 });
    const result = plan('private-only', [all], lists(customer(['10.0.0.0/8', '1.1.1.1/32'])));
    expect(result.violations.map((v) => [v.code, v.reason])).toEqual([
      [
        'denied',
        `all traffic from ${LIST} is denied by policies.private-only.ingress.deny[0] (${LIST} holds 1.1.1.1/32)`,
      ],
    ]);
  });

  it('lets an allow naming the list cover it whatever it holds, but not shield it from a deny', () => {
    const open = customer(['0.0.0.0/0']);
    expect(plan('private-only', [fromList(8443)], lists(open)).violations).toEqual([]);
    // The same list on 22: the deny on the internet still sees 0.0.0.0/0.
    const ssh: Rule = { ...fromList(22), fromPort: 22, toPort: 8443 };
    expect(plan('private-only', [ssh], lists(open)).violations.map((v) => v.code)).toEqual(['denied']);
  });

  it('applies what names the list first: a required permission and a deny by id', () => {
    const open = customer(['0.0.0.0/0']);
    // Required by id: fine whatever the list holds (and it is present).
    expect(plan('named', [fromList(5432)], lists(open)).violations).toEqual([]);
    // Denied by id: no CIDR to name; the list holds the internet.
    expect(plan('named', [fromList(5432), fromList(3306)], lists(open)).violations).toEqual([
      expect.objectContaining({
        code: 'denied',
        source: 'policies.named.ingress.deny[0]',
        reason: `tcp 3306 from ${LIST} is denied by policies.named.ingress.deny[0]`,
        internet: true,
        adminPort: true,
      }),
    ]);
    // A deny on a CIDR sees the list's CIDR.
    expect(
      plan(
        'named',
        [fromList(5432), fromList(80)],
        lists(customer(['10.0.0.0/8', '198.51.100.7/32'])),
      ).violations.map((v) => v.source),
    ).toEqual(['policies.named.ingress.deny[1]']);
    expect(plan('named', [fromList(5432), fromList(80)], lists(customer(['10.0.0.0/8']))).violations).toEqual(
      [],
    );
  });

  it('lets exceptions cover CIDRs of the list one by one, or the whole list', () => {
    const ssh = fromList(22);
    expect(plan('ssh-guard', [ssh], lists(customer(['203.0.113.0/25', '10.0.0.0/8']))).violations).toEqual(
      [],
    );
    const result = planGroup({
      group: group('private-only', [ssh, fromList(9000)]),
      policies,
      now,
      prefixLists: lists(customer(['203.0.113.0/25', '198.51.100.0/24'])),
    });
    expect(result.violations.map((v) => v.reason)).toEqual([
      `tcp 22 from ${LIST} is denied by policies.private-only.ingress.deny[0] (${LIST} holds 198.51.100.0/24)`,
    ]);
  });
});

describe('planGroup with AWS-managed prefix lists', () => {
  const s3: PrefixListResolution = {
    id: 'pl-6da54004',
    owner: 'aws',
    name: 'com.amazonaws.eu-west-1.s3',
    version: 7,
    entries: ['52.218.0.0/17', '3.5.64.0/21'],
  };
  const cloudfront: PrefixListResolution = {
    id: 'pl-4fa04526',
    owner: 'aws',
    name: 'com.amazonaws.global.cloudfront.origin-facing',
    version: 40,
    entries: ['13.32.0.0/15', '52.84.0.0/15'],
  };

  it('keeps a service list (S3) a reference: egress to S3 is not egress to the internet', () => {
    const egress = fromList(443, s3.id, { direction: 'egress' as Direction });
    const result = plan('strict', [egress], lists(s3));
    expect(result.violations).toEqual([]);
    expect(result.unverifiable).toEqual([]);
  });

  it('treats the CloudFront origin-facing list as the internet it relays', () => {
    const result = plan('no-public-admin-ports', [fromList(22, cloudfront.id)], lists(cloudfront));
    expect(result.violations).toEqual([
      expect.objectContaining({
        code: 'denied',
        internet: true,
        adminPort: true,
        reason: `tcp 22 from ${cloudfront.id} is denied by policies.no-public-admin-ports.ingress.deny[0] (${cloudfront.id} holds 13.32.0.0/15)`,
      }),
    ]);
  });
});

describe('planGroup with prefix lists that cannot be verified', () => {
  const denied: PrefixListResolution = {
    id: LIST,
    unreadable: true,
    reason: 'access-denied: UnauthorizedOperation: not authorized',
  };

  it('reports a list that could not be read, judging the rule as a reference', () => {
    const ssh = fromList(22);
    const result = plan('no-public-admin-ports', [ssh, fromList(23)], lists(denied));
    expect(result.violations).toEqual([]);
    expect(result.actions).toEqual([]);
    expect(result.unverifiable).toEqual([
      { prefixListId: LIST, reason: denied.reason, rules: [ssh, fromList(23)] },
    ]);
  });

  it('reports a referenced list missing from the resolutions as not resolved', () => {
    const other = fromList(22, 'pl-0ffffffffffffffff');
    const result = plan('no-public-admin-ports', [fromList(22), other], lists(customer(['10.0.0.0/8'])));
    expect(result.unverifiable).toEqual([
      { prefixListId: 'pl-0ffffffffffffffff', reason: NOT_RESOLVED, rules: [other] },
    ]);
  });

  it('keeps the verdict a reference gets: an empty allow still refuses it, in audit mode too', () => {
    const result = plan('strict', [fromList(22)], lists(denied));
    expect(result).toMatchObject({ mode: 'audit', actions: [] });
    expect(result.violations.map((v) => [v.code, v.internet])).toEqual([['not-allowed', false]]);
    expect(result.unverifiable).toHaveLength(1);
  });

  it('does not report a list whose content cannot change the verdict', () => {
    const rules = [
      // Covered by an exception naming any peer, on 9000.
      fromList(9000),
      // Egress with no matcher at all.
      fromList(443, LIST, { direction: 'egress' }),
    ];
    expect(plan('private-only', rules, lists(denied)).unverifiable).toEqual([]);
    // Required by id.
    expect(plan('named', [fromList(5432)], lists(denied)).unverifiable).toEqual([]);
    // An allow naming the list covers it, but a deny could still see what it holds.
    expect(plan('private-only', [fromList(8443)], lists(denied)).unverifiable).toHaveLength(1);
  });

  it('reports unverifiable lists with an invalid mode tag too, and never for a group it does not judge', () => {
    const invalid = planGroup({
      group: group('strict', [fromList(22)], { 'guardrail:mode': 'yolo' }),
      policies,
      now,
      prefixLists: lists(denied),
    });
    expect(invalid.misconfiguration).toMatch(/yolo/);
    expect(invalid.unverifiable).toHaveLength(1);
    const unknown = planGroup({
      group: group('nope', [fromList(22)]),
      policies,
      now,
      prefixLists: lists(denied),
    });
    expect('unverifiable' in unknown).toBe(false);
    const notOptedIn = planGroup({
      group: { ...group('x', [fromList(22)]), tags: {} },
      policies,
      now,
      prefixLists: lists(denied),
    });
    expect('unverifiable' in notOptedIn).toBe(false);
  });
});

describe('a list every CIDR of which an exception covers', () => {
  it('is covered, as its CIDRs would be: an exception for the internet is not undone by a deny of any', () => {
    const policies = loadPolicyFile(
      `
version: 1
policies:
  p:
    egress:
      deny: [{ protocol: tcp, ports: 22, peer: any }]
exceptions:
  - { account: "${ACCOUNT}", direction: egress, match: { protocol: tcp, ports: 22, peer: internet }, expires: 2030-01-01T00:00:00Z, reason: bastion egress }
`,
      'p.yaml',
    );
    const rule = fromList(22, LIST, { direction: 'egress' });
    const run = (entries: string[]) =>
      planGroup({ group: group('p', [rule]), policies, now, prefixLists: lists(customer(entries)) });
    expect(run(['0.0.0.0/5']).violations).toEqual([]);
    // One CIDR the exception does not cover, and the deny of any decides.
    expect(run(['0.0.0.0/5', '10.0.0.0/8']).violations.map((v) => v.code)).toEqual(['denied']);
  });
});
