import {
  DescribeAccountCommand,
  ListParentsCommand,
  type OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { classifyAwsError } from '../classify';
import { AccountLookupError, AwsOperationError } from '../errors';

export type AccountLookup =
  | {
      status: 'active';
      id: string;
      name: string;
      /**
       * With `ancestors`: the OUs above the account, nearest first, then the root (what an OU
       * scope of a policy is matched against).
       */
      organizationalUnits?: readonly string[];
    }
  | { status: 'not-member'; id: string }
  | { status: 'inactive'; id: string; name: string; state: string };

export interface AccountDirectoryOptions {
  /** How long an answer is kept (default 10 minutes: an account's membership rarely changes). */
  ttlMs?: number;
  /** Clock for the cache (tests). */
  now?: () => number;
  /**
   * Also read an ACTIVE account's OUs and root (ListParents, up to the root). Only worth its
   * calls when some policy is scoped to OUs; off by default.
   */
  ancestors?: boolean;
}

export const DEFAULT_DIRECTORY_TTL_MS = 10 * 60_000;

/** The codes with which Organizations says "no such account in this organization". */
const NOT_MEMBER = new Set(['AccountNotFoundException']);

/**
 * Organizations nests OUs at most five deep under the root; a longer walk is an answer we cannot
 * trust (a cycle), not a deeper tree.
 */
const MAX_ANCESTORS = 6;

/** A cached answer: the lookup (shared by concurrent callers) and, once it is in, its value. */
interface CacheEntry {
  expiresAt: number;
  lookup: Promise<AccountLookup>;
  settled?: AccountLookup;
}

/**
 * Is an account an ACTIVE member of the organization, what is its name, and (on request) which OUs
 * it sits under. Answers (including "not a member") are cached for a while, and concurrent lookups
 * share one call; a failed lookup is not cached and throws AccountLookupError.
 */
export class AccountDirectory {
  private readonly cache = new Map<string, CacheEntry>();
  private readonly ttlMs: number;
  private readonly now: () => number;
  private readonly ancestors: boolean;

  constructor(
    private readonly client: OrganizationsClient,
    opts: AccountDirectoryOptions = {},
  ) {
    this.ttlMs = opts.ttlMs ?? DEFAULT_DIRECTORY_TTL_MS;
    this.now = opts.now ?? Date.now;
    this.ancestors = opts.ancestors ?? false;
  }

  lookup(accountId: string): Promise<AccountLookup> {
    const cached = this.cache.get(accountId);
    if (cached !== undefined && this.now() < cached.expiresAt) return cached.lookup;
    const lookup = this.describe(accountId);
    const entry: CacheEntry = { expiresAt: this.now() + this.ttlMs, lookup };
    this.cache.set(accountId, entry);
    lookup.then(
      (answer) => {
        entry.settled = answer;
      },
      () => {
        if (this.cache.get(accountId) === entry) this.cache.delete(accountId);
      },
    );
    return lookup;
  }

  /** The answer cached now, if it is fresh and already in: what `lookup` would give without a call. */
  cached(accountId: string): AccountLookup | undefined {
    const cached = this.cache.get(accountId);
    return cached !== undefined && this.now() < cached.expiresAt ? cached.settled : undefined;
  }

  /**
   * Takes an answer given elsewhere (the sweep planner's ListAccounts, at `asOf`) as if it had been
   * looked up then: it expires `ttlMs` after `asOf`. Not taken when a live answer is cached (it is
   * as fresh or fresher), when it has expired already, or when this directory reads ancestors (a
   * listing has no OUs, and an OU-scoped policy needs them).
   */
  prime(lookup: AccountLookup, asOf: Date): void {
    if (this.ancestors) return;
    const expiresAt = asOf.getTime() + this.ttlMs;
    if (!(expiresAt > this.now())) return;
    const cached = this.cache.get(lookup.id);
    if (cached !== undefined && this.now() < cached.expiresAt) return;
    this.cache.set(lookup.id, { expiresAt, lookup: Promise.resolve(lookup), settled: lookup });
  }

  /** Drops the cached answer: the next lookup asks Organizations. */
  forget(accountId: string): void {
    this.cache.delete(accountId);
  }

  private async describe(accountId: string): Promise<AccountLookup> {
    const lookup = await this.membership(accountId);
    if (lookup.status !== 'active' || !this.ancestors) return lookup;
    return { ...lookup, organizationalUnits: await this.ancestorsOf(accountId) };
  }

  private async membership(accountId: string): Promise<AccountLookup> {
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

  /**
   * The OUs from the account's own up, then the root. Any failure (or an answer with no parent)
   * throws: a partial list could leave out the very OU a scope names, and an unknown tree must
   * be retried, never read as "outside the scope".
   */
  private async ancestorsOf(accountId: string): Promise<string[]> {
    const ids: string[] = [];
    let child = accountId;
    for (let depth = 0; depth < MAX_ANCESTORS; depth++) {
      const parent = await this.parentOf(accountId, child);
      ids.push(parent.id);
      if (parent.type === 'ROOT') return ids;
      child = parent.id;
    }
    throw new AccountLookupError(
      accountId,
      new AwsOperationError(`ListParents ${child}`, new Error(`no root within ${MAX_ANCESTORS} levels`)),
    );
  }

  private async parentOf(accountId: string, childId: string): Promise<{ id: string; type: string }> {
    let parent: { Id?: string; Type?: string } | undefined;
    try {
      const { Parents } = await this.client.send(new ListParentsCommand({ ChildId: childId }));
      parent = Parents?.[0];
    } catch (error) {
      throw new AccountLookupError(accountId, new AwsOperationError(`ListParents ${childId}`, error));
    }
    if (parent?.Id === undefined) {
      throw new AccountLookupError(
        accountId,
        new AwsOperationError(`ListParents ${childId}`, new Error('the answer names no parent')),
      );
    }
    return { id: parent.Id, type: String(parent.Type ?? '') };
  }
}
