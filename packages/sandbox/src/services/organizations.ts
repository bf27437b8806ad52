import type { CallContext, Handler, Input } from '../context';
import { paginate } from '../ec2/query';
import { ApiError } from '../errors';
import type { Account, Organization } from '../organization';

/**
 * Organizations reads (accounts, the organization, an account's or OU's parent), allowed only from
 * the management account or a delegated administrator.
 */
export class OrganizationsService {
  readonly handlers: Record<string, Handler>;

  constructor(private readonly organization: Organization) {
    const guarded =
      (handler: (input: Input) => object): Handler =>
      (input: Input, ctx: CallContext) => {
        if (!this.organization.mayQuery(ctx.accountId)) {
          throw new ApiError(
            'AccessDeniedException',
            "You don't have permissions to access this resource. The account must be the management account or a delegated administrator.",
          );
        }
        return handler(input);
      };
    this.handlers = {
      DescribeAccount: guarded((input) => this.describeAccount(String(input.AccountId ?? ''))),
      ListAccounts: guarded((input) => this.listAccounts(input)),
      DescribeOrganization: guarded(() => this.describeOrganization()),
      ListParents: guarded((input) => this.listParents(String(input.ChildId ?? ''))),
      ListAccountsForParent: guarded((input) => this.listAccountsForParent(input)),
      ListChildren: guarded((input) => this.listChildren(input)),
    };
  }

  private toAccount(account: Account) {
    return {
      Id: account.id,
      Arn: this.organization.accountArn(account.id),
      Email: account.email,
      Name: account.name,
      Status: account.status,
      State: account.status,
      JoinedMethod: account.id === this.organization.managementAccountId ? 'INVITED' : 'CREATED',
      JoinedTimestamp: account.joinedAt,
    };
  }

  private describeAccount(accountId: string) {
    const account = this.organization.get(accountId);
    if (!account?.inOrganization) {
      throw new ApiError('AccountNotFoundException', "You specified an account that doesn't exist.");
    }
    return { Account: this.toAccount(account) };
  }

  private listAccounts(input: Input) {
    return this.accountsPage(this.organization.members(), input);
  }

  /** The member accounts directly under the root or an OU (not those of its child OUs). */
  private listAccountsForParent(input: Input) {
    return this.accountsPage(this.children(input).accounts, input);
  }

  private accountsPage(accounts: Account[], input: Input) {
    const { page, nextToken } = this.page(accounts, input);
    return { Accounts: page.map((a) => this.toAccount(a)), ...(nextToken ? { NextToken: nextToken } : {}) };
  }

  /** The OUs or the accounts directly under the root or an OU, as ids and types. */
  private listChildren(input: Input) {
    const type = String(input.ChildType ?? '');
    if (type !== 'ACCOUNT' && type !== 'ORGANIZATIONAL_UNIT')
      throw new ApiError('InvalidInputException', 'ChildType must be ACCOUNT or ORGANIZATIONAL_UNIT.');
    const children = this.children(input);
    const ids = type === 'ACCOUNT' ? children.accounts.map((a) => a.id) : children.units.map((u) => u.id);
    const { page, nextToken } = this.page(ids, input);
    return {
      Children: page.map((Id) => ({ Id, Type: type })),
      ...(nextToken ? { NextToken: nextToken } : {}),
    };
  }

  private children(input: Input) {
    const children = this.organization.childrenOf(String(input.ParentId ?? ''));
    if (!children) {
      throw new ApiError(
        'ParentNotFoundException',
        "We can't find a root or OU with the ParentId that you specified.",
      );
    }
    return children;
  }

  /** Organizations pages its lists by at most 20 (MaxResults 1 to 20). */
  private page<T>(items: T[], input: Input) {
    const max = input.MaxResults === undefined ? 20 : Number(input.MaxResults);
    if (max < 1 || max > 20)
      throw new ApiError('InvalidInputException', 'MaxResults must be between 1 and 20.');
    return paginate(
      items,
      undefined,
      input.NextToken === undefined ? undefined : String(input.NextToken),
      max,
    );
  }

  /** Exactly one parent, as in Organizations today: an account or OU sits under one root or OU. */
  private listParents(childId: string) {
    const parent = this.organization.parentOf(childId);
    if (!parent) {
      throw new ApiError(
        'ChildNotFoundException',
        "We can't find an organizational unit (OU) or AWS account with the ChildId that you specified.",
      );
    }
    return { Parents: [{ Id: parent.id, Type: parent.type }] };
  }

  private describeOrganization() {
    const o = this.organization;
    const management = o.get(o.managementAccountId);
    return {
      Organization: {
        Id: o.id,
        Arn: o.arn,
        FeatureSet: 'ALL',
        MasterAccountArn: o.accountArn(o.managementAccountId),
        MasterAccountId: o.managementAccountId,
        MasterAccountEmail: management?.email,
        AvailablePolicyTypes: [],
      },
    };
  }
}
