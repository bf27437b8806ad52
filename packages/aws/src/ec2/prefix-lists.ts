/**
 * Reads managed prefix lists for the planner (`PlanInput.prefixLists` of @guardrail/core), through
 * the member account/region EC2 client the SecurityGroupGateway uses. What a list holds is read
 * at the version DescribeManagedPrefixLists reports, and cached by list id AND version: a
 * modified list has a new version, so it is read again; an unchanged one costs one describe (for
 * every list of the call at once). Failures are values (`unreadable`, with the classified reason),
 * never thrown: the planner reports such a list as unverifiable.
 */
import {
  DescribeManagedPrefixListsCommand,
  type EC2Client,
  GetManagedPrefixListAssociationsCommand,
  GetManagedPrefixListEntriesCommand,
  type ManagedPrefixList,
} from '@aws-sdk/client-ec2';
import type { ReadPrefixList, UnreadablePrefixList } from '@guardrail/core';
import { type AwsErrorKind, classifyAwsError } from '../classify';

/** Why a list could not be read: the classified AWS error, or `not-found` (no such list, or not visible). */
export type PrefixListFailureKind = Exclude<AwsErrorKind, 'already' | 'group-gone'> | 'not-found';

/** A list that could not be read, with what the caller may want to act on (retry later, alert...). */
export interface UnreadablePrefixListResult extends UnreadablePrefixList {
  kind: PrefixListFailureKind;
  /** EC2's error code (`UnauthorizedOperation`), or the error's name. */
  code: string;
}

export type PrefixListReadResult = ReadPrefixList | UnreadablePrefixListResult;

/** A security group whose rules reference a list (GetManagedPrefixListAssociations). */
export interface PrefixListAssociation {
  groupId: string;
  /** The account owning the group. */
  ownerId?: string;
}

export type PrefixListAssociationsResult =
  | { status: 'ok'; groups: PrefixListAssociation[] }
  | { status: 'failed'; kind: PrefixListFailureKind; code: string; message: string };

export interface PrefixListReaderOptions {
  /** Read lists kept, by id and version (the oldest are dropped first). Default 500. */
  cacheSize?: number;
}

/** DescribeManagedPrefixLists and GetManagedPrefixListEntries take at most 100 results a page. */
const PAGE_SIZE = 100;
/** GetManagedPrefixListAssociations: at most 255. */
const ASSOCIATIONS_PAGE_SIZE = 255;
const NOT_FOUND_CODES = new Set(['InvalidPrefixListID.NotFound', 'InvalidPrefixListId.NotFound']);

interface Failure {
  kind: PrefixListFailureKind;
  code: string;
  message: string;
}

function failureOf(error: unknown): Failure {
  const { kind, code, message } = classifyAwsError(error);
  if (NOT_FOUND_CODES.has(code)) return { kind: 'not-found', code, message };
  // "Already" and "group gone" mean nothing for a read: a failure like any other.
  return { kind: kind === 'already' || kind === 'group-gone' ? 'other' : kind, code, message };
}

function unreadable(id: string, failure: Failure): UnreadablePrefixListResult {
  return {
    id,
    unreadable: true,
    reason: `${failure.kind}: ${failure.code}: ${failure.message}`,
    kind: failure.kind,
    code: failure.code,
  };
}

/** Reads prefix lists in one account and region (one EC2 client). */
export class PrefixListReader {
  private readonly cache = new Map<string, ReadPrefixList>();
  private readonly cacheSize: number;

  constructor(
    private readonly ec2: EC2Client,
    options: PrefixListReaderOptions = {},
  ) {
    this.cacheSize = options.cacheSize ?? 500;
  }

  /**
   * Every list asked for, by id, read or unreadable (never thrown). One describe for all the ids
   * (then one per id when EC2 refuses the batch because one of them does not exist), then the
   * entries of each list whose version is not in the cache, in parallel.
   */
  async resolve(ids: readonly string[]): Promise<Map<string, PrefixListReadResult>> {
    const unique = [...new Set(ids)];
    const resolved = new Map<string, PrefixListReadResult>();
    if (unique.length === 0) return resolved;
    const described = await this.describe(unique);
    await Promise.all(
      unique.map(async (id) => {
        const found = described.get(id) ?? {
          failure: { kind: 'not-found', code: 'NotDescribed', message: `${id} was not described` },
        };
        resolved.set(id, 'failure' in found ? unreadable(id, found.failure) : await this.read(found.list));
      }),
    );
    // In the order asked.
    return new Map(unique.map((id) => [id, resolved.get(id) as PrefixListReadResult]));
  }

  /** The security groups whose rules reference the list (paginated). Never throws. */
  async associatedGroups(prefixListId: string): Promise<PrefixListAssociationsResult> {
    try {
      const groups: PrefixListAssociation[] = [];
      let token: string | undefined;
      do {
        const page = await this.ec2.send(
          new GetManagedPrefixListAssociationsCommand({
            PrefixListId: prefixListId,
            MaxResults: ASSOCIATIONS_PAGE_SIZE,
            NextToken: token,
          }),
        );
        for (const { ResourceId, ResourceOwner } of page.PrefixListAssociations ?? []) {
          // Other resources (route tables...) may reference a list: only security groups matter here.
          if (!ResourceId?.startsWith('sg-')) continue;
          groups.push(
            ResourceOwner ? { groupId: ResourceId, ownerId: ResourceOwner } : { groupId: ResourceId },
          );
        }
        token = page.NextToken;
      } while (token);
      return { status: 'ok', groups };
    } catch (error) {
      return { status: 'failed', ...failureOf(error) };
    }
  }

  private async describe(
    ids: string[],
  ): Promise<Map<string, { list: ManagedPrefixList } | { failure: Failure }>> {
    const result = new Map<string, { list: ManagedPrefixList } | { failure: Failure }>();
    try {
      for (const list of await this.describePages(ids)) {
        if (list.PrefixListId) result.set(list.PrefixListId, { list });
      }
    } catch (error) {
      const failure = failureOf(error);
      // EC2 refuses the whole call when one id does not exist: find out which, one by one.
      if (failure.kind === 'not-found' && ids.length > 1) {
        const each = await Promise.all(ids.map((id) => this.describe([id])));
        for (const single of each) for (const [id, entry] of single) result.set(id, entry);
      } else {
        for (const id of ids) result.set(id, { failure });
      }
    }
    return result;
  }

  private async describePages(ids: string[]): Promise<ManagedPrefixList[]> {
    const lists: ManagedPrefixList[] = [];
    let token: string | undefined;
    do {
      const page = await this.ec2.send(
        new DescribeManagedPrefixListsCommand({
          PrefixListIds: ids,
          MaxResults: PAGE_SIZE,
          NextToken: token,
        }),
      );
      lists.push(...(page.PrefixLists ?? []));
      token = page.NextToken;
    } while (token);
    return lists;
  }

  /** The list's entries at its described version, from the cache when that version was read. */
  private async read(list: ManagedPrefixList): Promise<PrefixListReadResult> {
    const id = list.PrefixListId as string;
    const version = list.Version;
    const key = version === undefined ? undefined : `${id}@${version}`;
    const cached = key === undefined ? undefined : this.cache.get(key);
    if (cached) return cached;
    let entries: string[];
    try {
      entries = await this.entries(id, version);
    } catch (error) {
      return unreadable(id, failureOf(error));
    }
    const read: ReadPrefixList = {
      id,
      owner: list.OwnerId === 'AWS' ? 'aws' : 'customer',
      entries,
      ...(list.PrefixListName === undefined ? {} : { name: list.PrefixListName }),
      ...(version === undefined ? {} : { version }),
    };
    if (key !== undefined) this.remember(key, read);
    return read;
  }

  private async entries(id: string, version: number | undefined): Promise<string[]> {
    const cidrs: string[] = [];
    let token: string | undefined;
    do {
      const page = await this.ec2.send(
        new GetManagedPrefixListEntriesCommand({
          PrefixListId: id,
          // Exactly the version described: a modification in between does not mix two versions.
          TargetVersion: version,
          MaxResults: PAGE_SIZE,
          NextToken: token,
        }),
      );
      for (const entry of page.Entries ?? []) if (entry.Cidr !== undefined) cidrs.push(entry.Cidr);
      token = page.NextToken;
    } while (token);
    return cidrs;
  }

  private remember(key: string, read: ReadPrefixList): void {
    if (this.cache.size >= this.cacheSize) {
      const oldest = this.cache.keys().next().value as string;
      this.cache.delete(oldest);
    }
    this.cache.set(key, read);
  }
}
