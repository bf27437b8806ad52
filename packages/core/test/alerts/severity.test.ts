import { ruleExposure, rulesOpened } from '../../src/alerts/rule-exposure';
import {
  accountErrorSeverity,
  contestedSeverity,
  findingsSeverity,
  forwardingSeverity,
  INCIDENT_SEVERITY,
  remediationSeverity,
} from '../../src/alerts/severity';
import type { AlertAction, AlertFinding, Decision } from '../../src/alerts/types';
import type { Rule } from '../../src/rules/types';
import { change, tcp } from './builders';

function finding(overrides: Partial<AlertFinding> = {}): AlertFinding {
  return {
    code: 'denied',
    direction: 'ingress',
    rule: 'tcp 22 from 0.0.0.0/0',
    permission: {},
    reason: 'denied',
    cause: 'change',
    internet: true,
    adminPort: true,
    decision: 'reverted',
    ...overrides,
  };
}

const DECISIONS: Decision[] = [
  'reverted',
  'restored',
  'already-applied',
  'audit-only',
  'failed',
  'skipped',
  'not-planned',
];

describe('findingsSeverity: what the findings exposed', () => {
  it.each([
    ['critical', 'an admin port open to the internet', [finding()]],
    ['high', 'another port open to the internet', [finding({ adminPort: false })]],
    ['medium', 'an admin port not reachable from the internet', [finding({ internet: false })]],
    [
      'medium',
      'a violation not reachable from the internet',
      [finding({ internet: false, adminPort: false })],
    ],
    [
      'medium',
      'a missing required rule (opens nothing), even one flagged as internet',
      [finding({ code: 'missing-required', decision: 'restored' })],
    ],
    ['info', 'no finding', []],
    [
      'critical',
      'the worst finding wins, wherever it is',
      [finding({ internet: false }), finding({ adminPort: false }), finding({ cause: 'drift' })],
    ],
    ['high', 'the worst finding wins', [finding({ internet: false }), finding({ adminPort: false })]],
  ] as const)('%s for %s', (expected, _what, findings) => {
    expect(findingsSeverity([...findings])).toBe(expected);
  });

  it.each(
    DECISIONS.flatMap((decision) =>
      (['change', 'drift'] as const).map((cause): [Decision, 'change' | 'drift'] => [decision, cause]),
    ),
  )('does not depend on what was done (%s) or on what brought it (%s)', (decision, cause) => {
    const as = (f: Partial<AlertFinding>) => findingsSeverity([finding({ decision, cause, ...f })]);
    expect(as({})).toBe('critical');
    expect(as({ adminPort: false })).toBe('high');
    expect(as({ internet: false, adminPort: false })).toBe('medium');
    expect(as({ code: 'missing-required', internet: false, adminPort: false })).toBe('medium');
  });
});

describe('remediationSeverity', () => {
  const failedAction: AlertAction = {
    type: 'revoke',
    direction: 'ingress',
    permission: {},
    rules: [],
    cause: 'drift',
    status: 'failed',
  };

  it('follows the findings, drift the hub fixed and audit-only findings alike', () => {
    expect(remediationSeverity({ findings: [finding({ cause: 'drift' })], actions: [] })).toBe('critical');
    expect(remediationSeverity({ findings: [finding({ decision: 'audit-only' })], actions: [] })).toBe(
      'critical',
    );
    expect(remediationSeverity({ findings: [], actions: [] })).toBe('info');
  });

  it('is at least medium when an action failed, and no more than the findings otherwise', () => {
    expect(remediationSeverity({ findings: [], actions: [failedAction] })).toBe('medium');
    expect(remediationSeverity({ findings: [finding()], actions: [failedAction] })).toBe('critical');
    expect(
      remediationSeverity({ findings: [], actions: [{ ...failedAction, status: 'already-applied' }] }),
    ).toBe('info');
  });
});

describe('contestedSeverity', () => {
  it.each([
    ['critical', 'SSH open to the world, re-applied by another tool', [finding({ decision: 'skipped' })]],
    ['high', 'another port open to the world', [finding({ decision: 'skipped', adminPort: false })]],
    [
      'medium',
      'a violation not reachable from the internet',
      [finding({ internet: false, adminPort: false })],
    ],
    ['critical', 'drift that was solved: it was exposed', [finding({ cause: 'drift' })]],
    ['medium', 'no findings at all', []],
  ] as const)('%s for %s', (expected, _what, findings) => {
    expect(contestedSeverity({ findings: [...findings] })).toBe(expected);
  });
});

describe('accountErrorSeverity', () => {
  it('rates what the changes opened, never below medium', () => {
    expect(accountErrorSeverity([])).toBe('medium');
    expect(accountErrorSeverity([change({ rulesAdded: [tcp(22)] })])).toBe('critical');
    expect(accountErrorSeverity([change({ rulesAdded: [tcp(443)] })])).toBe('high');
    expect(accountErrorSeverity([change({ rulesAdded: [tcp(22, '192.168.0.0/16')] })])).toBe('medium');
    expect(accountErrorSeverity([change.lifecycle({ kind: 'delete-group' })])).toBe('medium');
  });
});

describe('INCIDENT_SEVERITY', () => {
  it('rates the incidents that carry neither findings nor changes to rate', () => {
    expect(INCIDENT_SEVERITY).toEqual({
      misconfigured: 'medium',
      tamper: 'critical',
      'group-deleted': 'info',
    });
  });
});

describe('forwardingSeverity', () => {
  const problem = (code: 'rule-disabled' | 'unreadable') => ({ code, resource: 'r', detail: 'd' });

  it('rates a known break critical, a check that could not read anything high, a repair info', () => {
    expect(forwardingSeverity('broken', [problem('rule-disabled')])).toBe('critical');
    expect(forwardingSeverity('broken', [problem('unreadable'), problem('rule-disabled')])).toBe('critical');
    expect(forwardingSeverity('broken', [problem('unreadable')])).toBe('high');
    expect(forwardingSeverity('resolved', [problem('rule-disabled')])).toBe('info');
    expect(forwardingSeverity('resolved', [])).toBe('info');
  });
});

describe('ruleExposure: the planner tests, for a bare rule', () => {
  const peer = (p: Rule['peer']): Rule => ({ ...tcp(22), peer: p });

  it.each<[string, Rule, boolean, boolean]>([
    ['SSH from the world', tcp(22), true, true],
    ['SSH from one public address', tcp(22, '203.0.113.7/32'), true, true],
    ['SSH from a block holding private and public addresses', tcp(22, '0.0.0.0/1'), true, true],
    ['WinRM (a range in the list) from the world', tcp(5986), true, true],
    ['SSH from the IPv6 world', peer({ kind: 'ipv6', cidr: '::/0' }), true, true],
    ['HTTPS from the world', tcp(443), true, false],
    ['SSH from a private range', tcp(22, '172.16.0.0/12'), false, false],
    ['SSH from a unique-local IPv6 range', peer({ kind: 'ipv6', cidr: 'fd00::/8' }), false, false],
    ['SSH from a prefix list', peer({ kind: 'prefixList', prefixListId: 'pl-1' }), false, false],
    ['SSH from a group', peer({ kind: 'securityGroup', groupId: 'sg-1' }), false, false],
    ['SSH from a CIDR that does not parse (fails safe)', tcp(22, 'not-a-cidr'), true, true],
    ['egress to the world on 22', tcp(22, '0.0.0.0/0', { direction: 'egress' }), true, false],
  ])('%s: internet %s, admin port %s', (_what, rule, internet, adminPort) => {
    expect(ruleExposure(rule)).toEqual({ internet, adminPort });
  });

  it('takes the rules a change added or modified into a known shape, none of a failed call', () => {
    const [a, b] = [tcp(22), tcp(3389)];
    expect(
      rulesOpened(
        change({
          kind: 'modify',
          rulesAdded: [a],
          rulesModified: [{ ruleId: 'sgr-1', rule: b }, { ruleId: 'sgr-2' }],
          rulesRemoved: [tcp(80)],
        }),
      ),
    ).toEqual([a, b]);
    expect(rulesOpened(change({ rulesAdded: [a], error: { code: 'InvalidPermission.Duplicate' } }))).toEqual(
      [],
    );
  });
});
