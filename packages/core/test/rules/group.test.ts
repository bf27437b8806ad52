import { GuardrailError } from '../../src/errors';
import {
  type Ec2SecurityGroup,
  GroupDocumentError,
  groupStateFromEc2,
  parseGroupDocument,
  readGroupDocument,
} from '../../src/rules';

const group: Ec2SecurityGroup = {
  GroupId: 'sg-0123456789abcdef0',
  GroupName: 'web',
  Description: 'web servers',
  OwnerId: '111122223333',
  VpcId: 'vpc-1',
  Tags: [{ Key: 'guardrail:policy', Value: 'web-public' }, { Key: 'Name' }],
  IpPermissions: [
    {
      IpProtocol: 'tcp',
      FromPort: 80,
      ToPort: 80,
      IpRanges: [{ CidrIp: '0.0.0.0/0' }],
      UserIdGroupPairs: [],
    },
  ],
  IpPermissionsEgress: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
};

const rules = [
  {
    SecurityGroupRuleId: 'sgr-1',
    GroupId: 'sg-0123456789abcdef0',
    IsEgress: false,
    IpProtocol: 'tcp',
    FromPort: 80,
    ToPort: 80,
    CidrIpv4: '0.0.0.0/0',
  },
  {
    SecurityGroupRuleId: 'sgr-2',
    GroupId: 'sg-0123456789abcdef0',
    IsEgress: true,
    IpProtocol: '-1',
    FromPort: -1,
    ToPort: -1,
    CidrIpv4: '0.0.0.0/0',
  },
];

describe('groupStateFromEc2', () => {
  it('reads identity and tags, and converts IpPermissions without ids', () => {
    const state = groupStateFromEc2(group);
    expect(state).toEqual({
      groupId: 'sg-0123456789abcdef0',
      groupName: 'web',
      description: 'web servers',
      ownerId: '111122223333',
      vpcId: 'vpc-1',
      tags: { 'guardrail:policy': 'web-public', Name: '' },
      rules: [
        {
          direction: 'ingress',
          protocol: 'tcp',
          fromPort: 80,
          toPort: 80,
          peer: { kind: 'ipv4', cidr: '0.0.0.0/0' },
        },
        {
          direction: 'egress',
          protocol: '-1',
          fromPort: -1,
          toPort: -1,
          peer: { kind: 'ipv4', cidr: '0.0.0.0/0' },
        },
      ],
    });
  });

  it('uses describe-security-group-rules when they are for this group (ids known)', () => {
    const state = groupStateFromEc2(group, [
      ...rules,
      { ...rules[0], SecurityGroupRuleId: 'sgr-other', GroupId: 'sg-other' },
    ]);
    expect(state.rules.map((rule) => rule.ruleId)).toEqual(['sgr-1', 'sgr-2']);
    expect(
      groupStateFromEc2(group, [{ ...rules[0], GroupId: undefined }]).rules.map((r) => r.ruleId),
    ).toEqual(['sgr-1']);
  });

  it('falls back to IpPermissions when no given rule is for this group', () => {
    const state = groupStateFromEc2(group, [{ ...rules[0], GroupId: 'sg-other' }]);
    expect(state.rules.every((rule) => rule.ruleId === undefined)).toBe(true);
    expect(state.rules).toHaveLength(2);
  });

  it('keeps only what is known of a sparse group', () => {
    expect(groupStateFromEc2({})).toEqual({ groupId: '', tags: {}, rules: [] });
    expect(groupStateFromEc2({ GroupId: 'sg-1', Tags: [{ Value: 'no key' }] }).tags).toEqual({});
  });
});

describe('parseGroupDocument', () => {
  it('reads the describe-security-groups output, with rules alongside', () => {
    const state = parseGroupDocument({ SecurityGroups: [group], SecurityGroupRules: rules });
    expect(state.groupId).toBe('sg-0123456789abcdef0');
    expect(state.rules.map((rule) => `${rule.ruleId} ${rule.direction}`)).toEqual([
      'sgr-1 ingress',
      'sgr-2 egress',
    ]);
  });

  it('reads a bare group, carrying its rules or not', () => {
    expect(parseGroupDocument(group).rules).toHaveLength(2);
    expect(parseGroupDocument({ ...group, SecurityGroupRules: rules }).rules[0]?.ruleId).toBe('sgr-1');
  });

  it('reads every peer kind and description of IpPermissions', () => {
    const state = parseGroupDocument({
      GroupId: 'sg-1',
      IpPermissions: [
        {
          IpProtocol: 'tcp',
          FromPort: 443,
          ToPort: 443,
          IpRanges: [{ CidrIp: '10.0.0.0/8', Description: 'office' }],
          Ipv6Ranges: [{ CidrIpv6: '::/0' }],
          PrefixListIds: [{ PrefixListId: 'pl-1' }],
          UserIdGroupPairs: [
            { GroupId: 'sg-2', UserId: '222233334444', VpcId: 'vpc-2', VpcPeeringConnectionId: 'pcx-1' },
          ],
        },
      ],
    });
    expect(state.rules.map((rule) => rule.peer.kind)).toEqual([
      'ipv4',
      'ipv6',
      'prefixList',
      'securityGroup',
    ]);
    expect(state.rules[0]?.description).toBe('office');
    expect(state.rules[3]?.peer).toEqual({
      kind: 'securityGroup',
      groupId: 'sg-2',
      userId: '222233334444',
      vpcId: 'vpc-2',
      vpcPeeringConnectionId: 'pcx-1',
    });
  });

  it('reads every peer kind of SecurityGroupRules', () => {
    const base = { GroupId: 'sg-1', IpProtocol: 'udp', FromPort: 53, ToPort: 53, IsEgress: 'true' };
    const state = parseGroupDocument({
      GroupId: 'sg-1',
      SecurityGroupRules: [
        { ...base, CidrIpv6: '::/0', Description: 'dns' },
        { ...base, PrefixListId: 'pl-1' },
        {
          ...base,
          ReferencedGroupInfo: {
            GroupId: 'sg-2',
            UserId: '1',
            VpcId: 'vpc-1',
            VpcPeeringConnectionId: 'pcx-1',
          },
        },
      ],
    });
    expect(state.rules.map((rule) => `${rule.direction} ${rule.peer.kind}`)).toEqual([
      'egress ipv6',
      'egress prefixList',
      'egress securityGroup',
    ]);
  });

  it.each([
    [null, '(root)'],
    [{ SecurityGroups: [] }, 'SecurityGroups'],
    [{ SecurityGroups: [group, group] }, 'SecurityGroups'],
    [{ SecurityGroups: 'sg-1' }, 'SecurityGroups'],
    [{ SecurityGroups: ['sg-1'] }, 'SecurityGroups[0]'],
    [{ SecurityGroups: [{ ...group, GroupId: undefined }] }, 'SecurityGroups[0].GroupId'],
    [
      { SecurityGroups: [{ ...group, IpPermissions: [{}, { IpProtocol: 'tcp', FromPort: 'x' }] }] },
      'SecurityGroups[0].IpPermissions[0].IpProtocol',
    ],
    [
      { SecurityGroups: [{ ...group, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 'x' }] }] },
      'SecurityGroups[0].IpPermissions[0].FromPort',
    ],
    [
      { SecurityGroups: [{ ...group, IpPermissionsEgress: [{ IpProtocol: '-1', IpRanges: [{}] }] }] },
      'SecurityGroups[0].IpPermissionsEgress[0].IpRanges[0].CidrIp',
    ],
    [
      { ...group, IpPermissions: [{ IpProtocol: 'tcp', UserIdGroupPairs: [{ GroupName: 'default' }] }] },
      'IpPermissions[0].UserIdGroupPairs[0].GroupId',
    ],
    [
      { ...group, IpPermissions: [{ IpProtocol: 'tcp', Ipv6Ranges: [{ CidrIpv6: 6 }] }] },
      'IpPermissions[0].Ipv6Ranges[0].CidrIpv6',
    ],
    [
      { ...group, IpPermissions: [{ IpProtocol: 'tcp', PrefixListIds: [{ Description: 'x' }] }] },
      'IpPermissions[0].PrefixListIds[0].PrefixListId',
    ],
    [{ ...group, Tags: [{ Value: 'x' }] }, 'Tags[0].Key'],
    [{ ...group, GroupName: 5 }, 'GroupName'],
    [{ SecurityGroups: [group], SecurityGroupRules: [{ IpProtocol: 'tcp' }] }, 'SecurityGroupRules[0]'],
    [
      { SecurityGroups: [group], SecurityGroupRules: [{ IpProtocol: 'tcp', ReferencedGroupInfo: {} }] },
      'SecurityGroupRules[0].ReferencedGroupInfo.GroupId',
    ],
    [
      { ...group, SecurityGroupRules: [{ IpProtocol: 'tcp', CidrIpv4: '1.2.3.4/32', IsEgress: 1 }] },
      'SecurityGroupRules[0].IsEgress',
    ],
  ])('names the bad field of %j: %s', (document, path) => {
    expect(() => parseGroupDocument(document, 'group.json')).toThrow(GroupDocumentError);
    try {
      parseGroupDocument(document, 'group.json');
    } catch (error) {
      expect(error).toBeInstanceOf(GuardrailError);
      expect(error).toMatchObject({ name: 'GroupDocumentError', file: 'group.json', path });
      expect((error as Error).message).toMatch(/^group\.json: /);
    }
  });

  it('leaves the file out of the message when it is not known', () => {
    expect(() => parseGroupDocument({})).toThrow(/^GroupId: is required$/);
  });

  it('lets a failure that is not about the document through unchanged', () => {
    const hostile = {
      get GroupId(): string {
        throw new RangeError('boom');
      },
    };
    expect(() => parseGroupDocument(hostile)).toThrow(RangeError);
  });
});

describe('readGroupDocument', () => {
  it("says where the group and its rules sit, keeping the document's indexes", () => {
    const document = readGroupDocument({
      SecurityGroups: [group],
      SecurityGroupRules: rules,
      NextToken: 'abc',
    });
    expect(document).toMatchObject({ groupPath: 'SecurityGroups[0]', rulesPath: '', rulesNextToken: 'abc' });
    expect(document.rules.map((rule) => rule.SecurityGroupRuleId)).toEqual(['sgr-1', 'sgr-2']);
    expect(document.group.IpPermissions?.[0]?.IpRanges).toEqual([{ CidrIp: '0.0.0.0/0' }]);
  });

  it('reads the rules and their NextToken inside a bare group', () => {
    const document = readGroupDocument({ ...group, SecurityGroupRules: rules, NextToken: null });
    expect(document).toMatchObject({ groupPath: '', rulesPath: '' });
    expect('rulesNextToken' in document).toBe(false);
    expect(document.rules).toHaveLength(2);
  });

  it('keeps an absent or null permission list apart from an empty one', () => {
    const document = readGroupDocument({ GroupId: 'sg-1', IpPermissions: [], IpPermissionsEgress: null });
    expect(document.group.IpPermissions).toEqual([]);
    expect(document.group.IpPermissionsEgress).toBeUndefined();
    expect(readGroupDocument({ GroupId: 'sg-1' }).group.IpPermissions).toBeUndefined();
    expect(readGroupDocument({ GroupId: 'sg-1' }).rules).toEqual([]);
  });

  it('names a NextToken that is not text', () => {
    expect(() => readGroupDocument({ ...group, SecurityGroupRules: rules, NextToken: 5 }, 'g.json')).toThrow(
      'g.json: NextToken: expected a string, got a number',
    );
  });
});
