import {
  contestedSeverity,
  findingsSeverity,
  INCIDENT_SEVERITY,
  remediationSeverity,
} from '../../src/alerts/severity';
import type { AlertAction, AlertFinding, Decision } from '../../src/alerts/types';

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

describe('findingsSeverity (enforce mode)', () => {
  it.each([
    ['critical', 'an admin port open to the internet', [finding()]],
    ['high', 'another port open to the internet', [finding({ adminPort: false })]],
    [
      'medium',
      'a violation not reachable from the internet',
      [finding({ internet: false, adminPort: false })],
    ],
    [
      'medium',
      'a missing required rule (opens nothing)',
      [finding({ code: 'missing-required', decision: 'restored' })],
    ],
    ['info', 'drift that was reverted', [finding({ cause: 'drift' })]],
    [
      'info',
      'drift that was restored',
      [finding({ cause: 'drift', code: 'missing-required', decision: 'restored' })],
    ],
    [
      'critical',
      'the worst finding wins',
      [finding({ internet: false }), finding({ cause: 'drift' }), finding()],
    ],
  ] as const)('%s for %s', (expected, _what, findings) => {
    expect(findingsSeverity([...findings])).toBe(expected);
  });

  it.each<Decision>(['failed', 'skipped', 'not-planned'])(
    'rates drift left open (%s) like a change: it is still exposed',
    (decision) => {
      expect(findingsSeverity([finding({ cause: 'drift', decision })])).toBe('critical');
      expect(findingsSeverity([finding({ cause: 'drift', decision, adminPort: false })])).toBe('high');
    },
  );

  it('is info when there is nothing pressing', () => {
    expect(findingsSeverity([])).toBe('info');
  });
});

describe('INCIDENT_SEVERITY', () => {
  it('rates the incidents that carry no findings', () => {
    expect(INCIDENT_SEVERITY).toEqual({
      misconfigured: 'medium',
      'account-error': 'medium',
      tamper: 'high',
      'group-deleted': 'info',
    });
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
    ['medium', 'only drift that was solved', [finding({ cause: 'drift' })]],
    ['medium', 'no findings at all', []],
  ] as const)('%s for %s', (expected, _what, findings) => {
    expect(contestedSeverity({ findings: [...findings] })).toBe(expected);
  });
});

describe('remediationSeverity', () => {
  const drift = finding({ cause: 'drift' });
  const failedAction: AlertAction = {
    type: 'revoke',
    direction: 'ingress',
    permission: {},
    rules: [],
    cause: 'drift',
    status: 'failed',
  };

  it('is info in audit mode, whatever was found', () => {
    expect(remediationSeverity('audit', { findings: [finding()], actions: [] })).toBe('info');
  });

  it('follows the findings in enforce mode', () => {
    expect(remediationSeverity('enforce', { findings: [finding()], actions: [] })).toBe('critical');
    expect(remediationSeverity(undefined, { findings: [drift], actions: [] })).toBe('info');
  });

  it('is at least medium when an action failed', () => {
    expect(remediationSeverity('enforce', { findings: [drift], actions: [failedAction] })).toBe('medium');
    expect(remediationSeverity('enforce', { findings: [finding()], actions: [failedAction] })).toBe(
      'critical',
    );
  });
});
