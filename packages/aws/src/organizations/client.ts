import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { CredentialBroker } from '../credentials/broker';
import { type AwsOptions, baseClientConfig, withPlugins } from '../options';

/**
 * The RoleSessionName of every Organizations read session: in CloudTrail, the read role's
 * sessions are told apart from the remediation role's (`guardrail`) at a glance.
 */
export const ORG_READ_SESSION_NAME = 'guardrail-org-read';

export interface OrganizationsClientOptions extends AwsOptions {
  /**
   * The role to assume for Organizations reads (GUARDRAIL_ORG_READ_ROLE_ARN): Organizations
   * answers only the management account or a delegated administrator, and the hub may be
   * neither. Without it, the client calls with the hub's own credentials.
   */
  readRoleArn?: string;
  /**
   * The SourceIdentity of the read session (GUARDRAIL_SOURCE_IDENTITY; default
   * DEFAULT_SOURCE_IDENTITY), as on every session the hub opens: the role's trust must allow
   * `sts:SetSourceIdentity`.
   */
  sourceIdentity?: string;
}

const ROLE_ARN = /^arn:([^:]+):iam::(\d{12}):role\/(.+)$/;

/**
 * The hub's one way to reach Organizations (the live path's AccountDirectory and the sweep's
 * account listing): through the read role when one is configured, with session name
 * ORG_READ_SESSION_NAME and the SourceIdentity, its credentials cached until shortly before they
 * expire; else as the hub itself. A read role that is not an IAM role ARN throws RangeError.
 */
export function createOrganizationsClient(options: OrganizationsClientOptions = {}): OrganizationsClient {
  const { readRoleArn, sourceIdentity, ...aws } = options;
  const credentials =
    readRoleArn === undefined ? aws.credentials : readCredentials(aws, readRoleArn, sourceIdentity);
  return withPlugins(
    new OrganizationsClient(
      baseClientConfig({ ...aws, ...(credentials === undefined ? {} : { credentials }) }),
    ),
    aws.plugins,
  );
}

/** Temporary credentials for the read role, through the broker's machinery (AssumeRoleError on failure). */
function readCredentials(aws: AwsOptions, roleArn: string, sourceIdentity: string | undefined) {
  const match = ROLE_ARN.exec(roleArn);
  if (!match) throw new RangeError(`not an IAM role ARN: ${roleArn}`);
  const [, partition, account, roleName] = match as unknown as [string, string, string, string];
  return new CredentialBroker({
    ...aws,
    roleName,
    partition,
    sessionName: ORG_READ_SESSION_NAME,
    ...(sourceIdentity === undefined ? {} : { sourceIdentity }),
  }).credentialsFor(account);
}
