/**
 * Which account x regions `guardrail report` reads, and the EC2 client for each: the caller's own
 * account (STS GetCallerIdentity) with the caller's credentials, or every ACTIVE account of the
 * organization (Organizations ListAccounts, paginated, as the sweep lists them) through a role
 * assumed in each. Nothing here writes anything.
 */

import type { EC2Client } from '@aws-sdk/client-ec2';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import {
  type AwsOptions,
  CredentialBroker,
  createClients,
  createOrganizationsClient,
  listActiveAccounts,
} from '@guardrail/aws';
import { errorText, GuardrailError } from '@guardrail/core';

/**
 * The RoleSessionName of the report's sessions in the member accounts: in CloudTrail the report's
 * reads (`assumed-role/<role>/guardrail-report`) are told apart from the hub's (`.../guardrail`).
 */
export const REPORT_SESSION_NAME = 'guardrail-report';

/** One account x region to read. */
export interface ReportCell {
  account: string;
  accountName?: string;
  region: string;
}

export interface ReportTargets {
  cells: ReportCell[];
  /** The EC2 client that reads the cell (released by `release`). */
  ec2(cell: ReportCell): EC2Client;
  /** Closes every client made. */
  release(): void;
}

/** What to read could not be found out at all (who the caller is, the organization's accounts): nothing was read. */
export class ReportSourceError extends GuardrailError {
  override readonly name = 'ReportSourceError';
}

/** The caller's own account in each region, with the caller's own credentials. */
export async function callerTargets(aws: AwsOptions, regions: readonly string[]): Promise<ReportTargets> {
  const clients = createClients(aws);
  let account: string;
  try {
    const identity = await clients.sts().send(new GetCallerIdentityCommand({}));
    account = identity.Account ?? 'unknown';
  } catch (error) {
    throw new ReportSourceError(
      `cannot tell which account the credentials are for (STS GetCallerIdentity): ${errorText(error)}`,
      { cause: error },
    );
  } finally {
    clients.sts().destroy();
  }
  const made: EC2Client[] = [];
  return {
    cells: regions.map((region) => ({ account, region })),
    ec2(cell) {
      const client = clients.ec2(cell.region);
      made.push(client);
      return client;
    },
    release() {
      for (const client of made) client.destroy();
    },
  };
}

export interface OrganizationReadOptions {
  /** The role to assume in every member account. */
  roleName: string;
  /** A role to assume for Organizations reads; the caller's own credentials when absent. */
  orgRoleArn?: string;
  /** The SourceIdentity of every session opened (the member role's trust may demand one). */
  sourceIdentity: string;
}

/**
 * Every ACTIVE account of the organization but the management account (the StackSet never
 * deploys there, so the sweep leaves it out too; suspended and closing accounts have nothing to
 * read), each in every region, read through `roleName` assumed in the account.
 */
export async function organizationTargets(
  aws: AwsOptions,
  regions: readonly string[],
  options: OrganizationReadOptions,
): Promise<ReportTargets> {
  const organizations = createOrganizationsClient({
    ...aws,
    ...(options.orgRoleArn === undefined ? {} : { readRoleArn: options.orgRoleArn }),
    sourceIdentity: options.sourceIdentity,
  });
  let accounts: Awaited<ReturnType<typeof listActiveAccounts>>;
  try {
    accounts = await listActiveAccounts(organizations, { excludeManagementAccount: true });
  } catch (error) {
    throw new ReportSourceError(`cannot list the organization's accounts: ${errorText(error)}`, {
      cause: error,
    });
  } finally {
    organizations.destroy();
  }
  const broker = new CredentialBroker({
    ...aws,
    roleName: options.roleName,
    sessionName: REPORT_SESSION_NAME,
    sourceIdentity: options.sourceIdentity,
  });
  return {
    cells: accounts.flatMap((a) => regions.map((region) => ({ account: a.id, accountName: a.name, region }))),
    ec2: (cell) => broker.ec2(cell.account, cell.region),
    release: () => broker.destroy(),
  };
}
