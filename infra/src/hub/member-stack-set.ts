import { CfnStackSet } from 'aws-cdk-lib';
import { Construct } from 'constructs';

export interface MemberStackSetProps {
  stackSetName: string;
  /** The synthesized member template (JSON). */
  templateBody: string;
  parameters: Record<string, string>;
  organizationalUnitIds: string[];
  regions: string[];
  callAs: 'DELEGATED_ADMIN' | 'SELF';
  maxConcurrentPercentage: number;
  failureTolerancePercentage: number;
}

/**
 * The member template, deployed by a service-managed StackSet to every account of the target OUs
 * in every target region.
 * - Auto-deployment: accounts that join a target OU are enrolled; accounts that leave have their
 *   stacks removed (retainStacksOnAccountRemoval false), so nothing of Guardrail stays behind.
 * - Concurrency in percent of the accounts, so the rollout scales with the organization; regions
 *   in parallel because they are independent (the one IAM role lives in a single region). The
 *   failure tolerance lets a few broken accounts (an SCP, a suspended account) not stop the
 *   enrolment of the rest; they are visible as failed stack instances.
 * - Managed execution queues non-conflicting operations instead of failing them.
 */
export class MemberStackSet extends Construct {
  readonly stackSet: CfnStackSet;

  constructor(scope: Construct, id: string, props: MemberStackSetProps) {
    super(scope, id);
    this.stackSet = new CfnStackSet(this, 'StackSet', {
      stackSetName: props.stackSetName,
      description: 'Guardrail member resources: forwarding rule and remediation role.',
      permissionModel: 'SERVICE_MANAGED',
      callAs: props.callAs,
      autoDeployment: { enabled: true, retainStacksOnAccountRemoval: false },
      managedExecution: { Active: true },
      capabilities: ['CAPABILITY_NAMED_IAM'],
      templateBody: props.templateBody,
      parameters: Object.entries(props.parameters).map(([parameterKey, parameterValue]) => ({
        parameterKey,
        parameterValue,
      })),
      operationPreferences: {
        regionConcurrencyType: 'PARALLEL',
        maxConcurrentPercentage: props.maxConcurrentPercentage,
        failureTolerancePercentage: props.failureTolerancePercentage,
      },
      stackInstancesGroup: [
        {
          deploymentTargets: { organizationalUnitIds: props.organizationalUnitIds },
          regions: props.regions,
        },
      ],
    });
  }
}
