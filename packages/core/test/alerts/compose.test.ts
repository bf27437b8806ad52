import { type ComposedAlert, composeAlert, type Incident } from '../../src/alerts';
import {
  ACCOUNT,
  actor,
  authorize,
  CHANGE_TIME,
  COMPLETED_AT,
  change,
  context,
  GROUP,
  outcome,
  plan,
  REGION,
  revoke,
  sshIncident,
  tcp,
  violation,
} from './builders';

function compose(incident: Incident): ComposedAlert {
  const alert = composeAlert(incident);
  if (!alert) throw new Error('expected an alert');
  return alert;
}

const CONSOLE = `https://${REGION}.console.aws.amazon.com/ec2/home?region=${REGION}#SecurityGroup:groupId=${GROUP}`;

describe('composeAlert: nothing worth a message', () => {
  it('is undefined for an unmanaged group', () => {
    const incident = {
      ...sshIncident(),
      plan: plan({ managed: false, unmanagedReason: 'not-opted-in' as const }),
    };
    expect(composeAlert(incident)).toBeUndefined();
  });

  it('is undefined for a compliant managed group where nothing failed', () => {
    expect(composeAlert({ ...sshIncident(), plan: plan(), outcomes: [] })).toBeUndefined();
  });

  it('still alerts when an action failed although no violation is listed', () => {
    const action = revoke(tcp(22));
    const alert = compose({
      ...sshIncident(),
      plan: plan({ actions: [action] }),
      outcomes: [outcome(action, 'failed')],
    });
    expect(alert.document.outcome).toBe('failed');
    expect(alert.subject).toBe(`[MEDIUM] Remediation failed on ${GROUP} (prod ${ACCOUNT}, ${REGION})`);
  });
});

describe('composeAlert: a reverted SSH rule from the internet', () => {
  const alert = compose(sshIncident());

  it('has the subject of the design', () => {
    expect(alert.subject).toBe(
      `[CRITICAL] Reverted tcp 22 from 0.0.0.0/0 on ${GROUP} (prod ${ACCOUNT}, ${REGION})`,
    );
    expect(alert.severity).toBe('critical');
  });

  it('tells a person where, what policy, who, when, what changed and what was done', () => {
    const { text } = alert;
    for (const fact of [
      `Account:   ${ACCOUNT} (prod)`,
      `Region:    ${REGION}`,
      `Group:     ${GROUP} (web) in vpc-0abc`,
      'Policy:    no-public-admin-ports, enforce mode',
      `by arn:aws:sts::${ACCOUNT}:assumed-role/Developer/alice (AssumedRole)`,
      'from 203.0.113.7, not via the console',
      `role arn:aws:iam::${ACCOUNT}:role/Developer`,
      'user agent aws-cli/2.15.0',
      `AuthorizeSecurityGroupIngress at ${CHANGE_TIME} (event evt-1)`,
      '* added tcp 22 from 0.0.0.0/0 (sgr-0ssh)',
      '1. tcp 22 from 0.0.0.0/0 (sgr-0ssh): brought by this change (event evt-1)',
      'why: tcp 22 is denied by policies.no-public-admin-ports.ingress.deny[0]',
      `outcome: reverted at ${COMPLETED_AT} (exposed for 3.5 s)`,
      `Exposure:  3.5 s (from ${CHANGE_TIME} until ${COMPLETED_AT})`,
      `Console:   ${CONSOLE}`,
      `- revoke ingress tcp 22 from 0.0.0.0/0 (sgr-0ssh): succeeded at ${COMPLETED_AT}`,
    ]) {
      expect(text).toContain(fact);
    }
  });

  it('carries the same facts in a versioned document', () => {
    const { document } = alert;
    expect(document).toMatchObject({
      schemaVersion: 1,
      kind: 'remediation',
      severity: 'critical',
      outcome: 'remediated',
      account: { id: ACCOUNT, name: 'prod' },
      region: REGION,
      group: { groupId: GROUP, groupName: 'web', vpcId: 'vpc-0abc', consoleUrl: CONSOLE },
      policy: 'no-public-admin-ports',
      mode: 'enforce',
      completedAt: COMPLETED_AT,
      exposure: { from: CHANGE_TIME, to: COMPLETED_AT, seconds: 3.5 },
    });
    expect(document.changes[0]?.actor).toEqual(actor());
    expect(document.findings[0]).toMatchObject({
      rule: 'tcp 22 from 0.0.0.0/0',
      ruleId: 'sgr-0ssh',
      permission: { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] },
      decision: 'reverted',
      eventId: 'evt-1',
    });
    expect(JSON.parse(JSON.stringify(document))).toEqual(JSON.parse(JSON.stringify(alert.document)));
  });

  it('has the filter-policy attributes', () => {
    expect(alert.attributes).toEqual({
      severity: 'critical',
      account: ACCOUNT,
      region: REGION,
      outcome: 'remediated',
      policy: 'no-public-admin-ports',
    });
  });

  it('reads as a whole like this', () => {
    expect(alert.text).toMatchSnapshot();
  });

  it('links to another console origin when asked', () => {
    const other = composeAlert(sshIncident(), { consoleBaseUrl: 'https://console.amazonaws.cn' });
    expect(other?.document.group?.consoleUrl).toBe(
      `https://console.amazonaws.cn/ec2/home?region=${REGION}#SecurityGroup:groupId=${GROUP}`,
    );
  });
});

describe('composeAlert: the desired-state web group', () => {
  // 80 and 443 required from the world; 465 and 993 open; 443 missing.
  const [smtps, imaps, https] = [tcp(465), tcp(993), tcp(443)];
  const webViolation = (r: typeof smtps) =>
    violation(r, {
      code: 'not-allowed',
      cause: 'drift',
      adminPort: false,
      reason: `${r.fromPort} is not allowed`,
    });
  const actions = [revoke(smtps, 'drift'), revoke(imaps, 'drift'), authorize([https])];
  const webPlan = plan({
    policy: 'web-public',
    violations: [
      webViolation(smtps),
      webViolation(imaps),
      violation(https, {
        code: 'missing-required',
        cause: 'drift',
        adminPort: false,
        reason: 'tcp 443 is required',
      }),
    ],
    actions,
  });
  const incident = {
    kind: 'remediation' as const,
    plan: webPlan,
    context: context(),
    completedAt: COMPLETED_AT,
  };

  it('rates pre-existing drift the sweep fixed by what it exposed: ports open to the world, high', () => {
    const alert = compose({ ...incident, outcomes: actions.map((a) => outcome(a)) });
    expect(alert.severity).toBe('high');
    expect(alert.attributes).toMatchObject({ severity: 'high', outcome: 'remediated' });
    expect(alert.subject).toBe(
      `[HIGH] Reverted tcp 465 from 0.0.0.0/0 (+2 more) on ${GROUP} (${ACCOUNT}, ${REGION})`,
    );
    expect(alert.text).toContain('1. tcp 465 from 0.0.0.0/0: pre-existing drift');
    expect(alert.text).toContain('3. missing required rule tcp 443 from 0.0.0.0/0: pre-existing drift');
    expect(alert.text).toContain(`outcome: restored at ${COMPLETED_AT}`);
    expect(alert.text).not.toContain('Exposure:');
    expect(alert.text).not.toContain('What changed');
    expect(alert.document.exposure).toBeUndefined();
  });

  it('reports a partial failure, naming what is still open, with why', () => {
    const outcomes = [
      outcome(actions[0]!),
      outcome(actions[1]!, 'failed', { error: 'RequestLimitExceeded: slow down' }),
      outcome(actions[2]!, 'skipped', { error: 'an earlier call failed' }),
    ];
    const alert = compose({ ...incident, outcomes });
    expect(alert.document.outcome).toBe('partially-remediated');
    expect(alert.attributes.outcome).toBe('partially-remediated');
    expect(alert.severity).toBe('high');
    expect(alert.subject).toBe(
      // Too long for SNS: the account name and the count of other findings give way first.
      `[HIGH] Partial: failed to revert tcp 993 from... on ${GROUP} (${ACCOUNT}, ${REGION})`,
    );
    expect(alert.text).toContain('only partly back to policy web-public');
    expect(alert.text).toContain('outcome: failed: RequestLimitExceeded: slow down');
    expect(alert.text).toContain('outcome: not attempted: an earlier call failed');
    expect(alert.text).toContain('- revoke ingress tcp 993 from 0.0.0.0/0: failed at');
  });

  it('says so when nothing could be done', () => {
    const alert = compose({
      ...incident,
      outcomes: actions.map((a) => outcome(a, 'failed', { error: 'AccessDenied' })),
    });
    expect(alert.document.outcome).toBe('failed');
    expect(alert.subject).toMatch(/^\[HIGH\] Failed to revert tcp 465/);
    expect(alert.text).toContain('could not bring security group');
  });

  it('restores: the subject names a missing required rule', () => {
    const restore = authorize([https], 'change');
    const p = plan({
      policy: 'web-public',
      violations: [violation(https, { code: 'missing-required', adminPort: false })],
      actions: [restore],
      changes: [change({ kind: 'revoke', eventName: 'RevokeSecurityGroupIngress', rulesRemoved: [https] })],
    });
    const alert = compose({ ...incident, plan: p, outcomes: [outcome(restore)] });
    expect(alert.subject).toMatch(/^\[MEDIUM\] Restored tcp 443 from 0.0.0.0\/0 on /);
    expect(alert.text).toContain('* removed tcp 443 from 0.0.0.0/0');
    const failed = compose({ ...incident, plan: p, outcomes: [outcome(restore, 'failed')] });
    expect(failed.subject).toMatch(/^\[MEDIUM\] Failed to restore tcp 443/);
    const untimed = compose({
      ...incident,
      plan: p,
      outcomes: [outcome(restore, 'succeeded', { completedAt: undefined })],
    });
    expect(untimed.text).toContain('outcome: restored\n');
  });
});

describe('composeAlert: audit mode', () => {
  const ssh = tcp(22, '198.51.100.0/24');
  const auditPlan = plan({
    mode: 'audit',
    violations: [violation(ssh, { internet: true })],
    changes: [
      change({
        rulesAdded: [ssh],
        actor: actor({ viaConsole: true, userAgent: 'console.ec2.amazonaws.com' }),
      }),
    ],
  });
  const alert = compose({
    kind: 'remediation',
    plan: auditPlan,
    outcomes: [],
    context: context(),
    completedAt: COMPLETED_AT,
  });

  it('is rated by what is exposed (SSH from public addresses: critical), names what it would do and does nothing', () => {
    expect(alert.severity).toBe('critical');
    expect(alert.attributes).toMatchObject({ severity: 'critical', outcome: 'audit' });
    expect(alert.subject).toBe(
      `[CRITICAL] Audit: would revert tcp 22 from... on ${GROUP} (${ACCOUNT}, ${REGION})`,
    );
    expect(alert.text).toContain('The policy is in audit mode: nothing was changed.');
    expect(alert.text).toContain('Policy:    no-public-admin-ports, audit mode');
    expect(alert.text).toContain('outcome: audit only: not changed');
    expect(alert.text).toContain('from 203.0.113.7, in the AWS console');
    expect(alert.text).not.toContain('Actions');
    expect(alert.document.actions).toEqual([]);
  });
});

describe('composeAlert: other incidents', () => {
  it('misconfigured: names the problem and promises no change', () => {
    const tagged = change.tag({
      tagsSet: { 'guardrail:policy': 'web-pubic' },
    });
    const p = plan({
      managed: false,
      policy: undefined,
      mode: undefined,
      misconfiguration: 'unknown policy "web-pubic"',
      changes: [tagged],
    });
    const alert = compose({ kind: 'misconfigured', plan: p, context: context() });
    expect(alert.severity).toBe('medium');
    expect(alert.attributes).toMatchObject({ outcome: 'misconfigured', policy: 'none' });
    expect(alert.subject).toBe(
      `[MEDIUM] Misconfigured guardrail tags on ${GROUP} (prod ${ACCOUNT}, ${REGION})`,
    );
    expect(alert.text).toContain('its tags are not valid: unknown policy "web-pubic"');
    expect(alert.text).toContain('* set tag guardrail:policy=web-pubic');
    expect(alert.document).toMatchObject({
      kind: 'misconfigured',
      misconfiguration: 'unknown policy "web-pubic"',
    });
  });

  it('misconfigured also when the hub reports it as a remediation, with a default wording', () => {
    const p = plan({ managed: false, misconfiguration: '' });
    const alert = compose({
      kind: 'remediation',
      plan: p,
      outcomes: [],
      context: context(),
      completedAt: COMPLETED_AT,
    });
    expect(alert.document.outcome).toBe('misconfigured');
    const bare = compose({
      kind: 'misconfigured',
      plan: { ...p, misconfiguration: undefined },
      context: context(),
    });
    expect(bare.text).toContain('the guardrail tags on this group are not valid');
  });

  it('account-error: names the account, the reason and the changes left unchecked', () => {
    const pending = change({ rulesAdded: [tcp(22)] });
    const alert = compose({
      kind: 'account-error',
      account: { id: ACCOUNT },
      region: REGION,
      reason: 'cannot assume the remediation role',
      code: 'AccessDenied',
      changes: [pending],
    });
    // The change opened SSH to the world and nothing can revert it there: critical.
    expect(alert.severity).toBe('critical');
    expect(alert.subject).toBe(`[CRITICAL] Account error: AccessDenied (${ACCOUNT}, ${REGION})`);
    expect(alert.attributes).toEqual({
      severity: 'critical',
      account: ACCOUNT,
      region: REGION,
      outcome: 'account-error',
      policy: 'none',
    });
    expect(alert.text).toContain(
      `could not act in account ${ACCOUNT}, ${REGION}: cannot assume the remediation role (AccessDenied)`,
    );
    expect(alert.text).toContain('* added tcp 22 from 0.0.0.0/0');
    expect(alert.text).not.toContain('Console:');
    expect(alert.document.group).toBeUndefined();
    const uncoded = compose({
      kind: 'account-error',
      account: { id: ACCOUNT },
      region: REGION,
      reason: 'account suspended',
      changes: [],
    });
    expect(uncoded.subject).toBe(`[MEDIUM] Account error: account suspended (${ACCOUNT}, ${REGION})`);
    expect(uncoded.text).toContain('account suspended. Security group changes');
  });

  it('contested: says the breaker paused remediation and how often it fought', () => {
    const ssh = tcp(22);
    const p = plan({
      violations: [violation(ssh)],
      actions: [revoke(ssh)],
      changes: [change({ rulesAdded: [ssh] })],
    });
    const alert = compose({
      kind: 'contested',
      plan: p,
      context: context(),
      remediations: 5,
      windowMinutes: 10,
      resumesAt: '2026-06-01T10:20:00Z',
    });
    // SSH open to the world stays open while the breaker pauses: as severe as the finding.
    expect(alert.severity).toBe('critical');
    expect(alert.attributes).toMatchObject({ outcome: 'contested', severity: 'critical' });
    expect(alert.subject).toMatch(new RegExp(`^\\[CRITICAL\\] Contested ${GROUP}, 1 rule paused`));
    expect(alert.text).toContain('remediated the same rule of security group');
    expect(alert.text).toContain('5 times within 10 minutes');
    // Both sides: who re-applies it, and when the hub enforces it again; the rest is still enforced.
    expect(alert.text).toContain(`re-applied by ${p.changes[0]?.actor.arn}`);
    expect(alert.text).toContain(`paused (circuit breaker) until ${'2026-06-01T10:20:00Z'}`);
    expect(alert.text).toContain('every other rule of the group is still enforced');
    expect(alert.text).toContain(
      'outcome: not attempted: paused by the circuit breaker after 5 remediations in 10 minutes, until',
    );
    expect(alert.document).toMatchObject({
      contested: { remediations: 5, windowMinutes: 10, resumesAt: '2026-06-01T10:20:00Z' },
    });
  });

  it('contested: at least medium when nothing is exposed to the internet', () => {
    const inner = tcp(8080, '10.0.0.0/8');
    const p = plan({
      violations: [violation(inner, { internet: false, adminPort: false })],
      actions: [revoke(inner)],
    });
    const alert = compose({
      kind: 'contested',
      plan: p,
      context: context(),
      remediations: 5,
      windowMinutes: 10,
      resumesAt: '2026-06-01T10:20:00Z',
    });
    expect(alert.severity).toBe('medium');
    expect(alert.subject).toBe(
      `[MEDIUM] Contested ${GROUP}, 1 rule paused: remediated 5... (${ACCOUNT}, ${REGION})`,
    );
    // No event behind it (a sweep found the rule back): it says so rather than name no one.
    expect(alert.text).toContain('re-applied outside any event the hub saw');
  });

  it('tamper: critical, names the call, the rule and who did it', () => {
    const tamper = change.tamper({
      eventName: 'DisableRule',
      target: { type: 'rule', name: 'guardrail-forward-sg-events' },
      actor: actor({
        arn: undefined,
        type: 'Root',
        sessionIssuerArn: undefined,
        sourceIp: undefined,
        userAgent: undefined,
        sourceIdentity: 'bob',
      }),
    });
    const alert = compose({ kind: 'tamper', change: tamper });
    expect(alert.severity).toBe('critical');
    expect(alert.attributes).toMatchObject({ outcome: 'tamper', severity: 'critical', policy: 'none' });
    expect(alert.subject).toBe(
      `[CRITICAL] Guardrail tampering: DisableRule on guardrail-forward-sg-ev... (${ACCOUNT}, ${REGION})`,
    );
    expect(alert.text).toContain(
      "called DisableRule on the guardrail's member rule guardrail-forward-sg-events",
    );
    expect(alert.text).toContain('may go unseen by the guardrail');
    expect(alert.text).toContain('by an unknown principal (Root)');
    expect(alert.text).toContain('from an unknown address');
    expect(alert.text).toContain('source identity bob');
    expect(alert.document).toMatchObject({
      tamper: {
        target: { type: 'rule', name: 'guardrail-forward-sg-events' },
        ruleName: 'guardrail-forward-sg-events',
      },
    });
  });

  it('tamper on a role: critical, says what a changed role lets happen', () => {
    const tamper = change.tamper({
      eventName: 'UpdateAssumeRolePolicy',
      region: 'us-east-1',
      target: { type: 'role', name: 'guardrail-remediation' },
    });
    const alert = compose({ kind: 'tamper', change: tamper });
    expect(alert.severity).toBe('critical');
    expect(alert.text).toContain(
      "called UpdateAssumeRolePolicy on the guardrail's member role guardrail-remediation",
    );
    expect(alert.text).toContain('may let someone else act as the guardrail');
    expect(alert.document).not.toHaveProperty('tamper.ruleName');
  });

  it('tamper by the StackSets execution role: a member stack update, info', () => {
    const tamper = change.tamper({
      eventName: 'PutRule',
      actor: actor({
        arn: `arn:aws:sts::${ACCOUNT}:assumed-role/stacksets-exec-0123456789abcdef/session`,
        sessionIssuerArn: `arn:aws:iam::${ACCOUNT}:role/stacksets-exec-0123456789abcdef`,
      }),
    });
    const alert = compose({ kind: 'tamper', change: tamper });
    expect(alert.severity).toBe('info');
    expect(alert.subject).toContain('Guardrail stack update: PutRule on');
    expect(alert.text).toContain('a member stack update, as expected when the Guardrail StackSet changes');
    expect(alert.document).toMatchObject({ tamper: { deployment: true } });
  });

  it('group-deleted: info, with who deleted it', () => {
    const deleted = change.lifecycle({ kind: 'delete-group', eventName: 'DeleteSecurityGroup' });
    const alert = compose({
      kind: 'group-deleted',
      context: context({ account: { id: ACCOUNT } }),
      changes: [deleted],
    });
    expect(alert.severity).toBe('info');
    expect(alert.attributes.outcome).toBe('group-deleted');
    expect(alert.subject).toBe(`[INFO] Guarded group ${GROUP} deleted (${ACCOUNT}, ${REGION})`);
    expect(alert.text).toContain(`security group ${GROUP}, guarded by the guardrail, was deleted.`);
    expect(alert.text).toContain('* deleted the group');
    expect(alert.text).toContain(`Group:     ${GROUP} (web) in vpc-0abc`);
  });
});

describe('composeAlert: evidence details', () => {
  it('marks failed calls and the guardrail’s own calls, and a group without name or VPC', () => {
    const ssh = tcp(22);
    const action = revoke(ssh);
    const p = plan({
      policy: undefined,
      violations: [violation(ssh, { internet: false, adminPort: false })],
      actions: [action],
      changes: [
        change({ error: { code: 'InvalidPermission.Duplicate', message: 'already there' } }),
        change({ eventId: 'evt-2', error: { code: 'Client.UnauthorizedOperation' }, byGuardrail: true }),
      ],
    });
    const alert = compose({
      kind: 'remediation',
      plan: p,
      outcomes: [outcome(action, 'succeeded', { completedAt: undefined })],
      context: context({ account: { id: ACCOUNT }, group: { groupId: GROUP } }),
      completedAt: COMPLETED_AT,
    });
    expect(alert.text).toContain(
      'the call failed (InvalidPermission.Duplicate: already there): it changed nothing',
    );
    expect(alert.text).toContain('the call failed (Client.UnauthorizedOperation): it changed nothing');
    expect(alert.text).toContain('(a call by the guardrail itself)');
    expect(alert.text).toContain(`Group:     ${GROUP}\n`);
    expect(alert.text).toContain('Guardrail brought security group');
    expect(alert.text).toContain('back to its policy.');
    expect(alert.text).not.toContain('Policy:');
    expect(alert.text).toMatch(/outcome: reverted \(exposed for/);
    expect(alert.text).toContain('- revoke ingress tcp 22 from 0.0.0.0/0: succeeded\n');
    expect(alert.severity).toBe('medium');
  });

  it('shows the policy without a mode when the plan has none', () => {
    const alert = compose({ ...sshIncident(), plan: { ...sshIncident().plan, mode: undefined } });
    expect(alert.text).toContain('Policy:    no-public-admin-ports\n');
  });

  it('never lets an event field forge a line of the email', () => {
    const ssh = tcp(22);
    const sneaky = actor({ userAgent: 'curl\nSeverity:  info\nOutcome:   remediated' });
    const incident = sshIncident();
    const p = { ...incident.plan, changes: [change({ rulesAdded: [ssh], actor: sneaky })] };
    const alert = compose({ ...incident, plan: p });
    expect(alert.text.split('\n').filter((line) => line.startsWith('Severity:'))).toEqual([
      'Severity:  critical',
    ]);
    expect(alert.text).toContain('user agent curl Severity:  info Outcome:   remediated');
  });

  it('says what no action covered', () => {
    const ssh = tcp(22);
    const alert = compose({ ...sshIncident(), plan: plan({ violations: [violation(ssh)] }), outcomes: [] });
    expect(alert.text).toContain('outcome: not acted on: no action was planned for it');
    expect(alert.document.outcome).toBe('failed');
  });
});

describe('composeAlert: already applied by someone else (another hub instance or a person)', () => {
  const ssh = tcp(22, '0.0.0.0/0', { ruleId: 'sgr-0ssh' });
  const web = tcp(8080, '0.0.0.0/0', { ruleId: 'sgr-0web' });
  const https = tcp(443);
  const [revokeSsh, revokeWeb] = [revoke(ssh), revoke(web)];
  const restore = authorize([https], 'change');
  const p = plan({
    violations: [
      violation(ssh),
      violation(web, { adminPort: false }),
      violation(https, { code: 'missing-required', internet: false, adminPort: false }),
    ],
    actions: [revokeSsh, revokeWeb, restore],
    changes: [
      change({ rulesAdded: [ssh] }),
      change({ eventId: 'evt-2', eventTime: '2025-06-01T09:59:00Z', rulesAdded: [web] }),
      change({ eventId: 'evt-3', kind: 'revoke', rulesRemoved: [https] }),
    ],
  });
  const incident = (outcomes: ReturnType<typeof outcome>[], overrides: Partial<Incident> = {}) =>
    ({
      kind: 'remediation',
      plan: p,
      outcomes,
      context: context(),
      completedAt: COMPLETED_AT,
      ...overrides,
    }) as Incident;

  it('publishes nothing when every action was already applied: the one who did it alerts', () => {
    const all = p.actions.map((a) => outcome(a, 'already-applied'));
    expect(composeAlert(incident(all))).toBeUndefined();
    // One revert alone, as when 50 instances race for the same SSH rule and this one lost.
    const lone = plan({
      violations: [violation(ssh)],
      actions: [revokeSsh],
      changes: [change({ rulesAdded: [ssh] })],
    });
    expect(composeAlert(incident([outcome(revokeSsh, 'already-applied')], { plan: lone }))).toBeUndefined();
    expect(composeAlert(incident([outcome(revokeSsh)], { plan: lone }))?.severity).toBe('critical');
  });

  it('alerts a mix, marking what was already applied and leaving it out of the exposure window', () => {
    const alert = compose(
      incident([
        outcome(revokeSsh, 'already-applied'),
        outcome(revokeWeb),
        outcome(restore, 'already-applied'),
      ]),
    );
    expect(alert.document.outcome).toBe('remediated');
    // Severity is what was exposed: SSH was open to the world, whoever closed it.
    expect(alert.severity).toBe('critical');
    // The verb is this hub's: it reverted 8080, not SSH.
    // (Too long for SNS with the account name and the count of the others: they give way.)
    expect(alert.subject).toBe(
      `[CRITICAL] Reverted tcp 8080 from 0.0.0.0/0 on ${GROUP} (${ACCOUNT}, ${REGION})`,
    );
    expect(alert.document.findings.map((f) => [f.rule, f.decision, f.exposure?.seconds])).toEqual([
      ['tcp 22 from 0.0.0.0/0', 'already-applied', undefined],
      ['tcp 8080 from 0.0.0.0/0', 'reverted', 63.5],
      ['tcp 443 from 0.0.0.0/0', 'already-applied', undefined],
    ]);
    // The window is 8080's (63.5 s), not SSH's, although SSH came later.
    expect(alert.document.exposure).toEqual({
      from: '2025-06-01T09:59:00Z',
      to: COMPLETED_AT,
      seconds: 63.5,
    });
    const lines = alert.text.split('\n');
    const outcomeOf = (rule: string) => lines[lines.findIndex((l) => l.includes(`. ${rule}`)) + 2];
    expect(outcomeOf('tcp 22 from 0.0.0.0/0')).toBe(
      `   outcome: already removed when this hub acted (${COMPLETED_AT}): done by someone else (another guardrail instance or a person), not by this hub`,
    );
    expect(outcomeOf('missing required rule tcp 443')).toBe(
      `   outcome: already present again when this hub acted (${COMPLETED_AT}): done by someone else (another guardrail instance or a person), not by this hub`,
    );
    expect(outcomeOf('tcp 8080 from 0.0.0.0/0')).toBe(
      `   outcome: reverted at ${COMPLETED_AT} (exposed for 1 min 4 s)`,
    );
    expect(alert.text).toContain(
      `- revoke ingress tcp 22 from 0.0.0.0/0 (sgr-0ssh): already-applied at ${COMPLETED_AT}`,
    );
    expect(alert.text.match(/reverted/g)).toHaveLength(1);
    expect(alert.text).toContain('Exposure:  1 min 4 s');
  });

  it('says so without a time when EC2 gave none', () => {
    const alert = compose(
      incident([outcome(revokeSsh, 'already-applied', { completedAt: undefined }), outcome(revokeWeb)]),
    );
    expect(alert.text).toContain(
      'outcome: already removed when this hub acted: done by someone else (another guardrail instance or a person), not by this hub\n',
    );
  });

  it('still alerts what failed or was left open beside it', () => {
    const failed = compose(
      incident([
        outcome(revokeSsh, 'already-applied'),
        outcome(revokeWeb, 'failed', { error: 'AccessDenied' }),
      ]),
    );
    expect(failed.document.outcome).toBe('partially-remediated');
    expect(failed.subject).toMatch(/^\[CRITICAL\] Partial: failed to revert tcp 8080/);
    // Only what someone else did, and an action with no finding that failed: the failure is told.
    const orphan = revoke(tcp(3389));
    const noFinding = compose(
      incident([outcome(revokeSsh, 'already-applied'), outcome(orphan, 'failed')], {
        plan: plan({ violations: [violation(ssh)], actions: [revokeSsh, orphan] }),
      } as Partial<Incident>),
    );
    expect(noFinding.subject).toMatch(/^\[CRITICAL\] Remediation failed on /);
  });
});
