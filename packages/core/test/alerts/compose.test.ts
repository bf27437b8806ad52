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

  it('is informational when the sweep fixed pre-existing drift', () => {
    const alert = compose({ ...incident, outcomes: actions.map((a) => outcome(a)) });
    expect(alert.severity).toBe('info');
    expect(alert.subject).toBe(
      `[INFO] Reverted tcp 465 from 0.0.0.0/0 (+2 more) on ${GROUP} (${ACCOUNT}, ${REGION})`,
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
      outcomes: [outcome(restore, 'already-applied', { completedAt: undefined })],
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

  it('is info, names what it would do and does nothing', () => {
    expect(alert.severity).toBe('info');
    expect(alert.attributes.outcome).toBe('audit');
    expect(alert.subject).toBe(
      `[INFO] Audit: would revert tcp 22 from... on ${GROUP} (${ACCOUNT}, ${REGION})`,
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
    expect(alert.severity).toBe('medium');
    expect(alert.subject).toBe(`[MEDIUM] Account error: AccessDenied (${ACCOUNT}, ${REGION})`);
    expect(alert.attributes).toEqual({
      severity: 'medium',
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
    const p = plan({ violations: [violation(ssh)], actions: [revoke(ssh)] });
    const alert = compose({
      kind: 'contested',
      plan: p,
      context: context(),
      remediations: 5,
      windowMinutes: 10,
    });
    // SSH open to the world stays open while the breaker pauses: as severe as the finding.
    expect(alert.severity).toBe('critical');
    expect(alert.attributes).toMatchObject({ outcome: 'contested', severity: 'critical' });
    expect(alert.subject).toMatch(new RegExp(`^\\[CRITICAL\\] Contested ${GROUP}, paused`));
    expect(alert.text).toContain('remediated security group');
    expect(alert.text).toContain('5 times within 10 minutes');
    expect(alert.text).toContain(
      'outcome: not attempted: paused by the circuit breaker after 5 remediations in 10 minutes',
    );
    expect(alert.document).toMatchObject({ contested: { remediations: 5, windowMinutes: 10 } });
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
    });
    expect(alert.severity).toBe('medium');
    expect(alert.subject).toBe(
      `[MEDIUM] Contested ${GROUP}, paused: remediated 5 times... (${ACCOUNT}, ${REGION})`,
    );
  });

  it('tamper: high, names the call, the rule and who did it', () => {
    const tamper = change.tamper({
      eventName: 'DisableRule',
      ruleName: 'guardrail-forward-sg-events',
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
    expect(alert.severity).toBe('high');
    expect(alert.attributes).toMatchObject({ outcome: 'tamper', severity: 'high', policy: 'none' });
    expect(alert.subject).toBe(
      `[HIGH] Guardrail tampering: DisableRule on guardrail-forward-sg-events (${ACCOUNT}, ${REGION})`,
    );
    expect(alert.text).toContain(
      "called DisableRule on the guardrail's forwarding rule guardrail-forward-sg-events",
    );
    expect(alert.text).toContain('by an unknown principal (Root)');
    expect(alert.text).toContain('from an unknown address');
    expect(alert.text).toContain('source identity bob');
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
