/** The people who change security groups in the hub organization, and how CloudTrail shows their calls. */
import type { CallerProfile, Sandbox } from '@guardrail/sandbox';

/**
 * An IAM user, or a role people sign in to (SSO, SAML) with its own trust policy; the profile
 * (source IP, user agent, console) is what CloudTrail records for every call it makes.
 */
export type CallerSpec = CallerProfile & { account: string } & (
    | { user: string }
    | { role: string; assumeRolePolicyDocument: object }
  );

/** Creates the caller and, when it has one, its profile; returns its ARN. */
export function createCaller(sb: Sandbox, spec: CallerSpec): string {
  const arn =
    'user' in spec
      ? sb.iam.createUser(spec.account, spec.user)
      : sb.iam.createRole(spec.account, {
          roleName: spec.role,
          assumeRolePolicyDocument: spec.assumeRolePolicyDocument,
        });
  const profile: CallerProfile = {};
  if (spec.sourceIp !== undefined) profile.sourceIp = spec.sourceIp;
  if (spec.userAgent !== undefined) profile.userAgent = spec.userAgent;
  if (spec.console !== undefined) profile.console = spec.console;
  if (Object.keys(profile).length > 0) sb.setCallerProfile(arn, profile);
  return arn;
}
