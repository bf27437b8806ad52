/** The alert document's schema (issue 10): real documents fit it, the committed JSON Schema is current. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type AlertDocument,
  accountErrorIncident,
  composeAlert,
  contestedIncident,
  forwardingIncident,
  groupDeletedIncident,
  type Incident,
  misconfiguredIncident,
  optOutIncident,
  remediationIncident,
  snsMessage,
  sweepSummaryIncident,
  tamperIncident,
} from '../../src';
import { ALERT_DOCUMENT_SCHEMA_ID, alertDocumentJsonSchemaText } from '../../src/alerts/document-json-schema';
import { alertDocumentSchema } from '../../src/alerts/document-schema';
import type { Rule } from '../../src/rules/types';
import {
  ACCOUNT,
  authorize,
  COMPLETED_AT,
  change,
  context,
  outcome,
  plan,
  REGION,
  revoke,
  sshIncident,
  tcp,
  violation,
} from './builders';

const repo = join(__dirname, '..', '..', '..', '..');
const SCHEMA_FILE = join(repo, 'packages', 'core', 'schema', 'alert-document.v1.schema.json');

function documentOf(incident: Incident): AlertDocument {
  const alert = composeAlert(incident);
  if (!alert) throw new Error(`expected an alert for a ${incident.kind} incident`);
  return alert.document;
}

/** The document as subscribers receive it: JSON text, parsed. */
function wire(document: AlertDocument): Record<string, unknown> {
  return JSON.parse(JSON.stringify(document));
}

const ssh = tcp(22, '0.0.0.0/0', { ruleId: 'sgr-0ssh' });
const smtp = tcp(25, '0.0.0.0/0', { ruleId: 'sgr-0smtp' });
const https = tcp(443, '0.0.0.0/0');
const fromList: Rule = { ...tcp(22), peer: { kind: 'prefixList', prefixListId: 'pl-0abc1234' } };

function remediation(outcomes: 'succeeded' | 'failed' | 'partial'): Incident {
  const actions = [revoke(ssh), revoke(smtp, 'drift'), authorize([https])];
  const p = plan({
    violations: [
      violation(ssh),
      violation(smtp, { cause: 'drift', adminPort: false }),
      violation(https, { code: 'missing-required', cause: 'drift', adminPort: false }),
    ],
    actions,
    changes: [change({ rulesAdded: [ssh] })],
  });
  const done = actions.map((a, i) =>
    outcomes === 'succeeded' || (outcomes === 'partial' && i === 0)
      ? outcome(a)
      : outcome(a, 'failed', { error: 'UnauthorizedOperation: not allowed' }),
  );
  return remediationIncident(p, done, context(), COMPLETED_AT);
}

/** The SSH revert and a drift revert, one of them already done by someone else. */
function alreadyApplied(): Incident {
  const actions = [revoke(ssh), revoke(smtp, 'drift')];
  const p = plan({
    violations: [violation(ssh), violation(smtp, { cause: 'drift', adminPort: false })],
    actions,
    changes: [change({ rulesAdded: [ssh] })],
  });
  return remediationIncident(
    p,
    [outcome(actions[0]!, 'already-applied'), outcome(actions[1]!)],
    context(),
    COMPLETED_AT,
  );
}

const from = { policy: 'no-public-admin-ports', mode: 'enforce' as const };
const untag = change.tag({ kind: 'untag', eventName: 'DeleteTags', tagKeysRemoved: ['guardrail:policy'] });
const tags = { 'guardrail:policy': from.policy };

/** One incident of each kind and outcome, built as the hub builds them. */
const incidents: [string, Incident][] = [
  ['reverted (with its exposure window)', sshIncident()],
  ['reverted, restored and drift', remediation('succeeded')],
  ['partially remediated', remediation('partial')],
  ['failed remediation', remediation('failed')],
  ['already applied by someone else', alreadyApplied()],
  [
    'audit mode',
    remediationIncident(
      plan({ mode: 'audit', violations: [violation(ssh)], changes: [change({ rulesAdded: [ssh] })] }),
      [],
      context(),
      COMPLETED_AT,
    ),
  ],
  [
    'unverifiable prefix list',
    remediationIncident(
      plan({ unverifiable: [{ prefixListId: 'pl-0abc1234', reason: 'AccessDenied', rules: [fromList] }] }),
      [],
      context(),
      COMPLETED_AT,
    ),
  ],
  [
    'misconfigured',
    misconfiguredIncident(plan({ misconfiguration: 'policy "nope" is not defined' }), context()),
  ],
  [
    'account error',
    accountErrorIncident({
      account: ACCOUNT,
      accountName: 'prod',
      region: REGION,
      reason: 'no role',
      code: 'AccessDenied',
      changes: [change({ error: { code: 'Client.UnauthorizedOperation', message: 'denied' } })],
    }),
  ],
  [
    'contested',
    contestedIncident(plan({ violations: [violation(ssh)], actions: [revoke(ssh)] }), context(), {
      remediations: 5,
      windowMinutes: 10,
      resumesAt: '2025-06-01T10:20:00Z',
    }),
  ],
  ['tamper on the rule', tamperIncident(change.tamper({ eventName: 'DisableRule' }))],
  [
    'tamper on the role',
    tamperIncident(
      change.tamper({
        eventName: 'DeleteRolePolicy',
        target: { type: 'role', name: 'guardrail-remediation' },
      }),
    ),
  ],
  [
    'group deleted',
    groupDeletedIncident(context(), [
      change.lifecycle({ kind: 'delete-group', eventName: 'DeleteSecurityGroup' }),
    ]),
  ],
  [
    'opted out, breaking what it left',
    optOutIncident(context(), {
      from,
      to: { policy: 'web-public', mode: 'audit' },
      left: plan({ violations: [violation(ssh)] }),
      changes: [untag],
      followUp: false,
    }),
  ],
  [
    'opt-in restored',
    optOutIncident(context(), {
      from,
      to: {},
      left: plan(),
      changes: [untag],
      followUp: false,
      restore: { status: 'restored', tags },
    }),
  ],
  [
    'opt-in not restored',
    optOutIncident(context(), {
      from,
      to: { misconfiguration: 'unknown policy "x"' },
      left: plan(),
      changes: [untag],
      followUp: true,
      restore: { status: 'failed', tags, code: 'UnauthorizedOperation', message: 'not allowed' },
    }),
  ],
  [
    'forwarding broken',
    forwardingIncident({
      account: ACCOUNT,
      region: REGION,
      status: 'broken',
      problems: [{ code: 'rule-disabled', resource: 'guardrail-forward-sg-events', detail: 'disabled' }],
      checkedAt: COMPLETED_AT,
    }),
  ],
  [
    'forwarding resolved',
    forwardingIncident({
      account: ACCOUNT,
      region: REGION,
      status: 'resolved',
      problems: [],
      checkedAt: COMPLETED_AT,
    }),
  ],
  [
    'sweep complete, accounts unread',
    sweepSummaryIncident(
      {
        sweepId: 'sweep-1',
        status: 'complete',
        startedAt: '2025-06-01T10:00:00.000Z',
        at: COMPLETED_AT,
        durationSeconds: 3.5,
        accounts: 2,
        regions: [REGION, 'us-east-1'],
        targets: { expected: 4, finished: 4 },
        groups: 12,
        violations: 1,
        fixed: 1,
        unreadable: [{ account: '444455556666', reason: 'not active (SUSPENDED)' }],
        unreadableCount: 1,
      },
      { account: ACCOUNT, accountName: 'hub', region: REGION },
    ),
  ],
  [
    'sweep overdue',
    sweepSummaryIncident(
      {
        sweepId: 'sweep-2',
        status: 'overdue',
        startedAt: '2025-06-01T10:00:00.000Z',
        at: COMPLETED_AT,
        durationSeconds: 3.5,
        accounts: 2,
        regions: [REGION],
        targets: { expected: 2, finished: 1 },
        groups: 0,
        violations: 0,
        fixed: 0,
        unreadable: [],
        unreadableCount: 0,
      },
      { account: ACCOUNT, region: REGION },
    ),
  ],
];

describe('alert document JSON Schema', () => {
  it('is committed and up to date', () => {
    const committed = readFileSync(SCHEMA_FILE, 'utf8');
    const verdict =
      committed === alertDocumentJsonSchemaText()
        ? 'up to date'
        : 'packages/core/schema/alert-document.v1.schema.json is stale: run npx tsx packages/core/scripts/generate-schema.ts';
    expect(verdict).toBe('up to date');
  });

  it('is draft 2020-12, identified, one closed object per kind', () => {
    const schema = JSON.parse(alertDocumentJsonSchemaText());
    expect(schema).toMatchObject({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      $id: ALERT_DOCUMENT_SCHEMA_ID,
      title: 'Guardrail alert document, version 1',
    });
    expect(schema.description).toContain('sqs, lambda and https');
    const variants = schema.oneOf as {
      properties: Record<string, { const?: unknown }>;
      required: string[];
    }[];
    expect(variants.map((v) => v.properties.kind?.const)).toEqual([
      'remediation',
      'misconfigured',
      'account-error',
      'contested',
      'tamper',
      'group-deleted',
      'opt-out',
      'forwarding',
      'baseline',
      'sweep',
    ]);
    for (const variant of variants) {
      expect(variant.properties.schemaVersion).toEqual({ type: 'number', const: 1 });
      expect(variant.required).toEqual(expect.arrayContaining(['schemaVersion', 'kind', 'findings']));
    }
    // Every object with named properties is closed (a tag map is the only open one).
    const open: string[] = [];
    const walk = (node: unknown, path: string) => {
      if (Array.isArray(node)) {
        for (const [i, child] of node.entries()) walk(child, `${path}[${i}]`);
      } else if (node && typeof node === 'object') {
        const object = node as Record<string, unknown>;
        if (object.properties && object.additionalProperties !== false) open.push(path);
        for (const [key, child] of Object.entries(object)) walk(child, `${path}.${key}`);
      }
    };
    walk(schema, '$');
    expect(open).toEqual([]);
    expect(Object.keys(schema.$defs)).toEqual(expect.arrayContaining(['AlertFinding', 'IpPermission']));
  });
});

describe('alert documents the hub builds', () => {
  it.each(incidents)('%s: fits the schema', (_, incident) => {
    const document = wire(documentOf(incident));
    expect(alertDocumentSchema.parse(document)).toEqual(document);
  });

  it('cover every kind, the kind-specific fields and the optional facts', () => {
    const documents = incidents.map(([, incident]) => wire(documentOf(incident)));
    expect(new Set(documents.map((d) => d.kind)).size).toBe(9);
    expect(new Set(documents.map((d) => d.outcome))).toEqual(
      new Set([
        'remediated',
        'partially-remediated',
        'failed',
        'audit',
        'unverifiable',
        'misconfigured',
        'account-error',
        'contested',
        'tamper',
        'group-deleted',
        'opted-out',
        'opt-in-restored',
        'forwarding-broken',
        'forwarding-resolved',
        'sweep-complete',
        'sweep-overdue',
      ]),
    );
    const keys = new Set(documents.flatMap((d) => Object.keys(d)));
    for (const key of ['exposure', 'unverifiable', 'misconfiguration', 'accountError', 'contested', 'tamper'])
      expect(keys).toContain(key);
    expect(keys).toContain('optOut');
    expect(keys).toContain('forwarding');
    expect(keys).toContain('sweep');
    const findings = documents.flatMap((d) => d.findings as { decision: string }[]);
    expect(new Set(findings.map((f) => f.decision))).toEqual(
      new Set(['reverted', 'restored', 'already-applied', 'audit-only', 'failed', 'skipped', 'not-planned']),
    );
  });

  it('an abridged document (cut to fit SNS, with omitted) fits too, as the sqs value carries it', () => {
    const alert = composeAlert(remediation('succeeded'));
    if (!alert) throw new Error('expected an alert');
    const message = JSON.parse(snsMessage(alert, 3000)) as Record<string, string>;
    const document = JSON.parse(message.sqs as string);
    expect(document.omitted).toBeDefined();
    expect(alertDocumentSchema.parse(document)).toEqual(document);
  });
});

describe('the schema refuses', () => {
  const good = wire(documentOf(sshIncident()));

  function refused(document: Record<string, unknown>): string[] {
    const result = alertDocumentSchema.safeParse(document);
    return result.success ? [] : result.error.issues.map((issue) => issue.path.join('.') || '(root)');
  }

  it('accepts the good document it starts from', () => {
    expect(refused(good)).toEqual([]);
  });

  it('another schemaVersion', () => {
    expect(refused({ ...good, schemaVersion: 2 })).toEqual(['schemaVersion']);
    expect(refused({ ...good, schemaVersion: '1' })).toEqual(['schemaVersion']);
  });

  it('a missing required field', () => {
    const { findings: _findings, ...noFindings } = good;
    expect(refused(noFindings)).toEqual(['findings']);
    const { group: _group, ...noGroup } = good;
    expect(refused(noGroup)).toEqual(['group']);
    const finding = (good.findings as Record<string, unknown>[])[0]!;
    const { decision: _decision, ...undecided } = finding;
    expect(refused({ ...good, findings: [undecided] })).toEqual(['findings.0.decision']);
  });

  it('an unknown field, at the top or inside, and another kind', () => {
    expect(refused({ ...good, extra: true })).toEqual(['(root)']);
    expect(refused({ ...good, misconfiguration: 'not for a remediation' })).toEqual(['(root)']);
    const finding = (good.findings as Record<string, unknown>[])[0]!;
    expect(refused({ ...good, findings: [{ ...finding, note: 'x' }] })).toEqual(['findings.0']);
    expect(refused({ ...good, kind: 'unknown' })).toEqual(['kind']);
    expect(refused({ ...good, severity: 'urgent' })).toEqual(['severity']);
  });
});
