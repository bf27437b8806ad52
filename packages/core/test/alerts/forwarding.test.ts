/** The forwarding incident: broken (critical), unverified (high), resolved (info), as a person reads it. */
import {
  type ComposedAlert,
  composeAlert,
  type ForwardingProblem,
  forwardingIncident,
  type Incident,
  snsMessage,
} from '../../src';
import { ACCOUNT, REGION } from './builders';

const CHECKED_AT = '2025-06-01T12:00:00.000Z';
const RULE = 'guardrail-forward-sg-events';
const QUEUE = 'guardrail-forwarding-dlq';

const disabled: ForwardingProblem = {
  code: 'rule-disabled',
  resource: RULE,
  detail: `rule ${RULE} is DISABLED (expected ENABLED): security group changes there do not reach the hub`,
};
const deadLetters: ForwardingProblem = {
  code: 'dead-letters',
  resource: QUEUE,
  detail: `dead-letter queue ${QUEUE} holds 2 events the rules could not deliver to the hub bus`,
};
const unreadable = (resource: string): ForwardingProblem => ({
  code: 'unreadable',
  resource,
  detail: `cannot read ${resource}: AccessDeniedException: denied`,
});

function incident(status: 'broken' | 'resolved', problems: ForwardingProblem[], name?: string): Incident {
  return forwardingIncident({
    account: ACCOUNT,
    ...(name ? { accountName: name } : {}),
    region: REGION,
    status,
    problems,
    checkedAt: CHECKED_AT,
  });
}

function compose(i: Incident): ComposedAlert {
  const alert = composeAlert(i);
  if (!alert) throw new Error('expected an alert');
  return alert;
}

describe('forwardingIncident', () => {
  it('builds the incident, naming the account by id alone when its name is unknown', () => {
    expect(incident('broken', [disabled])).toEqual({
      kind: 'forwarding',
      account: { id: ACCOUNT },
      region: REGION,
      status: 'broken',
      problems: [disabled],
      checkedAt: CHECKED_AT,
    });
    expect(incident('broken', [disabled], 'prod')).toMatchObject({ account: { id: ACCOUNT, name: 'prod' } });
  });
});

describe('forwarding alerts', () => {
  it('broken: critical, outcome forwarding-broken, the kinds of problem in the subject, each problem in the text', () => {
    const alert = compose(
      incident('broken', [disabled, deadLetters, unreadable('guardrail-watch-forwarding')], 'prod'),
    );
    expect(alert.severity).toBe('critical');
    expect(alert.attributes).toEqual({
      severity: 'critical',
      account: ACCOUNT,
      region: REGION,
      outcome: 'forwarding-broken',
      policy: 'none',
    });
    // Within SNS's limit: the account name gives way first, then the list of kinds.
    expect(alert.subject).toBe(
      `[CRITICAL] Guardrail forwarding broken: rule-disabled, dead-letters,... (${ACCOUNT}, ${REGION})`,
    );
    expect(compose(incident('broken', [disabled, deadLetters], 'prod')).subject).toBe(
      `[CRITICAL] Guardrail forwarding broken: rule-disabled, dead-letters (prod ${ACCOUNT}, ${REGION})`,
    );
    expect(alert.document).toEqual({
      schemaVersion: 1,
      kind: 'forwarding',
      severity: 'critical',
      outcome: 'forwarding-broken',
      account: { id: ACCOUNT, name: 'prod' },
      region: REGION,
      evaluatedAt: CHECKED_AT,
      changes: [],
      findings: [],
      actions: [],
      forwarding: {
        status: 'broken',
        problems: [disabled, deadLetters, unreadable('guardrail-watch-forwarding')],
      },
    });
    expect(alert.text).toContain(
      `Guardrail's member forwarding in account ${ACCOUNT}, ${REGION} is broken (3 problems, listed below)`,
    );
    expect(alert.text).toContain('caught only by the periodic sweep');
    expect(alert.text).toContain(
      `Forwarding problems\n- rule-disabled: ${disabled.detail}\n- dead-letters: ${deadLetters.detail}\n`,
    );
    expect(alert.text).toContain(`Evaluated: ${CHECKED_AT}`);
  });

  it('broken by one problem says so in the singular', () => {
    expect(compose(incident('broken', [disabled])).text).toContain('is broken (1 problem, listed below)');
  });

  it('unreadable alone: high, outcome forwarding-unverified, names what it could not read', () => {
    const alert = compose(incident('broken', [unreadable(RULE), unreadable(QUEUE)]));
    expect([alert.severity, alert.document.outcome]).toEqual(['high', 'forwarding-unverified']);
    expect(alert.subject).toBe(`[HIGH] Guardrail forwarding unverified: ${RULE},... (${ACCOUNT}, ${REGION})`);
    expect(compose(incident('broken', [unreadable(QUEUE)])).subject).toBe(
      `[HIGH] Guardrail forwarding unverified: ${QUEUE} (${ACCOUNT}, ${REGION})`,
    );
    expect(alert.text).toContain('could not verify');
    expect(alert.text).toContain('nothing is known broken');
    expect(alert.text).toContain(`- unreadable: cannot read ${RULE}: AccessDeniedException: denied`);
  });

  it('resolved: info, outcome forwarding-resolved, says what was wrong before', () => {
    const alert = compose(incident('resolved', [disabled, deadLetters]));
    expect([alert.severity, alert.document.outcome]).toEqual(['info', 'forwarding-resolved']);
    expect(alert.subject).toBe(
      `[INFO] Guardrail forwarding repaired: was rule-disabled, dead-letters (${ACCOUNT}, ${REGION})`,
    );
    expect(alert.text).toContain(
      'is intact again: events there reach the hub. What was wrong before is listed below.',
    );
    expect(alert.text).toContain(`- rule-disabled: ${disabled.detail}`);
  });

  it('resolved with nothing known before: no list', () => {
    const alert = compose(incident('resolved', []));
    expect(alert.subject).toBe(`[INFO] Guardrail forwarding repaired (${ACCOUNT}, ${REGION})`);
    expect(alert.text).not.toContain('What was wrong before');
    expect(alert.text).not.toContain('Forwarding problems');
  });

  it('broken with no problem is a healthy check: no alert', () => {
    expect(composeAlert(incident('broken', []))).toBeUndefined();
  });

  it('copies the problems: changing the incident afterwards leaves the document as it was', () => {
    const problem = { ...disabled };
    const alert = compose(incident('broken', [problem]));
    problem.detail = 'changed';
    expect(alert.document).toMatchObject({ forwarding: { problems: [disabled] } });
  });

  it('keeps each problem on its line, whatever a detail holds, and fits the SNS message', () => {
    const forged = { ...disabled, detail: 'rule x\nSeverity:  info' };
    const alert = compose(incident('broken', [forged]));
    expect(alert.text).toContain('- rule-disabled: rule x Severity:  info');
    expect(JSON.parse(JSON.parse(snsMessage(alert)).sqs)).toEqual(alert.document);
  });
});
