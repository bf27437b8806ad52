import type { Mode, OptInRestore, Plan, Violation } from '@guardrail/core';
import { tcp } from '@guardrail/testkit';
import { checkOptOut } from '../src/opt-out';
import type { RememberedPolicy } from '../src/policy-memory';
import { change } from './support/fakes';

const NOW = new Date('2026-06-01T10:00:00Z');
const AT = NOW.toISOString();
const context = { account: { id: '111111111111' }, region: 'eu-west-1', group: { groupId: 'sg-1' } };

function plan(overrides: Partial<Plan> = {}): Plan {
  return {
    groupId: 'sg-1',
    managed: false,
    violations: [],
    actions: [],
    changes: [],
    evaluatedAt: AT,
    ...overrides,
  };
}
const under = (policy: string, mode: Mode = 'enforce') => plan({ managed: true, policy, mode });
const ssh: Violation = {
  code: 'denied',
  direction: 'ingress',
  rule: tcp(22),
  reason: 'tcp 22 is denied',
  cause: 'change',
  internet: true,
  adminPort: true,
};

function check(
  prior: RememberedPolicy | undefined,
  now: Plan,
  options: { left?: Violation[]; changes?: boolean; restore?: OptInRestore } = {},
) {
  const asked: string[] = [];
  const result = checkOptOut({
    prior,
    plan: now,
    changes: options.changes === false ? [] : [change()],
    context,
    now: NOW,
    ...(options.restore ? { restore: options.restore } : {}),
    planAs: (policy, mode) => {
      asked.push(`${policy} ${mode}`);
      return plan({ managed: true, policy, mode, violations: options.left ?? [] });
    },
  });
  return { ...result, asked };
}

const enforced: RememberedPolicy = { policy: 'strict', mode: 'enforce', since: '2026-01-01T00:00:00.000Z' };

describe('checkOptOut', () => {
  it('remembers a group the first time it is seen under a policy, and tells nothing', () => {
    expect(check(undefined, under('strict'))).toEqual({
      remember: { policy: 'strict', mode: 'enforce', since: AT },
      asked: [],
    });
    expect(check(undefined, plan())).toEqual({ asked: [] });
  });

  it('tells nothing, and writes nothing, while the group stays under what it had', () => {
    expect(check(enforced, under('strict'))).toEqual({ asked: [] });
  });

  it.each([
    ['the opt-in tag removed', plan(), {}],
    [
      'a policy that does not exist',
      plan({ misconfiguration: 'unknown policy "strickt"' }),
      { misconfiguration: 'unknown policy "strickt"' },
    ],
    ['another policy', under('lenient'), { policy: 'lenient', mode: 'enforce' }],
    ['audit mode', under('strict', 'audit'), { policy: 'strict', mode: 'audit' }],
  ])('tells an opt-out to %s, judged against what it left', (_, now, to) => {
    const result = check(enforced, now, { left: [ssh] });
    expect(result.incident).toMatchObject({
      kind: 'opt-out',
      from: { policy: 'strict', mode: 'enforce' },
      to,
      followUp: false,
      left: { violations: [ssh] },
    });
    expect(result.asked).toEqual(['strict enforce']);
  });

  it('remembers when a group left; while out, tells only an event that brings a new violation', () => {
    const out = check(enforced, plan());
    expect(out.remember).toEqual({ ...enforced, leftAt: AT });
    const left = { ...enforced, leftAt: AT };
    expect(check(left, plan(), { left: [] }).incident).toBeUndefined();
    expect(check(left, plan(), { left: [{ ...ssh, cause: 'drift' }] }).incident).toBeUndefined();
    expect(check(left, plan(), { left: [ssh], changes: false }).incident).toBeUndefined();
    expect(check(left, plan(), { left: [ssh] }).incident).toMatchObject({ kind: 'opt-out', followUp: true });
  });

  it('takes a group back in without a word: the same policy again, another after an opt-out told, or audit to enforce', () => {
    const left = { ...enforced, leftAt: AT };
    expect(check(left, under('strict'))).toEqual({
      remember: { policy: 'strict', mode: 'enforce', since: AT },
      asked: [],
    });
    expect(check(left, under('other')).incident).toBeUndefined();
    const audit = { ...enforced, mode: 'audit' as const };
    expect(check(audit, under('strict'))).toEqual({
      remember: { policy: 'strict', mode: 'enforce', since: AT },
      asked: [],
    });
  });

  it('a sticky opt-in put back is told every time, and the group stays remembered as in', () => {
    const restore: OptInRestore = { status: 'restored', tags: { 'guardrail:policy': 'strict' } };
    const result = check(enforced, plan(), { restore, left: [ssh] });
    expect(result.incident).toMatchObject({ kind: 'opt-out', to: {}, restore, left: { violations: [ssh] } });
    expect(result.remember).toBeUndefined();
    // Put back after an opt-out told before (the restore had failed): remembered as in again.
    const since = enforced.since;
    expect(check({ ...enforced, leftAt: AT }, plan(), { restore }).remember).toEqual({ ...enforced, since });
  });

  it('a restore that failed is an opt-out like any other, with the reason', () => {
    const restore: OptInRestore = {
      status: 'failed',
      tags: {},
      code: 'UnauthorizedOperation',
      message: 'no',
    };
    const result = check(enforced, plan(), { restore });
    expect(result.incident).toMatchObject({ kind: 'opt-out', restore });
    expect(result.remember).toEqual({ ...enforced, leftAt: AT });
  });
});
