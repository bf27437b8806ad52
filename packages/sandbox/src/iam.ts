import { SandboxError } from './errors';
import type { Organization } from './organization';
import type { IdFactory } from './random';
import { type PolicyDocument, parseTrustPolicy } from './trust';

export interface Role {
  accountId: string;
  roleName: string;
  arn: string;
  /** `AROA...`: the role's unique id, the first half of a session's principalId. */
  roleId: string;
  trust: PolicyDocument;
}

export interface User {
  accountId: string;
  userName: string;
  arn: string;
  userId: string;
}

/** IAM as far as the sandbox needs it: roles with trust policies, and users. */
export class Iam {
  private readonly roles = new Map<string, Role>();
  private readonly users = new Map<string, User>();

  constructor(
    private readonly organization: Organization,
    private readonly ids: IdFactory,
  ) {}

  createRole(
    accountId: string,
    spec: { roleName: string; assumeRolePolicyDocument: object | string },
  ): string {
    this.organization.require(accountId);
    const arn = `arn:${this.organization.partition}:iam::${accountId}:role/${spec.roleName}`;
    if (this.roles.has(arn)) throw new SandboxError(`role ${arn} already exists`);
    const trust = parseTrustPolicy(spec.assumeRolePolicyDocument);
    this.roles.set(arn, { accountId, roleName: spec.roleName, arn, roleId: this.ids.iam('AROA'), trust });
    return arn;
  }

  deleteRole(accountId: string, roleName: string): void {
    const arn = `arn:${this.organization.partition}:iam::${accountId}:role/${roleName}`;
    if (!this.roles.delete(arn)) throw new SandboxError(`no role ${arn}`);
  }

  createUser(accountId: string, userName: string): string {
    this.organization.require(accountId);
    const arn = `arn:${this.organization.partition}:iam::${accountId}:user/${userName}`;
    if (this.users.has(arn)) throw new SandboxError(`user ${arn} already exists`);
    this.users.set(arn, { accountId, userName, arn, userId: this.ids.iam('AIDA') });
    return arn;
  }

  role(arn: string): Role | undefined {
    return this.roles.get(arn);
  }

  user(arn: string): User | undefined {
    return this.users.get(arn);
  }
}
