/**
 * A small organization on the sandbox (the kit's hub organization): the hub account with the hub
 * role, member accounts whose remediation role trusts exactly that role, and a broker wired to it
 * through the real clients.
 */

import type { OrganizationsClient } from '@aws-sdk/client-organizations';
import { GUARDRAIL_NAMES } from '@guardrail/core';
import type { Sandbox } from '@guardrail/sandbox';
import { createHubOrganization, hubTrust, OTHER_REGION, REGION } from '@guardrail/testkit';
import {
  type AwsOptions,
  CredentialBroker,
  type CredentialBrokerOptions,
  createOrganizationsClient,
  type OrganizationsClientOptions,
} from '../src';

export { OTHER_REGION, REGION };

export const HUB_ACCOUNT = '111111111111';
export const MEMBER = '222222222222';
export const OTHER_MEMBER = '333333333333';
export const ROLE_NAME = GUARDRAIL_NAMES.remediationRole;

export interface Org {
  sb: Sandbox;
  hubRoleArn: string;
  /** A role in the management account the hub may assume to read Organizations. */
  orgReadRoleArn: string;
  /** The options a hub would pass: the sandbox plugin, the hub role's credentials, few retries. */
  aws: AwsOptions;
  broker(overrides?: Partial<CredentialBrokerOptions>): CredentialBroker;
}

/** The remediation role's trust: the hub role's exact ARN, with the given actions. */
export const memberTrust: (hubRoleArn: string, actions?: string[]) => object = hubTrust;

export function createOrg(options: { sandboxNow?: () => Date; members?: string[] } = {}): Org {
  const org = createHubOrganization({
    seed: 7,
    ...(options.sandboxNow ? { now: options.sandboxNow } : {}),
    hub: { id: HUB_ACCOUNT, name: 'security-tooling' },
    members: (options.members ?? [MEMBER, OTHER_MEMBER]).map((id, index) => ({
      id,
      name: `member-${index + 1}`,
    })),
  });
  // Two attempts: enough to see the SDK retry a transient fault, few enough to keep tests quick.
  const aws: AwsOptions = { region: REGION, ...org.hubAws(2) };
  return {
    sb: org.sb,
    hubRoleArn: org.hubRoleArn,
    orgReadRoleArn: org.orgReadRoleArn,
    aws,
    broker: (overrides = {}) => new CredentialBroker({ ...aws, roleName: ROLE_NAME, ...overrides }),
  };
}

/** The sandbox's record of calls to one operation. */
export function callsTo(sb: Sandbox, operation: string) {
  return sb.calls.filter((call) => call.operation === operation);
}

/** The hub's Organizations client through the read role (session `guardrail-org-read`, SourceIdentity). */
export function organizationsReader(
  org: Org,
  options: Omit<OrganizationsClientOptions, 'readRoleArn'> = {},
): OrganizationsClient {
  return createOrganizationsClient({ ...org.aws, readRoleArn: org.orgReadRoleArn, ...options });
}
