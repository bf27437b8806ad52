/**
 * A lock policy's findings in alerts and reports: `modified` (a description not the baseline's)
 * and its `update-description` action flow through the document, its schema, the text and the
 * subject, rated info on their own.
 */
import { composeAlert } from '../../src/alerts/compose';
import { alertDocumentSchema } from '../../src/alerts/document-schema';
import { remediationIncident } from '../../src/alerts/kinds/remediation';
import type { ActionOutcome, AlertDocument } from '../../src/alerts/types';
import { actionFingerprint, actionShape } from '../../src/plan/fingerprint';
import { planGroup } from '../../src/plan/plan';
import { splitPlan } from '../../src/plan/split';
import type { Plan, UpdateDescriptionAction } from '../../src/plan/types';
import { postureGroup } from '../../src/report/posture';
import type { Rule } from '../../src/rules/types';
import { readPostureGroup } from '../../src/sweep-results/group-reader';
import { ACCOUNT, APPROVED, baseline, GROUP, group, NOW, POLICIES, REGION, tcp } from '../baseline/fixtures';
import { COMPLETED_AT, context } from './builders';

const [pg10, pg172, lb, out] = APPROVED as [Rule, Rule, Rule, Rule];
const renamed = { ...pg10, description: 'anyone' };

function lockPlan(rules: Rule[], tags?: Record<string, string>): Plan {
  return planGroup({ group: group(rules, tags), policies: POLICIES, now: NOW, baseline: baseline() });
}

function alertOf(plan: Plan, status: ActionOutcome['status'] = 'succeeded') {
  const outcomes = plan.actions.map(
    (action): ActionOutcome => ({ action, status, completedAt: COMPLETED_AT }),
  );
  const alert = composeAlert(remediationIncident(plan, outcomes, context(), COMPLETED_AT));
  if (!alert) throw new Error('expected an alert');
  return alert;
}

const wire = (document: AlertDocument) => JSON.parse(JSON.stringify(document));

describe('a description put back', () => {
  const plan = lockPlan([renamed, pg172, lb, out]);

  it('is an info alert: the finding restored, the action with the description it put back', () => {
    const alert = alertOf(plan);
    expect(alert.severity).toBe('info');
    expect(alert.document).toMatchObject({
      outcome: 'remediated',
      findings: [{ code: 'modified', decision: 'restored', ruleId: 'sgr-0pg10', source: 'baseline.v3' }],
      actions: [
        {
          type: 'update-description',
          ruleId: 'sgr-0pg10',
          rules: ['tcp 5432 from 10.0.0.0/8'],
          description: 'app servers',
          status: 'succeeded',
        },
      ],
    });
    expect(alert.document.findings[0]?.exposure).toBeUndefined();
    expect(alertDocumentSchema.parse(wire(alert.document))).toEqual(wire(alert.document));
  });

  it('reads as such in the subject and the text', () => {
    const alert = alertOf(plan);
    expect(alert.subject).toMatch(new RegExp(`^\\[INFO\\] Restored description of tcp 5432.* on ${GROUP} `));
    expect(alert.text).toContain(
      '1. description changed on tcp 5432 from 10.0.0.0/8 (sgr-0pg10): pre-existing drift',
    );
    expect(alert.text).toContain(
      '   why: tcp 5432 from 10.0.0.0/8 has description "anyone" where the baseline (version 3) has description "app servers"',
    );
    expect(alert.text).toContain(
      `- update-description ingress tcp 5432 from 10.0.0.0/8 (sgr-0pg10) to "app servers": succeeded at ${COMPLETED_AT}`,
    );
  });

  it('says "to no description" when the baseline rule has none', () => {
    const alert = alertOf(lockPlan([pg10, pg172, { ...lb, description: 'x' }, out]));
    expect(alert.text).toContain('(sgr-0lb) to no description: succeeded');
  });

  it('tells a description someone else had put back, and a failure, in their own words', () => {
    const both = lockPlan([renamed, pg172, lb, out, tcp(8080, '10.0.0.0/8')]);
    const outcomes = both.actions.map(
      (action): ActionOutcome => ({
        action,
        status: action.type === 'update-description' ? 'already-applied' : 'succeeded',
        completedAt: COMPLETED_AT,
      }),
    );
    const alert = composeAlert(remediationIncident(both, outcomes, context(), COMPLETED_AT));
    expect(alert?.text).toContain('outcome: already put back when this hub acted');
    const failed = alertOf(plan, 'failed');
    expect(failed.severity).toBe('medium');
    expect(failed.subject).toContain('Failed to restore description of tcp');
  });

  it('in audit mode would restore it', () => {
    const audited = planGroup({
      group: group([renamed, pg172, lb, out], { 'guardrail:policy': 'db', 'guardrail:mode': 'audit' }),
      policies: POLICIES,
      now: NOW,
      baseline: baseline(),
    });
    expect(audited.actions).toEqual([]);
    expect(alertOf(audited).subject).toContain('Audit: would restore description of');
  });

  it('is rated by the other findings when there are any', () => {
    const alert = alertOf(lockPlan([renamed, pg172, lb, out, tcp(8080, '0.0.0.0/0')]));
    expect(alert.severity).toBe('high');
    expect(alert.subject).toContain('Reverted tcp 8080 from 0.0.0.0/0 (+1 more)');
  });
});

describe('the update-description action in the plan tools', () => {
  const plan = lockPlan([renamed, pg172, lb, out]);
  const update = plan.actions[0] as UpdateDescriptionAction;

  it('has a fingerprint of its own, apart from a revoke of the same rule', () => {
    expect(actionShape(update)).toBe('update-description|ingress|tcp|5432:5432|ipv4:10.0.0.0/8');
    const revoke = {
      type: 'revoke' as const,
      direction: update.direction,
      permission: update.permission,
      rule: update.rule,
      cause: update.cause,
    };
    expect(actionFingerprint(update)).not.toBe(actionFingerprint(revoke));
  });

  it('splits with the finding it addresses', () => {
    const { held, rest } = splitPlan(plan, (action) => action.type === 'update-description');
    expect(held.violations.map((v) => v.code)).toEqual(['modified']);
    expect(rest.violations).toEqual([]);
  });
});

describe('reports', () => {
  it('rate a modified rule info, and the sweep results read it back', () => {
    const plan = lockPlan([renamed, pg172, lb, out]);
    const posture = postureGroup(group([renamed, pg172, lb, out]), plan, {
      account: ACCOUNT,
      region: REGION,
    });
    expect(posture).toMatchObject({
      status: 'violating',
      severity: 'info',
      violations: [{ code: 'modified', severity: 'info' }],
    });
    const stored = JSON.parse(JSON.stringify(posture));
    expect(
      readPostureGroup({ value: stored, path: 'groups[0]' }, { account: ACCOUNT, region: REGION }),
    ).toEqual(posture);
  });
});
