import { Template } from 'aws-cdk-lib/assertions';
import { exampleConfig, type Synthesized, synthesize } from './support/synth';

let s: Synthesized;
beforeAll(() => {
  s = synthesize(
    exampleConfig({
      organizationsRead: { managementAccountId: '999999999999' },
      scp: { exemptPrincipalArns: ['arn:aws:iam::*:role/break-glass'] },
    }),
  );
});

describe('the optional management-account stack', () => {
  it('is absent without the flags', () => {
    expect(exampleConfig().organizationsRead).toBeUndefined();
  });

  it('creates a read-only Organizations role trusted by the hub role, and tells the hub', () => {
    const org = Template.fromStack(s.stacks.orgAccess!);
    expect(s.stacks.orgAccess!.account).toBe('999999999999');
    org.hasResourceProperties('AWS::IAM::Role', {
      RoleName: 'guardrail-org-read',
      // One statement for both actions: cdk.json's @aws-cdk/aws-iam:minimizePolicies merges them.
      AssumeRolePolicyDocument: {
        Statement: [
          {
            Action: ['sts:AssumeRole', 'sts:SetSourceIdentity'],
            Effect: 'Allow',
            Principal: { AWS: 'arn:aws:iam::111111111111:role/guardrail-hub' },
          },
        ],
      },
    });
    s.hub.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: { GUARDRAIL_ORG_READ_ROLE_ARN: 'arn:aws:iam::999999999999:role/guardrail-org-read' },
      },
    });
  });

  it('attaches the protection SCP to the target OUs, exempting the guardrail roles', () => {
    const org = Template.fromStack(s.stacks.orgAccess!);
    const policies = Object.values(org.findResources('AWS::Organizations::Policy')) as {
      Properties: {
        Type: string;
        TargetIds: string[];
        Content: { Statement: { Sid: string; Condition: Record<string, Record<string, unknown>> }[] };
      };
    }[];
    expect(policies).toHaveLength(1);
    const scp = policies[0]!.Properties;
    expect(scp.Type).toBe('SERVICE_CONTROL_POLICY');
    expect(scp.TargetIds).toEqual(s.config.targets.organizationalUnitIds);
    const tags = scp.Content.Statement.find((statement) => statement.Sid === 'ProtectOptedInGroupTags')!;
    expect(tags.Condition.Null).toEqual({ 'aws:ResourceTag/guardrail:policy': 'false' });
    // What the SCP protects is proven with the IAM simulator in iam-scp.test.ts.
    expect(scp.Content.Statement.map((statement) => statement.Sid)).toEqual([
      'ProtectOptedInGroupTags',
      'ProtectOptedInGroupAllTags',
      'ProtectGuardrailRoles',
      'ProtectStackSetsExecRoles',
      'ProtectForwardingRules',
      'ProtectForwardingDlq',
    ]);
    for (const statement of scp.Content.Statement) {
      // A role named stacksets-exec-* is exempt everywhere else: only StackSets itself may make one.
      if (statement.Sid === 'ProtectStackSetsExecRoles') {
        expect(statement.Condition.ArnNotLike!['aws:PrincipalArn']).toBe(
          'arn:aws:iam::*:role/aws-service-role/*stacksets.cloudformation.amazonaws.com/*',
        );
        continue;
      }
      expect(statement.Condition.ArnNotLike!['aws:PrincipalArn']).toEqual([
        'arn:aws:iam::*:role/guardrail-remediation',
        'arn:aws:iam::*:role/stacksets-exec-*',
        'arn:aws:iam::*:role/aws-service-role/*',
        'arn:aws:iam::*:role/break-glass',
      ]);
    }
  });
});
