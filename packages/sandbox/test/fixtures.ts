import { EC2Client } from '@aws-sdk/client-ec2';
import { STSClient } from '@aws-sdk/client-sts';
import { ConfiguredRetryStrategy } from '@smithy/core/retry';
import { Sandbox } from '../src';

export const MEMBER = '111122223333';
export const OTHER = '444455556666';
export const HUB = '222233334444';
export const REGION = 'eu-west-1';
export const FIXED_NOW = new Date('2025-03-01T10:00:00.000Z');

/** Retries with no backoff, so fault tests run fast (attempts still counted by the SDK). */
export const fastRetries = (maxAttempts = 3) => new ConfiguredRetryStrategy(maxAttempts, () => 1);

/** An organization with a member account, a hub account, and a person (`alice`) in the member account. */
export function organization(seed = 7) {
  let clock = FIXED_NOW.getTime();
  const sb = new Sandbox({ seed, now: () => new Date(clock) });
  sb.addAccount({ id: MEMBER, name: 'workloads-prod' });
  sb.addAccount({ id: HUB, name: 'security-tooling' });
  sb.addAccount({ id: OTHER, name: 'outsider', inOrganization: false });
  const alice = sb.iam.createUser(MEMBER, 'alice');
  const hubRole = sb.iam.createRole(HUB, {
    roleName: 'guardrail-hub',
    assumeRolePolicyDocument: {
      Statement: [
        { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' },
      ],
    },
  });
  const remediationRole = sb.iam.createRole(MEMBER, {
    roleName: 'guardrail-remediation',
    assumeRolePolicyDocument: {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: { AWS: hubRole }, Action: ['sts:AssumeRole', 'sts:SetSourceIdentity'] },
      ],
    },
  });
  const ec2As = (principalArn: string, extra: ConstructorParameters<typeof EC2Client>[0] = {}) =>
    sb.attach(new EC2Client({ ...sb.clientConfig({ principalArn, region: REGION }), ...extra }));
  const stsAs = (principalArn: string) =>
    sb.attach(new STSClient({ ...sb.clientConfig({ principalArn, region: REGION }) }));
  return {
    sb,
    alice,
    hubRole,
    remediationRole,
    ec2As,
    stsAs,
    advance: (ms: number) => {
      clock += ms;
    },
  };
}
