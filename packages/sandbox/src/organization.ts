import { SandboxError } from './errors';
import type { AccountSpec } from './types';

export interface Account {
  id: string;
  name: string;
  email: string;
  ouId?: string;
  status: 'ACTIVE' | 'SUSPENDED';
  inOrganization: boolean;
  joinedAt: Date;
}

/** The organization: its accounts (members or not) and who may query it. */
export class Organization {
  private readonly accounts = new Map<string, Account>();
  private readonly delegatedAdministrators = new Set<string>();

  constructor(
    readonly id: string,
    readonly managementAccountId: string,
    readonly partition: string,
    private readonly now: () => Date,
  ) {}

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
      ouId: spec.ouId,
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
