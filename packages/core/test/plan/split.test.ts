import { splitPlan } from '../../src/plan/split';
import { authorize, plan, revoke, tcp, violation } from '../alerts/builders';

describe('splitPlan', () => {
  const ssh = tcp(22);
  const rdp = tcp(3389);
  const https = tcp(443);
  const actions = [revoke(ssh), revoke(rdp), authorize([https])];
  const violations = [
    violation(ssh),
    violation(rdp),
    violation(https, { code: 'missing-required' }),
    violation(tcp(23), { cause: 'drift' }),
  ];

  it('gives each part its actions and the violations they address; the rest keeps the others', () => {
    const { held, rest } = splitPlan(plan({ actions, violations }), (action) => action.type === 'authorize');
    expect(held.actions).toEqual([actions[2]]);
    expect(held.violations).toEqual([violations[2]]);
    expect(rest.actions).toEqual([actions[0], actions[1]]);
    // A violation no action addresses (nothing planned for it) stays with the enforced part.
    expect(rest.violations).toEqual([violations[0], violations[1], violations[3]]);
  });

  it('holds by index, and keeps a violation enforced when an action of the rest also addresses it', () => {
    const both = [revoke(ssh), revoke({ ...ssh, ruleId: 'sgr-2' })];
    const { held, rest } = splitPlan(
      plan({ actions: both, violations: [violation(ssh)] }),
      (_, i) => i === 0,
    );
    expect(held).toMatchObject({ actions: [both[0]], violations: [] });
    expect(rest).toMatchObject({ actions: [both[1]], violations: [violation(ssh)] });
  });

  it('holds nothing when nothing is picked: the same plan, field for field', () => {
    const whole = plan({ actions, violations });
    const { held, rest } = splitPlan(whole, () => false);
    expect(rest).toEqual(whole);
    expect(held).toEqual({ ...whole, actions: [], violations: [] });
  });
});
