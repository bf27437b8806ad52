import { alertActor, alertChange, changeDetails, ruleInWords } from '../../src/alerts/changes';
import type { Actor } from '../../src/events/types';
import { actor, change, rule, tcp } from './builders';

describe('ruleInWords', () => {
  it('adds the rule id and description when known', () => {
    expect(ruleInWords(tcp(22))).toBe('tcp 22 from 0.0.0.0/0');
    expect(ruleInWords(tcp(22, '0.0.0.0/0', { ruleId: 'sgr-1', description: 'vendor' }))).toBe(
      'tcp 22 from 0.0.0.0/0 (sgr-1, "vendor")',
    );
    expect(ruleInWords(rule({ direction: 'egress', description: 'out' }))).toBe(
      'tcp 22 to 0.0.0.0/0 ("out")',
    );
  });
});

describe('changeDetails', () => {
  it('puts every rule change of an event in words', () => {
    const details = changeDetails(
      change({
        kind: 'modify',
        eventName: 'ModifySecurityGroupRules',
        rulesAdded: [tcp(22, '0.0.0.0/0', { ruleId: 'sgr-a' })],
        rulesRemoved: [tcp(80, '10.0.0.0/8', { ruleId: 'sgr-b' })],
        ruleIdsRemoved: ['sgr-b', 'sgr-c'],
        rulesModified: [
          { ruleId: 'sgr-d', rule: tcp(3389, '0.0.0.0/0', { ruleId: 'sgr-d' }) },
          { ruleId: 'sgr-e' },
        ],
      }),
    );
    expect(details).toEqual([
      'added tcp 22 from 0.0.0.0/0 (sgr-a)',
      'removed tcp 80 from 10.0.0.0/8 (sgr-b)',
      'removed rule sgr-c',
      'modified sgr-d to tcp 3389 from 0.0.0.0/0',
      'modified sgr-e',
    ]);
  });

  it('names tag changes, which opt a group in or out', () => {
    expect(changeDetails(change.tag({ tagsSet: { 'guardrail:policy': 'web-public' } }))).toEqual([
      'set tag guardrail:policy=web-public',
    ]);
    expect(
      changeDetails(
        change.tag({ kind: 'untag', eventName: 'DeleteTags', tagKeysRemoved: ['guardrail:mode'] }),
      ),
    ).toEqual(['removed tag guardrail:mode']);
  });

  it('says when a group was created or deleted', () => {
    expect(changeDetails(change.lifecycle())).toEqual(['created the group']);
    expect(
      changeDetails(change.lifecycle({ kind: 'delete-group', eventName: 'DeleteSecurityGroup' })),
    ).toEqual(['deleted the group']);
  });

  it('names the prefix list a change widened or narrowed', () => {
    const list = {
      ...change.tamper(),
      kind: 'prefix-list' as const,
      eventName: 'ModifyManagedPrefixList' as const,
      prefixListId: 'pl-0abc',
    };
    const { target: _target, ...prefixList } = list;
    expect(changeDetails(prefixList)).toEqual(['ModifyManagedPrefixList on prefix list pl-0abc']);
  });

  it('names the forwarding rule a tamper event touched', () => {
    const tamper = change.tamper({
      eventName: 'DisableRule',
      target: { type: 'rule', name: 'guardrail-forward-sg-events' },
    });
    expect(changeDetails(tamper)).toEqual(['DisableRule on rule guardrail-forward-sg-events']);
    const role = change.tamper({
      eventName: 'PutRolePolicy',
      target: { type: 'role', name: 'guardrail-remediation' },
    });
    expect(changeDetails(role)).toEqual(['PutRolePolicy on role guardrail-remediation']);
    // A tamper call names no group: its alert change says so with an empty list, never a guess.
    expect(alertChange(tamper).groupIds).toEqual([]);
  });

  it('names the call when the event carries nothing else', () => {
    expect(
      changeDetails(
        change({ kind: 'update-description', eventName: 'UpdateSecurityGroupRuleDescriptionsIngress' }),
      ),
    ).toEqual(['called UpdateSecurityGroupRuleDescriptionsIngress']);
  });
});

describe('alertActor', () => {
  it('copies only the known actor fields (nothing secret rides along)', () => {
    const withExtras = { ...actor(), accessKeyId: 'AKIAEXAMPLE', sessionToken: 'secret' } as Actor;
    const copied = alertActor(withExtras);
    expect(copied).toEqual(actor());
    expect(JSON.stringify(copied)).not.toMatch(/AKIA|secret/);
  });
});

describe('alertChange', () => {
  it('keeps the evidence of the event', () => {
    const source = change({ rulesAdded: [tcp(22)] });
    expect(alertChange(source)).toEqual({
      eventId: 'evt-1',
      eventName: 'AuthorizeSecurityGroupIngress',
      eventTime: source.eventTime,
      kind: 'authorize',
      groupIds: source.groupIds,
      actor: actor(),
      details: ['added tcp 22 from 0.0.0.0/0'],
      byGuardrail: false,
    });
  });

  it('carries the error of a failed call', () => {
    const failed = alertChange(change({ error: { code: 'Client.UnauthorizedOperation' } }));
    expect(failed.error).toEqual({ code: 'Client.UnauthorizedOperation' });
    expect('error' in alertChange(change())).toBe(false);
  });
});
