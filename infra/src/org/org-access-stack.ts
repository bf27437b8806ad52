import { aws_iam as iam, aws_organizations as organizations, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { DeployConfig } from '../config/schema';
import { acknowledge } from '../nag';
import { hubRoleArn } from '../names';
import { buildProtectionScp } from './protection-scp';

export interface OrgAccessStackProps extends StackProps {
  config: DeployConfig;
  managementAccountId: string;
  readRoleName: string;
}

/**
 * Optional resources in the management account (deployed there, with its own credentials):
 * - a read-only Organizations role the hub assumes to check that an account is an ACTIVE member
 *   and to name it in alerts (flag `organizationsRead`);
 * - the protection SCP on the target OUs (flag `scp`).
 */
export class OrgAccessStack extends Stack {
  readonly readRole: iam.Role;
  readonly scp?: organizations.CfnPolicy;

  constructor(scope: Construct, id: string, props: OrgAccessStackProps) {
    super(scope, id, props);
    const { config } = props;
    this.readRole = new iam.Role(this, 'OrganizationsReadRole', {
      roleName: props.readRoleName,
      description: 'Guardrail hub: read-only view of the organization accounts.',
      assumedBy: new iam.ArnPrincipal(hubRoleArn(config)),
      inlinePolicies: {
        'read-organization': new iam.PolicyDocument({
          statements: [
            new iam.PolicyStatement({
              sid: 'ReadAccounts',
              actions: [
                'organizations:DescribeAccount',
                'organizations:ListAccounts',
                'organizations:DescribeOrganization',
              ],
              resources: ['*'],
            }),
          ],
        }),
      },
    });
    acknowledge(
      this.readRole,
      'AwsSolutions-IAM5[Resource::*]',
      'organizations:ListAccounts and DescribeOrganization support no resource-level permissions; all three ' +
        'actions are read-only.',
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
