/**
 * The protection SCP (`guardrail-protection`), run through the IAM simulator with the SCP attached
 * to the target OU, as Organizations would apply it: each request is made by an administrator of a
 * member account (identity policy `*`), so whatever is refused is refused by the SCP alone. What
 * must stay possible is proven the same way: opting a group in by tagging it, the remediation
 * role's own calls, StackSets deploying the member template.
 */
import { runSimulation } from '@cloud-copilot/iam-simulate';
import { buildProtectionScp, SCP_MAX_CHARACTERS } from '../src/org/protection-scp';
import { ADMIN, asIdentity, type Decision, type Policy } from './support/simulate';
import { exampleConfig } from './support/synth';

const MEMBER = '222222222222';
const HUB = '111111111111';
const REGION = 'eu-west-1';
const OU = 'ou-abcd-11111111';
const SG = `arn:aws:ec2:${REGION}:${MEMBER}:security-group/sg-0123456789abcdef0`;

const config = exampleConfig({
  organizationsRead: { managementAccountId: '999999999999' },
  scp: { exemptPrincipalArns: ['arn:aws:iam::*:role/break-glass'] },
});
const scp = buildProtectionScp(config, config.scp!.exemptPrincipalArns);
const names = config.names;

/** The AWS managed FullAWSAccess SCP: attached to every root, OU and account unless replaced. */
const FULL_AWS_ACCESS: Policy = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
};

/** A role session: the ARN it calls as, and its aws:PrincipalArn (the role ARN, path included). */
interface Caller {
  session: string;
  principalArn: string;
}
function role(pathAndName: string, account = MEMBER): Caller {
  const name = pathAndName.split('/').pop()!;
  return {
    session: `arn:aws:sts::${account}:assumed-role/${name}/session`,
    principalArn: `arn:aws:iam::${account}:role/${pathAndName}`,
  };
}

const ADMIN_ROLE = role('Admin');
const BREAK_GLASS = role('break-glass');
const REMEDIATION = role(names.remediationRole);
/** The role StackSets deploys the member template with (CloudFormation calls as it). */
const STACKSETS_EXEC = role('stacksets-exec-0123456789abcdef0123456789abcdef');
/** The service-linked role that creates `stacksets-exec-*` in each member account. */
const STACKSETS_MEMBER_SLR = role(
  'aws-service-role/member.org.stacksets.cloudformation.amazonaws.com/AWSServiceRoleForCloudFormationStackSetsOrgMember',
);
/** The service-linked role of the StackSets administrator account that assumes `stacksets-exec-*`. */
const STACKSETS_ADMIN_SLR = role(
  'aws-service-role/stacksets.cloudformation.amazonaws.com/AWSServiceRoleForCloudFormationStackSetsOrgAdmin',
  HUB,
);

interface Request {
  as: Caller;
  action: string;
  resource: string;
  context?: Record<string, string | string[]>;
  /** The role's trust policy, for sts:AssumeRole. */
  trust?: Policy;
}

/** One request by a principal of an account in the target OU, with the protection SCP attached to it. */
async function underScp(request: Request, policy: Policy = scp): Promise<Decision> {
  const account = request.resource.split(':')[4] || MEMBER;
  const result = await runSimulation(
    {
      request: {
        principal: request.as.session,
        action: request.action,
        resource: { resource: request.resource, accountId: account },
        contextVariables: { 'aws:PrincipalArn': request.as.principalArn, ...request.context },
      },
      identityPolicies: asIdentity([ADMIN]),
      serviceControlPolicies: [
        { orgIdentifier: 'r-abcd', policies: [{ name: 'FullAWSAccess', policy: FULL_AWS_ACCESS }] },
        {
          orgIdentifier: OU,
          policies: [
            { name: 'FullAWSAccess', policy: FULL_AWS_ACCESS },
            { name: 'guardrail-protection', policy },
          ],
        },
      ],
      resourceControlPolicies: [],
      ...(request.trust ? { resourcePolicy: request.trust } : {}),
    },
    {},
  );
  if (result.resultType === 'error') throw new Error(`simulation error: ${JSON.stringify(result.errors)}`);
  return result.overallResult as Decision;
}

/** Runs every request and returns them with their decisions, so that a failure names the request. */
async function decisions(requests: Request[]) {
  return Promise.all(
    requests.map(async (r) => ({
      as: r.as.principalArn.split(':role/')[1],
      action: r.action,
      resource: r.resource,
      ...(r.context ? { context: r.context } : {}),
      decision: await underScp(r),
    })),
  );
}
const expectAll = async (requests: Request[], decision: Decision) => {
  const results = await decisions(requests);
  expect(results).toEqual(results.map((r) => ({ ...r, decision })));
};

const optedIn = { 'aws:ResourceTag/guardrail:policy': 'web-public' };
const roleArn = (name: string) => `arn:aws:iam::${MEMBER}:role/${name}`;
const ruleArn = (name: string, region = REGION) => `arn:aws:events:${region}:${MEMBER}:rule/${name}`;
const queueArn = (region = REGION) => `arn:aws:sqs:${region}:${MEMBER}:${names.forwardingDeadLetterQueue}`;
const FORWARDER = roleArn(`${names.forwarderRolePrefix}${REGION}`);
const ROLE_CHANGES = [
  'iam:CreateRole',
  'iam:DeleteRole',
  'iam:UpdateAssumeRolePolicy',
  'iam:PutRolePolicy',
  'iam:DeleteRolePolicy',
  'iam:AttachRolePolicy',
  'iam:DetachRolePolicy',
  'iam:UpdateRole',
  'iam:PutRolePermissionsBoundary',
  'iam:DeleteRolePermissionsBoundary',
];
const RULE_CHANGES = [
  'events:DisableRule',
  'events:DeleteRule',
  'events:PutRule',
  'events:PutTargets',
  'events:RemoveTargets',
];
const QUEUE_CHANGES = [
  'sqs:DeleteQueue',
  'sqs:SetQueueAttributes',
  'sqs:PurgeQueue',
  'sqs:ReceiveMessage',
  'sqs:DeleteMessage',
  'sqs:AddPermission',
  'sqs:RemovePermission',
];
const RULES = [
  ruleArn(names.forwardingRule),
  ruleArn(names.watchdogRule),
  ruleArn(names.roleWatchRule, 'us-east-1'),
];

describe('the protection SCP, tags of opted-in groups', () => {
  const tagging = (as: Caller, action: string, tags: string[] | undefined, resourceTags = {}): Request => ({
    as,
    action,
    resource: SG,
    context: { ...resourceTags, ...(tags ? { 'aws:TagKeys': tags } : {}) },
  });

  it('refuses DeleteTags without a Tags parameter (it removes every tag, the opt-in tag too)', async () => {
    // aws:TagKeys is absent then, so a ForAnyValue test on it never matches: a statement of its own.
    await expectAll([tagging(ADMIN_ROLE, 'ec2:DeleteTags', undefined, optedIn)], 'ExplicitlyDenied');
  });

  it('refuses changing or removing a guardrail:* tag of an opted-in group', async () => {
    await expectAll(
      [
        tagging(ADMIN_ROLE, 'ec2:DeleteTags', ['guardrail:policy'], optedIn),
        tagging(ADMIN_ROLE, 'ec2:DeleteTags', ['Name', 'guardrail:mode'], optedIn),
        tagging(ADMIN_ROLE, 'ec2:CreateTags', ['guardrail:policy'], optedIn),
        tagging(ADMIN_ROLE, 'ec2:CreateTags', ['guardrail:mode'], optedIn),
      ],
      'ExplicitlyDenied',
    );
  });

  it('keeps opting in, other tags, groups not opted in, and the exempt principals', async () => {
    await expectAll(
      [
        // Opting in: the group has no opt-in tag yet.
        tagging(ADMIN_ROLE, 'ec2:CreateTags', ['guardrail:policy'], { 'aws:ResourceTag/Name': 'web' }),
        tagging(ADMIN_ROLE, 'ec2:CreateTags', ['guardrail:policy', 'guardrail:mode']),
        tagging(ADMIN_ROLE, 'ec2:DeleteTags', undefined, { 'aws:ResourceTag/Name': 'web' }),
        // Other keys of an opted-in group.
        tagging(ADMIN_ROLE, 'ec2:DeleteTags', ['Name'], optedIn),
        tagging(ADMIN_ROLE, 'ec2:CreateTags', ['Name', 'owner'], optedIn),
        // A sticky opt-in put back by the remediation role; the exemptions.
        tagging(REMEDIATION, 'ec2:CreateTags', ['guardrail:policy'], optedIn),
        tagging(BREAK_GLASS, 'ec2:DeleteTags', undefined, optedIn),
        tagging(BREAK_GLASS, 'ec2:DeleteTags', ['guardrail:policy'], optedIn),
      ],
      'Allowed',
    );
  });
});

describe('the protection SCP, roles named stacksets-exec-*', () => {
  const execRole = roleArn('stacksets-exec-evil');
  // The trust a forged exec role would have: the administrator who made it.
  const trustingAdmin: Policy = {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { AWS: ADMIN_ROLE.principalArn }, Action: 'sts:AssumeRole' }],
  };
  // The trust StackSets gives the exec role: the administrator account's StackSets role.
  const trustingStackSets: Policy = {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Principal: { AWS: STACKSETS_ADMIN_SLR.principalArn }, Action: 'sts:AssumeRole' },
    ],
  };

  it('refuses an administrator creating, changing or assuming a role named like the exempt exec role', async () => {
    await expectAll(
      [
        ...ROLE_CHANGES.map((action) => ({ as: ADMIN_ROLE, action, resource: execRole })),
        // A path does not help: the ARN still starts with role/stacksets-exec-.
        { as: ADMIN_ROLE, action: 'iam:CreateRole', resource: roleArn('stacksets-exec-x/evil') },
        { as: ADMIN_ROLE, action: 'sts:AssumeRole', resource: execRole, trust: trustingAdmin },
        // Not even the other exempt principals: only StackSets makes exec roles.
        { as: BREAK_GLASS, action: 'iam:CreateRole', resource: execRole },
        { as: STACKSETS_EXEC, action: 'iam:CreateRole', resource: execRole },
      ],
      'ExplicitlyDenied',
    );
  });

  it('lets StackSets create its exec role and assume it, and leaves other roles alone', async () => {
    await expectAll(
      [
        { as: STACKSETS_MEMBER_SLR, action: 'iam:CreateRole', resource: execRole },
        { as: STACKSETS_MEMBER_SLR, action: 'iam:PutRolePolicy', resource: execRole },
        { as: STACKSETS_MEMBER_SLR, action: 'iam:AttachRolePolicy', resource: execRole },
        { as: STACKSETS_MEMBER_SLR, action: 'iam:DeleteRole', resource: execRole },
        { as: STACKSETS_ADMIN_SLR, action: 'sts:AssumeRole', resource: execRole, trust: trustingStackSets },
        { as: ADMIN_ROLE, action: 'iam:CreateRole', resource: roleArn('app-role') },
        { as: ADMIN_ROLE, action: 'iam:PutRolePolicy', resource: roleArn('app-role') },
      ],
      'Allowed',
    );
  });
});

describe('the protection SCP, guardrail roles, rules and queue', () => {
  const remediationRole = roleArn(names.remediationRole);

  it('refuses an administrator creating or changing the remediation role and the forwarder roles', async () => {
    await expectAll(
      [remediationRole, FORWARDER, roleArn(`${names.forwarderRolePrefix}us-east-1`)].flatMap((resource) => [
        ...ROLE_CHANGES.map((action) => ({ as: ADMIN_ROLE, action, resource })),
        // Passing the forwarder role to a rule of one's own is no business of anyone else either.
        { as: ADMIN_ROLE, action: 'iam:PassRole', resource },
      ]),
      'ExplicitlyDenied',
    );
  });

  it('refuses an administrator changing any of the three rules, in any region', async () => {
    await expectAll(
      RULES.flatMap((resource) => RULE_CHANGES.map((action) => ({ as: ADMIN_ROLE, action, resource }))),
      'ExplicitlyDenied',
    );
  });

  it('refuses an administrator emptying, reading out, deleting or re-permissioning the forwarding DLQ', async () => {
    await expectAll(
      [queueArn(), queueArn('us-east-1')].flatMap((resource) =>
        QUEUE_CHANGES.map((action) => ({ as: ADMIN_ROLE, action, resource })),
      ),
      'ExplicitlyDenied',
    );
  });

  it('lets StackSets deploy the member template: roles, rules, queue', async () => {
    await expectAll(
      [
        ...[remediationRole, FORWARDER].flatMap((resource) =>
          [...ROLE_CHANGES, 'iam:PassRole'].map((action) => ({ as: STACKSETS_EXEC, action, resource })),
        ),
        ...RULES.flatMap((resource) =>
          RULE_CHANGES.map((action) => ({ as: STACKSETS_EXEC, action, resource })),
        ),
        ...['sqs:CreateQueue', ...QUEUE_CHANGES].map((action) => ({
          as: STACKSETS_EXEC,
          action,
          resource: queueArn(),
        })),
      ],
      'Allowed',
    );
  });

  it('keeps reading the queue, the exemptions, and other rules, queues and roles', async () => {
    await expectAll(
      [
        { as: REMEDIATION, action: 'sqs:GetQueueAttributes', resource: queueArn() },
        { as: ADMIN_ROLE, action: 'sqs:GetQueueAttributes', resource: queueArn() },
        { as: BREAK_GLASS, action: 'events:DisableRule', resource: ruleArn(names.watchdogRule) },
        { as: BREAK_GLASS, action: 'sqs:PurgeQueue', resource: queueArn() },
        { as: BREAK_GLASS, action: 'iam:PutRolePolicy', resource: FORWARDER },
        { as: ADMIN_ROLE, action: 'events:DeleteRule', resource: ruleArn('app-rule') },
        { as: ADMIN_ROLE, action: 'sqs:PurgeQueue', resource: `arn:aws:sqs:${REGION}:${MEMBER}:app-queue` },
        { as: ADMIN_ROLE, action: 'iam:PassRole', resource: roleArn('app-role') },
      ],
      'Allowed',
    );
  });
});

describe('the protection SCP, configured tag keys', () => {
  it('protects every key of the policy and mode tags, whatever their prefix (or none)', async () => {
    const custom = exampleConfig({ tags: { policy: 'acme-guardrail-policy', mode: 'ops:guardrail-mode' } });
    const policy = buildProtectionScp(custom, []);
    const tagged = { 'aws:ResourceTag/acme-guardrail-policy': 'web-public' };
    const results = await Promise.all(
      [['acme-guardrail-policy'], ['ops:guardrail-mode'], ['ops:anything'], ['Name']].map(async (keys) => ({
        keys,
        decision: await underScp(
          {
            as: ADMIN_ROLE,
            action: 'ec2:CreateTags',
            resource: SG,
            context: { ...tagged, 'aws:TagKeys': keys },
          },
          policy,
        ),
      })),
    );
    expect(results).toEqual([
      { keys: ['acme-guardrail-policy'], decision: 'ExplicitlyDenied' },
      { keys: ['ops:guardrail-mode'], decision: 'ExplicitlyDenied' },
      { keys: ['ops:anything'], decision: 'ExplicitlyDenied' },
      { keys: ['Name'], decision: 'Allowed' },
    ]);
  });
});

describe('the protection SCP, size', () => {
  // Organizations counts characters; the console drops white space outside strings, the API keeps
  // what it is sent: the compact JSON is the measure.
  const compact = (policy: Policy) => JSON.stringify(policy).length;

  it('stays under the SCP size limit of 5,120 characters with the example configuration', () => {
    expect(SCP_MAX_CHARACTERS).toBe(5120);
    expect(JSON.stringify(scp)).not.toMatch(/\s/);
    expect(compact(scp)).toBeLessThanOrEqual(SCP_MAX_CHARACTERS);
    // Room for exemptions: each one is repeated in five statements.
    expect(compact(scp)).toBeLessThan(3000);
  });

  it('refuses at synth time an SCP Organizations would reject', () => {
    const many = Array.from({ length: 20 }, (_, i) => `arn:aws:iam::*:role/break-glass-administrator-${i}`);
    expect(() => buildProtectionScp(config, many)).toThrow(/over the 5120 Organizations accepts/);
  });
});
