import { SandboxError } from './errors';
import type { IdFactory } from './random';
import type { AccountSpec } from './types';

export interface Account {
  id: string;
  name: string;
  email: string;
  /** The root or OU directly above the account. */
  parentId: string;
  status: 'ACTIVE' | 'SUSPENDED';
  inOrganization: boolean;
  joinedAt: Date;
}

export interface OrganizationalUnit {
  id: string;
  name: string;
  /** The root or OU directly above it. */
  parentId: string;
}

export interface Parent {
  id: string;
  type: 'ROOT' | 'ORGANIZATIONAL_UNIT';
}

/**
 * The organization: its accounts (members or not), its tree (one root, nested OUs, each member
 * under the root or an OU) and who may query it.
 */
export class Organization {
  /** `r-` and 4 lowercase letters or digits, as Organizations names a root. */
  readonly rootId: string;
  private readonly accounts = new Map<string, Account>();
  private readonly units = new Map<string, OrganizationalUnit>();
  private readonly delegatedAdministrators = new Set<string>();

  constructor(
    readonly id: string,
    readonly managementAccountId: string,
    readonly partition: string,
    private readonly now: () => Date,
    private readonly ids: IdFactory,
  ) {
    this.rootId = ids.root();
  }

  get arn(): string {
    return `arn:${this.partition}:organizations::${this.managementAccountId}:organization/${this.id}`;
  }

  addAccount(spec: AccountSpec): Account {
    if (!/^\d{12}$/.test(spec.id)) throw new SandboxError(`account id must be 12 digits: ${spec.id}`);
    if (this.accounts.has(spec.id)) throw new SandboxError(`account ${spec.id} already exists`);
    const account: Account = {
      id: spec.id,
      name: spec.name,
      email: spec.email ?? `${spec.name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}@example.com`,
      parentId: this.requireParent(spec.ouId ?? this.rootId),
      status: spec.status ?? 'ACTIVE',
      inOrganization: spec.inOrganization ?? true,
      joinedAt: this.now(),
    };
    this.accounts.set(spec.id, account);
    return account;
  }

  get(accountId: string): Account | undefined {
    return this.accounts.get(accountId);
  }

  require(accountId: string): Account {
    const account = this.accounts.get(accountId);
    if (!account) throw new SandboxError(`unknown account ${accountId}: call sb.addAccount first`);
    return account;
  }

  members(): Account[] {
    return [...this.accounts.values()].filter((a) => a.inOrganization);
  }

  setStatus(accountId: string, status: 'ACTIVE' | 'SUSPENDED'): void {
    this.require(accountId).status = status;
  }

  /**
   * The account leaves the organization (RemoveAccountFromOrganization, or LeaveOrganization from
   * the account): it stays an account, with its roles and groups, but is no member any more.
   */
  removeAccount(accountId: string): void {
    this.require(accountId).inOrganization = false;
  }

  /** A new OU under the root or another OU; returns its id (`ou-<root part>-<8 characters>`). */
  createOrganizationalUnit(parentId: string, name: string): string {
    this.requireParent(parentId);
    const id = this.ids.organizationalUnit(this.rootId);
    this.units.set(id, { id, name, parentId });
    return id;
  }

  /** Places an account directly under the root or an OU. */
  moveAccount(accountId: string, parentId: string): void {
    this.require(accountId).parentId = this.requireParent(parentId);
  }

  /**
   * The root or OU directly above a member account or an OU; undefined for anything else (the
   * root has no parent, an account outside the organization is not in its tree).
   */
  parentOf(childId: string): Parent | undefined {
    const account = this.accounts.get(childId);
    const parentId = account?.inOrganization ? account.parentId : this.units.get(childId)?.parentId;
    if (parentId === undefined) return undefined;
    return { id: parentId, type: parentId === this.rootId ? 'ROOT' : 'ORGANIZATIONAL_UNIT' };
  }

  /**
   * What sits directly under the root or an OU: its member accounts and its OUs, each in the
   * order it was made; undefined for an id that is neither.
   */
  childrenOf(parentId: string): { accounts: Account[]; units: OrganizationalUnit[] } | undefined {
    if (parentId !== this.rootId && !this.units.has(parentId)) return undefined;
    return {
      accounts: this.members().filter((account) => account.parentId === parentId),
      units: [...this.units.values()].filter((unit) => unit.parentId === parentId),
    };
  }

  private requireParent(parentId: string): string {
    if (parentId !== this.rootId && !this.units.has(parentId))
      throw new SandboxError(`unknown parent ${parentId}: the root or an OU from createOrganizationalUnit`);
    return parentId;
  }

  /** A delegated administrator may call the Organizations read APIs like the management account. */
  addDelegatedAdministrator(accountId: string): void {
    this.require(accountId);
    this.delegatedAdministrators.add(accountId);
  }

  mayQuery(accountId: string): boolean {
    return accountId === this.managementAccountId || this.delegatedAdministrators.has(accountId);
  }

  accountArn(accountId: string): string {
    return `arn:${this.partition}:organizations::${this.managementAccountId}:account/${this.id}/${accountId}`;
  }
}
