import {
  errorText,
  type GroupChange,
  type IncidentContext,
  isRuleChange,
  type SecurityGroupState,
} from '@guardrail/core';
import type { GroupOutcome, GroupUnit } from './group-unit';
import type { AccountLookup, GatewayFactory, MutationFailure, PlanInput, SecurityGroupPort } from './ports';

/** What reconcile needs to know about a group before planning, or the outcome that ends it there. */
export type GroupRead =
  | {
      status: 'found';
      group: SecurityGroupState;
      gateway: SecurityGroupPort;
      accountName?: string;
      /** The OUs and root above the account, when the directory reads them (OU-scoped policies). */
      organizationalUnits?: readonly string[];
    }
  | {
      status: 'ended';
      outcome: Extract<GroupOutcome, 'account-error' | 'group-deleted' | 'retry'>;
      reason: string;
      code?: string;
      accountName?: string;
    };

/**
 * The first step of a reconcile: the account is an ACTIVE member (a cached lookup), and the
 * group's current rules and tags: one DescribeSecurityGroups, and the rules' ids beside it only
 * when a change names rules by id alone (see `needsRuleIds`). When Organizations must be asked
 * (no answer held), the account's session (its role's AssumeRole) opens meanwhile, so a cold
 * instance does not wait for the organization's answer (and the read role's AssumeRole) before
 * the group's own; but nothing of the account is read until the membership says it is an ACTIVE
 * member: an account that left the organization (its role may still trust the hub) may be
 * another organization's now. An account already known not to be one gets no AssumeRole.
 * Never throws: a thrown error is a retry, so a read running alongside the claims can always be
 * awaited, and discarded if the claim is lost.
 */
export async function readGroup(ctx: ReadGroupContext, unit: GroupUnit): Promise<GroupRead> {
  try {
    return await read(ctx, unit);
  } catch (error) {
    return { status: 'ended', outcome: 'retry', reason: errorText(error) };
  }
}

/** Where a read looks the account up: the batch's lookups, and what the directory holds already. */
export interface ReadGroupContext {
  account(id: string): Promise<AccountLookup>;
  /** The membership answer held now, without a call (AccountDirectoryPort.cached). */
  knownAccount?(id: string): AccountLookup | undefined;
  gateways: GatewayFactory;
}

/**
 * The account's gateway with its session opened (or the failure that met): started only while
 * Organizations is being asked about the account. Never rejects: a factory or port that throws
 * leaves the read to open the session itself.
 */
async function openEarly(
  ctx: ReadGroupContext,
  unit: GroupUnit,
): Promise<{ gateway: SecurityGroupPort; failure: MutationFailure | undefined } | undefined> {
  try {
    const gateway = ctx.gateways(unit.account, unit.region);
    return { gateway, failure: await gateway.openSession?.() };
  } catch {
    return undefined;
  }
}

async function read(ctx: ReadGroupContext, unit: GroupUnit): Promise<GroupRead> {
  // An answer already held decides at once. Otherwise the session opens while Organizations is
  // asked, and nothing is read before it says ACTIVE. An account known not to be an ACTIVE
  // member gets no AssumeRole at all.
  const known = ctx.knownAccount?.(unit.account);
  const early = known === undefined ? openEarly(ctx, unit) : undefined;
  const membership = known ?? (await ctx.account(unit.account));
  if (membership.status === 'not-member') {
    return {
      status: 'ended',
      outcome: 'account-error',
      code: 'AccountNotInOrganization',
      reason: `account ${unit.account} is not a member of the organization: events from it are not acted on`,
    };
  }
  if (membership.status === 'inactive') {
    return {
      status: 'ended',
      outcome: 'account-error',
      code: 'AccountNotActive',
      accountName: membership.name,
      reason: `account ${unit.account} is ${membership.state ?? 'not active'} in the organization: events from it are not acted on`,
    };
  }
  const { name: accountName, organizationalUnits } = membership;
  const opened = await early;
  const gateway = opened?.gateway ?? ctx.gateways(unit.account, unit.region);
  const result =
    opened?.failure ?? (await gateway.readGroup(unit.groupId, { ruleIds: needsRuleIds(unit.changes) }));
  switch (result.status) {
    case 'found':
      return {
        status: 'found',
        group: result.group,
        gateway,
        accountName,
        ...(organizationalUnits ? { organizationalUnits } : {}),
      };
    case 'not-found':
      // Nothing to protect any more; we cannot tell whether it was opted in, so report, do not alert.
      return { status: 'ended', outcome: 'group-deleted', accountName, reason: 'the group no longer exists' };
    case 'access-denied':
      return {
        status: 'ended',
        outcome: 'account-error',
        accountName,
        code: result.code,
        reason: `cannot read ${unit.groupId} with the remediation role in account ${unit.account} (${result.code}: ${result.message}): is the account enrolled and the role deployed?`,
      };
    default:
      return {
        status: 'ended',
        outcome: 'retry',
        accountName,
        code: result.code,
        reason: `reading the group failed: ${result.message}`,
      };
  }
}

/**
 * Must the read give the rules' `sgr-` ids? Only when a change modified rules it names by id
 * alone (ModifySecurityGroupRules, UpdateSecurityGroupRuleDescriptions*): what the group holds
 * now is matched to that evidence by id. Everything else is matched by shape (an authorize's
 * rules, a revoke's), and a rule without an id is revoked by its one-peer IpPermission, so a
 * plain event, a sweep re-check and a tag change read the group with one call.
 */
export function needsRuleIds(changes: readonly GroupChange[]): boolean {
  return changes.some((change) => !change.error && isRuleChange(change) && change.rulesModified.length > 0);
}

/** Where an incident of the group happened: account (with its name), region, group. */
export function contextOf(unit: GroupUnit, read: Extract<GroupRead, { status: 'found' }>): IncidentContext {
  const { accountName, group } = read;
  return {
    account: accountName === undefined ? { id: unit.account } : { id: unit.account, name: accountName },
    region: unit.region,
    group: { groupId: unit.groupId, groupName: group.groupName, vpcId: group.vpcId },
  };
}

/** What every plan of a read group is given: the group as read, where it is, its changes. */
export function planInputOf(
  unit: GroupUnit,
  read: Extract<GroupRead, { status: 'found' }>,
  now: Date,
): PlanInput {
  const { organizationalUnits } = read;
  return {
    group: read.group,
    account: unit.account,
    region: unit.region,
    changes: unit.changes,
    now,
    ...(organizationalUnits ? { organizationalUnits } : {}),
  };
}
