import type { AwsCredentialIdentity, AwsCredentialIdentityProvider, Pluggable } from '@smithy/types';

/** A middleware plugin for any SDK v3 client (the sandbox's interceptor is one). */
// biome-ignore lint/suspicious/noExplicitAny: Pluggable is generic over each client's input/output unions.
export type ClientPlugin = Pluggable<any, any>;

/** What every adapter client shares. */
export interface AwsOptions {
  /** Region for non-regional calls (STS, SNS, Organizations, SQS); the SDK's own resolution when absent. */
  region?: string;
  /** Added to the middleware stack of every client created (and of the STS client behind AssumeRole). */
  plugins?: ClientPlugin[];
  /** Attempts per call, the first included, with adaptive retry (backoff, jitter, client-side rate limiting). */
  maxAttempts?: number;
  /**
   * The hub's own credentials; the SDK's default chain when absent (the Lambda role). Set by the
   * demo and tests, which run as a sandbox principal.
   */
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
}

export const DEFAULT_MAX_ATTEMPTS = 5;

/**
 * The configuration every client gets. Endpoints are never set here, so the SDK resolves them the
 * standard way (`AWS_ENDPOINT_URL`, `AWS_ENDPOINT_URL_<SERVICE>`, shared config), and so does the
 * region when none is given (`AWS_REGION`).
 */
export function baseClientConfig(opts: AwsOptions): {
  region?: string;
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  maxAttempts: number;
  retryMode: 'adaptive';
} {
  return {
    ...(opts.region === undefined ? {} : { region: opts.region }),
    ...(opts.credentials === undefined ? {} : { credentials: opts.credentials }),
    maxAttempts: opts.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
    retryMode: 'adaptive',
  };
}

/** Adds the plugins to a freshly built client and returns it. */
export function withPlugins<C extends { middlewareStack: { use(plugin: ClientPlugin): void } }>(
  client: C,
  plugins: readonly ClientPlugin[] | undefined,
): C {
  for (const plugin of plugins ?? []) client.middlewareStack.use(plugin);
  return client;
}
