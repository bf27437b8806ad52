/**
 * A small organization on the sandbox: the hub account with the hub role, member accounts whose
 * remediation role trusts exactly that role, and a broker wired to it through the real clients.
 */
import { Sandbox } from '@guardrail/sandbox';
import { type AwsOptions, CredentialBroker, type CredentialBrokerOptions } from '../src';

export const HUB_ACCOUNT = '111111111111';
export const MEMBER = '222222222222';
export const OTHER_MEMBER = '333333333333';
export const ROLE_NAME = 'guardrail-remediation';
export const REGION = 'eu-west-1';
export const OTHER_REGION = 'us-east-1';

export interface Org {
  sb: Sandbox;
  hubRoleArn: string;
  /** A role in the management account the hub may assume to read Organizations. */
  orgReadRoleArn: string;
  /** The options a hub would pass: the sandbox plugin, the hub role's credentials, few retries. */
  aws: AwsOptions;
  broker(overrides?: Partial<CredentialBrokerOptions>): CredentialBroker;
}

export function memberTrust(
  hubRoleArn: string,
  actions = ['sts:AssumeRole', 'sts:SetSourceIdentity'],
): object {
  return {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { AWS: hubRoleArn }, Action: actions }],
  };
}

export function createOrg(options: { sandboxNow?: () => Date; members?: string[] } = {}): Org {
  const sb = new Sandbox({ seed: 7, ...(options.sandboxNow ? { now: options.sandboxNow } : {}) });
  sb.addAccount({ id: HUB_ACCOUNT, name: 'security-tooling' });
  const hubRoleArn = sb.iam.createRole(HUB_ACCOUNT, {
    roleName: 'guardrail-hub',
    assumeRolePolicyDocument: {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' },
      ],
    },
  });
  for (const [index, id] of (options.members ?? [MEMBER, OTHER_MEMBER]).entries()) {
    sb.addAccount({ id, name: `member-${index + 1}` });
    sb.iam.createRole(id, { roleName: ROLE_NAME, assumeRolePolicyDocument: memberTrust(hubRoleArn) });
  }
  const orgReadRoleArn = sb.iam.createRole(sb.organization.managementAccountId, {
    roleName: 'guardrail-org-read',
    assumeRolePolicyDocument: memberTrust(hubRoleArn, ['sts:AssumeRole']),
  });
  const aws: AwsOptions = {
    region: REGION,
    plugins: [sb.plugin()],
    // Two attempts: enough to see the SDK retry a transient fault, few enough to keep tests quick.
    maxAttempts: 2,
    credentials: sb.credentialsFor(hubRoleArn),
  };
  return {
    sb,
    hubRoleArn,
    orgReadRoleArn,
    aws,
    broker: (overrides = {}) => new CredentialBroker({ ...aws, roleName: ROLE_NAME, ...overrides }),
  };
}

/** The sandbox's record of calls to one operation. */
export function callsTo(sb: Sandbox, operation: string) {
  return sb.calls.filter((call) => call.operation === operation);
}
