/**
 * UpdateSecurityGroupRuleDescriptionsIngress / Egress as EC2 serves them, through the real client:
 * by rule id or by IpPermissions (never both), a target without a description loses its own, one
 * unknown target fails the whole call and changes nothing, and each call (failed ones too) is a
 * CloudTrail event that core's parser reads as an `update-description` rule change.
 */
import {
  UpdateSecurityGroupRuleDescriptionsEgressCommand,
  UpdateSecurityGroupRuleDescriptionsIngressCommand,
} from '@aws-sdk/client-ec2';
import { parseEvent } from '@guardrail/core';
import { MEMBER, organization, REGION } from './fixtures';

const WORLD = '0.0.0.0/0';
const OFFICE = '10.0.0.0/8';

function seeded() {
  const env = organization();
  const groupId = env.sb.ec2.seedSecurityGroup({
    account: MEMBER,
    region: REGION,
    groupName: 'db',
    // Two rules of one permission (same protocol and ports), each with its own description.
    ingress: [
      {
        IpProtocol: 'tcp',
        FromPort: 5432,
        ToPort: 5432,
        IpRanges: [
          { CidrIp: OFFICE, Description: 'app servers' },
          { CidrIp: WORLD, Description: 'temporary' },
        ],
      },
    ],
    egress: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: WORLD }] }],
  });
  const rules = () => env.sb.ec2.getGroup(MEMBER, REGION, groupId)?.rules ?? [];
  const ruleOf = (egress: boolean, cidr: string) => {
    const rule = rules().find((r) => r.IsEgress === egress && r.CidrIpv4 === cidr);
    if (!rule?.SecurityGroupRuleId) throw new Error(`no rule for ${cidr}`);
    return rule;
  };
  /** "cidr: description" of each rule of one direction, sorted. */
  const described = (egress: boolean) =>
    rules()
      .filter((r) => r.IsEgress === egress)
      .map((r) => `${r.CidrIpv4}: ${r.Description ?? '(none)'}`)
      .sort();
  return { ...env, groupId, ec2: env.ec2As(env.alice), ruleOf, described };
}

const postgres = (cidr: string, description?: string) => ({
  IpProtocol: 'tcp',
  FromPort: 5432,
  ToPort: 5432,
  IpRanges: [{ CidrIp: cidr, ...(description === undefined ? {} : { Description: description }) }],
});

describe('UpdateSecurityGroupRuleDescriptions by rule id', () => {
  it('sets an ingress rule description, keeping the rule and its id, and answers Return: true', async () => {
    const { ec2, groupId, ruleOf, described } = seeded();
    const id = ruleOf(false, OFFICE).SecurityGroupRuleId;
    const out = await ec2.send(
      new UpdateSecurityGroupRuleDescriptionsIngressCommand({
        GroupId: groupId,
        SecurityGroupRuleDescriptions: [{ SecurityGroupRuleId: id, Description: 'reporting' }],
      }),
    );
    expect(out.Return).toBe(true);
    expect(ruleOf(false, OFFICE).SecurityGroupRuleId).toBe(id);
    expect(described(false)).toEqual([`${WORLD}: temporary`, `${OFFICE}: reporting`]);
  });

  it('removes the description of a target given none, and serves egress rules on the egress call', async () => {
    const { ec2, groupId, ruleOf, described } = seeded();
    await ec2.send(
      new UpdateSecurityGroupRuleDescriptionsIngressCommand({
        GroupId: groupId,
        SecurityGroupRuleDescriptions: [{ SecurityGroupRuleId: ruleOf(false, WORLD).SecurityGroupRuleId }],
      }),
    );
    expect(described(false)).toEqual([`${WORLD}: (none)`, `${OFFICE}: app servers`]);
    await ec2.send(
      new UpdateSecurityGroupRuleDescriptionsEgressCommand({
        GroupId: groupId,
        SecurityGroupRuleDescriptions: [
          { SecurityGroupRuleId: ruleOf(true, WORLD).SecurityGroupRuleId, Description: 'https out' },
        ],
      }),
    );
    expect(described(true)).toEqual([`${WORLD}: https out`]);
  });

  it('refuses an unknown id, or an ingress id on the egress call, and changes nothing of the call', async () => {
    const { ec2, groupId, ruleOf, described } = seeded();
    const known = ruleOf(false, OFFICE).SecurityGroupRuleId;
    await expect(
      ec2.send(
        new UpdateSecurityGroupRuleDescriptionsIngressCommand({
          GroupId: groupId,
          SecurityGroupRuleDescriptions: [
            { SecurityGroupRuleId: known, Description: 'changed' },
            { SecurityGroupRuleId: 'sgr-11111111111111111', Description: 'x' },
          ],
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidSecurityGroupRuleId.NotFound' });
    await expect(
      ec2.send(
        new UpdateSecurityGroupRuleDescriptionsEgressCommand({
          GroupId: groupId,
          SecurityGroupRuleDescriptions: [{ SecurityGroupRuleId: known, Description: 'x' }],
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidSecurityGroupRuleId.NotFound' });
    expect(described(false)).toEqual([`${WORLD}: temporary`, `${OFFICE}: app servers`]);
  });
});

describe('UpdateSecurityGroupRuleDescriptions by IpPermissions', () => {
  it('describes exactly the rule the range names, not another peer of the same protocol and ports', async () => {
    const { ec2, groupId, described } = seeded();
    await ec2.send(
      new UpdateSecurityGroupRuleDescriptionsIngressCommand({
        GroupId: groupId,
        IpPermissions: [postgres(WORLD, 'vendor')],
      }),
    );
    expect(described(false)).toEqual([`${WORLD}: vendor`, `${OFFICE}: app servers`]);
  });

  it('removes the description of a range given none', async () => {
    const { ec2, groupId, described } = seeded();
    await ec2.send(
      new UpdateSecurityGroupRuleDescriptionsIngressCommand({
        GroupId: groupId,
        IpPermissions: [postgres(OFFICE)],
      }),
    );
    expect(described(false)).toEqual([`${WORLD}: temporary`, `${OFFICE}: (none)`]);
  });

  it('refuses a permission that matches no rule (another direction counts as none), changing nothing', async () => {
    const { ec2, groupId, described } = seeded();
    await expect(
      ec2.send(
        new UpdateSecurityGroupRuleDescriptionsIngressCommand({
          GroupId: groupId,
          IpPermissions: [postgres(OFFICE, 'changed'), postgres('192.168.0.0/16', 'nobody')],
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidPermission.NotFound' });
    await expect(
      ec2.send(
        new UpdateSecurityGroupRuleDescriptionsEgressCommand({
          GroupId: groupId,
          IpPermissions: [postgres(OFFICE, 'x')],
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidPermission.NotFound' });
    expect(described(false)).toEqual([`${WORLD}: temporary`, `${OFFICE}: app servers`]);
  });
});

describe('UpdateSecurityGroupRuleDescriptions request errors', () => {
  it('needs a group, and ids or permissions but not both', async () => {
    const { ec2, groupId, ruleOf } = seeded();
    const id = ruleOf(false, OFFICE).SecurityGroupRuleId;
    await expect(
      ec2.send(
        new UpdateSecurityGroupRuleDescriptionsIngressCommand({
          SecurityGroupRuleDescriptions: [{ SecurityGroupRuleId: id, Description: 'x' }],
        }),
      ),
    ).rejects.toMatchObject({ name: 'MissingParameter' });
    await expect(
      ec2.send(
        new UpdateSecurityGroupRuleDescriptionsIngressCommand({
          GroupId: 'sg-0aaaaaaaaaaaaaaaa',
          SecurityGroupRuleDescriptions: [{ SecurityGroupRuleId: id, Description: 'x' }],
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidGroup.NotFound' });
    await expect(
      ec2.send(new UpdateSecurityGroupRuleDescriptionsIngressCommand({ GroupId: groupId })),
    ).rejects.toMatchObject({ name: 'MissingParameter' });
    await expect(
      ec2.send(
        new UpdateSecurityGroupRuleDescriptionsIngressCommand({
          GroupId: groupId,
          SecurityGroupRuleDescriptions: [{ SecurityGroupRuleId: id, Description: 'x' }],
          IpPermissions: [postgres(OFFICE, 'x')],
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidParameterCombination' });
  });

  it('checks permissions without changing anything on DryRun', async () => {
    const { ec2, groupId, ruleOf, described, sb } = seeded();
    await expect(
      ec2.send(
        new UpdateSecurityGroupRuleDescriptionsIngressCommand({
          DryRun: true,
          GroupId: groupId,
          SecurityGroupRuleDescriptions: [
            { SecurityGroupRuleId: ruleOf(false, OFFICE).SecurityGroupRuleId, Description: 'x' },
          ],
        }),
      ),
    ).rejects.toMatchObject({ name: 'DryRunOperation' });
    expect(described(false)).toEqual([`${WORLD}: temporary`, `${OFFICE}: app servers`]);
    expect(sb.events.map((e) => e.detail.errorCode)).toEqual(['Client.DryRunOperation']);
  });
});

describe('UpdateSecurityGroupRuleDescriptions in CloudTrail', () => {
  it('records a call by id as CloudTrail does, which core parses as an update-description of those ids', async () => {
    const { ec2, groupId, ruleOf, sb, alice } = seeded();
    const id = ruleOf(true, WORLD).SecurityGroupRuleId as string;
    await ec2.send(
      new UpdateSecurityGroupRuleDescriptionsEgressCommand({
        GroupId: groupId,
        SecurityGroupRuleDescriptions: [{ SecurityGroupRuleId: id, Description: 'https out' }],
      }),
    );
    const [event] = sb.events;
    expect(event?.detail).toMatchObject({
      eventSource: 'ec2.amazonaws.com',
      eventName: 'UpdateSecurityGroupRuleDescriptionsEgress',
      requestParameters: {
        groupId,
        securityGroupRuleDescriptionSet: { items: [{ securityGroupRuleId: id, description: 'https out' }] },
      },
      responseElements: { requestId: event?.detail.requestID, _return: true },
    });
    const parsed = parseEvent(event);
    expect(parsed).toMatchObject({
      ok: true,
      change: {
        kind: 'update-description',
        eventName: 'UpdateSecurityGroupRuleDescriptionsEgress',
        account: MEMBER,
        region: REGION,
        groupIds: [groupId],
        direction: 'egress',
        rulesModified: [{ ruleId: id }],
        actor: { arn: alice },
        byGuardrail: false,
      },
    });
  });

  it('records a call by IpPermissions with the descriptions on the ranges, which core parses', async () => {
    const { ec2, groupId, sb } = seeded();
    await ec2.send(
      new UpdateSecurityGroupRuleDescriptionsIngressCommand({
        GroupId: groupId,
        IpPermissions: [postgres(WORLD, 'vendor')],
      }),
    );
    const [event] = sb.events;
    expect(event?.detail.requestParameters).toEqual({
      groupId,
      ipPermissions: {
        items: [
          {
            ipProtocol: 'tcp',
            fromPort: 5432,
            toPort: 5432,
            groups: {},
            ipRanges: { items: [{ cidrIp: WORLD, description: 'vendor' }] },
            ipv6Ranges: {},
            prefixListIds: {},
          },
        ],
      },
    });
    expect(parseEvent(event)).toMatchObject({
      ok: true,
      change: { kind: 'update-description', direction: 'ingress', groupIds: [groupId], rulesModified: [] },
    });
  });

  it("records a refused call with CloudTrail's error code and no response, parsed as a failed call", async () => {
    const { ec2, groupId, sb } = seeded();
    await ec2
      .send(
        new UpdateSecurityGroupRuleDescriptionsIngressCommand({
          GroupId: groupId,
          SecurityGroupRuleDescriptions: [{ SecurityGroupRuleId: 'sgr-11111111111111111', Description: 'x' }],
        }),
      )
      .catch(() => undefined);
    const [event] = sb.events;
    expect(event?.detail).toMatchObject({
      eventName: 'UpdateSecurityGroupRuleDescriptionsIngress',
      errorCode: 'Client.InvalidSecurityGroupRuleId.NotFound',
      responseElements: null,
    });
    expect(parseEvent(event)).toMatchObject({
      ok: true,
      change: {
        kind: 'update-description',
        error: { code: 'Client.InvalidSecurityGroupRuleId.NotFound' },
      },
    });
  });
});
