/** The trust policies of the roles the hub organization holds (design.md section 7). */

const ASSUME_WITH_SOURCE_IDENTITY = ['sts:AssumeRole', 'sts:SetSourceIdentity'];

/** The hub role's trust: the Lambda service. */
export function lambdaTrust(): object {
  return {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' },
    ],
  };
}

/**
 * The trust of a role only the hub may assume (the member remediation role, the org-read role):
 * the hub role's exact ARN, allowed to assume it and (by default) to set its SourceIdentity.
 */
export function hubTrust(
  hubRoleArn: string,
  actions: readonly string[] = ASSUME_WITH_SOURCE_IDENTITY,
): object {
  return {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { AWS: hubRoleArn }, Action: [...actions] }],
  };
}
