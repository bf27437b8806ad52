import { type AccessKey, principalArn, principalId } from '../credentials';
import type { CloudTrailUserIdentity } from '../types';
import { cloudTrailTime } from './time';

/** CloudTrail's `userIdentity` for the holder of an access key. */
export function userIdentity(key: AccessKey, partition: string): CloudTrailUserIdentity {
  const p = key.principal;
  const base = {
    principalId: principalId(p),
    arn: principalArn(p, partition),
    accessKeyId: key.accessKeyId,
  };
  switch (p.kind) {
    case 'user':
      return { type: 'IAMUser', ...base, accountId: p.user.accountId, userName: p.user.userName };
    case 'root':
      return { type: 'Root', ...base, accountId: p.accountId };
    case 'session':
      return {
        type: 'AssumedRole',
        ...base,
        accountId: p.role.accountId,
        sessionContext: {
          sessionIssuer: {
            type: 'Role',
            principalId: p.role.roleId,
            arn: p.role.arn,
            accountId: p.role.accountId,
            userName: p.role.roleName,
          },
          attributes: { creationDate: cloudTrailTime(p.creationDate), mfaAuthenticated: 'false' },
          ...(p.sourceIdentity ? { sourceIdentity: p.sourceIdentity } : {}),
        },
      };
  }
}
