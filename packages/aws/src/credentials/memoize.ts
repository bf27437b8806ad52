import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';

/** Refresh this long before expiry: the SDK clients themselves refresh 5 minutes ahead. */
export const REFRESH_MARGIN_MS = 5 * 60_000;

/**
 * Shares one set of temporary credentials between every client of an account (one per region), so
 * AssumeRole runs once per account per credential lifetime rather than once per client. Concurrent
 * callers share the call in flight; a failure is not kept, so the next call tries again. The STS
 * call itself (and its parameters) stays fromTemporaryCredentials' job.
 */
export function memoizeCredentials(
  provider: AwsCredentialIdentityProvider,
  now: () => number = Date.now,
): AwsCredentialIdentityProvider {
  let current: Promise<AwsCredentialIdentity> | undefined;
  let expiresAt = Number.POSITIVE_INFINITY;
  return async (properties) => {
    if (current === undefined || now() >= expiresAt - REFRESH_MARGIN_MS) {
      const pending = provider(properties);
      current = pending;
      expiresAt = Number.POSITIVE_INFINITY;
      pending.then(
        (identity) => {
          if (current === pending) expiresAt = identity.expiration?.getTime() ?? Number.POSITIVE_INFINITY;
        },
        () => {
          if (current === pending) current = undefined;
        },
      );
    }
    return current;
  };
}
