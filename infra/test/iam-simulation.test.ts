import {
  HEALTH_QUEUE_ACTIONS,
  HEALTH_RULE_ACTIONS,
  PREFIX_LIST_DESCRIBE_ACTIONS,
  PREFIX_LIST_READ_ACTIONS,
  REMEDIATION_ACTIONS,
} from '../src/member/member-stack';
import { type ResolveContext, resolveIntrinsics } from './support/resolve-template';
import { ADMIN, asIdentity, decide, type Policy } from './support/simulate';
import { onlyResource, resourcesOf, type Synthesized, synthesize } from './support/synth';

/**
 * The synthesized policies, run through an IAM policy simulator: what issue 4 asks to prove about
 * least privilege, on the documents CloudFormation would receive.
 */
const HUB_ACCOUNT = '111111111111';
const MEMBER_ACCOUNT = '222222222222';
const OUTSIDER_ACCOUNT = '333333333333';
const REGION = 'eu-west-1';

let s: Synthesized;
let orgId: string;
let hubRolePolicies: Policy[];
let remediationTrust: Policy;
let remediationPolicies: Policy[];
let forwarderPolicies: Policy[];
let busPolicy: Policy;
let hubSessionArn: string;
let remediationRoleArn: string;
let busArn: string;

beforeAll(() => {
  s = synthesize();
  orgId = s.config.organizationId;
  const parameters = Object.fromEntries(
    Object.entries(s.memberJson.Parameters as Record<string, { Default: string }>).map(([key, p]) => [
      key,
      p.Default,
    ]),
  );
  const member: ResolveContext = { account: MEMBER_ACCOUNT, region: REGION, parameters };
  const hub: ResolveContext = { account: HUB_ACCOUNT, region: REGION, parameters: {} };

  const memberRoles = resourcesOf(s.memberJson, 'AWS::IAM::Role');
  const remediation = resolveIntrinsics(memberRoles.RemediationRole!.Properties, member) as {
    AssumeRolePolicyDocument: Policy;
    Policies: { PolicyDocument: Policy }[];
    RoleName: string;
  };
  remediationTrust = remediation.AssumeRolePolicyDocument;
  remediationPolicies = remediation.Policies.map((p) => p.PolicyDocument);
  remediationRoleArn = `arn:aws:iam::${MEMBER_ACCOUNT}:role/${remediation.RoleName}`;
  forwarderPolicies = (
    resolveIntrinsics(memberRoles.ForwarderRole!.Properties, member) as {
      Policies: { PolicyDocument: Policy }[];
    }
  ).Policies.map((p) => p.PolicyDocument);

  const hubRoleId = s.stacks.hub.getLogicalId(s.stacks.hub.hubRole.node.defaultChild as never);
  hubRolePolicies = Object.values(resourcesOf(s.hubJson, 'AWS::IAM::Policy'))
    .filter((p) => JSON.stringify(p.Properties.Roles).includes(hubRoleId))
    .map((p) => resolveIntrinsics(p.Properties.PolicyDocument, hub) as Policy);
  expect(hubRolePolicies.length).toBeGreaterThan(0);
  busPolicy = resolveIntrinsics(
    onlyResource(s.hubJson, 'AWS::Events::EventBus').Properties.Policy,
    hub,
  ) as Policy;
  busArn = parameters.HubEventBusArn!;
  hubSessionArn = `arn:aws:sts::${HUB_ACCOUNT}:assumed-role/${s.config.names.hubRole}/guardrail-hub-fn`;
});

function assumeRemediationRole(
  principal: string,
  identityPolicies: Policy[],
  context: Record<string, string> = {},
  action = 'sts:AssumeRole',
) {
  return decide({
    request: {
      principal,
      action,
      resource: { resource: remediationRoleArn, accountId: MEMBER_ACCOUNT },
      contextVariables: { 'aws:ResourceOrgID': orgId, 'aws:PrincipalOrgID': orgId, ...context },
    },
    identityPolicies: asIdentity(identityPolicies),
    resourcePolicy: remediationTrust,
  });
}

describe('the hub role and the member remediation role', () => {
  it('lets the hub role assume the remediation role with the guardrail SourceIdentity', async () => {
    const identity = { 'sts:SourceIdentity': s.config.names.sourceIdentity };
    expect(await assumeRemediationRole(hubSessionArn, hubRolePolicies, identity)).toBe('Allowed');
    expect(
      await assumeRemediationRole(hubSessionArn, hubRolePolicies, identity, 'sts:SetSourceIdentity'),
    ).toBe('Allowed');
  });

  it('refuses the hub role without the SourceIdentity, or in an account outside the organization', async () => {
    expect(await assumeRemediationRole(hubSessionArn, hubRolePolicies)).not.toBe('Allowed');
    expect(
      await assumeRemediationRole(hubSessionArn, hubRolePolicies, {
        'sts:SourceIdentity': 'guardrail',
        'aws:ResourceOrgID': 'o-someoneelse1',
      }),
    ).not.toBe('Allowed');
  });

  it('lets no other principal assume the remediation role, even an administrator', async () => {
    const identity = { 'sts:SourceIdentity': s.config.names.sourceIdentity };
    const others = [
      `arn:aws:iam::${MEMBER_ACCOUNT}:role/Admin`,
      `arn:aws:iam::${MEMBER_ACCOUNT}:user/alice`,
      `arn:aws:iam::${HUB_ACCOUNT}:role/another-hub-role`,
      `arn:aws:sts::${HUB_ACCOUNT}:assumed-role/another-hub-role/s`,
      `arn:aws:iam::${OUTSIDER_ACCOUNT}:role/${s.config.names.hubRole}`,
    ];
    for (const principal of others) {
      expect({ principal, decision: await assumeRemediationRole(principal, [ADMIN], identity) }).toEqual({
        principal,
        decision: expect.not.stringMatching(/^Allowed$/),
      });
    }
  });

  const remediationSession = () =>
    `arn:aws:sts::${MEMBER_ACCOUNT}:assumed-role/${s.config.names.remediationRole}/guardrail`;
  const sg = `arn:aws:ec2:${REGION}:${MEMBER_ACCOUNT}:security-group/sg-0123456789abcdef0`;
  const asRemediation = (action: string, resource: string, context: Record<string, string> = {}) =>
    decide({
      request: {
        principal: remediationSession(),
        action,
        resource: { resource, accountId: MEMBER_ACCOUNT },
        contextVariables: context,
      },
      identityPolicies: asIdentity(remediationPolicies),
    });
  /** The same request on another account's group (the resource in that account). */
  const theirSg = `arn:aws:ec2:${REGION}:${OUTSIDER_ACCOUNT}:security-group/sg-0123456789abcdef0`;
  const asRemediationOnTheirs = (action: string, context: Record<string, string> = {}) =>
    decide({
      request: {
        principal: remediationSession(),
        action,
        resource: { resource: theirSg, accountId: OUTSIDER_ACCOUNT },
        contextVariables: context,
      },
      identityPolicies: asIdentity(remediationPolicies),
    });

  it('lets the remediation role revoke and authorize on a group carrying the opt-in tag', async () => {
    for (const action of REMEDIATION_ACTIONS) {
      expect({
        action,
        decision: await asRemediation(action, sg, { 'aws:ResourceTag/guardrail:policy': 'web-public' }),
      }).toEqual({ action, decision: 'Allowed' });
    }
  });

  it('grants exactly these mutations, in the one statement limited to opted-in groups of its own account', () => {
    expect(REMEDIATION_ACTIONS).toEqual([
      'ec2:AuthorizeSecurityGroupIngress',
      'ec2:AuthorizeSecurityGroupEgress',
      'ec2:RevokeSecurityGroupIngress',
      'ec2:RevokeSecurityGroupEgress',
      'ec2:UpdateSecurityGroupRuleDescriptionsIngress',
      'ec2:UpdateSecurityGroupRuleDescriptionsEgress',
    ]);
    const statements = remediationPolicies.flatMap(
      (policy) =>
        policy.Statement as {
          Sid?: string;
          Action: string | string[];
          Resource: unknown;
          Condition?: unknown;
        }[],
    );
    const granting = statements.filter((st) =>
      [st.Action].flat().some((action) => REMEDIATION_ACTIONS.includes(action)),
    );
    expect(granting).toEqual([
      {
        Sid: 'MutateOnlyOptedInGroups',
        Effect: 'Allow',
        Action: REMEDIATION_ACTIONS,
        Resource: `arn:aws:ec2:*:${MEMBER_ACCOUNT}:security-group/*`,
        Condition: { Null: { 'aws:ResourceTag/guardrail:policy': 'false' } },
      },
    ]);
  });

  describe('putting rule descriptions back (lock policies)', () => {
    const DESCRIPTION_ACTIONS = [
      'ec2:UpdateSecurityGroupRuleDescriptionsIngress',
      'ec2:UpdateSecurityGroupRuleDescriptionsEgress',
    ];
    const optedIn = { 'aws:ResourceTag/guardrail:policy': 'db-locked' };

    it('lets the remediation role update descriptions on an opted-in group of its own account, in any region', async () => {
      for (const action of DESCRIPTION_ACTIONS) {
        for (const region of [REGION, 'us-east-1']) {
          const own = `arn:aws:ec2:${region}:${MEMBER_ACCOUNT}:security-group/sg-0123456789abcdef0`;
          expect({ action, region, decision: await asRemediation(action, own, optedIn) }).toEqual({
            action,
            region,
            decision: 'Allowed',
          });
        }
      }
    });

    it("refuses them on another account's group, opted in or not, and on its own group without the opt-in tag", async () => {
      for (const action of DESCRIPTION_ACTIONS) {
        const decisions = {
          theirsOptedIn: await asRemediationOnTheirs(action, optedIn),
          theirs: await asRemediationOnTheirs(action),
          ownNotOptedIn: await asRemediation(action, sg, { 'aws:ResourceTag/team': 'x' }),
        };
        expect({ action, decisions }).toEqual({
          action,
          decisions: {
            theirsOptedIn: 'ImplicitlyDenied',
            theirs: 'ImplicitlyDenied',
            ownNotOptedIn: 'ImplicitlyDenied',
          },
        });
      }
    });
  });

  it("refuses every mutation on another account's group, even one carrying the opt-in tag", async () => {
    for (const action of REMEDIATION_ACTIONS) {
      const decision = await asRemediationOnTheirs(action, {
        'aws:ResourceTag/guardrail:policy': 'web-public',
      });
      expect({ action, decision }).toEqual({ action, decision: 'ImplicitlyDenied' });
    }
  });

  it('refuses the same calls on a group without the opt-in tag', async () => {
    for (const action of REMEDIATION_ACTIONS) {
      expect({ action, decision: await asRemediation(action, sg, { 'aws:ResourceTag/team': 'x' }) }).toEqual({
        action,
        decision: 'ImplicitlyDenied',
      });
    }
  });

  it('lets the remediation role describe groups and nothing else', async () => {
    expect(await asRemediation('ec2:DescribeSecurityGroups', '*')).toBe('Allowed');
    expect(await asRemediation('ec2:DescribeSecurityGroupRules', '*')).toBe('Allowed');
    const tagged = { 'aws:ResourceTag/guardrail:policy': 'web-public' };
    const denied: [string, string][] = [
      ['ec2:CreateTags', sg],
      ['ec2:DeleteTags', sg],
      ['ec2:DeleteSecurityGroup', sg],
      ['ec2:ModifySecurityGroupRules', sg],
      ['ec2:TerminateInstances', `arn:aws:ec2:${REGION}:${MEMBER_ACCOUNT}:instance/i-0123456789abcdef0`],
      ['s3:GetObject', 'arn:aws:s3:::bucket/key'],
      ['iam:CreateRole', `arn:aws:iam::${MEMBER_ACCOUNT}:role/x`],
      ['sts:AssumeRole', `arn:aws:iam::${MEMBER_ACCOUNT}:role/x`],
    ];
    for (const [action, resource] of denied) {
      expect({ action, decision: await asRemediation(action, resource, tagged) }).toEqual({
        action,
        decision: 'ImplicitlyDenied',
      });
    }
  });

  describe('the forwarding health check (rules and dead-letter queue, read only)', () => {
    const ruleIn = (region: string, account: string, name: string) =>
      `arn:aws:events:${region}:${account}:rule/${name}`;
    const queueIn = (region: string, account: string, name: string) =>
      `arn:aws:sqs:${region}:${account}:${name}`;

    it('grants exactly DescribeRule and ListTargetsByRule, and GetQueueUrl and GetQueueAttributes', () => {
      expect([...HEALTH_RULE_ACTIONS, ...HEALTH_QUEUE_ACTIONS]).toEqual([
        'events:DescribeRule',
        'events:ListTargetsByRule',
        'sqs:GetQueueUrl',
        'sqs:GetQueueAttributes',
      ]);
    });

    it('lets the remediation role read the three guardrail rules and the queue, in any region of its account', async () => {
      const { forwardingRule, watchdogRule, roleWatchRule, forwardingDeadLetterQueue } = s.config.names;
      for (const region of [REGION, 'us-east-1', 'ap-southeast-2']) {
        for (const name of [forwardingRule, watchdogRule, roleWatchRule]) {
          for (const action of HEALTH_RULE_ACTIONS) {
            const resource = ruleIn(region, MEMBER_ACCOUNT, name);
            expect({ action, resource, decision: await asRemediation(action, resource) }).toEqual({
              action,
              resource,
              decision: 'Allowed',
            });
          }
        }
        const queue = queueIn(region, MEMBER_ACCOUNT, forwardingDeadLetterQueue);
        for (const action of HEALTH_QUEUE_ACTIONS) expect(await asRemediation(action, queue)).toBe('Allowed');
      }
    });

    it('refuses other rules and queues, other accounts, and any change or message read', async () => {
      const { forwardingRule, forwardingDeadLetterQueue } = s.config.names;
      const own = ruleIn(REGION, MEMBER_ACCOUNT, forwardingRule);
      const queue = queueIn(REGION, MEMBER_ACCOUNT, forwardingDeadLetterQueue);
      const denied: [string, string][] = [
        ['events:DescribeRule', ruleIn(REGION, MEMBER_ACCOUNT, 'some-team-rule')],
        ['events:DescribeRule', ruleIn(REGION, OUTSIDER_ACCOUNT, forwardingRule)],
        ['events:DisableRule', own],
        ['events:EnableRule', own],
        ['events:PutRule', own],
        ['events:PutTargets', own],
        ['events:RemoveTargets', own],
        ['events:DeleteRule', own],
        ['sqs:GetQueueAttributes', queueIn(REGION, MEMBER_ACCOUNT, 'orders')],
        ['sqs:ReceiveMessage', queue],
        ['sqs:DeleteMessage', queue],
        ['sqs:PurgeQueue', queue],
        ['sqs:SetQueueAttributes', queue],
      ];
      for (const [action, resource] of denied) {
        expect({ action, resource, decision: await asRemediation(action, resource) }).toEqual({
          action,
          resource,
          decision: 'ImplicitlyDenied',
        });
      }
    });
  });

  describe('prefix lists (a rule from a customer-managed list is judged as the CIDRs it holds)', () => {
    const list = (owner: string) => `arn:aws:ec2:${REGION}:${owner}:prefix-list/pl-0123456789abcdef0`;
    // The member's own list, one shared with it by another account, an AWS-managed one.
    const lists = [list(MEMBER_ACCOUNT), list(OUTSIDER_ACCOUNT), list('aws')];

    it('grants exactly DescribeManagedPrefixLists, GetManagedPrefixListEntries and GetManagedPrefixListAssociations', () => {
      expect([...PREFIX_LIST_DESCRIBE_ACTIONS, ...PREFIX_LIST_READ_ACTIONS]).toEqual([
        'ec2:DescribeManagedPrefixLists',
        'ec2:GetManagedPrefixListEntries',
        'ec2:GetManagedPrefixListAssociations',
      ]);
      const granted = remediationPolicies
        .flatMap((policy) => policy.Statement as { Action: string | string[] }[])
        .flatMap((statement) => [statement.Action].flat())
        .filter((action) => /prefixlist/i.test(action));
      expect(granted.sort()).toEqual([...PREFIX_LIST_DESCRIBE_ACTIONS, ...PREFIX_LIST_READ_ACTIONS].sort());
    });

    it('lets the remediation role read any list it can see: its own, a shared one, an AWS-managed one', async () => {
      expect(await asRemediation('ec2:DescribeManagedPrefixLists', '*')).toBe('Allowed');
      for (const action of PREFIX_LIST_READ_ACTIONS) {
        for (const resource of lists) {
          expect({ action, resource, decision: await asRemediation(action, resource) }).toEqual({
            action,
            resource,
            decision: 'Allowed',
          });
        }
      }
    });

    it('refuses every change to a prefix list, tagged or not', async () => {
      const tagged = { 'aws:ResourceTag/guardrail:policy': 'web-public' };
      const changes = [
        'ec2:ModifyManagedPrefixList',
        'ec2:CreateManagedPrefixList',
        'ec2:DeleteManagedPrefixList',
        'ec2:RestoreManagedPrefixListVersion',
        'ec2:CreateTags',
      ];
      for (const action of changes) {
        for (const context of [{}, tagged]) {
          expect({ action, decision: await asRemediation(action, list(MEMBER_ACCOUNT), context) }).toEqual({
            action,
            decision: 'ImplicitlyDenied',
          });
        }
      }
    });

    it('still refuses changes to a group without the opt-in tag, and any other read', async () => {
      for (const action of REMEDIATION_ACTIONS) {
        expect({ action, decision: await asRemediation(action, sg) }).toEqual({
          action,
          decision: 'ImplicitlyDenied',
        });
      }
      for (const action of [
        'ec2:DescribeInstances',
        'ec2:DescribePrefixLists',
        'ec2:GetTransitGatewayPrefixListReferences',
      ]) {
        expect({ action, decision: await asRemediation(action, '*') }).toEqual({
          action,
          decision: 'ImplicitlyDenied',
        });
      }
    });
  });

  it('gives the hub role no direct power over EC2 or any other service', async () => {
    const asHub = (action: string, resource: string, accountId: string) =>
      decide({
        request: {
          principal: hubSessionArn,
          action,
          resource: { resource, accountId },
          contextVariables: {},
        },
        identityPolicies: asIdentity(hubRolePolicies),
      });
    const hubSg = `arn:aws:ec2:${REGION}:${HUB_ACCOUNT}:security-group/sg-0123456789abcdef0`;
    const denied: [string, string][] = [
      ['ec2:RevokeSecurityGroupIngress', hubSg],
      ['ec2:AuthorizeSecurityGroupIngress', hubSg],
      ['ec2:DescribeSecurityGroups', '*'],
      ['s3:GetObject', 'arn:aws:s3:::bucket/key'],
      ['iam:PassRole', `arn:aws:iam::${HUB_ACCOUNT}:role/x`],
      ['sns:Publish', `arn:aws:sns:${REGION}:${HUB_ACCOUNT}:some-other-topic`],
      ['sts:AssumeRole', `arn:aws:iam::${MEMBER_ACCOUNT}:role/OrganizationAccountAccessRole`],
    ];
    for (const [action, resource] of denied) {
      expect({ action, decision: await asHub(action, resource, HUB_ACCOUNT) }).toEqual({
        action,
        decision: 'ImplicitlyDenied',
      });
    }
  });
});

describe('the hub event bus', () => {
  const forwarder = `arn:aws:sts::${MEMBER_ACCOUNT}:assumed-role/StackSet-guardrail-member-ForwarderRole-X/s`;
  const putEvents = (principal: string, identity: Policy[], context: Record<string, string>) =>
    decide({
      request: {
        principal,
        action: 'events:PutEvents',
        resource: { resource: busArn, accountId: HUB_ACCOUNT },
        contextVariables: context,
      },
      identityPolicies: asIdentity(identity),
      resourcePolicy: busPolicy,
    });

  it('accepts PutEvents from a member forwarder role of the organization', async () => {
    expect(await putEvents(forwarder, forwarderPolicies, { 'aws:PrincipalOrgID': orgId })).toBe('Allowed');
  });

  it('refuses principals outside the organization, however permissive their own policies', async () => {
    const outsider = `arn:aws:iam::${OUTSIDER_ACCOUNT}:role/Admin`;
    expect(await putEvents(outsider, [ADMIN], { 'aws:PrincipalOrgID': 'o-someoneelse1' })).not.toBe(
      'Allowed',
    );
    expect(await putEvents(outsider, [ADMIN], {})).not.toBe('Allowed');
  });

  it('gives the forwarder role PutEvents on the hub bus only', async () => {
    const otherBus = `arn:aws:events:${REGION}:${HUB_ACCOUNT}:event-bus/default`;
    const decision = await decide({
      request: {
        principal: forwarder,
        action: 'events:PutEvents',
        resource: { resource: otherBus, accountId: HUB_ACCOUNT },
        contextVariables: { 'aws:PrincipalOrgID': orgId },
      },
      identityPolicies: asIdentity(forwarderPolicies),
      resourcePolicy: {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }],
      },
    });
    expect(decision).toBe('ImplicitlyDenied');
  });
});
