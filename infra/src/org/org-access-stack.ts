import { aws_iam as iam, aws_organizations as organizations, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { DeployConfig } from '../config/schema';
import { acknowledge } from '../nag';
import { hubRoleArn } from '../names';
import { buildProtectionScp } from './protection-scp';
import { ORGANIZATIONS_READ_ACTIONS } from './read-actions';

export interface OrgAccessStackProps extends StackProps {
  config: DeployConfig;
  managementAccountId: string;
  readRoleName: string;
}

/**
 * Optional resources in the management account (deployed there, with its own credentials):
 * - a read-only Organizations role the hub assumes to check that an account is an ACTIVE member,
 *   to name it in alerts, and to list the accounts (of the target OUs) a sweep covers
 *   (flag `organizationsRead`);
 * - the protection SCP on the target OUs (flag `scp`).
 */
export class OrgAccessStack extends Stack {
  readonly readRole: iam.Role;
  readonly scp?: organizations.CfnPolicy;

  constructor(scope: Construct, id: string, props: OrgAccessStackProps) {
    super(scope, id, props);
    const { config } = props;
    const hubRole = new iam.ArnPrincipal(hubRoleArn(config));
    this.readRole = new iam.Role(this, 'OrganizationsReadRole', {
      roleName: props.readRoleName,
      description: 'Guardrail hub: read-only view of the organization accounts.',
      assumedBy: hubRole,
      inlinePolicies: {
        'read-organization': new iam.PolicyDocument({
          statements: [
            new iam.PolicyStatement({
              sid: 'ReadAccounts',
              actions: ORGANIZATIONS_READ_ACTIONS,
              resources: ['*'],
            }),
          ],
        }),
      },
    });
    // The hub may mark its sessions with a SourceIdentity (as it does in the member accounts): the
    // trust must allow setting one, or such an AssumeRole is refused.
    this.readRole.assumeRolePolicy?.addStatements(
      new iam.PolicyStatement({ actions: ['sts:SetSourceIdentity'], principals: [hubRole] }),
    );
    acknowledge(
      this.readRole,
      'AwsSolutions-IAM5[Resource::*]',
      'organizations:ListAccounts and DescribeOrganization support no resource-level permissions, and the ' +
        'accounts and OUs the sweep lists are not known in advance; every action is read-only.',
    );
    if (config.scp) {
      this.scp = new organizations.CfnPolicy(this, 'ProtectionScp', {
        name: 'guardrail-protection',
        description: 'Guardrail: only the guardrail roles change guardrail tags and resources.',
        type: 'SERVICE_CONTROL_POLICY',
        content: buildProtectionScp(config, config.scp.exemptPrincipalArns),
        targetIds: config.targets.organizationalUnitIds,
      });
    }
  }
}
