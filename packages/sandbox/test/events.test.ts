import {
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  CreateTagsCommand,
  DescribeSecurityGroupsCommand,
  EC2Client,
  ModifySecurityGroupRulesCommand,
  RevokeSecurityGroupIngressCommand,
} from '@aws-sdk/client-ec2';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { MEMBER, organization, REGION } from './fixtures';

function setup() {
  const env = organization();
  const groupId = env.sb.ec2.seedSecurityGroup({ account: MEMBER, region: REGION, groupName: 'web' });
  return { ...env, groupId };
}

describe('CloudTrail-shaped EventBridge events', () => {
  it('emits the envelope and detail AWS delivers for an authorize by an IAM user', async () => {
    const { sb, alice, groupId, ec2As } = setup();
    sb.setCallerProfile(alice, { sourceIp: '203.0.113.7', userAgent: 'aws-cli/2.15.0' });
    const out = await ec2As(alice).send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: groupId,
        IpPermissions: [
          {
            IpProtocol: 'tcp',
            FromPort: 22,
            ToPort: 22,
            IpRanges: [{ CidrIp: '0.0.0.0/0' }, { CidrIp: '10.0.0.0/8', Description: 'vpn' }],
          },
        ],
      }),
    );
    expect(sb.events).toHaveLength(1);
    const event = sb.events[0]!;
    expect(event).toEqual({
      version: '0',
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      'detail-type': 'AWS API Call via CloudTrail',
      source: 'aws.ec2',
      account: MEMBER,
      time: '2025-03-01T10:00:00Z',
      region: REGION,
      resources: [],
      detail: expect.objectContaining({
        eventVersion: '1.08',
        eventTime: '2025-03-01T10:00:00Z',
        eventSource: 'ec2.amazonaws.com',
        eventName: 'AuthorizeSecurityGroupIngress',
        awsRegion: REGION,
        sourceIPAddress: '203.0.113.7',
        userAgent: 'aws-cli/2.15.0',
        requestID: out.$metadata.requestId,
        eventID: expect.stringMatching(/^[0-9a-f-]{36}$/),
        readOnly: false,
        eventType: 'AwsApiCall',
        managementEvent: true,
        recipientAccountId: MEMBER,
        eventCategory: 'Management',
      }),
    });
    expect(event.detail.userIdentity).toEqual({
      type: 'IAMUser',
      principalId: expect.stringMatching(/^AIDA/),
      arn: alice,
      accountId: MEMBER,
      accessKeyId: expect.stringMatching(/^AKIA/),
      userName: 'alice',
    });
    expect(event.detail.requestParameters).toEqual({
      groupId,
      ipPermissions: {
        items: [
          {
            ipProtocol: 'tcp',
            fromPort: 22,
            toPort: 22,
            groups: {},
            ipRanges: { items: [{ cidrIp: '0.0.0.0/0' }, { cidrIp: '10.0.0.0/8', description: 'vpn' }] },
            ipv6Ranges: {},
            prefixListIds: {},
          },
        ],
      },
    });
    const [first, second] = out.SecurityGroupRules ?? [];
    expect(event.detail.responseElements).toEqual({
      requestId: out.$metadata.requestId,
      _return: true,
      securityGroupRuleSet: {
        items: [
          {
            groupOwnerId: MEMBER,
            groupId,
            securityGroupRuleId: first?.SecurityGroupRuleId,
            isEgress: false,
            ipProtocol: 'tcp',
            fromPort: 22,
            toPort: 22,
            cidrIpv4: '0.0.0.0/0',
          },
          {
            groupOwnerId: MEMBER,
            groupId,
            securityGroupRuleId: second?.SecurityGroupRuleId,
            isEgress: false,
            ipProtocol: 'tcp',
            fromPort: 22,
            toPort: 22,
            cidrIpv4: '10.0.0.0/8',
            description: 'vpn',
          },
        ],
      },
    });
  });

  it('records an assumed-role caller with sessionContext and sourceIdentity', async () => {
    const { sb, hubRole, remediationRole, groupId, stsAs } = setup();
    const { Credentials: c } = await stsAs(hubRole).send(
      new AssumeRoleCommand({
        RoleArn: remediationRole,
        RoleSessionName: 'guardrail',
        SourceIdentity: 'guardrail',
      }),
    );
    const ec2 = sb.attach(
      new EC2Client({
        region: REGION,
        credentials: {
          accessKeyId: c!.AccessKeyId!,
          secretAccessKey: c!.SecretAccessKey!,
          sessionToken: c!.SessionToken,
        },
      }),
    );
    await ec2
      .send(
        new RevokeSecurityGroupIngressCommand({
          GroupId: groupId,
          IpPermissions: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
        }),
      )
      .catch(() => undefined);
    const identity = sb.events[0]?.detail.userIdentity;
    expect(identity).toEqual({
      type: 'AssumedRole',
      principalId: expect.stringMatching(/^AROA[A-Z2-7]{16}:guardrail$/),
      arn: `arn:aws:sts::${MEMBER}:assumed-role/guardrail-remediation/guardrail`,
      accountId: MEMBER,
      accessKeyId: c!.AccessKeyId,
      sessionContext: {
        sessionIssuer: {
          type: 'Role',
          principalId: expect.stringMatching(/^AROA/),
          arn: remediationRole,
          accountId: MEMBER,
          userName: 'guardrail-remediation',
        },
        attributes: { creationDate: '2025-03-01T10:00:00Z', mfaAuthenticated: 'false' },
        sourceIdentity: 'guardrail',
      },
    });
  });

  it('records failed calls with CloudTrail error codes and no response', async () => {
    const { sb, alice, groupId, ec2As } = setup();
    await ec2As(alice)
      .send(
        new RevokeSecurityGroupIngressCommand({
          GroupId: groupId,
          IpPermissions: [
            { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] },
          ],
        }),
      )
      .catch(() => undefined);
    expect(sb.events[0]?.detail).toMatchObject({
      eventName: 'RevokeSecurityGroupIngress',
      errorCode: 'Client.InvalidPermission.NotFound',
      errorMessage: 'The specified rule does not exist in this security group.',
      responseElements: null,
    });
  });

  it('records a revoke by rule ids, ModifySecurityGroupRules in its own shape, tags, and group creation', async () => {
    const { sb, alice, groupId, ec2As } = setup();
    const ec2 = ec2As(alice, {});
    const ruleId = sb.ec2.getGroup(MEMBER, REGION, groupId)?.rules[0]?.SecurityGroupRuleId;
    await ec2.send(
      new ModifySecurityGroupRulesCommand({
        GroupId: groupId,
        SecurityGroupRules: [
          { SecurityGroupRuleId: ruleId, SecurityGroupRule: { IpProtocol: '-1', CidrIpv4: '0.0.0.0/0' } },
        ],
      }),
    );
    await ec2.send(
      new CreateTagsCommand({
        Resources: [groupId],
        Tags: [{ Key: 'guardrail:policy', Value: 'web-public' }],
      }),
    );
    const created = await ec2.send(
      new CreateSecurityGroupCommand({ GroupName: 'db', Description: 'database' }),
    );
    await ec2.send(new DescribeSecurityGroupsCommand({}));
    const [modify, tag, create] = sb.events.map((e) => e.detail);
    expect(modify?.requestParameters).toEqual({
      ModifySecurityGroupRulesRequest: {
        GroupId: groupId,
        SecurityGroupRule: {
          SecurityGroupRuleId: ruleId,
          SecurityGroupRule: { IpProtocol: '-1', CidrIpv4: '0.0.0.0/0' },
        },
      },
    });
    expect(modify?.responseElements).toEqual({
      ModifySecurityGroupRulesResponse: {
        xmlns: 'http://ec2.amazonaws.com/doc/2016-11-15/',
        requestId: modify?.requestID,
        return: true,
      },
    });
    expect(tag?.requestParameters).toEqual({
      resourcesSet: { items: [{ resourceId: groupId }] },
      tagSet: { items: [{ key: 'guardrail:policy', value: 'web-public' }] },
    });
    expect(create?.requestParameters).toEqual({ groupName: 'db', groupDescription: 'database' });
    expect(create?.responseElements).toMatchObject({ _return: true, groupId: created.GroupId });
    expect(sb.events).toHaveLength(3); // describe is read-only: no event
    const revoke = await ec2
      .send(new RevokeSecurityGroupIngressCommand({ GroupId: groupId, SecurityGroupRuleIds: [ruleId!] }))
      .catch((e: Error) => e);
    expect(revoke).toMatchObject({ name: 'InvalidSecurityGroupRuleId.NotFound' }); // the rule is egress
    expect(sb.events[3]?.detail.requestParameters).toEqual({
      groupId,
      securityGroupRuleIds: { items: [{ securityGroupRuleId: ruleId }] },
    });
  });

  it('marks console calls, delivers to subscribers, and drains the queue with takeEvents', async () => {
    const { sb, alice, groupId } = setup();
    const seen: string[] = [];
    const unsubscribe = sb.onEvent((e) => seen.push(e.detail.eventName));
    const ec2 = sb.attach(
      new EC2Client(
        sb.clientConfig({ principalArn: alice, region: REGION, console: true, sourceIp: '198.51.100.4' }),
      ),
    );
    await ec2.send(new CreateTagsCommand({ Resources: [groupId], Tags: [{ Key: 'a', Value: 'b' }] }));
    expect(sb.events[0]?.detail).toMatchObject({
      sessionCredentialFromConsole: 'true',
      sourceIPAddress: '198.51.100.4',
      userAgent: 'AWS Internal',
    });
    unsubscribe();
    await ec2.send(new CreateTagsCommand({ Resources: [groupId], Tags: [{ Key: 'c', Value: 'd' }] }));
    expect(seen).toEqual(['CreateTags']);
    expect(sb.takeEvents()).toHaveLength(2);
    expect(sb.takeEvents()).toHaveLength(0);
    expect(sb.events).toHaveLength(2);
  });

  it('emits events the sandbox does not serve, for tamper and tagging stories', () => {
    const { sb, alice } = setup();
    const event = sb.cloudtrail.emit(
      {
        eventSource: 'events.amazonaws.com',
        eventName: 'DisableRule',
        requestParameters: { name: 'guardrail-forward-sg-events' },
      },
      { principalArn: alice, region: REGION },
    );
    expect(event).toMatchObject({
      source: 'aws.events',
      account: MEMBER,
      region: REGION,
      detail: {
        eventName: 'DisableRule',
        recipientAccountId: MEMBER,
        userIdentity: { type: 'IAMUser', arn: alice },
        requestParameters: { name: 'guardrail-forward-sg-events' },
      },
    });
    expect(sb.events).toEqual([event]);
  });
});
