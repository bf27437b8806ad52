/**
 * Who may do what in a sandbox bucket. The sandbox models no identity policies, so a bucket's
 * grants stand in for the IAM policies of its account's principals: given grants, a call is
 * allowed only when one of them names the caller (a role's sessions act as the role), the
 * action and the resource. Without grants, every principal of the owning account may do
 * anything. Another account is always refused: buckets have no bucket policies here.
 */
import type { CallContext } from '../context';

export interface S3Grant {
  /** A role, user or account root ARN (a role's sessions act as the role; root may do anything). */
  principal: string;
  /** `s3:PutObject`, `s3:GetObject`, `s3:ListBucket`, `s3:DeleteObject`, or `s3:*`. */
  actions: readonly string[];
  /** `arn:aws:s3:::bucket` (ListBucket), `arn:aws:s3:::bucket/sweeps/*` (objects); `*` matches anything. */
  resources: readonly string[];
}

function wildcard(pattern: string): RegExp {
  const escaped = pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${escaped}$`);
}

/** The ARN a grant names the caller by: a session's role, else the principal itself. */
export function grantee(ctx: CallContext, partition: string): string {
  const principal = ctx.key.principal;
  if (principal.kind === 'session') return principal.role.arn;
  if (principal.kind === 'root') return `arn:${partition}:iam::${principal.accountId}:root`;
  return principal.user.arn;
}

export function allows(
  grants: readonly S3Grant[] | undefined,
  ctx: CallContext,
  partition: string,
  action: string,
  resource: string,
): boolean {
  if (grants === undefined || ctx.key.principal.kind === 'root') return true;
  const who = grantee(ctx, partition);
  return grants.some(
    (grant) =>
      grant.principal === who &&
      grant.actions.some((a) => a === 's3:*' || a === action) &&
      grant.resources.some((r) => wildcard(r).test(resource)),
  );
}
