/** The sweep summary: complete (info), complete with accounts unread (medium), overdue (high), as a person and a machine read it. */
import {
  type ComposedAlert,
  composeAlert,
  type Incident,
  type SweepSummaryFacts,
  snsMessage,
  sweepSummaryIncident,
} from '../../src';
import { alertDocumentSchema } from '../../src/alerts/document-schema';
import { sweepSeverity } from '../../src/alerts/severity';

const HUB_ACCOUNT = '111122223333';
const HUB_REGION = 'us-east-1';
const STARTED_AT = '2025-06-01T10:00:00.000Z';
const AT = '2025-06-01T10:42:17.000Z';
const REGIONS = Array.from({ length: 17 }, (_, i) => `region-${i + 1}`);

function facts(overrides: Partial<SweepSummaryFacts> = {}): SweepSummaryFacts {
  return {
    sweepId: 'sweep-20250601T1000',
    status: 'complete',
    startedAt: STARTED_AT,
    at: AT,
    durationSeconds: 2537,
    accounts: 1000,
    regions: REGIONS,
    targets: { expected: 17017, finished: 17017 },
    groups: 123456,
    violations: 3,
    fixed: 3,
    unreadable: [],
    unreadableCount: 0,
    ...overrides,
  };
}

const SUSPENDED = { account: '444455556666', reason: 'not active (SUSPENDED)' };
const DENIED = { account: '777788889999', reason: 'AccessDenied: cannot assume guardrail-remediation' };

/** Where the hub runs; `name` is the hub account's name. */
function incident(f: SweepSummaryFacts, name?: string): Incident {
  return sweepSummaryIncident(f, {
    account: HUB_ACCOUNT,
    ...(name === undefined ? {} : { accountName: name }),
    region: HUB_REGION,
  });
}

function compose(i: Incident): ComposedAlert {
  const alert = composeAlert(i);
  if (!alert) throw new Error('expected an alert');
  return alert;
}

/** The document as subscribers receive it: JSON text, parsed. */
function wire(alert: ComposedAlert): Record<string, unknown> {
  return JSON.parse(JSON.parse(snsMessage(alert)).sqs);
}

describe('sweepSummaryIncident', () => {
  it('builds the incident at the hub, naming its account by id alone when the name is unknown', () => {
    const f = facts();
    expect(incident(f)).toEqual({
      kind: 'sweep',
      account: { id: HUB_ACCOUNT },
      region: HUB_REGION,
      sweep: f,
    });
    expect(incident(f, 'hub')).toMatchObject({ account: { id: HUB_ACCOUNT, name: 'hub' } });
    expect(
      sweepSummaryIncident(f, { account: HUB_ACCOUNT, accountName: undefined, region: HUB_REGION }),
    ).toEqual(incident(f));
  });
});

describe('sweepSeverity', () => {
  it('rates an overdue sweep high, a complete one with a coverage gap medium, otherwise info', () => {
    expect(sweepSeverity({ status: 'overdue', unreadableCount: 0 })).toBe('high');
    expect(sweepSeverity({ status: 'overdue', unreadableCount: 3 })).toBe('high');
    expect(sweepSeverity({ status: 'complete', unreadableCount: 1 })).toBe('medium');
    expect(sweepSeverity({ status: 'complete', unreadableCount: 0 })).toBe('info');
  });
});

describe('sweep summary alerts', () => {
  it('complete: info, outcome sweep-complete, the figures in the subject and the intro', () => {
    const alert = compose(incident(facts()));
    expect(alert.severity).toBe('info');
    expect(alert.attributes).toEqual({
      severity: 'info',
      account: HUB_ACCOUNT,
      region: HUB_REGION,
      outcome: 'sweep-complete',
      policy: 'none',
    });
    expect(alert.document).toEqual({
      schemaVersion: 1,
      kind: 'sweep',
      severity: 'info',
      outcome: 'sweep-complete',
      account: { id: HUB_ACCOUNT },
      region: HUB_REGION,
      evaluatedAt: AT,
      changes: [],
      findings: [],
      actions: [],
      sweep: facts(),
    });
    // The scale gives way to keep the account id and region within SNS's limit.
    expect(alert.subject).toBe(
      `[INFO] Guardrail sweep complete: 3 violations, 3 fixed (${HUB_ACCOUNT}, ${HUB_REGION})`,
    );
    expect(alert.text).toContain(
      `Guardrail's scheduled sweep (sweep-20250601T1000, run from account ${HUB_ACCOUNT}, ${HUB_REGION}) re-checked ` +
        `1,000 accounts x 17 regions (17,017 targets) in 42 min 17 s, from ${STARTED_AT} to ${AT}: ` +
        '123,456 opted-in groups checked, 3 violations found, 3 fixed. Every account could be read.',
    );
    expect(alert.text).toContain(`Evaluated: ${AT}`);
    expect(alert.text).not.toContain('Accounts not read or skipped');
  });

  it('complete: shows the scale in the subject when it fits, in the singular for one', () => {
    const one = facts({
      accounts: 1,
      regions: ['r'],
      targets: { expected: 1, finished: 1 },
      groups: 1,
      violations: 1,
      fixed: 1,
    });
    const alert = compose(sweepSummaryIncident(one, { account: '1', region: 'r' }));
    expect(alert.subject).toBe(
      '[INFO] Guardrail sweep complete: 1 account x 1 region, 1 violation, 1 fixed (1, r)',
    );
    expect(alert.text).toContain('re-checked 1 account x 1 region (1 target)');
    expect(alert.text).toContain('1 opted-in group checked, 1 violation found, 1 fixed.');
  });

  it('complete with unreadable accounts: medium (a coverage gap), each account listed with its reason', () => {
    const alert = compose(incident(facts({ unreadable: [SUSPENDED, DENIED], unreadableCount: 2 }), 'hub'));
    expect([alert.severity, alert.document.outcome]).toEqual(['medium', 'sweep-complete']);
    // The hub account's name gives way first, then the scale.
    expect(alert.subject).toBe(
      `[MEDIUM] Guardrail sweep complete: 3 violations, 3 fixed, 2 unreadable (${HUB_ACCOUNT}, ${HUB_REGION})`,
    );
    expect(alert.document).toMatchObject({
      sweep: { unreadable: [SUSPENDED, DENIED], unreadableCount: 2 },
    });
    expect(alert.text).toContain(
      '3 fixed. 2 accounts could not be read or were skipped (listed below): the groups of those accounts ' +
        'were not re-checked. Changes there that events missed stay unnoticed until a sweep can read them',
    );
    expect(alert.text).toContain('the remediation role exists and trusts the hub.');
    expect(alert.text).not.toContain('Every account could be read');
    expect(alert.text).toContain(
      `Accounts not read or skipped\n- ${SUSPENDED.account}: ${SUSPENDED.reason}\n- ${DENIED.account}: ${DENIED.reason}\n`,
    );
    expect(alert.text).not.toContain('more');
  });

  it('one unreadable account is told in the singular', () => {
    const alert = compose(incident(facts({ unreadable: [SUSPENDED], unreadableCount: 1 })));
    expect(alert.text).toContain(
      '1 account could not be read or was skipped (listed below): the groups of that account were not re-checked.',
    );
    expect(alert.subject).toContain('3 fixed, 1 unreadable (');
  });

  it('overdue: high, outcome sweep-overdue, what finished, what to check', () => {
    const alert = compose(
      incident(
        facts({ status: 'overdue', targets: { expected: 17017, finished: 16500 }, durationSeconds: 7500 }),
      ),
    );
    expect([alert.severity, alert.attributes.outcome]).toEqual(['high', 'sweep-overdue']);
    expect(alert.subject).toBe(
      `[HIGH] Guardrail sweep overdue: 16,500 of 17,017 targets finished (${HUB_ACCOUNT}, ${HUB_REGION})`,
    );
    expect(alert.document).toMatchObject({
      outcome: 'sweep-overdue',
      evaluatedAt: AT,
      sweep: { status: 'overdue', targets: { expected: 17017, finished: 16500 } },
    });
    expect(alert.text).toContain(
      `started at ${STARTED_AT}, had not finished by its deadline (checked at ${AT}, after 2 h 5 min): ` +
        '16,500 of 17,017 targets (account x region) finished, 517 did not. Groups in the unfinished targets ' +
        'were not re-checked by this sweep. So far 123,456 opted-in groups checked, 3 violations found, 3 fixed. ' +
        'Check the sweep queue for targets still waiting, its dead-letter queue for targets that failed, ' +
        "and the sweep function's errors.",
    );
    expect(alert.text).not.toContain('could not be read');
  });

  it('overdue with unreadable accounts: still high, the accounts listed too', () => {
    const alert = compose(
      incident(
        facts({
          status: 'overdue',
          targets: { expected: 10, finished: 0 },
          unreadable: [DENIED],
          unreadableCount: 1,
        }),
      ),
    );
    expect(alert.severity).toBe('high');
    expect(alert.subject).toContain('Guardrail sweep overdue: 0 of 10 targets finished');
    expect(alert.text).toContain('10 did not.');
    expect(alert.text).toContain('1 account could not be read or was skipped (listed below)');
    expect(alert.text).toContain(`Accounts not read or skipped\n- ${DENIED.account}: ${DENIED.reason}\n`);
  });

  it('counts the accounts the list leaves out: "... and N more"', () => {
    const listed = Array.from({ length: 100 }, (_, i) => ({
      account: `5000${i}`,
      reason: 'not active (SUSPENDED)',
    }));
    const alert = compose(incident(facts({ unreadable: listed, unreadableCount: 1234 })));
    const lines = alert.text.split('\n');
    const start = lines.indexOf('Accounts not read or skipped');
    expect(lines.slice(start + 1, start + 3)).toEqual([
      '- 50000: not active (SUSPENDED)',
      '- 50001: not active (SUSPENDED)',
    ]);
    expect(lines[start + 100]).toBe('- 500099: not active (SUSPENDED)');
    expect(lines[start + 101]).toBe('... and 1,134 more');
    // Too long with its figures: they give way to the coverage gap, the reason for medium.
    expect(alert.subject).toBe(
      `[MEDIUM] Guardrail sweep complete: 1,234 unreadable (${HUB_ACCOUNT}, ${HUB_REGION})`,
    );
  });

  it('lists at most 100 accounts, and never counts fewer than it lists', () => {
    const many = Array.from({ length: 150 }, (_, i) => ({ account: `6000${i}`, reason: 'AccessDenied' }));
    const alert = compose(incident(facts({ unreadable: many, unreadableCount: 0 })));
    expect(alert.document).toMatchObject({ severity: 'medium', sweep: { unreadableCount: 150 } });
    const { sweep } = alert.document as Extract<typeof alert.document, { kind: 'sweep' }>;
    expect(sweep.unreadable).toEqual(many.slice(0, 100));
    expect(alert.text).toContain('- 600099: AccessDenied\n... and 50 more\n');
    expect(alert.text).not.toContain('600100');
  });

  it('copies the facts: changing them afterwards leaves the document as it was', () => {
    const f = facts({ regions: ['eu-west-1'], unreadable: [{ ...SUSPENDED }], unreadableCount: 1 });
    const alert = compose(incident(f));
    f.regions.push('us-east-1');
    f.targets.finished = 0;
    (f.unreadable[0] as { reason: string }).reason = 'changed';
    f.unreadable.push(DENIED);
    expect(alert.document).toMatchObject({
      sweep: { regions: ['eu-west-1'], targets: { finished: 17017 }, unreadable: [SUSPENDED] },
    });
  });

  it('carries only the contract fields, so the closed schema accepts the document', () => {
    const extra = { ...facts(), secret: 'x', unreadable: [{ ...SUSPENDED, arn: 'y' }], unreadableCount: 1 };
    const alert = compose(incident(extra as SweepSummaryFacts));
    expect(JSON.stringify(alert.document)).not.toMatch(/secret|arn/);
    expect(alertDocumentSchema.safeParse(wire(alert)).success).toBe(true);
  });

  it('keeps each account and reason on its line, whatever a reason holds', () => {
    const alert = compose(
      incident(
        facts({ unreadable: [{ account: '1', reason: 'denied\nSeverity:  info' }], unreadableCount: 1 }),
      ),
    );
    expect(alert.text).toContain('- 1: denied Severity:  info\n');
  });

  it.each<[string, SweepSummaryFacts]>([
    ['complete', facts()],
    ['complete with unreadable accounts', facts({ unreadable: [SUSPENDED, DENIED], unreadableCount: 7 })],
    ['overdue', facts({ status: 'overdue', targets: { expected: 17017, finished: 16500 } })],
  ])('%s: the document fits the schema, as the sqs value carries it', (_, f) => {
    const alert = compose(incident(f, 'hub'));
    const document = wire(alert);
    expect(document).toEqual(JSON.parse(JSON.stringify(alert.document)));
    expect(alertDocumentSchema.parse(document)).toEqual(document);
  });

  it('the schema refuses a sweep document with an unknown status or a missing figure', () => {
    const document = wire(compose(incident(facts())));
    const sweep = document.sweep as Record<string, unknown>;
    const issues = (d: Record<string, unknown>) => {
      const result = alertDocumentSchema.safeParse(d);
      return result.success ? [] : result.error.issues.map((issue) => issue.path.join('.'));
    };
    expect(issues({ ...document, sweep: { ...sweep, status: 'late' } })).toEqual(['sweep.status']);
    const { fixed: _fixed, ...noFixed } = sweep;
    expect(issues({ ...document, sweep: noFixed })).toEqual(['sweep.fixed']);
    expect(issues({ ...document, sweep: { ...sweep, extra: 1 } })).toEqual(['sweep']);
    const tooMany = Array.from({ length: 101 }, () => SUSPENDED);
    expect(issues({ ...document, sweep: { ...sweep, unreadable: tooMany } })).toEqual(['sweep.unreadable']);
  });
});
