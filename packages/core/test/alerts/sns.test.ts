import { composeAlert, SNS_MAX_MESSAGE_BYTES, snsMessage } from '../../src/alerts';
import { COMPLETED_AT, context, outcome, plan, revoke, sshIncident, tcp, violation } from './builders';

describe('snsMessage', () => {
  it('sends the text to people and the document to machines (MessageStructure json)', () => {
    const alert = composeAlert(sshIncident());
    if (!alert) throw new Error('expected an alert');
    const message = JSON.parse(snsMessage(alert)) as Record<string, string>;
    expect(Object.keys(message).sort()).toEqual(['default', 'email', 'https', 'lambda', 'sqs']);
    expect(message.default).toBe(alert.text);
    expect(message.email).toBe(alert.text);
    for (const machine of ['sqs', 'lambda', 'https']) {
      // Each protocol value must itself be a string (SNS rule), holding the versioned document.
      expect(typeof message[machine]).toBe('string');
      expect(JSON.parse(message[machine] as string)).toEqual(JSON.parse(JSON.stringify(alert.document)));
    }
    expect(JSON.parse(message.sqs as string).schemaVersion).toBe(1);
  });
});

describe('snsMessage size limit', () => {
  function hugeAlert(rules: number) {
    const violations = Array.from({ length: rules }, (_, i) =>
      violation(tcp(1000 + i, '0.0.0.0/0', { ruleId: `sgr-${i}` }), { cause: 'drift', adminPort: false }),
    );
    const actions = violations.map((v) => revoke(v.rule, 'drift'));
    const p = plan({ policy: 'web-public', violations, actions });
    const alert = composeAlert({
      kind: 'remediation',
      plan: p,
      outcomes: actions.map((a) => outcome(a)),
      context: context(),
      completedAt: COMPLETED_AT,
    });
    if (!alert) throw new Error('expected an alert');
    return alert;
  }

  it('is left whole when it fits', () => {
    const alert = hugeAlert(20);
    const document = JSON.parse(JSON.parse(snsMessage(alert)).sqs);
    expect(document.findings).toHaveLength(20);
    expect(document.omitted).toBeUndefined();
  });

  it('cuts the lists, keeping the first entries and counting the rest, to stay within 256 KiB', () => {
    const alert = hugeAlert(1000);
    expect(
      new TextEncoder().encode(JSON.stringify({ a: alert.text, d: alert.document })).length,
    ).toBeGreaterThan(SNS_MAX_MESSAGE_BYTES / 3);
    const message = snsMessage(alert);
    expect(new TextEncoder().encode(message).length).toBeLessThanOrEqual(SNS_MAX_MESSAGE_BYTES);
    const parsed = JSON.parse(message) as Record<string, string>;
    const document = JSON.parse(parsed.lambda as string);
    const kept = document.findings.length;
    expect(kept).toBeGreaterThan(0);
    expect(document.findings[0].ruleId).toBe('sgr-0');
    expect(document.omitted).toEqual({ changes: 0, findings: 1000 - kept, actions: 1000 - kept });
    expect(document.schemaVersion).toBe(1);
    expect(parsed.email).toContain('[... cut to fit the message size limit');
    expect(parsed.email?.startsWith(alert.subject)).toBe(true);
  });

  it('keeps a short text whole while it cuts the document', () => {
    const alert = { ...hugeAlert(1000), text: 'short text' };
    const parsed = JSON.parse(snsMessage(alert)) as Record<string, string>;
    expect(parsed.default).toBe('short text');
    expect(JSON.parse(parsed.sqs as string).omitted.findings).toBeGreaterThan(0);
  });

  it('sends the smallest form when even that is over a (tiny) limit', () => {
    const alert = hugeAlert(3);
    const document = JSON.parse(JSON.parse(snsMessage(alert, 10)).https);
    expect(document.findings).toEqual([]);
    expect(document.omitted).toEqual({ changes: 0, findings: 3, actions: 3 });
  });
});
