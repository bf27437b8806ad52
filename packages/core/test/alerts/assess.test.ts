import { assessPlan, closedExposures, remediationOutcome } from '../../src/alerts/assess';
import type { Rule } from '../../src/rules/types';
import {
  authorize,
  CHANGE_TIME,
  COMPLETED_AT,
  change,
  outcome,
  plan,
  revoke,
  tcp,
  violation,
} from './builders';

describe('assessPlan: which outcome answers an action', () => {
  type AnyAction = ReturnType<typeof revoke> | ReturnType<typeof authorize>;
  const decisionOf = (rule: Rule, action: AnyAction, outcomes: Parameters<typeof assessPlan>[1]) => {
    const code = action.type === 'revoke' ? undefined : { code: 'missing-required' as const };
    const p = plan({ violations: [violation(rule, code)], actions: [action] });
    return assessPlan(p, outcomes, { completedAt: COMPLETED_AT }).findings.map((f) => f.decision);
  };

  it('takes the outcome of the same action, or of an equal one (after a copy)', () => {
    const ssh = tcp(22);
    const action = revoke(ssh);
    expect(decisionOf(ssh, action, [outcome(structuredClone(action))])).toEqual(['reverted']);
    // The same object wins over an equal copy: here the copy failed, the action itself succeeded.
    expect(decisionOf(ssh, action, [outcome(structuredClone(action), 'failed'), outcome(action)])).toEqual([
      'reverted',
    ]);
  });

  it('does not take the outcome of another type, rule or rule count', () => {
    const ssh = tcp(22);
    const web = [tcp(80), tcp(443)];
    const outcomes = [outcome(authorize([ssh])), outcome(revoke(tcp(3389))), outcome(authorize([tcp(80)]))];
    expect(decisionOf(ssh, revoke(ssh), outcomes)).toEqual(['skipped']);
    expect(decisionOf(web[0]!, authorize(web), outcomes)).toEqual(['skipped']);
    expect(decisionOf(web[0]!, authorize([tcp(80)]), outcomes)).toEqual(['restored']);
  });
});

describe('assessPlan decisions', () => {
  const ssh = tcp(22);
  const https = tcp(443);

  function decide(
    p: ReturnType<typeof plan>,
    outcomes: Parameters<typeof assessPlan>[1],
    skipReason?: string,
  ) {
    return assessPlan(p, outcomes, { completedAt: COMPLETED_AT, skipReason }).findings.map((f) => [
      f.decision,
      f.error,
    ]);
  }

  it('reverted and restored when the actions succeeded', () => {
    const revokeSsh = revoke(ssh);
    const restore = authorize([https]);
    const p = plan({
      violations: [
        violation(ssh),
        violation(https, { code: 'missing-required', cause: 'drift', adminPort: false }),
      ],
      actions: [revokeSsh, restore],
    });
    expect(decide(p, [outcome(revokeSsh), outcome(restore)])).toEqual([
      ['reverted', undefined],
      ['restored', undefined],
    ]);
  });

  it('already-applied, never reverted or restored, when someone else had done it first', () => {
    const revokeSsh = revoke(ssh);
    const restore = authorize([https]);
    const p = plan({
      violations: [
        violation(ssh),
        violation(https, { code: 'missing-required', cause: 'drift', adminPort: false }),
      ],
      actions: [revokeSsh, restore],
      changes: [change({ rulesAdded: [ssh] })],
    });
    const { findings } = assessPlan(
      p,
      [outcome(revokeSsh, 'already-applied'), outcome(restore, 'already-applied')],
      {
        completedAt: COMPLETED_AT,
      },
    );
    expect(findings.map((f) => [f.decision, f.error, f.completedAt, f.exposure])).toEqual([
      ['already-applied', undefined, COMPLETED_AT, undefined],
      ['already-applied', undefined, COMPLETED_AT, undefined],
    ]);
  });

  it('failed with the reason, or an unknown error when none was reported', () => {
    const action = revoke(ssh);
    const p = plan({ violations: [violation(ssh)], actions: [action] });
    expect(decide(p, [outcome(action, 'failed', { error: 'UnauthorizedOperation: denied' })])).toEqual([
      ['failed', 'UnauthorizedOperation: denied'],
    ]);
    expect(decide(p, [outcome(action, 'failed')])).toEqual([['failed', 'unknown error']]);
  });

  it('skipped with the reported reason, the given reason, or "not attempted"', () => {
    const action = revoke(ssh);
    const p = plan({ violations: [violation(ssh)], actions: [action] });
    expect(decide(p, [outcome(action, 'skipped', { error: 'earlier call failed' })])).toEqual([
      ['skipped', 'earlier call failed'],
    ]);
    expect(decide(p, [outcome(action, 'skipped')], 'breaker open')).toEqual([['skipped', 'breaker open']]);
    expect(decide(p, [])).toEqual([['skipped', 'not attempted']]);
  });

  it('audit only in audit mode, not planned when no action covers a violation', () => {
    expect(decide(plan({ mode: 'audit', violations: [violation(ssh)] }), [])).toEqual([
      ['audit-only', undefined],
    ]);
    expect(decide(plan({ violations: [violation(ssh)] }), [])).toEqual([
      ['not-planned', 'no action was planned for it'],
    ]);
  });

  it('lists every action with its status, "not-attempted" when nothing was reported', () => {
    const first = revoke(tcp(22, '0.0.0.0/0', { ruleId: 'sgr-1' }));
    const second = authorize([https]);
    const { actions } = assessPlan(plan({ actions: [first, second] }), [
      outcome(first, 'failed', { error: 'boom' }),
    ]);
    expect(actions).toEqual([
      expect.objectContaining({
        type: 'revoke',
        ruleId: 'sgr-1',
        status: 'failed',
        error: 'boom',
        rules: ['tcp 22 from 0.0.0.0/0'],
      }),
      expect.objectContaining({
        type: 'authorize',
        status: 'not-attempted',
        rules: ['tcp 443 from 0.0.0.0/0'],
      }),
    ]);
    expect(actions[1]?.ruleId).toBeUndefined();
  });
});

describe('exposure window', () => {
  const ssh = tcp(22, '0.0.0.0/0', { ruleId: 'sgr-1' });
  const action = revoke(ssh);

  function exposureOf(p: ReturnType<typeof plan>, outcomes = [outcome(action)], completedAt?: string) {
    const [finding] = assessPlan(p, outcomes, { completedAt }).findings;
    return { eventId: finding?.eventId, exposure: finding?.exposure };
  }

  it('runs from the change that added the rule to the revert', () => {
    const p = plan({
      violations: [violation(ssh)],
      actions: [action],
      changes: [
        change({ eventId: 'other', eventTime: '2025-06-01T09:59:00Z', rulesAdded: [tcp(80)] }),
        change({ eventId: 'adder', rulesAdded: [ssh] }),
      ],
    });
    expect(exposureOf(p)).toEqual({
      eventId: 'adder',
      exposure: { from: CHANGE_TIME, to: COMPLETED_AT, seconds: 3.5 },
    });
  });

  it('recognizes a modification that turned a rule into the offending one, by shape or id', () => {
    const byShape = change({
      eventId: 'shape',
      kind: 'modify',
      rulesModified: [{ ruleId: 'sgr-9', rule: ssh }],
    });
    const byId = change({ eventId: 'id', kind: 'modify', rulesModified: [{ ruleId: 'sgr-1' }] });
    const base = { violations: [violation(ssh)], actions: [action] };
    expect(exposureOf(plan({ ...base, changes: [byShape] })).eventId).toBe('shape');
    expect(exposureOf(plan({ ...base, changes: [byId] })).eventId).toBe('id');
    const noId = tcp(22);
    const unrelated = change({ rulesModified: [{ ruleId: 'sgr-1' }] });
    const p = plan({ violations: [violation(noId)], actions: [revoke(noId)], changes: [unrelated] });
    expect(exposureOf(p, [outcome(p.actions[0]!)]).eventId).toBeUndefined();
  });

  it('takes a tag change that opted the group in as a trigger, never as the adder of a rule', () => {
    const p = plan({
      violations: [violation(ssh)],
      actions: [action],
      changes: [
        change.tag({
          eventId: 'opt-in',
          eventTime: '2025-06-01T09:59:00Z',
          tagsSet: { 'guardrail:policy': 'web' },
        }),
        change({ eventId: 'adder', rulesAdded: [ssh] }),
      ],
    });
    expect(exposureOf(p)).toEqual({
      eventId: 'adder',
      exposure: { from: CHANGE_TIME, to: COMPLETED_AT, seconds: 3.5 },
    });
  });

  it('falls back to the earliest trigger when no change names the rule (the longest window)', () => {
    const p = plan({
      violations: [violation(ssh)],
      actions: [action],
      changes: [
        change({ eventId: 'late', eventTime: '2025-06-01T10:00:01Z' }),
        change({ eventId: 'early', eventTime: '2025-06-01T09:59:58Z' }),
        change({ eventId: 'later', eventTime: '2025-06-01T10:00:02Z' }),
      ],
    });
    const { eventId, exposure } = exposureOf(p);
    expect(eventId).toBeUndefined();
    expect(exposure).toEqual({ from: '2025-06-01T09:59:58Z', to: COMPLETED_AT, seconds: 5.5 });
  });

  it('ends at the incident completion when the outcome has no time; none without an end', () => {
    const p = plan({
      violations: [violation(ssh)],
      actions: [action],
      changes: [change({ rulesAdded: [ssh] })],
    });
    const untimed = [outcome(action, 'succeeded', { completedAt: undefined })];
    expect(exposureOf(p, untimed, '2025-06-01T10:00:10Z').exposure?.seconds).toBe(10);
    expect(exposureOf(p, untimed).exposure).toBeUndefined();
  });

  it('is not measured for a rule someone else had already removed (already-applied)', () => {
    const p = plan({
      violations: [violation(ssh)],
      actions: [action],
      changes: [change({ rulesAdded: [ssh] })],
    });
    expect(exposureOf(p, [outcome(action, 'already-applied')])).toEqual({
      eventId: 'evt-1',
      exposure: undefined,
    });
    expect(assessPlan(p, [outcome(action, 'already-applied')]).exposure).toBeUndefined();
    // The same plan, reverted by this hub: measured.
    expect(exposureOf(p).exposure?.seconds).toBe(3.5);
  });

  it('is not measured for drift, for failed reverts, or for restored rules', () => {
    const drift = plan({
      violations: [violation(ssh, { cause: 'drift' })],
      actions: [action],
      changes: [change()],
    });
    expect(exposureOf(drift).exposure).toBeUndefined();
    const failing = plan({
      violations: [violation(ssh)],
      actions: [action],
      changes: [change({ rulesAdded: [ssh] })],
    });
    expect(exposureOf(failing, [outcome(action, 'failed')]).exposure).toBeUndefined();
    const https = tcp(443);
    const restore = authorize([https], 'change');
    const restored = plan({
      violations: [violation(https, { code: 'missing-required' })],
      actions: [restore],
      changes: [change({ kind: 'revoke', rulesRemoved: [https] })],
    });
    expect(exposureOf(restored, [outcome(restore)]).exposure).toBeUndefined();
  });

  it('reports the windows its own reverts closed for the metrics, the longest first among them', () => {
    const rdp = tcp(3389);
    const revokeRdp = revoke(rdp);
    const p = plan({
      violations: [violation(ssh), violation(rdp)],
      actions: [action, revokeRdp],
      changes: [
        change({ eventId: 'a', rulesAdded: [ssh] }),
        change({ eventId: 'b', eventTime: '2025-06-01T09:58:00Z', rulesAdded: [rdp] }),
      ],
    });
    const closed = closedExposures(p, [outcome(action), outcome(revokeRdp)]);
    expect(Math.max(...closed.map((w) => w.seconds))).toBe(123.5);
    expect(closed).toHaveLength(2);
    expect(closedExposures(p, [])).toEqual([]);
    // A rule someone else had already removed: this hub closed nothing, and the alert says so.
    const mixed = [outcome(action, 'already-applied'), outcome(revokeRdp)];
    expect(closedExposures(p, mixed)).toEqual([
      { from: '2025-06-01T09:58:00Z', to: COMPLETED_AT, seconds: 123.5 },
    ]);
    expect(assessPlan(p, mixed).findings.map((f) => f.decision)).toEqual(['already-applied', 'reverted']);
    expect(closedExposures(p, [outcome(action, 'already-applied')])).toEqual([]);
  });
});

describe('remediationOutcome', () => {
  const ssh = tcp(22);
  const rdp = tcp(3389);
  const [a, b] = [revoke(ssh), revoke(rdp)];
  const twoRevokes = plan({ violations: [violation(ssh), violation(rdp)], actions: [a, b] });

  it.each([
    ['remediated', [outcome(a), outcome(b, 'already-applied')]],
    ['remediated', [outcome(a, 'already-applied'), outcome(b, 'already-applied')]],
    ['partially-remediated', [outcome(a), outcome(b, 'failed')]],
    ['partially-remediated', [outcome(a)]],
    ['failed', [outcome(a, 'failed'), outcome(b, 'skipped')]],
  ] as const)('%s', (expected, outcomes) => {
    expect(remediationOutcome(twoRevokes, assessPlan(twoRevokes, [...outcomes]))).toBe(expected);
  });

  it('is audit in audit mode', () => {
    const p = plan({ mode: 'audit', violations: [violation(ssh)] });
    expect(remediationOutcome(p, assessPlan(p, []))).toBe('audit');
  });

  it('counts a violation no action covered as not remediated', () => {
    const p = plan({ violations: [violation(ssh), violation(rdp)], actions: [a] });
    expect(remediationOutcome(p, assessPlan(p, [outcome(a)]))).toBe('partially-remediated');
    const none = plan({ violations: [violation(ssh)] });
    expect(remediationOutcome(none, assessPlan(none, []))).toBe('failed');
  });
});
