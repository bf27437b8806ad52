/**
 * Managed prefix lists, as EC2 serves them: customer-managed lists (owned by an account, optionally
 * shared with others, as AWS RAM does), AWS-managed lists (owner `AWS`, visible to every account
 * of the region), versions (every change of entries is a new version, and old ones stay readable
 * with `TargetVersion`), the associations of a list with the security groups whose rules reference
 * it, and EC2's error codes. Calls to these operations emit no CloudTrail event in the sandbox.
 */
import type {
  CreateManagedPrefixListRequest,
  DescribeManagedPrefixListsRequest,
  GetManagedPrefixListAssociationsRequest,
  GetManagedPrefixListEntriesRequest,
  ManagedPrefixList,
  ModifyManagedPrefixListRequest,
  PrefixListEntry,
} from '@aws-sdk/client-ec2';
import { type Cidr, parseCidr } from '@guardrail/core';
import type { CallContext, Handler } from '../context';
import { ApiError, SandboxError } from '../errors';
import { applyFilters, tagFilterValues } from './query';
import type { Ec2Store } from './store';

/** `OwnerId` of an AWS-managed list. */
export const AWS_OWNER = 'AWS';

type AddressFamily = 'IPv4' | 'IPv6';

export interface StoredPrefixList {
  id: string;
  name: string;
  /** An account id, or `AWS`. */
  ownerId: string;
  region: string;
  addressFamily: AddressFamily;
  maxEntries: number;
  /** Accounts the owner shares the list with. */
  sharedWith: string[];
  tags: Map<string, string>;
  /** `versions[i]` holds the entries of version i + 1; the last is current. */
  versions: PrefixListEntry[][];
  /** Set by a create or a modification; a describe finds it complete. */
  state: 'create-complete' | 'modify-complete';
}

/** A list to create directly, as a test or the demo describes it. */
export interface SeedPrefixListSpec {
  region: string;
  name: string;
  /** The owning account, or `AWS` for an AWS-managed list (then `id` is usually given). */
  owner: string;
  id?: string;
  entries?: (string | PrefixListEntry)[];
  addressFamily?: AddressFamily;
  maxEntries?: number;
  sharedWith?: string[];
  tags?: Record<string, string>;
}

function notFound(id: string): ApiError {
  return new ApiError('InvalidPrefixListID.NotFound', `The prefix list ID '${id}' does not exist`);
}

function missing(parameter: string): ApiError {
  return new ApiError('MissingParameter', `The request must contain the parameter ${parameter}`);
}

/** EC2's NextToken/MaxResults paging, with each operation's own bounds. */
function page<T>(
  items: T[],
  input: { MaxResults?: number; NextToken?: string },
  bounds: { min: number; max: number; default: number },
): { page: T[]; nextToken?: string } {
  const { MaxResults: max, NextToken: token } = input;
  if (max !== undefined && (max < bounds.min || max > bounds.max)) {
    throw new ApiError(
      'InvalidParameterValue',
      `Value ( ${max} ) for parameter maxResults is invalid. Expecting a value between ${bounds.min} and ${bounds.max}.`,
    );
  }
  let offset = 0;
  if (token !== undefined) {
    const decoded = Buffer.from(token, 'base64')
      .toString('utf8')
      .match(/^pl-offset:(\d+)$/);
    if (!decoded) throw new ApiError('InvalidParameterValue', 'The specified NextToken is not valid.');
    offset = Number(decoded[1]);
  }
  const size = max ?? bounds.default;
  const slice = items.slice(offset, offset + size);
  if (offset + size >= items.length) return { page: slice };
  return { page: slice, nextToken: Buffer.from(`pl-offset:${offset + size}`).toString('base64') };
}

/** Every prefix list of the sandbox, and the handlers of the five prefix list operations. */
export class PrefixListStore {
  private readonly lists = new Map<string, StoredPrefixList>();

  constructor(private readonly ec2: Ec2Store) {}

  /** The lists an account sees in a region: its own, those shared with it, and AWS's. */
  visible(account: string, region: string): StoredPrefixList[] {
    return [...this.lists.values()].filter(
      (list) =>
        list.region === region &&
        (list.ownerId === account || list.ownerId === AWS_OWNER || list.sharedWith.includes(account)),
    );
  }

  find(account: string, region: string, id: string | undefined): StoredPrefixList {
    if (!id) throw missing('PrefixListId');
    const list = this.visible(account, region).find((l) => l.id === id);
    if (!list) throw notFound(id);
    return list;
  }

  seed(spec: SeedPrefixListSpec): StoredPrefixList {
    const id = spec.id ?? this.ec2.ids.resource('pl');
    if (this.lists.has(id)) throw new SandboxError(`prefix list ${id} already exists`);
    const entries = (spec.entries ?? []).map((e) => (typeof e === 'string' ? { Cidr: e } : e));
    const list: StoredPrefixList = {
      id,
      name: spec.name,
      ownerId: spec.owner,
      region: spec.region,
      addressFamily: spec.addressFamily ?? 'IPv4',
      maxEntries: spec.maxEntries ?? Math.max(entries.length, 10),
      sharedWith: [...(spec.sharedWith ?? [])],
      tags: new Map(Object.entries(spec.tags ?? {})),
      versions: [entries],
      state: 'create-complete',
    };
    this.lists.set(id, list);
    return list;
  }

  get handlers(): Record<string, Handler> {
    return {
      DescribeManagedPrefixLists: (i, c) => this.describe(i, c),
      GetManagedPrefixListEntries: (i, c) => this.entries(i, c),
      GetManagedPrefixListAssociations: (i, c) => this.associations(i, c),
      CreateManagedPrefixList: (i, c) => this.create(i, c),
      ModifyManagedPrefixList: (i, c) => this.modify(i, c),
    };
  }

  private describe(input: Partial<DescribeManagedPrefixListsRequest>, ctx: CallContext) {
    let lists = this.visible(ctx.accountId, ctx.region);
    if (input.PrefixListIds?.length) {
      lists = input.PrefixListIds.map((id) => this.find(ctx.accountId, ctx.region, id));
    }
    const filtered = applyFilters(lists, input.Filters, (list, name) => {
      if (name === 'prefix-list-id') return [list.id];
      if (name === 'prefix-list-name') return [list.name];
      if (name === 'owner-id') return [list.ownerId];
      return tagFilterValues(list.tags, name);
    });
    const { page: selected, nextToken } = page(filtered, input, { min: 1, max: 100, default: 100 });
    return {
      PrefixLists: selected.map((list) => this.shape(list)),
      ...(nextToken ? { NextToken: nextToken } : {}),
    };
  }

  private entries(input: Partial<GetManagedPrefixListEntriesRequest>, ctx: CallContext) {
    const list = this.find(ctx.accountId, ctx.region, input.PrefixListId);
    const version = input.TargetVersion ?? list.versions.length;
    const entries = list.versions[version - 1];
    if (entries === undefined) {
      throw new ApiError(
        'InvalidParameterValue',
        `The prefix list '${list.id}' has no version ${version} (its current version is ${list.versions.length})`,
      );
    }
    const { page: selected, nextToken } = page(entries, input, { min: 1, max: 100, default: 100 });
    return { Entries: structuredClone(selected), ...(nextToken ? { NextToken: nextToken } : {}) };
  }

  private associations(input: Partial<GetManagedPrefixListAssociationsRequest>, ctx: CallContext) {
    const list = this.find(ctx.accountId, ctx.region, input.PrefixListId);
    // The owner sees the groups of every account it shares with; anyone else, its own.
    const accounts = list.ownerId === ctx.accountId ? [list.ownerId, ...list.sharedWith] : [ctx.accountId];
    const associations = accounts.flatMap((account) =>
      this.ec2
        .list(account, ctx.region)
        .filter((group) => group.rules.some((rule) => rule.PrefixListId === list.id))
        .map((group) => ({ ResourceId: group.groupId, ResourceOwner: account })),
    );
    const { page: selected, nextToken } = page(associations, input, { min: 5, max: 255, default: 255 });
    return { PrefixListAssociations: selected, ...(nextToken ? { NextToken: nextToken } : {}) };
  }

  private create(input: Partial<CreateManagedPrefixListRequest>, ctx: CallContext) {
    if (!input.PrefixListName) throw missing('PrefixListName');
    if (input.MaxEntries === undefined) throw missing('MaxEntries');
    if (input.AddressFamily !== 'IPv4' && input.AddressFamily !== 'IPv6') {
      throw new ApiError('InvalidParameterValue', `The address family '${input.AddressFamily}' is invalid`);
    }
    if (input.PrefixListName.startsWith('com.amazonaws')) {
      throw new ApiError('InvalidParameterValue', "Prefix list names cannot start with 'com.amazonaws'.");
    }
    if (input.MaxEntries < 1 || input.MaxEntries > 1000) {
      throw new ApiError('InvalidParameterValue', `The max entries value '${input.MaxEntries}' is invalid`);
    }
    const entries = (input.Entries ?? []).map((e) =>
      this.checkedEntry(e, input.AddressFamily as AddressFamily),
    );
    if (entries.length > input.MaxEntries) throw maxExceeded(input.MaxEntries);
    duplicates(entries);
    const tags = (input.TagSpecifications ?? [])
      .filter((s) => s.ResourceType === 'prefix-list')
      .flatMap((s) => s.Tags ?? []);
    const list = this.seed({
      region: ctx.region,
      owner: ctx.accountId,
      name: input.PrefixListName,
      entries,
      addressFamily: input.AddressFamily,
      maxEntries: input.MaxEntries,
      tags: Object.fromEntries(tags.map((t) => [t.Key ?? '', t.Value ?? ''])),
    });
    return { PrefixList: { ...this.shape(list), State: 'create-in-progress' } };
  }

  private modify(input: Partial<ModifyManagedPrefixListRequest>, ctx: CallContext) {
    const list = this.find(ctx.accountId, ctx.region, input.PrefixListId);
    if (list.ownerId !== ctx.accountId) {
      throw new ApiError(
        'InvalidPrefixListModification',
        `The prefix list '${list.id}' is owned by ${list.ownerId === AWS_OWNER ? 'AWS' : 'another account'} and cannot be modified.`,
      );
    }
    const current = list.versions.length;
    if (input.CurrentVersion !== undefined && input.CurrentVersion !== current) {
      throw new ApiError('PrefixListVersionMismatch', 'The prefix list has the incorrect version number.');
    }
    const adds = (input.AddEntries ?? []).map((e) => this.checkedEntry(e, list.addressFamily));
    const removes = (input.RemoveEntries ?? []).map((e) => e.Cidr ?? '');
    const changesEntries = adds.length > 0 || removes.length > 0;
    if (changesEntries && input.MaxEntries !== undefined) {
      throw new ApiError(
        'InvalidParameterCombination',
        'You cannot modify the entries of a prefix list and modify the size of a prefix list at the same time.',
      );
    }
    if (changesEntries) {
      const entries = structuredClone(list.versions[current - 1] as PrefixListEntry[]);
      for (const cidr of removes) {
        const at = entries.findIndex((e) => e.Cidr === cidr);
        if (at < 0) {
          throw new ApiError(
            'InvalidPrefixListModification',
            `The CIDR '${cidr}' is not in the prefix list.`,
          );
        }
        entries.splice(at, 1);
      }
      for (const entry of adds) {
        if (entries.some((e) => e.Cidr === entry.Cidr)) {
          throw new ApiError(
            'InvalidPrefixListModification',
            `The CIDR '${entry.Cidr}' is already in the prefix list.`,
          );
        }
        entries.push(entry);
      }
      if (entries.length > list.maxEntries) throw maxExceeded(list.maxEntries);
      list.versions.push(entries);
    }
    if (input.MaxEntries !== undefined) {
      if (input.MaxEntries < (list.versions[current - 1] as PrefixListEntry[]).length) {
        throw maxExceeded(input.MaxEntries);
      }
      list.maxEntries = input.MaxEntries;
    }
    if (input.PrefixListName) list.name = input.PrefixListName;
    list.state = 'modify-complete';
    return { PrefixList: { ...this.shape(list), State: 'modify-in-progress' } };
  }

  private checkedEntry(
    entry: { Cidr?: string; Description?: string },
    family: AddressFamily,
  ): PrefixListEntry {
    if (!entry.Cidr) throw missing('Cidr');
    let cidr: Cidr;
    try {
      cidr = parseCidr(entry.Cidr);
    } catch {
      throw new ApiError('InvalidParameterValue', `The CIDR '${entry.Cidr}' is invalid.`);
    }
    if ((cidr.family === 4) !== (family === 'IPv4')) {
      throw new ApiError(
        'InvalidParameterValue',
        `The CIDR '${entry.Cidr}' does not match the address family ${family} of the prefix list.`,
      );
    }
    return entry.Description === undefined
      ? { Cidr: entry.Cidr }
      : { Cidr: entry.Cidr, Description: entry.Description };
  }

  private shape(list: StoredPrefixList): ManagedPrefixList {
    const account = list.ownerId === AWS_OWNER ? 'aws' : list.ownerId;
    return {
      PrefixListId: list.id,
      AddressFamily: list.addressFamily,
      State: list.state,
      PrefixListArn: `arn:${this.ec2.partition}:ec2:${list.region}:${account}:prefix-list/${list.id}`,
      PrefixListName: list.name,
      MaxEntries: list.maxEntries,
      Version: list.versions.length,
      Tags: [...list.tags].map(([Key, Value]) => ({ Key, Value })),
      OwnerId: list.ownerId,
    };
  }
}

function maxExceeded(max: number): ApiError {
  return new ApiError(
    'PrefixListMaxEntriesExceeded',
    `The prefix list would have more than its maximum of ${max} entries.`,
  );
}

function duplicates(entries: PrefixListEntry[]): void {
  const seen = new Set<string>();
  for (const { Cidr } of entries) {
    if (seen.has(Cidr as string)) {
      throw new ApiError('InvalidRequest', `The CIDR '${Cidr}' is given more than once.`);
    }
    seen.add(Cidr as string);
  }
}
