import { DescribeAccountCommand, type OrganizationsClient } from '@aws-sdk/client-organizations';
import { classifyAwsError } from '../classify';
import { AccountLookupError } from '../errors';

export type AccountLookup =
  | { status: 'active'; id: string; name: string }
  | { status: 'not-member'; id: string }
  | { status: 'inactive'; id: string; name: string; state: string };

export interface AccountDirectoryOptions {
  /** How long an answer is kept (default 10 minutes: an account's membership rarely changes). */
  ttlMs?: number;
  /** Clock for the cache (tests). */
  now?: () => number;
}

export const DEFAULT_DIRECTORY_TTL_MS = 10 * 60_000;

/** The codes with which Organizations says "no such account in this organization". */
const NOT_MEMBER = new Set(['AccountNotFoundException']);

/**
 * Is an account an ACTIVE member of the organization, and what is its name. Answers (including
 * "not a member") are cached for a while, and concurrent lookups share one call; a failed lookup
 * is not cached and throws AccountLookupError.
 */
export class AccountDirectory {
  private readonly cache = new Map<string, { expiresAt: number; lookup: Promise<AccountLookup> }>();
  private readonly ttlMs: number;
  private readonly now: () => number;

  constructor(
    private readonly client: OrganizationsClient,
    opts: AccountDirectoryOptions = {},
  ) {
    this.ttlMs = opts.ttlMs ?? DEFAULT_DIRECTORY_TTL_MS;
    this.now = opts.now ?? Date.now;
  }

  lookup(accountId: string): Promise<AccountLookup> {
    const cached = this.cache.get(accountId);
    if (cached !== undefined && this.now() < cached.expiresAt) return cached.lookup;
    const lookup = this.describe(accountId);
    const entry = { expiresAt: this.now() + this.ttlMs, lookup };
    this.cache.set(accountId, entry);
    lookup.catch(() => {
      if (this.cache.get(accountId) === entry) this.cache.delete(accountId);
    });
    return lookup;
  }

  private async describe(accountId: string): Promise<AccountLookup> {
    try {
      const { Account } = await this.client.send(new DescribeAccountCommand({ AccountId: accountId }));
      if (Account === undefined) return { status: 'not-member', id: accountId };
      const name = Account.Name ?? accountId;
      // `State` supersedes the deprecated `Status`; either may be the one an endpoint fills in.
      const state = String(Account.State ?? Account.Status ?? 'UNKNOWN');
      if (state === 'ACTIVE') return { status: 'active', id: accountId, name };
      return { status: 'inactive', id: accountId, name, state };
    } catch (error) {
      if (NOT_MEMBER.has(classifyAwsError(error).code)) return { status: 'not-member', id: accountId };
      throw new AccountLookupError(accountId, error);
    }
  }
}
