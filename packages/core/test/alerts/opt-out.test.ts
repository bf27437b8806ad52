/** The opt-out incident: a group that left the policy the hub enforced, told as such. */
import { composeAlert, optOutIncident } from '../../src';
import { actor, change, context, GROUP, plan, tcp, violation } from './builders';

const from = { policy: 'no-public-admin-ports', mode: 'enforce' as const };
const untag = change.tag({ kind: 'untag', eventName: 'DeleteTags', tagKeysRemoved: ['guardrail:policy'] });

function compose(facts: Partial<Parameters<typeof optOutIncident>[1]> = {}) {
  const alert = composeAlert(
    optOutIncident(context(), { from, to: {}, left: plan(), changes: [untag], followUp: false, ...facts }),
  );
  if (!alert) throw new Error('an opt-out is always told');
  return alert;
}

describe('opt-out alerts', () => {
  it('high when the group does not break what it left: who, from what, to nothing enforced', () => {
    const alert = compose();
    expect(alert.severity).toBe('high');
    expect(alert.attributes).toMatchObject({ outcome: 'opted-out', severity: 'high', policy: from.policy });
    // Where it went gives way in a long subject; the body says it.
    expect(alert.subject).toBe(
      `[HIGH] Opt-out: ${GROUP} left no-public-admin-ports (prod 111122223333, eu-west-1)`,
    );
    expect(compose({ from: { policy: 'strict', mode: 'enforce' } }).subject).toContain(
      'left strict (opted out)',
    );
    expect(alert.text).toContain(
      `${actor().arn} took security group ${GROUP} out of no-public-admin-ports (enforce mode): it is now not opted in: nothing is enforced.`,
    );
    expect(alert.text).toContain('It does not break no-public-admin-ports yet.');
    expect(alert.document).toMatchObject({
      kind: 'opt-out',
      policy: from.policy,
      mode: 'enforce',
      findings: [],
    });
  });

  it('critical when it then breaks the policy it left, with the violations, not enforced', () => {
    const ssh = tcp(22);
    const alert = compose({ left: plan({ violations: [violation(ssh), violation(tcp(3389))] }) });
    expect(alert.severity).toBe('critical');
    expect(alert.text).toContain(
      'Against no-public-admin-ports it now has 2 violations, listed below, which nothing enforces.',
    );
    expect(alert.document.findings.map((f) => f.decision)).toEqual(['not-planned', 'not-planned']);
    const one = compose({ left: plan({ violations: [violation(ssh)] }) });
    expect(one.text).toContain('it now has 1 violation,');
  });

  it('names where the group went: another policy, another mode, a policy that does not exist', () => {
    const strict = { policy: 'strict', mode: 'enforce' as const };
    expect(compose({ from: strict, to: { policy: 'web-public', mode: 'enforce' } }).subject).toContain(
      '(now web-public)',
    );
    expect(compose({ to: { policy: 'web-public', mode: 'enforce' } }).text).toContain(
      'it is now under web-public in enforce mode.',
    );
    expect(compose({ from: strict, to: { policy: 'strict', mode: 'audit' } }).subject).toContain(
      '(now audit)',
    );
    expect(compose({ to: { policy: 'web-public' } }).text).toContain('it is now under web-public.');
    expect(compose({ to: { misconfiguration: 'unknown policy "x"' } }).text).toContain(
      'it is now misconfigured (unknown policy "x"): nothing is enforced.',
    );
  });

  it('follows up an opt-out already told when an event brings a new violation', () => {
    const alert = compose({ followUp: true, left: plan({ violations: [violation(tcp(22))] }) });
    expect(alert.subject).toContain(`Opted-out ${GROUP} left`);
    expect(alert.text).toContain(
      `security group ${GROUP} left no-public-admin-ports before and is not opted in: nothing is enforced. ${actor().arn} changed it again.`,
    );
  });

  it('says who when the principal is unknown, and when no event was seen (a sweep found it)', () => {
    const root = change.tag({ actor: actor({ arn: undefined, type: 'Root' }) });
    expect(compose({ changes: [root] }).text).toContain('an unknown principal (Root) took');
    expect(compose({ changes: [] }).text).toContain('a change the hub did not see (found by a sweep) took');
  });
});

describe('opt-out alerts of a sticky policy (optOut: restore)', () => {
  const tags = { 'guardrail:policy': from.policy };

  it('says the opt-in was put back and the policy enforced again (outcome opt-in-restored)', () => {
    const alert = compose({
      restore: { status: 'restored', tags },
      left: plan({ violations: [violation(tcp(22))] }),
    });
    expect(alert.severity).toBe('critical');
    expect(alert.attributes).toMatchObject({ outcome: 'opt-in-restored', severity: 'critical' });
    expect(alert.subject).toContain(`Opt-out undone: ${GROUP} left no-public-admin-p`);
    expect(alert.text).toContain(
      'no-public-admin-ports is sticky (optOut: restore): the hub put guardrail:policy=no-public-admin-ports back and enforces no-public-admin-ports again',
    );
    expect(alert.document).toMatchObject({ optOut: { restore: { status: 'restored', tags } } });
    expect(alert.text).not.toContain('which nothing enforces');
  });

  it('says why the opt-in could not be put back, and that nothing is enforced (outcome opted-out)', () => {
    const alert = compose({
      restore: { status: 'failed', tags, code: 'UnauthorizedOperation', message: 'not allowed' },
    });
    expect(alert.severity).toBe('high');
    expect(alert.attributes).toMatchObject({ outcome: 'opted-out' });
    expect(alert.text).toContain(
      'but the hub could not put guardrail:policy=no-public-admin-ports back (UnauthorizedOperation: not allowed).',
    );
    expect(alert.text).toContain('it is now not opted in: nothing is enforced.');
  });
});
