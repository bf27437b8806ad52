/** Each incident kind's builder makes the incident its module composes (the registry in src/alerts/kinds). */
import {
  accountErrorIncident,
  composeAlert,
  contestedIncident,
  forwardingIncident,
  groupDeletedIncident,
  type Incident,
  misconfiguredIncident,
  remediationIncident,
  sweepSummaryIncident,
  tamperIncident,
} from '../../src';
import {
  ACCOUNT,
  COMPLETED_AT,
  change,
  context,
  outcome,
  plan,
  REGION,
  revoke,
  tcp,
  violation,
} from './builders';

describe('incident kinds', () => {
  const ssh = tcp(22);
  const action = revoke(ssh);
  const sshPlan = plan({
    violations: [violation(ssh)],
    actions: [action],
    changes: [change({ rulesAdded: [ssh] })],
  });

  it.each<[Incident['kind'], Incident, string]>([
    ['remediation', remediationIncident(sshPlan, [outcome(action)], context(), COMPLETED_AT), 'critical'],
    [
      'misconfigured',
      misconfiguredIncident(plan({ misconfiguration: 'policy "nope" is not defined' }), context()),
      'medium',
    ],
    [
      'account-error',
      accountErrorIncident({
        account: ACCOUNT,
        accountName: 'prod',
        region: REGION,
        reason: 'no role',
        code: 'AccessDenied',
        changes: [],
      }),
      'medium',
    ],
    [
      'contested',
      contestedIncident(sshPlan, context(), {
        remediations: 5,
        windowMinutes: 10,
        resumesAt: '2026-06-01T10:20:00Z',
      }),
      'critical',
    ],
    ['tamper', tamperIncident(change.tamper({ eventName: 'DisableRule' })), 'critical'],
    ['group-deleted', groupDeletedIncident(context(), [change()]), 'info'],
    [
      'forwarding',
      forwardingIncident({
        account: ACCOUNT,
        region: REGION,
        status: 'broken',
        problems: [{ code: 'rule-disabled', resource: 'guardrail-forward-sg-events', detail: 'disabled' }],
        checkedAt: COMPLETED_AT,
      }),
      'critical',
    ],
    [
      'sweep',
      sweepSummaryIncident(
        {
          sweepId: 'sweep-1',
          status: 'complete',
          startedAt: '2026-06-01T10:00:00Z',
          at: COMPLETED_AT,
          durationSeconds: 60,
          accounts: 1,
          regions: [REGION],
          targets: { expected: 1, finished: 1 },
          groups: 3,
          violations: 0,
          fixed: 0,
          unreadable: [],
          unreadableCount: 0,
        },
        { account: ACCOUNT, region: REGION },
      ),
      'info',
    ],
  ])('builds a %s incident that composes to an alert of that kind', (kind, incident, severity) => {
    expect(incident.kind).toBe(kind);
    const alert = composeAlert(incident);
    expect(alert?.document.kind).toBe(kind);
    expect(alert?.severity).toBe(severity);
  });

  it('names the account by id alone when its name is unknown, and leaves out an absent code', () => {
    const incident = accountErrorIncident({
      account: ACCOUNT,
      region: REGION,
      reason: 'not a member',
      changes: [],
    });
    expect(incident).toEqual({
      kind: 'account-error',
      account: { id: ACCOUNT },
      region: REGION,
      reason: 'not a member',
      changes: [],
    });
  });
});
