/**
 * The classic scenarios (AWS Security Blog: auto-revert and desired-state), end to end through
 * the real fixtures: describe-security-groups JSON, EventBridge events, policy files.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isGroupChange } from '../../src/events/change-kinds';
import { parseEvent } from '../../src/events/parse';
import type { GroupChange } from '../../src/events/types';
import { planGroup } from '../../src/plan/plan';
import { loadPolicyFile } from '../../src/policy/load';
import { SHIPPED_POLICIES, withShippedPolicies } from '../../src/policy/shipped';
import { parseGroupDocument } from '../../src/rules/group';

const fixtures = join(__dirname, '..', 'fixtures');
const json = (path: string): unknown => JSON.parse(readFileSync(join(fixtures, path), 'utf8'));
const group = (name: string) => parseGroupDocument(json(`groups/${name}`), name);
function change(name: string): GroupChange {
  const result = parseEvent(json(`scenarios/${name}`));
  if (!result.ok) throw result.error;
  if (!isGroupChange(result.change)) throw new Error(`${name} is not a group change`);
  return result.change;
}
const now = new Date('2025-05-12T10:00:05Z');
const world = (port: number) => ({
  IpProtocol: 'tcp',
  FromPort: port,
  ToPort: port,
  IpRanges: [{ CidrIp: '0.0.0.0/0' }],
});

describe('revert a new SSH ingress rule from one address on a web group', () => {
  const plan = planGroup({
    group: group('web-ssh-open.json'),
    policies: SHIPPED_POLICIES,
    changes: [change('ssh-opened.json')],
    now,
  });

  it('is managed by web-public in enforce mode', () => {
    expect(plan).toMatchObject({
      groupId: 'sg-0123456789abcdef0',
      managed: true,
      policy: 'web-public',
      mode: 'enforce',
    });
    expect(plan.account).toBe('111122223333');
    expect(plan.evaluatedAt).toBe('2025-05-12T10:00:05.000Z');
  });

  it('finds the SSH rule, caused by the change, on an admin port open to the internet', () => {
    expect(plan.violations).toHaveLength(1);
    expect(plan.violations[0]).toMatchObject({
      code: 'denied',
      direction: 'ingress',
      cause: 'change',
      internet: true,
      adminPort: true,
      source: 'policies.web-public.ingress.deny[0]',
      reason: 'tcp 22 from 198.51.100.7/32 is denied by policies.web-public.ingress.deny[0]',
    });
  });

  it('revokes it by rule id, with the one-rule permission', () => {
    expect(plan.actions).toEqual([
      {
        type: 'revoke',
        direction: 'ingress',
        ruleId: 'sgr-0aaa1111bbbb2222c',
        permission: {
          IpProtocol: 'tcp',
          FromPort: 22,
          ToPort: 22,
          IpRanges: [{ CidrIp: '198.51.100.7/32' }],
        },
        rule: plan.violations[0]!.rule,
        cause: 'change',
      },
    ]);
  });
});

describe('bring a group with TCP 80, 443, 465 and 993 open to the world back to 80 and 443', () => {
  it('revokes 465 and 993 as drift, authorizes nothing when 80 and 443 are there', () => {
    const plan = planGroup({ group: group('web-mail-drift.json'), policies: SHIPPED_POLICIES, now });
    expect(plan.violations.map((v) => [v.code, v.rule.fromPort, v.cause])).toEqual([
      ['denied', 465, 'drift'],
      ['denied', 993, 'drift'],
    ]);
    expect(plan.actions.map((a) => [a.type, a.permission])).toEqual([
      ['revoke', world(465)],
      ['revoke', world(993)],
    ]);
    expect(plan.actions.every((a) => a.type === 'revoke' && a.ruleId === undefined)).toBe(true);
  });

  it('re-authorizes only 443 when it is missing, caused by the change that removed it', () => {
    const plan = planGroup({
      group: group('web-mail-missing-443.json'),
      policies: SHIPPED_POLICIES,
      changes: [change('https-revoked.json')],
      now,
    });
    expect(plan.violations.map((v) => [v.code, v.rule.fromPort, v.cause])).toEqual([
      ['denied', 465, 'drift'],
      ['denied', 993, 'drift'],
      ['missing-required', 443, 'change'],
    ]);
    expect(plan.actions).toEqual([
      expect.objectContaining({ type: 'revoke', ruleId: 'sgr-0b00000000000465b', permission: world(465) }),
      expect.objectContaining({ type: 'revoke', ruleId: 'sgr-0b00000000000993b', permission: world(993) }),
      expect.objectContaining({
        type: 'authorize',
        direction: 'ingress',
        permission: world(443),
        cause: 'change',
      }),
    ]);
  });
});

describe('in audit mode, report that 80 and 443 must be authorized and 445 revoked, without acting', () => {
  const policies = withShippedPolicies(
    loadPolicyFile(readFileSync(join(fixtures, 'scenarios', 'web-audit.yaml'), 'utf8'), 'web-audit.yaml'),
  );
  const plan = planGroup({ group: group('web-audit-smb.json'), policies, now });

  it('reports the three violations', () => {
    expect(plan).toMatchObject({ managed: true, policy: 'web-public-audit', mode: 'audit' });
    expect(plan.violations.map((v) => [v.code, v.rule.fromPort])).toEqual([
      ['denied', 445],
      ['missing-required', 80],
      ['missing-required', 443],
    ]);
    expect(plan.violations[0]).toMatchObject({ internet: true, adminPort: false });
  });

  it('plans no action', () => {
    expect(plan.actions).toEqual([]);
  });
});

describe('a group without the opt-in tag', () => {
  it('is not managed and nothing is judged', () => {
    const plan = planGroup({ group: group('untagged.json'), policies: SHIPPED_POLICIES, now });
    expect(plan).toMatchObject({
      managed: false,
      unmanagedReason: 'not-opted-in',
      violations: [],
      actions: [],
    });
  });
});
