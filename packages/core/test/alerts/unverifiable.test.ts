/** A prefix list the hub could not read is never passed in silence (issue 8, prefix lists). */
import { composeAlert, remediationIncident } from '../../src';
import type { Rule } from '../../src/rules/types';
import { COMPLETED_AT, context, GROUP, outcome, plan, revoke, tcp, violation } from './builders';

const fromList: Rule = { ...tcp(22), peer: { kind: 'prefixList', prefixListId: 'pl-0abc1234' } };
const unverifiable = [
  { prefixListId: 'pl-0abc1234', reason: 'AccessDenied: not authorized', rules: [fromList] },
];

describe('alerts: prefix lists that could not be read', () => {
  it('alone, still alert: medium, outcome unverifiable, naming the list and its rules', () => {
    const alert = composeAlert(remediationIncident(plan({ unverifiable }), [], context(), COMPLETED_AT));
    expect(alert?.severity).toBe('medium');
    expect(alert?.attributes.outcome).toBe('unverifiable');
    expect(alert?.subject).toContain(`Cannot verify prefix list pl-0abc1234 on ${GROUP}`);
    expect(alert?.text).toContain('could not read a prefix list that rules of security group');
    expect(alert?.text).toContain(
      '- pl-0abc1234: AccessDenied: not authorized; rules judged as references only: tcp 22 from pl-0abc1234',
    );
    expect(alert?.document).toMatchObject({
      kind: 'remediation',
      findings: [],
      actions: [],
      unverifiable: [{ rules: ['tcp 22 from pl-0abc1234'] }],
    });
  });

  it('ride along with the findings of a remediation', () => {
    const ssh = tcp(22);
    const action = revoke(ssh);
    const alert = composeAlert(
      remediationIncident(
        plan({ violations: [violation(ssh)], actions: [action], unverifiable }),
        [outcome(action)],
        context(),
        COMPLETED_AT,
      ),
    );
    expect(alert?.attributes.outcome).toBe('remediated');
    expect(alert?.document).toMatchObject({ unverifiable: [{ prefixListId: 'pl-0abc1234' }] });
  });

  it('say nothing when every list could be read', () => {
    expect(
      composeAlert(remediationIncident(plan({ unverifiable: [] }), [], context(), COMPLETED_AT)),
    ).toBeUndefined();
  });
});
