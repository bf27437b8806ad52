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
    const max = input.MaxResults === undefined ? 20 : Number(input.MaxResults);
    if (max < 1 || max > 20)
      throw new ApiError('InvalidInputException', 'MaxResults must be between 1 and 20.');
    const { page, nextToken } = paginate(
      this.organization.members(),
      undefined,
      input.NextToken === undefined ? undefined : String(input.NextToken),
      max,
    );
    return { Accounts: page.map((a) => this.toAccount(a)), ...(nextToken ? { NextToken: nextToken } : {}) };
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
