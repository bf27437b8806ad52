import type { DeployConfig } from '../config/schema';

/**
 * The largest SCP Organizations accepts: 5,120 characters ("Maximum size of a policy document",
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html). White
 * space between JSON elements is not counted when the console saves a policy; through the API it is
 * kept as sent, so the policy is measured as compact JSON (no white space outside strings).
 */
export const SCP_MAX_CHARACTERS = 5120;

/** Creating, changing and deleting a role, and handing it to a service. */
const ROLE_ACTIONS = [
  'iam:CreateRole',
  'iam:DeleteRole*',
  'iam:UpdateRole*',
  'iam:UpdateAssumeRolePolicy',
  'iam:PutRole*',
  'iam:AttachRolePolicy',
  'iam:DetachRolePolicy',
  'iam:PassRole',
];

/** The tag key patterns the SCP protects: every key of the policy and mode tags' prefix (`guardrail:*`). */
function protectedTagKeys(config: DeployConfig): string[] {
  const pattern = (key: string) => (key.includes(':') ? `${key.slice(0, key.indexOf(':'))}:*` : key);
  return [...new Set([pattern(config.tags.policy), pattern(config.tags.mode)])];
}

/**
 * The protection SCP (optional). Owners opt a group in by tagging it, so setting the opt-in tag on
 * a group that has none stays allowed; what is denied, to everyone but the exempt principals (the
 * remediation role, the StackSets execution roles `stacksets-exec-*` through which the member
 * template is deployed, service-linked roles and the configured exemptions):
 * - changing or removing `guardrail:*` tags on a group that is already opted in (opting out, or
 *   switching a policy or mode, goes through the security team), and DeleteTags without a tag list
 *   on such a group (it removes every tag; `aws:TagKeys` is absent then, so it has its own statement);
 * - creating, changing, deleting or passing the member remediation role and forwarder roles;
 * - changing or deleting the forwarding, watchdog and role-watch rules;
 * - deleting, purging, reading out, or changing the attributes or permissions of the forwarding DLQ.
 * And to everyone but the StackSets service-linked roles: creating, changing, deleting, passing or
 * assuming a role named `stacksets-exec-*`, since such a name is exempt. Service-managed StackSets
 * create that role in each target account with the member account's service-linked role
 * AWSServiceRoleForCloudFormationStackSetsOrgMember (its policy CloudFormationStackSetsOrgMemberServiceRolePolicy
 * allows iam:CreateRole, PutRolePolicy, AttachRolePolicy on `role/stacksets-exec-*`), and the
 * administrator account's AWSServiceRoleForCloudFormationStackSetsOrgAdmin assumes it (its policy
 * CloudFormationStackSetsOrgAdminServiceRolePolicy allows sts:AssumeRole on `role/stacksets-exec-*`):
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/stacksets-orgs-activate-trusted-access.html,
 * https://docs.aws.amazon.com/aws-managed-policy/latest/reference/CloudFormationStackSetsOrgMemberServiceRolePolicy.html,
 * https://docs.aws.amazon.com/aws-managed-policy/latest/reference/CloudFormationStackSetsOrgAdminServiceRolePolicy.html.
 * Their paths are `aws-service-role/member.org.stacksets.cloudformation.amazonaws.com/` and
 * `aws-service-role/stacksets.cloudformation.amazonaws.com/`.
 * SCPs do not apply to the management account nor to service-linked roles.
 */
export function buildProtectionScp(
  config: DeployConfig,
  exemptPrincipalArns: string[],
): Record<string, unknown> {
  const partition = config.hub.partition;
  const names = config.names;
  const role = (name: string) => `arn:${partition}:iam::*:role/${name}`;
  const stackSetsExecRoles = role('stacksets-exec-*');
  const exempt = {
    ArnNotLike: {
      'aws:PrincipalArn': [
        role(names.remediationRole),
        stackSetsExecRoles,
        role('aws-service-role/*'),
        ...exemptPrincipalArns,
      ],
    },
  };
  const optedIn = { [`aws:ResourceTag/${config.tags.policy}`]: 'false' };
  const scp = {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'ProtectOptedInGroupTags',
        Effect: 'Deny',
        Action: ['ec2:CreateTags', 'ec2:DeleteTags', 'tag:TagResources', 'tag:UntagResources'],
        Resource: '*',
        Condition: {
          ...exempt,
          Null: optedIn,
          'ForAnyValue:StringLike': { 'aws:TagKeys': protectedTagKeys(config) },
        },
      },
      {
        // DeleteTags without a tag list removes every tag. aws:TagKeys is absent then: ForAnyValue
        // (above) is false on it, ForAllValues would be true whatever the keys, so the absence itself
        // is the test. tag:UntagResources always names its keys (TagKeys is required), and the
        // Tagging API also needs the caller's ec2:CreateTags / ec2:DeleteTags, denied here alike.
        Sid: 'ProtectOptedInGroupAllTags',
        Effect: 'Deny',
        Action: 'ec2:DeleteTags',
        Resource: '*',
        Condition: { ...exempt, Null: { ...optedIn, 'aws:TagKeys': 'true' } },
      },
      {
        Sid: 'ProtectGuardrailRoles',
        Effect: 'Deny',
        Action: ROLE_ACTIONS,
        Resource: [role(names.remediationRole), role(`${names.forwarderRolePrefix}*`)],
        Condition: exempt,
      },
      {
        Sid: 'ProtectStackSetsExecRoles',
        Effect: 'Deny',
        Action: [...ROLE_ACTIONS, 'sts:AssumeRole'],
        Resource: stackSetsExecRoles,
        Condition: {
          ArnNotLike: {
            'aws:PrincipalArn': role('aws-service-role/*stacksets.cloudformation.amazonaws.com/*'),
          },
        },
      },
      {
        Sid: 'ProtectForwardingRules',
        Effect: 'Deny',
        Action: [
          'events:DisableRule',
          'events:DeleteRule',
          'events:PutRule',
          'events:PutTargets',
          'events:RemoveTargets',
        ],
        Resource: [names.forwardingRule, names.watchdogRule, names.roleWatchRule].map(
          (rule) => `arn:${partition}:events:*:*:rule/${rule}`,
        ),
        Condition: exempt,
      },
      {
        Sid: 'ProtectForwardingDlq',
        Effect: 'Deny',
        Action: [
          'sqs:DeleteQueue',
          'sqs:SetQueueAttributes',
          'sqs:PurgeQueue',
          'sqs:ReceiveMessage',
          'sqs:DeleteMessage',
          'sqs:AddPermission',
          'sqs:RemovePermission',
        ],
        Resource: `arn:${partition}:sqs:*:*:${names.forwardingDeadLetterQueue}`,
        Condition: exempt,
      },
    ],
  };
  const size = JSON.stringify(scp).length;
  if (size > SCP_MAX_CHARACTERS) {
    throw new Error(
      `the protection SCP is ${size} characters, over the ${SCP_MAX_CHARACTERS} Organizations accepts: ` +
        'shorten scp.exemptPrincipalArns (wildcards) or the names',
    );
  }
  return scp;
}
