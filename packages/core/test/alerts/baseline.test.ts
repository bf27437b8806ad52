/** The baseline incident: a version set (info), a baseline not read or not saved (high), as a person and a machine read it. */
import { type ComposedAlert, composeAlert, type Incident, principalShortName, snsMessage } from '../../src';
import { alertDocumentSchema } from '../../src/alerts/document-schema';
import { baselineIncident } from '../../src/alerts/kinds/baseline';
import { captureBaseline } from '../../src/baseline/capture';
import type { Baseline } from '../../src/baseline/types';
import { APPROVED, group, HUB, NOW, POLICIES, baseline as v3 } from '../baseline/fixtures';
import { ACCOUNT, actor, change, context, GROUP, REGION } from './builders';

const CI = `arn:aws:sts::${ACCOUNT}:assumed-role/ci-deployer/build-42`;
const ALICE = `arn:aws:iam::${ACCOUNT}:user/alice`;

/** Version 4 of the baseline, set by `by` for `reason`, after fixtures' version 3. */
function v4(by: string, reason: 'trusted-change' | 'accepted', note?: string): Baseline {
  return captureBaseline({
    group: group(APPROVED),
    policies: POLICIES,
    policyName: 'db',
    by,
    reason,
    now: NOW,
    previous: v3(),
    ...(note === undefined ? {} : { note }),
  }).baseline;
}

function first(): Baseline {
  return captureBaseline({
    group: group(APPROVED),
    policies: POLICIES,
    policyName: 'db',
    by: HUB,
    reason: 'captured',
    now: NOW,
  }).baseline;
}

function compose(incident: Incident): ComposedAlert {
  const alert = composeAlert(incident);
  if (!alert) throw new Error('expected an alert');
  return alert;
}

const ciChange = change({ actor: actor({ arn: CI, sessionIssuerArn: undefined }) });

describe('baselineIncident', () => {
  it('builds the incident the engine reports, kind first', () => {
    const incident = baselineIncident({
      context: context(),
      event: 'unavailable',
      changes: [],
      error: 'boom',
    });
    expect(incident).toEqual({
      kind: 'baseline',
      context: context(),
      event: 'unavailable',
      changes: [],
      error: 'boom',
    });
  });
});

describe('baseline alerts', () => {
  it('captured: info, outcome baseline-captured, the version and rule count in the subject', () => {
    const alert = compose(
      baselineIncident({ context: context(), event: 'captured', changes: [], baseline: first() }),
    );
    expect(alert.severity).toBe('info');
    expect(alert.attributes).toEqual({
      severity: 'info',
      account: ACCOUNT,
      region: REGION,
      outcome: 'baseline-captured',
      policy: 'db',
    });
    expect(alert.subject).toBe(
      `[INFO] Baseline captured: ${GROUP} (v1, 4 rules) (prod ${ACCOUNT}, ${REGION})`,
    );
    expect(alert.document).toMatchObject({
      kind: 'baseline',
      group: { groupId: GROUP, groupName: 'web', vpcId: 'vpc-0abc' },
      policy: 'db',
      changes: [],
      findings: [],
      actions: [],
      baseline: {
        event: 'captured',
        version: 1,
        ruleCount: 4,
        setBy: HUB,
        setAt: '2026-06-01T00:00:00.000Z',
      },
    });
    expect(alert.document).not.toHaveProperty('baseline.previousVersion');
    expect(alert.text).toContain(
      `Guardrail captured version 1 (4 rules) of the baseline of security group ${GROUP} under policy db, set by ${HUB}`,
    );
    expect(alert.text).toContain(
      'a rule added is revoked, a rule removed or a description changed is put back',
    );
    expect(alert.text).toContain(`Baseline\n- event: captured\n- version: 1\n- rules: 4\n- set by: ${HUB}\n`);
  });

  it('captured from an opt-in: credited to its actor, the change listed', () => {
    const tagged = change.tag({ actor: actor({ arn: ALICE }) });
    const alert = compose(
      baselineIncident({
        context: context(),
        event: 'captured',
        changes: [tagged],
        baseline: first(),
        by: ALICE,
      }),
    );
    expect(alert.document).toMatchObject({ baseline: { setBy: ALICE }, changes: [{ eventId: 'evt-1' }] });
    expect(alert.text).toContain(`set by ${ALICE}`);
    expect(alert.text).toContain('What changed');
  });

  it("updated: info, names the trusted principal's short name and the version, says the next untrusted change is measured against it", () => {
    const alert = compose(
      baselineIncident({
        context: context(),
        event: 'updated',
        changes: [ciChange],
        baseline: v4(CI, 'trusted-change'),
        previousVersion: 3,
        by: CI,
      }),
    );
    expect([alert.severity, alert.document.outcome]).toEqual(['info', 'baseline-updated']);
    // Too long with the account's name: the name gives way first, then the principal.
    expect(alert.subject).toBe(
      `[INFO] Baseline updated by ci-deployer/buil... (v4): ${GROUP} (${ACCOUNT}, ${REGION})`,
    );
    expect(alert.document).toMatchObject({
      baseline: { event: 'updated', version: 4, previousVersion: 3, setBy: CI },
    });
    expect(alert.text).toContain(
      `${CI}, a trusted principal of policy db, changed security group ${GROUP}: the change was accepted, not reverted. ` +
        'Baseline version 4 (4 rules) is now in force, replacing version 3, and the next untrusted change is measured against it.',
    );
    expect(alert.text).toContain('- replaces version: 3');
  });

  it('accepted: info, the caller and the reason they gave', () => {
    const alert = compose(
      baselineIncident({
        context: context(),
        event: 'accepted',
        changes: [],
        baseline: v4(ALICE, 'accepted', 'CHG-42 "db move"'),
        previousVersion: 3,
      }),
    );
    expect([alert.severity, alert.document.outcome]).toEqual(['info', 'baseline-accepted']);
    expect(alert.subject).toBe(
      `[INFO] Baseline accepted by alice (v4): ${GROUP} (prod ${ACCOUNT}, ${REGION})`,
    );
    // Who set it defaults to the baseline's own record.
    expect(alert.document).toMatchObject({ baseline: { setBy: ALICE, note: 'CHG-42 "db move"' } });
    expect(alert.text).toContain(
      `${ALICE} accepted the current rules of security group ${GROUP} as its baseline (guardrail baseline accept), ` +
        'with the reason "CHG-42 \\"db move\\"". Baseline version 4 (4 rules) is now in force under policy db, replacing version 3',
    );
    expect(alert.text).toContain('- reason: CHG-42 "db move"');
  });

  it('accepted without a reason or a previous version says neither', () => {
    const alert = compose(
      baselineIncident({
        context: context(),
        event: 'accepted',
        changes: [],
        baseline: v4(ALICE, 'accepted'),
      }),
    );
    expect(alert.text).toContain(
      `as its baseline (guardrail baseline accept). Baseline version 4 (4 rules) is now in force under policy db, and`,
    );
  });

  it('unavailable: high, nothing changed, the error, the group not enforced', () => {
    const alert = compose(
      baselineIncident({
        context: context(),
        event: 'unavailable',
        changes: [ciChange],
        error: 'StateStoreError: ProvisionedThroughputExceededException',
        policy: 'db',
      }),
    );
    expect([alert.severity, alert.document.outcome]).toEqual(['high', 'baseline-unavailable']);
    expect(alert.attributes.policy).toBe('db');
    expect(alert.subject).toBe(
      `[HIGH] Baseline unavailable: ${GROUP} not enforced (prod ${ACCOUNT}, ${REGION})`,
    );
    expect(alert.document).toMatchObject({
      baseline: { event: 'unavailable', error: 'StateStoreError: ProvisionedThroughputExceededException' },
    });
    expect(Object.keys((alert.document as { baseline: object }).baseline)).toEqual(['event', 'error']);
    expect(alert.text).toContain(
      `The hub could not read the baseline of security group ${GROUP} under policy db ` +
        '(StateStoreError: ProvisionedThroughputExceededException), so the group was not judged and nothing was changed.',
    );
    expect(alert.text).toContain('changes to it are not reverted');
  });

  it('unavailable without a policy or an error: no policy attribute, no parenthesis', () => {
    const alert = compose(baselineIncident({ context: context(), event: 'unavailable', changes: [] }));
    expect(alert.attributes.policy).toBe('none');
    expect(alert.document).not.toHaveProperty('policy');
    expect(alert.text).toContain(`the baseline of security group ${GROUP} under its policy, so the group`);
  });

  it("the policy given wins over the baseline's", () => {
    const alert = compose(
      baselineIncident({
        context: context(),
        event: 'captured',
        changes: [],
        baseline: first(),
        policy: 'db-v2',
      }),
    );
    expect(alert.document.policy).toBe('db-v2');
  });

  it('unsaved after a version: high, the version the table still holds', () => {
    const alert = compose(
      baselineIncident({
        context: context(),
        event: 'unsaved',
        changes: [ciChange],
        baseline: v4(CI, 'trusted-change'),
        previousVersion: 3,
        by: CI,
        error: 'AccessDeniedException: not authorized to perform dynamodb:PutItem',
      }),
    );
    expect([alert.severity, alert.document.outcome]).toEqual(['high', 'baseline-unsaved']);
    expect(alert.subject).toBe(
      `[HIGH] Baseline not saved: ${GROUP} (v4, 4 rules) (prod ${ACCOUNT}, ${REGION})`,
    );
    expect(alert.text).toContain(
      `The hub could not save version 4 (4 rules) of the baseline of security group ${GROUP} under policy db ` +
        '(AccessDeniedException: not authorized to perform dynamodb:PutItem). The state table still holds version 3',
    );
  });

  it('unsaved first capture: none kept yet, the group not judged until one is', () => {
    const alert = compose(
      baselineIncident({
        context: context(),
        event: 'unsaved',
        changes: [],
        baseline: first(),
        error: 'timeout',
      }),
    );
    expect(alert.text).toContain(
      'No baseline is kept for the group yet: it is not judged until one is saved',
    );
  });

  it('says what it can when the engine gives no baseline: no tally, an unknown principal, a new version', () => {
    const unsaved = compose(baselineIncident({ context: context(), event: 'unsaved', changes: [] }));
    expect(unsaved.subject).toBe(`[HIGH] Baseline not saved: ${GROUP} (prod ${ACCOUNT}, ${REGION})`);
    expect(unsaved.text).toContain('could not save a new version of the baseline');
    const updated = compose(baselineIncident({ context: context(), event: 'updated', changes: [] }));
    expect(updated.subject).toBe(
      `[INFO] Baseline updated by an unknown principal: ${GROUP} (${ACCOUNT}, ${REGION})`,
    );
    expect(updated.text).toContain('an unknown principal, a trusted principal of its policy');
    const captured = compose(baselineIncident({ context: context(), event: 'captured', changes: [] }));
    expect(captured.subject).toBe(`[INFO] Baseline captured: ${GROUP} (prod ${ACCOUNT}, ${REGION})`);
  });

  it('a baseline of one rule says "1 rule"', () => {
    const [one] = APPROVED;
    const single = captureBaseline({
      group: group([one!]),
      policies: POLICIES,
      policyName: 'db',
      by: HUB,
      reason: 'captured',
      now: NOW,
    }).baseline;
    const alert = compose(
      baselineIncident({ context: context(), event: 'captured', changes: [], baseline: single }),
    );
    expect(alert.subject).toContain('(v1, 1 rule)');
    expect(alert.text).toContain('version 1 (1 rule)');
  });

  it('a long principal gives way in the subject before the group id and the version', () => {
    const long = `arn:aws:sts::${ACCOUNT}:assumed-role/AWSReservedSSO_AdministratorAccess_0123456789abcdef/alice.example@example.com`;
    const alert = compose(
      baselineIncident({
        context: context(),
        event: 'accepted',
        changes: [],
        baseline: v4(long, 'accepted'),
      }),
    );
    expect(alert.subject.length).toBeLessThanOrEqual(99);
    expect(alert.subject).toContain(`(v4): ${GROUP} (`);
    expect(alert.subject).toContain(`${ACCOUNT}, ${REGION})`);
    expect(alert.subject).toMatch(/^\[INFO\] Baseline accepted by AWSReserv.*\.\.\. \(v4\)/);
  });

  it.each<[Incident, string]>([
    [baselineIncident({ context: context(), event: 'captured', changes: [], baseline: first() }), 'captured'],
    [
      baselineIncident({
        context: context(),
        event: 'updated',
        changes: [ciChange],
        baseline: v4(CI, 'trusted-change'),
        previousVersion: 3,
        by: CI,
      }),
      'updated',
    ],
    [baselineIncident({ context: context(), event: 'unavailable', changes: [], error: 'x' }), 'unavailable'],
  ])('the %#th document fits the alert document schema and the SNS message (%s)', (incident) => {
    const alert = compose(incident);
    const wire = JSON.parse(JSON.stringify(alert.document));
    expect(alertDocumentSchema.parse(wire)).toEqual(wire);
    expect(JSON.parse(JSON.parse(snsMessage(alert)).sqs)).toEqual(wire);
  });

  it('keeps a forged error on its line', () => {
    const alert = compose(
      baselineIncident({
        context: context(),
        event: 'unavailable',
        changes: [],
        error: 'x\nSeverity:  info',
      }),
    );
    expect(alert.text).toContain('- error: x Severity:  info');
  });
});

describe('principalShortName', () => {
  it.each([
    [CI, 'ci-deployer/build-42'],
    [ALICE, 'alice'],
    [`arn:aws:iam::${ACCOUNT}:role/service/deploy/cdk-cfn-exec`, 'cdk-cfn-exec'],
    [`arn:aws:iam::${ACCOUNT}:root`, 'root'],
    [`arn:aws-us-gov:sts::${ACCOUNT}:assumed-role/only-role`, 'only-role'],
    [`arn:aws:sts::${ACCOUNT}:federated-user/bob`, 'bob'],
    ['hub', 'hub'],
    ['arn:aws:s3:::bucket', 'arn:aws:s3:::bucket'],
  ])('%s -> %s', (principal, short) => {
    expect(principalShortName(principal)).toBe(short);
  });
});
