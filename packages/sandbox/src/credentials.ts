import type { AwsCredentialIdentity } from '@smithy/types';
import type { Role, User } from './iam';
import type { IdFactory } from './random';
import type { CallerProfile } from './types';

/** Who is behind an access key. */
export type Principal =
  | { kind: 'user'; user: User }
  | { kind: 'root'; accountId: string }
  | {
      kind: 'session';
      role: Role;
      sessionName: string;
      sourceIdentity?: string;
      creationDate: Date;
      expiration?: Date;
    };

export interface AccessKey {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  principal: Principal;
  profile: CallerProfile;
}

export function principalAccount(principal: Principal): string {
  switch (principal.kind) {
    case 'user':
      return principal.user.accountId;
    case 'root':
      return principal.accountId;
    case 'session':
      return principal.role.accountId;
  }
}

export function principalArn(principal: Principal, partition: string): string {
  switch (principal.kind) {
    case 'user':
      return principal.user.arn;
    case 'root':
      return `arn:${partition}:iam::${principal.accountId}:root`;
    case 'session':
      return `arn:${partition}:sts::${principal.role.accountId}:assumed-role/${principal.role.roleName}/${principal.sessionName}`;
  }
}

/** The ids CloudTrail and GetCallerIdentity call `principalId` / `UserId`. */
export function principalId(principal: Principal): string {
  switch (principal.kind) {
    case 'user':
      return principal.user.userId;
    case 'root':
      return principal.accountId;
    case 'session':
      return `${principal.role.roleId}:${principal.sessionName}`;
  }
}

/** Every access key the sandbox handed out, and who it belongs to. */
export class KeyRing {
  private readonly keys = new Map<string, AccessKey>();

  constructor(private readonly ids: IdFactory) {}

  issue(principal: Principal, profile: CallerProfile, temporary: boolean): AccessKey {
    const key: AccessKey = {
      accessKeyId: this.ids.iam(temporary ? 'ASIA' : 'AKIA'),
      secretAccessKey: this.ids.secret(),
      sessionToken: temporary ? this.ids.sessionToken() : undefined,
      principal,
      profile,
    };
    this.keys.set(key.accessKeyId, key);
    return key;
  }

  find(accessKeyId: string): AccessKey | undefined {
    return this.keys.get(accessKeyId);
  }
}

export function toIdentity(key: AccessKey): AwsCredentialIdentity {
  return {
    accessKeyId: key.accessKeyId,
    secretAccessKey: key.secretAccessKey,
    ...(key.sessionToken ? { sessionToken: key.sessionToken } : {}),
    ...(key.principal.kind === 'session' && key.principal.expiration
      ? { expiration: key.principal.expiration }
      : {}),
  };
}
