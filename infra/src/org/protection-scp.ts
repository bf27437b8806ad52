import type { DeployConfig } from '../config/schema';

/**
 * The protection SCP (optional). Owners opt a group in by tagging it, so setting the opt-in tag on
 * a group that has none stays allowed; what is denied, to everyone but the guardrail roles, the
 * StackSets service role and the configured exemptions:
 * - changing or removing `guardrail:*` tags on a group that is already opted in (opting out, or
 *   switching a policy or mode, goes through the security team);
 * - changing the member remediation role and the forwarding rule.
 * SCPs do not apply to the management account nor to service-linked roles.
 */
export function buildProtectionScp(
  config: DeployConfig,
  exemptPrincipalArns: string[],
): Record<string, unknown> {
  const tagPrefix = `${config.tags.policy.split(':')[0]}:*`;
  const partition = config.hub.partition;
  const exempt = {
    ArnNotLike: {
      'aws:PrincipalArn': [
        `arn:${partition}:iam::*:role/${config.names.remediationRole}`,
        `arn:${partition}:iam::*:role/stacksets-exec-*`,
        `arn:${partition}:iam::*:role/aws-service-role/*`,
        ...exemptPrincipalArns,
      ],
    },
  };
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'ProtectOptedInGroupTags',
        Effect: 'Deny',
        Action: ['ec2:CreateTags', 'ec2:DeleteTags', 'tag:TagResources', 'tag:UntagResources'],
        Resource: '*',
        Condition: {
          ...exempt,
          Null: { [`aws:ResourceTag/${config.tags.policy}`]: 'false' },
          'ForAnyValue:StringLike': { 'aws:TagKeys': [tagPrefix] },
        },
      },
      {
        Sid: 'ProtectRemediationRole',
        Effect: 'Deny',
        Action: [
          'iam:AttachRolePolicy',
          'iam:DeleteRole',
          'iam:DeleteRolePolicy',
          'iam:DetachRolePolicy',
          'iam:PutRolePolicy',
          'iam:UpdateAssumeRolePolicy',
          'iam:UpdateRole',
          'iam:PutRolePermissionsBoundary',
          'iam:DeleteRolePermissionsBoundary',
        ],
        Resource: `arn:${partition}:iam::*:role/${config.names.remediationRole}`,
        Condition: exempt,
      },
      {
        Sid: 'ProtectForwardingRule',
        Effect: 'Deny',
        Action: [
          'events:DisableRule',
          'events:DeleteRule',
          'events:PutRule',
          'events:PutTargets',
          'events:RemoveTargets',
        ],
        Resource: `arn:${partition}:events:*:*:rule/${config.names.forwardingRule}`,
        Condition: exempt,
      },
    ],
  };
}
