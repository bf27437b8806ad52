import {
  type Account,
  DescribeOrganizationCommand,
  ListAccountsCommand,
  ListAccountsForParentCommand,
  ListChildrenCommand,
  type OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { AwsOperationError } from '../errors';

/** An ACTIVE member account, as the sweep enrolls it. */
export interface OrganizationAccount {
  id: string;
  name: string;
}

export interface ListActiveAccountsOptions {
  /**
   * Restrict to the accounts under these OUs (or roots), nested OUs included; the whole
   * organization when absent or empty.
   */
  ouIds?: readonly string[];
  /**
   * Leave the management account out (DescribeOrganization). A service-managed StackSet never
   * deploys to it, so it is never enrolled.
   */
  excludeManagementAccount?: boolean;
}

/** Organizations' largest page for ListAccounts / ListAccountsForParent / ListChildren. */
const PAGE_SIZE = 20;

/**
 * Every ACTIVE account of the organization (ListAccounts), or of the given OUs and their
 * descendants (ListChildren + ListAccountsForParent), each once, sorted by id. Suspended and
 * closing accounts are left out: nothing there can be remediated. Throws AwsOperationError.
 */
export async function listActiveAccounts(
  client: OrganizationsClient,
  options: ListActiveAccountsOptions = {},
): Promise<OrganizationAccount[]> {
  const ouIds = options.ouIds ?? [];
  const [accounts, management] = await Promise.all([
    ouIds.length === 0 ? listAll(client) : listUnder(client, [...new Set(ouIds)]),
    options.excludeManagementAccount ? managementAccountId(client) : undefined,
  ]);
  const byId = new Map<string, OrganizationAccount>();
  for (const account of accounts) {
    if (account.Id === undefined || account.Id === management || !isActive(account)) continue;
    byId.set(account.Id, { id: account.Id, name: account.Name ?? account.Id });
  }
  return [...byId.values()].sort((a, b) => a.id.localeCompare(b.id));
}

/** `State` supersedes the deprecated `Status`; either may be the one an endpoint fills in. */
function isActive(account: Account): boolean {
  return String(account.State ?? account.Status ?? '') === 'ACTIVE';
}

async function managementAccountId(client: OrganizationsClient): Promise<string | undefined> {
  const { Organization } = await call('DescribeOrganization', () =>
    client.send(new DescribeOrganizationCommand({})),
  );
  return Organization?.MasterAccountId;
}

async function listAll(client: OrganizationsClient): Promise<Account[]> {
  const accounts: Account[] = [];
  let token: string | undefined;
  do {
    const page = await call('ListAccounts', () =>
      client.send(new ListAccountsCommand({ MaxResults: PAGE_SIZE, NextToken: token })),
    );
    accounts.push(...(page.Accounts ?? []));
    token = page.NextToken;
  } while (token);
  return accounts;
}

/** Breadth-first through the OU tree: the accounts directly under each OU, then its child OUs. */
async function listUnder(client: OrganizationsClient, roots: string[]): Promise<Account[]> {
  const accounts: Account[] = [];
  const visited = new Set<string>();
  let level = roots;
  while (level.length > 0) {
    const next: string[] = [];
    const fresh = level.filter((id) => !visited.has(id) && visited.add(id));
    await Promise.all(
      fresh.map(async (parentId) => {
        const [direct, children] = await Promise.all([
          accountsOf(client, parentId),
          childOus(client, parentId),
        ]);
        accounts.push(...direct);
        next.push(...children);
      }),
    );
    level = next;
  }
  return accounts;
}

async function accountsOf(client: OrganizationsClient, parentId: string): Promise<Account[]> {
  const accounts: Account[] = [];
  let token: string | undefined;
  do {
    const page = await call(`ListAccountsForParent ${parentId}`, () =>
      client.send(
        new ListAccountsForParentCommand({ ParentId: parentId, MaxResults: PAGE_SIZE, NextToken: token }),
      ),
    );
    accounts.push(...(page.Accounts ?? []));
    token = page.NextToken;
  } while (token);
  return accounts;
}

async function childOus(client: OrganizationsClient, parentId: string): Promise<string[]> {
  const ids: string[] = [];
  let token: string | undefined;
  do {
    const page = await call(`ListChildren ${parentId}`, () =>
      client.send(
        new ListChildrenCommand({
          ParentId: parentId,
          ChildType: 'ORGANIZATIONAL_UNIT',
          MaxResults: PAGE_SIZE,
          NextToken: token,
        }),
      ),
    );
    for (const child of page.Children ?? []) if (child.Id) ids.push(child.Id);
    token = page.NextToken;
  } while (token);
  return ids;
}

async function call<T>(operation: string, send: () => Promise<T>): Promise<T> {
  try {
    return await send();
  } catch (error) {
    throw new AwsOperationError(operation, error);
  }
}
