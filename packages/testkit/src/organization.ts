/**
 * The hub organization on the sandbox: the hub account with the hub role and its topic, member
 * accounts with the remediation role that trusts exactly the hub role, the org-read role in the
 * management account, the people who change groups, and (on request) the hub's queues and state
 * table. Every id comes from the seed, in the order below: the same options, the same ids.
 */
import { GUARDRAIL_NAMES } from '@guardrail/core';
import { type AccountSpec, Sandbox } from '@guardrail/sandbox';
import { type CallerSpec, createCaller } from './callers';
import { HUB_ACCOUNT, HUB_RESOURCE_NAMES, MEMBER_ACCOUNT, REGION } from './defaults';
import { createStateTable } from './state-table';
import { hubTrust, lambdaTrust } from './trust';

/** An account of the organization; `remediationRole` says whether the StackSet reached it. */
export interface AccountOptions extends AccountSpec {
  remediationRole?: boolean;
}

export interface HubOrganizationOptions {
  /** Seeds every id (default 1, as the sandbox). */
  seed?: number;
  /** The sandbox clock (default real time). */
  now?: () => Date;
  /** The hub account (default HUB_ACCOUNT "security-tooling", without the remediation role). */
  hub?: AccountOptions;
  /** The member accounts (default MEMBER_ACCOUNT "workloads-prod"); each gets the remediation role unless `remediationRole: false`. */
  members?: readonly AccountOptions[];
  /** Where the topic, the queues and the state table live (default REGION). */
  region?: string;
  /** Default GUARDRAIL_NAMES.remediationRole. */
  remediationRoleName?: string;
  /** Default GUARDRAIL_NAMES.hubRole. */
  hubRoleName?: string;
  /** What the org-read role lets the hub role do (default AssumeRole and SetSourceIdentity). */
  orgReadActions?: readonly string[];
  /** The people who change groups, created in this order after the roles. */
  callers?: readonly CallerSpec[];
  /** The hub queue (HUB_RESOURCE_NAMES.queue). */
  queue?: boolean;
  /** The hub queue's dead-letter queue (HUB_RESOURCE_NAMES.deadLetterQueue). */
  deadLetterQueue?: boolean;
  /** The sweep queue (HUB_RESOURCE_NAMES.sweepQueue). */
  sweepQueue?: boolean;
  /** The state table (HUB_RESOURCE_NAMES.stateTable), created as infra creates it. */
  stateTable?: boolean;
}

/** The AWS overrides of a hub composed on the sandbox: its plugin and the hub role's credentials. */
export interface HubAws {
  plugins: ReturnType<Sandbox['plugin']>[];
  credentials: ReturnType<Sandbox['credentialsFor']>;
  maxAttempts: number;
}

export interface HubOrganization {
  sb: Sandbox;
  region: string;
  hubAccount: string;
  hubRoleArn: string;
  /** In the management account: Organizations answers only there (or a delegated administrator). */
  orgReadRoleArn: string;
  remediationRoleName: string;
  /** The callers' ARNs, in the order of the options. */
  callers: string[];
  topicArn: string;
  queueUrl?: string;
  deadLetterQueueUrl?: string;
  sweepQueueUrl?: string;
  /** The state table's name. */
  stateTable?: string;
  /** The hub's AWS overrides; each call issues new credentials for the hub role. */
  hubAws(maxAttempts: number): HubAws;
}

const DEFAULT_HUB: AccountOptions = { id: HUB_ACCOUNT, name: 'security-tooling' };
const DEFAULT_MEMBERS: readonly AccountOptions[] = [{ id: MEMBER_ACCOUNT, name: 'workloads-prod' }];

export function createHubOrganization(options: HubOrganizationOptions = {}): HubOrganization {
  const sb = new Sandbox({ seed: options.seed ?? 1, ...(options.now ? { now: options.now } : {}) });
  const region = options.region ?? REGION;
  const hub = options.hub ?? DEFAULT_HUB;
  const members = options.members ?? DEFAULT_MEMBERS;
  const remediationRoleName = options.remediationRoleName ?? GUARDRAIL_NAMES.remediationRole;
  for (const { remediationRole: _, ...account } of [hub, ...members]) sb.addAccount(account);

  const hubRoleArn = sb.iam.createRole(hub.id, {
    roleName: options.hubRoleName ?? GUARDRAIL_NAMES.hubRole,
    assumeRolePolicyDocument: lambdaTrust(),
  });
  const enrolled = [
    ...(hub.remediationRole ? [hub] : []),
    ...members.filter((m) => m.remediationRole !== false),
  ];
  for (const account of enrolled)
    sb.iam.createRole(account.id, {
      roleName: remediationRoleName,
      assumeRolePolicyDocument: hubTrust(hubRoleArn),
    });
  const orgReadRoleArn = sb.iam.createRole(sb.organization.managementAccountId, {
    roleName: GUARDRAIL_NAMES.orgReadRole,
    assumeRolePolicyDocument: hubTrust(hubRoleArn, options.orgReadActions),
  });
  const callers = (options.callers ?? []).map((spec) => createCaller(sb, spec));

  const queue = (wanted: boolean | undefined, name: string) =>
    wanted ? sb.sqs.createQueue(hub.id, region, name) : undefined;
  const queueUrl = queue(options.queue, HUB_RESOURCE_NAMES.queue);
  const deadLetterQueueUrl = queue(options.deadLetterQueue, HUB_RESOURCE_NAMES.deadLetterQueue);
  const sweepQueueUrl = queue(options.sweepQueue, HUB_RESOURCE_NAMES.sweepQueue);
  if (options.stateTable) createStateTable(sb, hub.id, region, HUB_RESOURCE_NAMES.stateTable);

  return {
    sb,
    region,
    hubAccount: hub.id,
    hubRoleArn,
    orgReadRoleArn,
    remediationRoleName,
    callers,
    topicArn: sb.sns.createTopic(hub.id, region, HUB_RESOURCE_NAMES.topic),
    ...(queueUrl ? { queueUrl } : {}),
    ...(deadLetterQueueUrl ? { deadLetterQueueUrl } : {}),
    ...(sweepQueueUrl ? { sweepQueueUrl } : {}),
    ...(options.stateTable ? { stateTable: HUB_RESOURCE_NAMES.stateTable } : {}),
    hubAws: (maxAttempts) => ({
      plugins: [sb.plugin()],
      credentials: sb.credentialsFor(hubRoleArn),
      maxAttempts,
    }),
  };
}
