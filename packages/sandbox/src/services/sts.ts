import type { AssumeRoleRequest } from '@aws-sdk/client-sts';
import type { CallContext, Handler } from '../context';
import { type KeyRing, type Principal, principalAccount, principalId, toIdentity } from '../credentials';
import { ApiError } from '../errors';
import type { Iam } from '../iam';
import type { Organization } from '../organization';
import { accessDenied } from '../service-errors';
import { trustAllows } from '../trust';

/** STS: AssumeRole with the role's trust policy enforced, and GetCallerIdentity. */
export class StsService {
  readonly handlers: Record<string, Handler>;

  constructor(
    private readonly iam: Iam,
    private readonly keys: KeyRing,
    private readonly organization: Organization,
    private readonly now: () => Date,
  ) {
    this.handlers = {
      AssumeRole: (input, ctx) => this.assumeRole(input as Partial<AssumeRoleRequest>, ctx),
      GetCallerIdentity: (_input, ctx) => ({
        UserId: principalId(ctx.key.principal),
        Account: ctx.accountId,
        Arn: ctx.principalArn,
      }),
    };
  }

  private assumeRole(input: Partial<AssumeRoleRequest>, ctx: CallContext) {
    const roleArn = input.RoleArn ?? '';
    const sessionName = input.RoleSessionName ?? '';
    if (!/^[\w+=,.@-]{2,64}$/.test(sessionName)) {
      throw new ApiError(
        'ValidationError',
        `1 validation error detected: Value '${sessionName}' at 'roleSessionName' failed to satisfy constraint`,
      );
    }
    const duration = input.DurationSeconds ?? 3600;
    if (duration < 900 || duration > 43200) {
      throw new ApiError(
        'ValidationError',
        `1 validation error detected: Value '${duration}' at 'durationSeconds' failed to satisfy constraint`,
      );
    }
    const caller = ctx.key.principal;
    const inherited = caller.kind === 'session' ? caller.sourceIdentity : undefined;
    if (inherited !== undefined && input.SourceIdentity !== undefined && input.SourceIdentity !== inherited) {
      throw accessDenied('sts', 'The source identity of a role session cannot be changed.');
    }
    const sourceIdentity = inherited ?? input.SourceIdentity;
    const denied = (action: string) =>
      accessDenied(
        'sts',
        `User: ${ctx.principalArn} is not authorized to perform: ${action} on resource: ${roleArn}`,
      );
    const role = this.iam.role(roleArn);
    if (!role) throw denied('sts:AssumeRole');
    // A suspended account's roles cannot be assumed (as in AWS, where its principals are shut out).
    if (this.organization.get(role.accountId)?.status === 'SUSPENDED') throw denied('sts:AssumeRole');
    const request = {
      principalArns: callerArns(caller, ctx.principalArn),
      accountId: ctx.accountId,
      context: {
        'aws:principalarn': caller.kind === 'session' ? caller.role.arn : ctx.principalArn,
        'aws:principalaccount': ctx.accountId,
        'aws:principalorgid': this.organization.get(ctx.accountId)?.inOrganization
          ? this.organization.id
          : undefined,
        'sts:sourceidentity': sourceIdentity,
        'sts:rolesessionname': sessionName,
      },
    };
    if (!trustAllows(role.trust, { ...request, action: 'sts:AssumeRole' })) throw denied('sts:AssumeRole');
    if (
      input.SourceIdentity !== undefined &&
      !trustAllows(role.trust, { ...request, action: 'sts:SetSourceIdentity' })
    ) {
      throw denied('sts:SetSourceIdentity');
    }
    const creationDate = this.now();
    const session: Principal = {
      kind: 'session',
      role,
      sessionName,
      ...(sourceIdentity !== undefined ? { sourceIdentity } : {}),
      creationDate,
      expiration: new Date(creationDate.getTime() + duration * 1000),
    };
    const key = this.keys.issue(session, ctx.key.profile, true);
    const identity = toIdentity(key);
    return {
      Credentials: {
        AccessKeyId: identity.accessKeyId,
        SecretAccessKey: identity.secretAccessKey,
        SessionToken: identity.sessionToken,
        Expiration: identity.expiration,
      },
      AssumedRoleUser: {
        AssumedRoleId: principalId(session),
        Arn: `arn:${this.organization.partition}:sts::${principalAccount(session)}:assumed-role/${role.roleName}/${sessionName}`,
      },
      ...(sourceIdentity !== undefined ? { SourceIdentity: sourceIdentity } : {}),
    };
  }
}

/** A trust policy names a role session by its role ARN, a user by its user ARN. */
function callerArns(caller: Principal, arn: string): string[] {
  return caller.kind === 'session' ? [caller.role.arn, arn] : [arn];
}
