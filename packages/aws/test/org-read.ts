/**
 * The Organizations client the hub uses (createOrganizationsClient) on the fixture's read role.
 * The hub's read session always carries its SourceIdentity, so the role is trusted for
 * `sts:SetSourceIdentity` too, as infra's OrgAccessStack trusts it.
 */
import type { OrganizationsClient } from '@aws-sdk/client-organizations';
import { createOrganizationsClient, type OrganizationsClientOptions } from '../src';
import { memberTrust, type Org } from './fixture';

/** Re-creates the fixture's read role (same ARN) trusting the hub role for AssumeRole and SetSourceIdentity. */
export function trustReadRoleWithSourceIdentity(org: Org): void {
  const management = org.sb.organization.managementAccountId;
  const roleName = org.orgReadRoleArn.split('/').at(-1) ?? '';
  org.sb.iam.deleteRole(management, roleName);
  org.sb.iam.createRole(management, { roleName, assumeRolePolicyDocument: memberTrust(org.hubRoleArn) });
}

/** The hub's Organizations client through the read role (session `guardrail-org-read`, SourceIdentity). */
export function organizationsReader(
  org: Org,
  options: Omit<OrganizationsClientOptions, 'readRoleArn'> = {},
): OrganizationsClient {
  trustReadRoleWithSourceIdentity(org);
  return createOrganizationsClient({ ...org.aws, readRoleArn: org.orgReadRoleArn, ...options });
}
