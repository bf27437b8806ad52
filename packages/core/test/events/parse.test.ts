import { GuardrailError } from '../../src/errors';
import {
  EventParseError,
  isGroupChange,
  isRuleChange,
  isSkippable,
  isTagChange,
  type ParseOptions,
  type ParseResult,
  parseEvent,
  RETURN_FALSE,
  skipReason,
} from '../../src/events';
import {
  EC2_EVENT_NAMES,
  EVENTS_EVENT_NAMES,
  IAM_EVENT_NAMES,
  TAGGING_EVENT_NAMES,
} from '../../src/events/catalog';
import type { GroupLifecycleChange, SecurityGroupChange, TamperChange } from '../../src/events/types';
import { fixture, fixtureNames, type Json, recordOf, setAt } from './fixtures';

function changeOf(result: ParseResult): SecurityGroupChange {
  if (!result.ok) throw new Error(`expected a change, got ${result.error.message}`);
  return result.change;
}

function narrowed<T extends SecurityGroupChange>(is: (c: SecurityGroupChange) => c is T, what: string) {
  return (result: ParseResult): T => {
    const change = changeOf(result);
    if (!is(change)) throw new Error(`expected ${what}, got a ${change.kind} change`);
    return change;
  };
}
const ruleChangeOf = narrowed(isRuleChange, 'a rule change');
const tagChangeOf = narrowed(isTagChange, 'a tag change');
const groupChangeOf = narrowed(isGroupChange, 'a group change');
const lifecycleOf = narrowed(
  (c): c is GroupLifecycleChange => c.kind === 'create-group' || c.kind === 'delete-group',
  'a group lifecycle change',
);
const tamperOf = narrowed((c): c is TamperChange => c.kind === 'tamper', 'a tamper change');

function errorOf(result: ParseResult): EventParseError {
  if (result.ok) throw new Error(`expected an error, got a ${result.change.kind} change`);
  return result.error;
}

const parse = (name: string, edit?: (event: Json) => void) => {
  const event = fixture(name);
  edit?.(event);
  return parseEvent(event);
};

describe('parseEvent: every watched event', () => {
  const names = [...EC2_EVENT_NAMES, ...TAGGING_EVENT_NAMES, ...EVENTS_EVENT_NAMES, ...IAM_EVENT_NAMES];
  const parsedNames = new Set(
    fixtureNames()
      .map((name) => parseEvent(fixture(name)))
      .filter((result) => result.ok)
      .map((result) => changeOf(result).eventName),
  );
  it.each(names)('has a fixture of %s that parses', (name) => {
    expect(parsedNames.has(name)).toBe(true);
  });
});

describe('parseEvent: authorize', () => {
  it('reads the envelope, the actor and the new rules with their ids', () => {
    const change = changeOf(parse('authorize-ingress-ssh'));
    expect(change).toMatchObject({
      eventName: 'AuthorizeSecurityGroupIngress',
      eventSource: 'ec2.amazonaws.com',
      eventTime: '2025-05-12T10:00:00Z',
      account: '111122223333',
      region: 'eu-west-1',
      kind: 'authorize',
      direction: 'ingress',
      groupIds: ['sg-0123456789abcdef0'],
      byGuardrail: false,
      rulesAdded: [
        {
          direction: 'ingress',
          protocol: 'tcp',
          fromPort: 22,
          toPort: 22,
          peer: { kind: 'ipv4', cidr: '0.0.0.0/0' },
          ruleId: 'sgr-0aaa1111bbbb2222c',
        },
      ],
    });
    expect(change.eventId).toMatch(/^[0-9a-f-]{36}$/);
    expect(change.error).toBeUndefined();
    expect(change.actor).toEqual({
      type: 'IAMUser',
      arn: 'arn:aws:iam::111122223333:user/alice',
      accountId: '111122223333',
      principalId: 'AIDAEXAMPLEUSERID0001',
      sourceIp: '203.0.113.10',
      userAgent: expect.stringContaining('aws-cli/2'),
      viaConsole: false,
    });
  });

  it('makes one rule per peer, each with its id, from a console session', () => {
    const change = ruleChangeOf(parse('authorize-ingress-console-multi'));
    expect(change.rulesAdded.map((rule) => rule.ruleId)).toEqual([
      'sgr-01',
      'sgr-02',
      'sgr-03',
      'sgr-04',
      'sgr-05',
      'sgr-06',
    ]);
    expect(change.rulesAdded[4]?.peer).toEqual({
      kind: 'securityGroup',
      groupId: 'sg-0fedcba9876543210',
      userId: '222233334444',
    });
    expect(change.rulesAdded[5]).toMatchObject({ protocol: 'icmp', fromPort: 8, toPort: -1 });
    expect(change.actor).toMatchObject({
      type: 'AssumedRole',
      sessionIssuerArn: 'arn:aws:iam::111122223333:role/AWSReservedSSO_AdministratorAccess_0123456789abcdef',
      viaConsole: true,
    });
  });

  it('falls back to the request when the response lists no rules (bare record, console agent)', () => {
    const change = ruleChangeOf(parse('authorize-egress-bare'));
    expect(change.direction).toBe('egress');
    expect(change.rulesAdded).toEqual([
      {
        direction: 'egress',
        protocol: '-1',
        fromPort: -1,
        toPort: -1,
        peer: { kind: 'ipv4', cidr: '0.0.0.0/0' },
      },
    ]);
    expect(change.actor.viaConsole).toBe(true);
  });

  it('reads every peer kind and description of a request', () => {
    const change = ruleChangeOf(
      parse('authorize-ingress-console-multi', (event) =>
        setAt(event, 'detail.responseElements', { _return: true }),
      ),
    );
    expect(change.rulesAdded).toHaveLength(6);
    expect(change.rulesAdded[0]).toMatchObject({ description: 'web' });
    expect(change.rulesAdded[0]).not.toHaveProperty('ruleId');
    expect(change.rulesAdded.map((rule) => rule.peer.kind)).toEqual([
      'ipv4',
      'ipv4',
      'ipv6',
      'prefixList',
      'securityGroup',
      'ipv4',
    ]);
    expect(change.rulesAdded[4]).toMatchObject({ description: 'app tier', peer: { userId: '222233334444' } });
  });

  it('resolves a group named by groupName through the response', () => {
    expect(groupChangeOf(parse('authorize-ingress-group-name')).groupIds).toEqual(['sg-0d3fa017000000001']);
  });

  it('names groupId when neither the request nor the response gives the group', () => {
    const error = errorOf(
      parse('authorize-ingress-group-name', (event) =>
        setAt(event, 'detail.responseElements', { _return: true }),
      ),
    );
    expect(error).toMatchObject({ reason: 'malformed', path: 'detail.requestParameters.groupId' });
  });

  it.each([false, 'false'])(
    'takes a response of _return: %p for a failed call that added nothing',
    (value) => {
      const change = changeOf(
        parse('authorize-ingress-ssh', (e) => setAt(e, 'detail.responseElements._return', value)),
      );
      expect(change).toMatchObject({
        kind: 'authorize',
        groupIds: ['sg-0123456789abcdef0'],
        error: { code: RETURN_FALSE },
        rulesAdded: [],
      });
      expect(skipReason(change)).toBe('failed-call');
    },
  );

  it('takes a revoke answering _return: false for one that removed nothing', () => {
    const change = changeOf(
      parse('revoke-ingress-permissions', (e) => setAt(e, 'detail.responseElements._return', false)),
    );
    expect(change).toMatchObject({
      kind: 'revoke',
      error: { code: RETURN_FALSE },
      rulesRemoved: [],
      ruleIdsRemoved: [],
    });
  });

  it('reports no change for a failed call, whatever its request asked', () => {
    const change = ruleChangeOf(parse('authorize-ingress-failed'));
    expect(change.rulesAdded).toEqual([]);
    const tags = changeOf(
      parse('create-tags', (e) => setAt(e, 'detail.errorCode', 'Client.UnauthorizedOperation')),
    );
    expect(tags).toMatchObject({ kind: 'tag', tagsSet: {}, error: { code: 'Client.UnauthorizedOperation' } });
  });

  it('ignores a _return that is true or not a boolean', () => {
    for (const value of [true, 1, null]) {
      const change = changeOf(
        parse('authorize-ingress-ssh', (e) => setAt(e, 'detail.responseElements._return', value)),
      );
      expect(change.error).toBeUndefined();
    }
  });

  it('records a failed call with its error code and message', () => {
    const change = changeOf(parse('authorize-ingress-failed'));
    expect(change.error).toEqual({
      code: 'Client.InvalidPermission.Duplicate',
      message: expect.stringContaining('already exists'),
    });
    expect(isSkippable(change)).toBe(true);
    expect(skipReason(change)).toBe('failed-call');
  });
});

describe('parseEvent: revoke', () => {
  it('prefers the revoked rules of the response (with ids)', () => {
    const change = ruleChangeOf(parse('revoke-ingress-permissions'));
    expect(change.kind).toBe('revoke');
    expect(change.rulesRemoved).toEqual([
      {
        direction: 'ingress',
        protocol: 'tcp',
        fromPort: 80,
        toPort: 80,
        peer: { kind: 'ipv4', cidr: '0.0.0.0/0' },
        ruleId: 'sgr-0http',
      },
    ]);
    expect(change.ruleIdsRemoved).toEqual(['sgr-0http']);
  });

  it('reads the request permissions when the response has no revoked rules', () => {
    const change = ruleChangeOf(
      parse('revoke-ingress-permissions', (e) => setAt(e, 'detail.responseElements', null)),
    );
    expect(change.rulesRemoved).toEqual([
      {
        direction: 'ingress',
        protocol: 'tcp',
        fromPort: 80,
        toPort: 80,
        peer: { kind: 'ipv4', cidr: '0.0.0.0/0' },
      },
    ]);
    expect(change.ruleIdsRemoved).toEqual([]);
  });

  it('reads rule ids, as objects or as strings', () => {
    expect(ruleChangeOf(parse('revoke-egress-ids')).ruleIdsRemoved).toEqual([
      'sgr-0egress0000000001',
      'sgr-0egress0000000002',
    ]);
    const asStrings = ruleChangeOf(
      parse('revoke-egress-ids', (e) =>
        setAt(e, 'detail.requestParameters.securityGroupRuleIds', { items: ['sgr-1'] }),
      ),
    );
    expect(asStrings.ruleIdsRemoved).toEqual(['sgr-1']);
    const bad = errorOf(
      parse('revoke-egress-ids', (e) =>
        setAt(e, 'detail.requestParameters.securityGroupRuleIds', { items: [7] }),
      ),
    );
    expect(bad.path).toBe('detail.requestParameters.securityGroupRuleIds.items[0]');
  });

  it('marks the guardrail own revokes (loop guard) and dedupes ids', () => {
    const change = ruleChangeOf(parse('revoke-ingress-by-guardrail'));
    expect(change.byGuardrail).toBe(true);
    expect(change.ruleIdsRemoved).toEqual(['sgr-0aaa1111bbbb2222c']);
    expect(change.actor.sourceIdentity).toBe('guardrail');
    expect(skipReason(change)).toBe('own-call');
  });

  it('reads a revoked rule that references a group by id, and resolves the group from it', () => {
    const change = ruleChangeOf(
      parse('revoke-ingress-permissions', (e) => {
        setAt(e, 'detail.requestParameters', { groupName: 'default' });
        setAt(e, 'detail.responseElements.revokedSecurityGroupRuleSet', {
          items: [
            {
              groupId: 'sg-9',
              securityGroupRuleId: 'sgr-9',
              isEgress: 'false',
              ipProtocol: 6,
              fromPort: '1',
              toPort: '2',
              referencedGroupId: 'sg-2',
            },
          ],
        });
      }),
    );
    expect(change.groupIds).toEqual(['sg-9']);
    expect(change.rulesRemoved).toEqual([
      {
        direction: 'ingress',
        protocol: 'tcp',
        fromPort: 1,
        toPort: 2,
        peer: { kind: 'securityGroup', groupId: 'sg-2' },
        ruleId: 'sgr-9',
      },
    ]);
  });
});

describe('parseEvent: modify and descriptions', () => {
  it('reports the modified rule ids and the group', () => {
    const change = ruleChangeOf(parse('modify-security-group-rules'));
    expect(change).toMatchObject({
      kind: 'modify',
      groupIds: ['sg-0123456789abcdef0'],
      rulesModified: [{ ruleId: 'sgr-0aaa1111bbbb2222c' }],
    });
    expect(change.direction).toBeUndefined();
  });

  it.each([
    ['a list', [{ SecurityGroupRuleId: 'sgr-a' }, { SecurityGroupRuleId: 'sgr-b' }]],
    ['an items wrapper', { items: [{ SecurityGroupRuleId: 'sgr-a' }, { SecurityGroupRuleId: 'sgr-b' }] }],
  ])('accepts several rules as %s', (_label, rules) => {
    const change = ruleChangeOf(
      parse('modify-security-group-rules', (e) =>
        setAt(e, 'detail.requestParameters.ModifySecurityGroupRulesRequest.SecurityGroupRule', rules),
      ),
    );
    expect(change.rulesModified).toEqual([{ ruleId: 'sgr-a' }, { ruleId: 'sgr-b' }]);
  });

  it.each([
    [
      'ModifySecurityGroupRulesRequest',
      undefined,
      'detail.requestParameters.ModifySecurityGroupRulesRequest',
    ],
    [
      'ModifySecurityGroupRulesRequest.SecurityGroupRule',
      undefined,
      'detail.requestParameters.ModifySecurityGroupRulesRequest.SecurityGroupRule',
    ],
    [
      'ModifySecurityGroupRulesRequest.SecurityGroupRule',
      ['x'],
      'detail.requestParameters.ModifySecurityGroupRulesRequest.SecurityGroupRule[0]',
    ],
    [
      'ModifySecurityGroupRulesRequest.SecurityGroupRule',
      {},
      'detail.requestParameters.ModifySecurityGroupRulesRequest.SecurityGroupRule.SecurityGroupRuleId',
    ],
    [
      'ModifySecurityGroupRulesRequest.GroupId',
      3,
      'detail.requestParameters.ModifySecurityGroupRulesRequest.GroupId',
    ],
  ])('names what is wrong when %s is %p', (field, value, path) => {
    const error = errorOf(
      parse('modify-security-group-rules', (e) => setAt(e, `detail.requestParameters.${field}`, value)),
    );
    expect(error).toMatchObject({ reason: 'malformed', path });
  });

  it('reports description updates by rule id, and validates the permissions form', () => {
    expect(changeOf(parse('update-descriptions-egress'))).toMatchObject({
      kind: 'update-description',
      direction: 'egress',
      rulesModified: [{ ruleId: 'sgr-0egress0000000001' }],
    });
    expect(changeOf(parse('update-descriptions-ingress'))).toMatchObject({
      kind: 'update-description',
      direction: 'ingress',
      rulesModified: [],
    });
    const error = errorOf(
      parse('update-descriptions-ingress', (e) =>
        setAt(e, 'detail.requestParameters.ipPermissions.items.0.ipRanges.items.0.cidrIp', ''),
      ),
    );
    expect(error.path).toBe('detail.requestParameters.ipPermissions.items[0].ipRanges.items[0].cidrIp');
  });
});

describe('parseEvent: groups and tags', () => {
  it('reads a created group id and the security-group tags given at creation', () => {
    const change = lifecycleOf(
      parse(
        'create-security-group',
        (e) =>
          ((recordOf(e).requestParameters as Json).tagSpecificationSet = {
            items: [
              {
                resourceType: 'security-group',
                tags: { items: [{ key: 'guardrail:policy', value: 'web-public' }, { key: 'empty' }] },
              },
              { resourceType: 'instance', tags: [{ key: 'ignored', value: 'x' }] },
              { tags: [{ key: 'untyped', value: 'y' }] },
            ],
          }),
      ),
    );
    expect(change).toMatchObject({ kind: 'create-group', groupIds: ['sg-0new0000000000001'] });
    expect(change.tagsSet).toEqual({ 'guardrail:policy': 'web-public', empty: '', untyped: 'y' });
    expect(lifecycleOf(parse('create-security-group')).tagsSet).toEqual({
      'guardrail:policy': 'web-public',
      Name: 'web',
    });
  });

  it('requires the created group id on success, but not on a failed call', () => {
    expect(
      errorOf(parse('create-security-group', (e) => setAt(e, 'detail.responseElements', null))).path,
    ).toBe('detail.responseElements');
    expect(
      errorOf(parse('create-security-group', (e) => setAt(e, 'detail.responseElements.groupId', undefined)))
        .path,
    ).toBe('detail.responseElements.groupId');
    expect(
      errorOf(
        parse('create-security-group', (e) =>
          setAt(e, 'detail.requestParameters.tagSpecificationSet', { items: [1] }),
        ),
      ).path,
    ).toBe('detail.requestParameters.tagSpecificationSet.items[0]');
    const failed = changeOf(parse('create-security-group-failed'));
    expect(failed).toMatchObject({
      kind: 'create-group',
      groupIds: [],
      error: { code: 'Client.InvalidGroup.Duplicate' },
    });
  });

  it('keeps the group id of a failed call whose details cannot be read, and nothing else', () => {
    const change = changeOf(
      parse('authorize-ingress-failed', (e) =>
        setAt(e, 'detail.requestParameters.ipPermissions', { items: [{ ipProtocol: 'tcp', fromPort: 'x' }] }),
      ),
    );
    expect(change).toMatchObject({ kind: 'authorize', groupIds: ['sg-0123456789abcdef0'], rulesAdded: [] });
    const noParams = groupChangeOf(
      parse('authorize-ingress-failed', (e) => setAt(e, 'detail.requestParameters', null)),
    );
    expect(noParams.groupIds).toEqual([]);
    const emptyId = groupChangeOf(
      parse('authorize-ingress-failed', (e) => setAt(e, 'detail.requestParameters', { groupId: '' })),
    );
    expect(emptyId.groupIds).toEqual([]);
  });

  it('reads a deleted group', () => {
    expect(changeOf(parse('delete-security-group'))).toMatchObject({
      kind: 'delete-group',
      groupIds: ['sg-0123456789abcdef0'],
    });
    expect(
      errorOf(
        parse('delete-security-group', (e) => setAt(e, 'detail.requestParameters', { groupName: 'web' })),
      ).path,
    ).toBe('detail.requestParameters.groupId');
  });

  it('keeps only security groups among tagged resources', () => {
    expect(changeOf(parse('create-tags'))).toMatchObject({
      kind: 'tag',
      groupIds: ['sg-0123456789abcdef0'],
      tagsSet: { 'guardrail:policy': 'no-public-admin-ports', 'guardrail:mode': 'audit' },
    });
    expect(changeOf(parse('delete-tags'))).toMatchObject({
      kind: 'untag',
      tagKeysRemoved: ['guardrail:policy'],
      tagsSet: {},
    });
    expect(errorOf(parse('create-tags-instance-only'))).toMatchObject({
      reason: 'not-a-security-group',
      path: 'detail.requestParameters.resourcesSet',
    });
  });

  it('names malformed tag entries', () => {
    expect(
      errorOf(
        parse('create-tags', (e) => setAt(e, 'detail.requestParameters.resourcesSet', { items: ['sg-1'] })),
      ).path,
    ).toBe('detail.requestParameters.resourcesSet.items[0]');
    expect(
      errorOf(parse('create-tags', (e) => setAt(e, 'detail.requestParameters.tagSet', { items: [null] })))
        .path,
    ).toBe('detail.requestParameters.tagSet.items[0]');
    expect(
      errorOf(
        parse('create-tags', (e) => setAt(e, 'detail.requestParameters.tagSet', { items: [{ value: 'x' }] })),
      ).path,
    ).toBe('detail.requestParameters.tagSet.items[0].key');
  });

  it('reads the tagging API on security-group ARNs', () => {
    expect(changeOf(parse('tag-resources'))).toMatchObject({
      eventSource: 'tagging.amazonaws.com',
      kind: 'tag',
      groupIds: ['sg-0123456789abcdef0'],
      tagsSet: { 'guardrail:policy': 'web-public' },
    });
    expect(changeOf(parse('untag-resources'))).toMatchObject({
      kind: 'untag',
      tagKeysRemoved: ['guardrail:policy', 'guardrail:mode'],
    });
    expect(
      tagChangeOf(parse('tag-resources', (e) => setAt(e, 'detail.requestParameters.tags', undefined)))
        .tagsSet,
    ).toEqual({});
  });

  it('names malformed tagging API requests', () => {
    expect(
      errorOf(parse('tag-resources', (e) => setAt(e, 'detail.requestParameters.tags', { k: 1 }))).path,
    ).toBe('detail.requestParameters.tags.k');
    expect(
      errorOf(parse('tag-resources', (e) => setAt(e, 'detail.requestParameters.resourceARNList', [1]))).path,
    ).toBe('detail.requestParameters.resourceARNList[0]');
    expect(
      errorOf(
        parse('tag-resources', (e) =>
          setAt(e, 'detail.requestParameters.resourceARNList', ['arn:aws:s3:::b']),
        ),
      ),
    ).toMatchObject({ reason: 'not-a-security-group', path: 'detail.requestParameters.resourceARNList' });
  });
});

describe('parseEvent: prefix lists', () => {
  it('reads the list a ModifyManagedPrefixList names (in its Request wrapper) or a restore names (flat)', () => {
    for (const name of ['modify-managed-prefix-list', 'restore-managed-prefix-list-version']) {
      const change = changeOf(parse(name));
      expect(change).toMatchObject({ kind: 'prefix-list', prefixListId: 'pl-0a1b2c3d4e5f60718' });
      expect(change).not.toHaveProperty('groupIds');
    }
  });

  it('names the field when the list id is missing or is not a list id', () => {
    const at = 'detail.requestParameters.ModifyManagedPrefixListRequest';
    expect(
      errorOf(parse('modify-managed-prefix-list', (e) => setAt(e, `${at}.PrefixListId`, 'sg-123'))).message,
    ).toContain(`${at}.PrefixListId: "sg-123" is not a prefix list id`);
    expect(
      errorOf(
        parse('restore-managed-prefix-list-version', (e) =>
          setAt(e, 'detail.requestParameters.prefixListId', undefined),
        ),
      ).path,
    ).toBe('detail.requestParameters.prefixListId');
  });
});

describe('parseEvent: tampering with the forwarding rule', () => {
  it.each(['disable-rule', 'delete-rule', 'remove-targets', 'put-rule', 'put-targets'])(
    '%s is a tamper change',
    (name) => {
      const change = changeOf(parse(name));
      expect(change).toMatchObject({
        kind: 'tamper',
        target: { type: 'rule', name: 'guardrail-forward-sg-events' },
      });
      expect(change).not.toHaveProperty('groupIds');
    },
  );

  it('ignores other rules, and follows a configured rule name', () => {
    expect(errorOf(parse('put-rule-other'))).toMatchObject({
      reason: 'not-guardrail-rule',
      path: 'detail.requestParameters.name',
    });
    const change = tamperOf(parseEvent(fixture('put-rule-other'), { forwardingRuleName: 'my-app-rule' }));
    expect(change.target).toEqual({ type: 'rule', name: 'my-app-rule' });
  });

  it('watches the watchdog and role-watch rules too, and a configured set of guarded rules', () => {
    for (const name of ['guardrail-watch-forwarding', 'guardrail-watch-roles']) {
      const change = tamperOf(parse('disable-rule', (e) => setAt(e, 'detail.requestParameters.name', name)));
      expect(change.target).toEqual({ type: 'rule', name });
    }
    const guarded = { ruleNames: ['mine'], roleNames: [], rolePrefixes: [] };
    expect(errorOf(parseEvent(fixture('disable-rule'), { guarded })).reason).toBe('not-guardrail-rule');
  });

  it('keeps a denied tamper attempt, with its error', () => {
    expect(changeOf(parse('disable-rule-denied'))).toMatchObject({
      kind: 'tamper',
      error: { code: 'AccessDeniedException' },
    });
  });

  it('does not take a failed tamper call whose rule name is unreadable for ours', () => {
    const error = errorOf(parse('disable-rule-denied', (e) => setAt(e, 'detail.requestParameters.name', {})));
    expect(error).toMatchObject({ reason: 'malformed', path: 'detail.requestParameters.name' });
  });

  it('does not hide a tamper call on another rule just because it failed', () => {
    const error = errorOf(
      parse('disable-rule-denied', (e) => setAt(e, 'detail.requestParameters.name', 'other')),
    );
    expect(error.reason).toBe('not-guardrail-rule');
  });
});

describe('parseEvent: envelope and record', () => {
  it('parses a bare record the same as its envelope, with paths relative to the record', () => {
    const envelope = fixture('authorize-ingress-ssh');
    expect(changeOf(parseEvent(recordOf(envelope)))).toEqual(changeOf(parseEvent(envelope)));
    const error = errorOf(
      parseEvent(setAt(recordOf(fixture('authorize-ingress-ssh')), 'eventID', undefined)),
    );
    expect(error.path).toBe('eventID');
  });

  it('rejects an event whose recipientAccountId and envelope account differ', () => {
    const error = errorOf(parse('authorize-ingress-ssh', (e) => setAt(e, 'account', '444455556666')));
    expect(error).toMatchObject({ reason: 'malformed', path: 'detail.recipientAccountId, account' });
    expect(error.message).toContain('111122223333');
  });

  it('accepts a record whose envelope gives no account', () => {
    const change = changeOf(parse('authorize-ingress-ssh', (e) => setAt(e, 'account', undefined)));
    expect(change.account).toBe('111122223333');
  });

  it('falls back to the envelope account and region', () => {
    const change = changeOf(
      parse('delete-security-group', (e) => {
        setAt(e, 'detail.recipientAccountId', undefined);
        setAt(e, 'detail.awsRegion', '');
        e.account = '444455556666';
        e.region = 'us-east-2';
      }),
    );
    expect(change).toMatchObject({ account: '444455556666', region: 'us-east-2' });
  });

  it.each([
    ['detail.recipientAccountId', undefined, 'detail.recipientAccountId', (e: Json) => delete e.account],
    ['detail.recipientAccountId', '1234', 'detail.recipientAccountId', undefined],
    ['detail.awsRegion', undefined, 'detail.awsRegion', (e: Json) => delete e.region],
    ['detail.eventTime', 'yesterday', 'detail.eventTime', undefined],
    ['detail.eventTime', 5, 'detail.eventTime', undefined],
    ['detail.eventID', '', 'detail.eventID', undefined],
    ['detail.userIdentity', undefined, 'detail.userIdentity', undefined],
    ['detail.userIdentity', [], 'detail.userIdentity', undefined],
    ['detail.userIdentity.type', undefined, 'detail.userIdentity.type', undefined],
    ['detail.userIdentity.sessionContext', 'x', 'detail.userIdentity.sessionContext', undefined],
    ['detail.sessionCredentialFromConsole', 'yes', 'detail.sessionCredentialFromConsole', undefined],
    ['detail.requestParameters', undefined, 'detail.requestParameters', undefined],
    [
      'detail.requestParameters.ipPermissions.items.0.fromPort',
      'twenty-two',
      'detail.requestParameters.ipPermissions.items[0].fromPort',
      undefined,
    ],
    [
      'detail.requestParameters.ipPermissions.items.0.fromPort',
      1.5,
      'detail.requestParameters.ipPermissions.items[0].fromPort',
      undefined,
    ],
    [
      'detail.requestParameters.ipPermissions.items.0.ipProtocol',
      true,
      'detail.requestParameters.ipPermissions.items[0].ipProtocol',
      undefined,
    ],
    [
      'detail.requestParameters.ipPermissions.items',
      {},
      'detail.requestParameters.ipPermissions.items',
      undefined,
    ],
    ['detail.requestParameters.ipPermissions', 'tcp', 'detail.requestParameters.ipPermissions', undefined],
    [
      'detail.requestParameters.ipPermissions.items.0',
      'tcp',
      'detail.requestParameters.ipPermissions.items[0]',
      undefined,
    ],
    [
      'detail.responseElements.securityGroupRuleSet.items.0.cidrIpv4',
      undefined,
      'detail.responseElements.securityGroupRuleSet.items[0]',
      undefined,
    ],
    [
      'detail.responseElements.securityGroupRuleSet.items.0.securityGroupRuleId',
      undefined,
      'detail.responseElements.securityGroupRuleSet.items[0].securityGroupRuleId',
      undefined,
    ],
    [
      'detail.responseElements.securityGroupRuleSet.items.0.isEgress',
      0,
      'detail.responseElements.securityGroupRuleSet.items[0].isEgress',
      undefined,
    ],
    ['detail.detail-type', undefined, 'detail.detail-type', undefined],
  ])('names %s when it is %p', (field, value, path, extra) => {
    const event = fixture('authorize-ingress-ssh');
    extra?.(event);
    if (field === 'detail.detail-type') {
      // the path of the envelope itself: a `detail` that is not an object
      event.detail = 'text';
      expect(errorOf(parseEvent(event))).toMatchObject({ reason: 'malformed', path: 'detail' });
      return;
    }
    const error = errorOf(parseEvent(setAt(event, field, value)));
    expect(error).toMatchObject({ reason: 'malformed', path });
    expect(error.message).toContain(path);
  });

  it('reads ports written as text', () => {
    const change = ruleChangeOf(
      parse('authorize-ingress-ssh', (e) => {
        setAt(e, 'detail.responseElements', null);
        setAt(e, 'detail.requestParameters.ipPermissions.items.0.fromPort', '22');
      }),
    );
    expect(change.rulesAdded[0]?.fromPort).toBe(22);
  });

  it('reads a rule set item that references a group, and rejects one without its id', () => {
    const item = { groupId: 'sg-1', securityGroupRuleId: 'sgr-1', ipProtocol: 'tcp', fromPort: 1, toPort: 1 };
    const withRef = ruleChangeOf(
      parse('authorize-ingress-ssh', (e) =>
        setAt(e, 'detail.responseElements.securityGroupRuleSet', {
          items: [{ ...item, referencedGroupInfo: { groupId: 'sg-2' } }],
        }),
      ),
    );
    expect(withRef.rulesAdded[0]?.peer).toEqual({ kind: 'securityGroup', groupId: 'sg-2' });
    const error = errorOf(
      parse('authorize-ingress-ssh', (e) =>
        setAt(e, 'detail.responseElements.securityGroupRuleSet', {
          items: [{ ...item, referencedGroupInfo: { userId: '1' } }],
        }),
      ),
    );
    expect(error.path).toBe(
      'detail.responseElements.securityGroupRuleSet.items[0].referencedGroupInfo.groupId',
    );
  });

  it.each([
    [{ 'detail-type': 'EC2 Instance State-change Notification', detail: {} }, 'detail-type'],
    [
      {
        ...fixture('authorize-ingress-ssh'),
        detail: { ...recordOf(fixture('authorize-ingress-ssh')), eventName: 'RunInstances' },
      },
      'detail.eventName',
    ],
    [{ ...recordOf(fixture('put-rule')), eventSource: 'ec2.amazonaws.com' }, 'eventSource'],
  ])('rejects events it does not watch (%#)', (event, path) => {
    expect(errorOf(parseEvent(event))).toMatchObject({ reason: 'unsupported-event', path });
  });

  it.each([null, undefined, 'text', 42, [], [fixture('authorize-ingress-ssh')]])(
    'rejects %p as malformed at the root',
    (input) => {
      const error = errorOf(parseEvent(input));
      expect(error).toMatchObject({ reason: 'malformed', path: '' });
      expect(error.message).toMatch(/^\(root\): expected an object/);
    },
  );

  it('answers, not throws, when reading the input itself throws', () => {
    const hostile = {
      get detail(): unknown {
        throw new Error('boom');
      },
    };
    const error = errorOf(parseEvent(hostile));
    expect(error).toMatchObject({ reason: 'malformed', path: '' });
    expect((error.cause as Error).message).toBe('boom');
  });

  it('gives a typed error that is a GuardrailError', () => {
    const error = errorOf(parseEvent({}));
    expect(error).toBeInstanceOf(EventParseError);
    expect(error).toBeInstanceOf(GuardrailError);
    expect(error.name).toBe('EventParseError');
    expect(error.path).toBe('eventSource');
  });

  it('keeps an error code without a message', () => {
    const change = changeOf(
      parse('authorize-ingress-failed', (e) => setAt(e, 'detail.errorMessage', undefined)),
    );
    expect(change.error).toEqual({ code: 'Client.InvalidPermission.Duplicate' });
  });
});

describe('parseEvent: actor and loop guard', () => {
  const OTHER_ACCOUNT = '999988887777';
  const session = 'detail.userIdentity.sessionContext';
  const guardrailOf = (edit: (e: Json) => void, options?: ParseOptions) => {
    const event = fixture('revoke-ingress-by-guardrail');
    edit(event);
    return changeOf(parseEvent(event, options)).byGuardrail;
  };

  it('marks the real remediation session: its role in the group account, with the SourceIdentity', () => {
    expect(guardrailOf(() => undefined)).toBe(true);
  });

  it('does not mark a same-named role of the group account without the SourceIdentity', () => {
    expect(guardrailOf((e) => setAt(e, `${session}.sourceIdentity`, undefined))).toBe(false);
    expect(guardrailOf((e) => setAt(e, `${session}.sourceIdentity`, 'alice'))).toBe(false);
  });

  it('does not mark a same-named role of another account, even with the SourceIdentity', () => {
    const role = `arn:aws:iam::${OTHER_ACCOUNT}:role/guardrail-remediation`;
    expect(guardrailOf((e) => setAt(e, `${session}.sessionIssuer.arn`, role))).toBe(false);
  });

  it('does not mark another role of the group account carrying the SourceIdentity guardrail', () => {
    const role = 'arn:aws:iam::111122223333:role/Developer';
    expect(guardrailOf((e) => setAt(e, `${session}.sessionIssuer.arn`, role))).toBe(false);
  });

  it.each([
    ['a role with a path', 'arn:aws:iam::111122223333:role/team/guardrail-remediation'],
    ['a role named by a prefix', 'arn:aws:iam::111122223333:role/guardrail-remediation-x'],
    ['an assumed-role ARN', 'arn:aws:sts::111122223333:assumed-role/guardrail-remediation/s'],
    ['an ARN without partition', 'arn::iam::111122223333:role/guardrail-remediation'],
    ['an ARN with a region', 'arn:aws:iam:eu-west-1:111122223333:role/guardrail-remediation'],
    ['an ARN with an extra field', 'arn:aws:iam::111122223333:role/guardrail-remediation:x'],
    ['not an ARN', 'xrn:aws:iam::111122223333:role/guardrail-remediation'],
    ['a user', 'arn:aws:iam::111122223333:user/guardrail-remediation'],
    ['an empty role name', 'arn:aws:iam::111122223333:role/'],
  ])('does not mark a session issued by %s', (_what, issuer) => {
    expect(guardrailOf((e) => setAt(e, `${session}.sessionIssuer.arn`, issuer))).toBe(false);
  });

  it('takes the partition from the ARN', () => {
    const issuer = 'arn:aws-us-gov:iam::111122223333:role/guardrail-remediation';
    expect(guardrailOf((e) => setAt(e, `${session}.sessionIssuer.arn`, issuer))).toBe(true);
  });

  it('needs the session issuer: an assumed-role ARN alone is not enough', () => {
    expect(guardrailOf((e) => setAt(e, session, undefined))).toBe(false);
  });

  it('needs an assumed-role session, whatever its context says', () => {
    expect(guardrailOf((e) => setAt(e, 'detail.userIdentity.type', 'FederatedUser'))).toBe(false);
  });

  it('judges the account by recipientAccountId, not by the caller', () => {
    // The caller's account says "ours", but the group lives elsewhere: not the guardrail there.
    const change = guardrailOf((e) => {
      setAt(e, 'detail.recipientAccountId', OTHER_ACCOUNT);
      e.account = OTHER_ACCOUNT;
    });
    expect(change).toBe(false);
  });

  it('follows configured role names and source identity', () => {
    const ours = (options: ParseOptions) => guardrailOf(() => undefined, options);
    expect(ours({ guardrailRoleNames: ['other'] })).toBe(false);
    expect(ours({ guardrailRoleNames: ['other', 'guardrail-remediation'] })).toBe(true);
    expect(ours({ guardrailSourceIdentity: 'x' })).toBe(false);
    expect(ours({ guardrailRoleNames: [], guardrailSourceIdentity: 'guardrail' })).toBe(false);
    // The empty SourceIdentity checks the role (in the group account) alone.
    expect(
      guardrailOf((e) => setAt(e, `${session}.sourceIdentity`, undefined), { guardrailSourceIdentity: '' }),
    ).toBe(true);
  });

  it('reads the SourceIdentity from sessionContext only, where CloudTrail writes it', () => {
    const change = changeOf(
      parse('revoke-ingress-by-guardrail', (e) => {
        setAt(e, `${session}.sourceIdentity`, undefined);
        setAt(e, 'detail.userIdentity.sourceIdentity', 'guardrail');
      }),
    );
    expect(change.byGuardrail).toBe(false);
    expect(change.actor).not.toHaveProperty('sourceIdentity');
  });

  it('does not mark a caller of another role that merely sets SourceIdentity guardrail', () => {
    const change = changeOf(
      parse('authorize-ingress-ssh', (e) =>
        setAt(e, 'detail.userIdentity', {
          type: 'AssumedRole',
          arn: 'arn:aws:sts::111122223333:assumed-role/Developer/guardrail',
          accountId: '111122223333',
          sessionContext: {
            sessionIssuer: { type: 'Role', arn: 'arn:aws:iam::111122223333:role/Developer' },
            sourceIdentity: 'guardrail',
          },
        }),
      ),
    );
    expect(change).toMatchObject({ byGuardrail: false, actor: { sourceIdentity: 'guardrail' } });
  });

  it('does not take an IAM user named like the role for the guardrail', () => {
    const change = changeOf(
      parse('authorize-ingress-ssh', (e) =>
        setAt(e, 'detail.userIdentity.arn', 'arn:aws:iam::111122223333:user/guardrail-remediation'),
      ),
    );
    expect(change.byGuardrail).toBe(false);
    expect(isSkippable(change)).toBe(false);
    expect(skipReason(change)).toBeUndefined();
  });

  it('reads an egress rule of a response rule set', () => {
    const change = ruleChangeOf(
      parse('authorize-egress-bare', (e) =>
        setAt(e, 'responseElements', {
          securityGroupRuleSet: {
            items: [
              {
                groupId: 'sg-1',
                securityGroupRuleId: 'sgr-e',
                isEgress: true,
                ipProtocol: '-1',
                cidrIpv6: '::/0',
              },
            ],
          },
        }),
      ),
    );
    expect(change.rulesAdded).toEqual([
      {
        direction: 'egress',
        protocol: '-1',
        fromPort: -1,
        toPort: -1,
        peer: { kind: 'ipv6', cidr: '::/0' },
        ruleId: 'sgr-e',
      },
    ]);
  });

  it('has no console flag without a user agent', () => {
    const change = changeOf(parse('authorize-ingress-ssh', (e) => setAt(e, 'detail.userAgent', undefined)));
    expect(change.actor).not.toHaveProperty('userAgent');
    expect(change.actor.viaConsole).toBe(false);
  });

  it('works for identities without an ARN (AWS services)', () => {
    const change = changeOf(
      parse('authorize-ingress-ssh', (e) =>
        setAt(e, 'detail.userIdentity', { type: 'AWSService', invokedBy: 'ec2.amazonaws.com' }),
      ),
    );
    expect(change.actor).toMatchObject({ type: 'AWSService', viaConsole: false });
    expect(change.byGuardrail).toBe(false);
  });

  it.each([
    ['signin.amazonaws.com', true],
    ['console.amazonaws.com', true],
    ['aws-cli/2.0 console.ec2.amazonaws.com', true],
    ['Boto3/1.34 notconsole.amazonaws.com.example', false],
    ['AWS Internal', false],
  ])('user agent %p is the console: %p', (agent, viaConsole) => {
    const change = changeOf(parse('authorize-ingress-ssh', (e) => setAt(e, 'detail.userAgent', agent)));
    expect(change.actor.viaConsole).toBe(viaConsole);
  });
});

describe('parseEvent: changes to the guardrail member roles', () => {
  it.each([
    ['update-assume-role-policy', 'UpdateAssumeRolePolicy', 'guardrail-remediation'],
    ['put-role-policy', 'PutRolePolicy', 'guardrail-forwarder-eu-west-1'],
    ['delete-role', 'DeleteRole', 'guardrail-forwarder-eu-west-1'],
    ['put-role-permissions-boundary', 'PutRolePermissionsBoundary', 'guardrail-remediation'],
  ])('%s is a tamper change on the role', (name, eventName, roleName) => {
    const change = tamperOf(parse(name));
    expect(change).toMatchObject({
      eventName,
      eventSource: 'iam.amazonaws.com',
      region: 'us-east-1',
      target: { type: 'role', name: roleName },
    });
  });

  it('ignores other roles, and follows configured role names and prefixes', () => {
    expect(errorOf(parse('put-role-policy-other'))).toMatchObject({
      reason: 'not-guardrail-rule',
      path: 'detail.requestParameters.roleName',
    });
    const guarded = { ruleNames: [], roleNames: ['app-role'], rolePrefixes: [] };
    expect(tamperOf(parseEvent(fixture('put-role-policy-other'), { guarded })).target).toEqual({
      type: 'role',
      name: 'app-role',
    });
    const byPrefix = { ruleNames: [], roleNames: [], rolePrefixes: ['app-'] };
    expect(tamperOf(parseEvent(fixture('put-role-policy-other'), { guarded: byPrefix })).target.name).toBe(
      'app-role',
    );
  });
});
